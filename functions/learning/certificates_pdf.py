"""The certificate as a PDF, in English and Hindi (fpdf2 with text shaping through HarfBuzz, so Devanagari's
conjuncts and vowel signs are shaped, not drawn letter by letter), with a QR code (segno) to the public
verification page. Pure: a certificate in, bytes out; storing and serving it is certificates_files.py.

The font is Lohit Devanagari (SIL Open Font License 1.1; it has the Latin letters too), shipped in the core
layer (karmayogi/assets/fonts, with its licence). TEMPLATE_VERSION names this layout: a stored PDF is made
again only when it (or the issuing org's own `certificateTemplateVersion`) changes."""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import karmayogi

TEMPLATE_VERSION = "1"
FONT = Path(karmayogi.__file__).resolve().parent / "assets" / "fonts" / "Lohit-Devanagari.ttf"
FAMILY = "Lohit"

HINDI_MONTHS = ("जनवरी", "फ़रवरी", "मार्च", "अप्रैल", "मई", "जून", "जुलाई", "अगस्त", "सितंबर", "अक्टूबर",
                "नवंबर", "दिसंबर")

# (English, Hindi) of every fixed text; KIND_TEXT's by certificate kind (a course completion, an event attended).
KIND_TEXT: dict[str, dict[str, tuple[str, str]]] = {
    "title": {"course": ("Certificate of Completion", "पूर्णता प्रमाणपत्र"),
              "event": ("Certificate of Participation", "सहभागिता प्रमाणपत्र")},
    "did": {"course": ("has successfully completed the course", "ने सफलतापूर्वक पाठ्यक्रम पूरा किया है"),
            "event": ("has attended the event", "ने कार्यक्रम में भाग लिया है")},
}
TEXT: dict[str, tuple[str, str]] = {
    "certify": ("This is to certify that", "प्रमाणित किया जाता है कि"),
    "competencies": ("Competencies", "दक्षताएँ"),
    "level": ("level", "स्तर"),
    "date": ("Date", "दिनांक"),
    "issuer": ("Issued by", "जारीकर्ता"),
    "id": ("Certificate ID", "प्रमाणपत्र संख्या"),
    "verify": ("Verify at", "सत्यापन"),
    "platform": ("Mission Karmayogi", "मिशन कर्मयोगी"),
}


@dataclass(frozen=True)
class CertificateText:
    certificate_id: str
    learner_name: str
    title: str
    issued_at: str
    issuer: str
    verify_url: str
    kind: str = "course"
    competencies: list[tuple[str, int]] = field(default_factory=list)  # (name, level)


def dates(issued_at: str) -> tuple[str, str]:
    """The issue date in English and Hindi words (e.g. 1 December 2026 / 1 दिसंबर 2026), in India's time."""
    from zoneinfo import ZoneInfo

    moment = datetime.fromisoformat(issued_at.replace("Z", "+00:00")).astimezone(ZoneInfo("Asia/Kolkata"))
    return (f"{moment.day} {moment.strftime('%B')} {moment.year}",
            f"{moment.day} {HINDI_MONTHS[moment.month - 1]} {moment.year}")


def _extractable_font_class() -> type:
    """fpdf2's TTFFont whose shaped glyphs carry their text so that the PDF's text extracts in logical order.

    HarfBuzz reorders a Devanagari syllable (the i-matra drawn before its consonant, the reph after) and gives
    all of its glyphs one cluster; fpdf2 gives the whole cluster's text to the first glyph and none to the
    others, which extractors then read as stray codes ("डि;जि=टल"). Here the cluster's characters are dealt
    out in logical order over its glyphs in drawing order (the last glyph takes the rest), so the text of
    the cluster reads back exactly. And a combining mark drawn back over its base (zero advance, negative
    offset) is given that offset as its width, so extractors do not read the step back as a gap (a space
    inside "कुमार"). Neither changes what is drawn: glyph ids and positions are HarfBuzz's."""
    from fpdf.fonts import TTFFont

    class ExtractableFont(TTFFont):
        __slots__ = ()

        def shape_text(self, text: str, font_size_pt: float, text_shaping_params: Any) -> list[dict[str, Any]]:
            if not text:
                return []
            infos, positions = self.perform_harfbuzz_shaping(text, font_size_pt, text_shaping_params)
            starts = [*sorted({int(info.cluster) for info in infos}), len(text)]
            spans = {start: text[start:starts[i + 1]] for i, start in enumerate(starts[:-1])}
            glyphs_in: dict[int, int] = {}
            for info in infos:
                glyphs_in[int(info.cluster)] = glyphs_in.get(int(info.cluster), 0) + 1
            dealt: dict[int, int] = {}
            shaped = []
            for info, position in zip(infos, positions, strict=True):
                cluster = int(info.cluster)
                index, span, count = dealt.get(cluster, 0), spans[cluster], glyphs_in[cluster]
                dealt[cluster] = index + 1
                chars = span[index:] if index == count - 1 else span[index:index + 1]
                name = self.ttfont.getGlyphName(info.codepoint)
                width = round(self.scale * self.ttfont["hmtx"].metrics[name][0])
                if position.x_advance == 0 and position.x_offset < 0:
                    width = -position.x_offset
                glyph = self.subset.get_glyph(glyph=info.codepoint, unicode=tuple(ord(c) for c in chars),
                                              glyph_name=name, glyph_width=width)
                if glyph is None:
                    continue
                shaped.append({
                    "mapped_char": self.subset.pick_glyph(glyph),
                    "x_advance": position.x_advance, "y_advance": position.y_advance,
                    "x_offset": position.x_offset, "y_offset": position.y_offset,
                    "force_positioning": bool(width != position.x_advance or position.x_offset
                                              or position.y_offset or position.y_advance),
                })
            return shaped

    return ExtractableFont


def qr_png(url: str) -> bytes:
    import segno

    out = io.BytesIO()
    segno.make_qr(url, error="m").save(out, kind="png", scale=8, border=2)
    return out.getvalue()


def render(cert: CertificateText) -> bytes:
    """The certificate PDF (A4 landscape)."""
    from fpdf import FPDF

    pdf = FPDF(orientation="L", unit="mm", format="A4")
    pdf.set_title(f"{KIND_TEXT['title'][cert.kind][0]}: {cert.title}")
    pdf.set_author(TEXT["platform"][0])
    pdf.set_creator(TEXT["platform"][0])
    pdf.set_auto_page_break(False)
    pdf.add_page()
    pdf.add_font(FAMILY, "", str(FONT))
    pdf.fonts[FAMILY.lower()].__class__ = _extractable_font_class()
    pdf.set_text_shaping(True)
    width = pdf.w - 40

    pdf.set_draw_color(176, 96, 16)
    pdf.set_line_width(1.2)
    pdf.rect(8, 8, pdf.w - 16, pdf.h - 16)
    pdf.set_line_width(0.3)
    pdf.rect(11, 11, pdf.w - 22, pdf.h - 22)

    def line(text: str, size: float, height: float, color: tuple[int, int, int] = (30, 30, 30)) -> None:
        pdf.set_font(FAMILY, size=size)
        pdf.set_text_color(*color)
        pdf.set_x(20)
        pdf.multi_cell(width, height, text, align="C", new_x="LMARGIN", new_y="NEXT")

    pdf.set_y(18)
    line(f"{TEXT['platform'][0]}  ·  {TEXT['platform'][1]}", 11, 6, (120, 60, 0))
    line(KIND_TEXT["title"][cert.kind][0], 26, 12, (120, 60, 0))
    line(KIND_TEXT["title"][cert.kind][1], 22, 11, (120, 60, 0))
    pdf.ln(3)
    line(f"{TEXT['certify'][0]} / {TEXT['certify'][1]}", 12, 7)
    line(cert.learner_name, 24, 12, (10, 40, 90))
    line(f"{KIND_TEXT['did'][cert.kind][0]} / {KIND_TEXT['did'][cert.kind][1]}", 12, 7)
    line(cert.title, 18, 9, (10, 40, 90))
    if cert.competencies:
        pdf.ln(2)
        items = ";  ".join(f"{name} ({TEXT['level'][0]} / {TEXT['level'][1]} {level})"
                           for name, level in cert.competencies)
        line(f"{TEXT['competencies'][0]} / {TEXT['competencies'][1]}: {items}", 10, 6)

    english_date, hindi_date = dates(cert.issued_at)
    top = pdf.h - 62
    pdf.set_y(top)
    details = [
        (TEXT["date"], f"{english_date} / {hindi_date}"),
        (TEXT["issuer"], cert.issuer),
        (TEXT["id"], cert.certificate_id),
        (TEXT["verify"], cert.verify_url),
    ]
    for (english, hindi), value in details:
        pdf.set_x(22)
        pdf.set_font(FAMILY, size=10)
        pdf.set_text_color(30, 30, 30)
        pdf.multi_cell(pdf.w - 90, 7, f"{english} / {hindi}: {value}", align="L", new_x="LMARGIN", new_y="NEXT")
    pdf.image(io.BytesIO(qr_png(cert.verify_url)), x=pdf.w - 60, y=top - 4, w=40, h=40)
    return bytes(pdf.output())
