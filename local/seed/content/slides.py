"""Slides (Pillow, 1280x720 PNG) and the PDF handout made of them (fpdf2). Latin text uses the font Pillow
ships (the same on every machine); Devanagari needs a system font (Debian: fonts-lohit-deva, which .ci/run
installs) and Pillow's complex-script layout; without them a Hindi slide shows its English gloss."""

from __future__ import annotations

from datetime import UTC, datetime
from functools import cache
from pathlib import Path
from typing import Any

from local.seed.content.script import Slide, Video

WIDTH, HEIGHT = 1280, 720
BAND = (18, 52, 110)
INK = (30, 30, 30)
ACCENT = (232, 119, 34)
PAPER = (250, 248, 242)
DEVANAGARI_FONTS = (
    "/usr/share/fonts/truetype/lohit-devanagari/Lohit-Devanagari.ttf",
    "/usr/share/fonts/truetype/noto/NotoSansDevanagari-Regular.ttf",
    "/usr/share/fonts/opentype/noto/NotoSansDevanagari-Regular.ttf",
)
FIXED_DATE = datetime(2026, 1, 26, tzinfo=UTC)  # handouts carry no build time (the output is deterministic)


@cache
def devanagari_font() -> str | None:
    from PIL import features

    if not features.check("raqm"):
        return None
    return next((path for path in DEVANAGARI_FONTS if Path(path).exists()), None)


def _font(size: int, hindi: bool) -> Any:
    from PIL import ImageFont

    path = devanagari_font() if hindi else None
    return ImageFont.truetype(path, size) if path else ImageFont.load_default(size)


def _is_hindi(text: str) -> bool:
    return any("\u0900" <= char <= "\u097f" for char in text)


def _text(draw: Any, at: tuple[int, int], text: str, size: int, fill: tuple[int, int, int], gloss: str = "") -> None:
    hindi = _is_hindi(text)
    if hindi and devanagari_font() is None:
        text, hindi = gloss or "", False
    draw.text(at, text, font=_font(size, hindi), fill=fill)


def render(video: Video, index: int, path: Path) -> Path:
    """Slide `index` of the video as a PNG."""
    from PIL import Image, ImageDraw

    slide: Slide = video.slides[index]
    image = Image.new("RGB", (WIDTH, HEIGHT), PAPER)
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, WIDTH, 150), fill=BAND)
    draw.rectangle((0, 150, WIDTH, 158), fill=ACCENT)
    _text(draw, (70, 40), slide.title, 60, (255, 255, 255), slide.gloss)
    for row, line in enumerate(slide.lines):
        y = 230 + row * 95
        draw.ellipse((80, y + 18, 100, y + 38), fill=ACCENT)
        _text(draw, (130, y), line, 44, INK, slide.gloss if row == 0 else "")
    draw.line((70, HEIGHT - 70, WIDTH - 70, HEIGHT - 70), fill=(200, 200, 200), width=2)
    _text(draw, (70, HEIGHT - 55), f"Karmayogi · {video.course_title}", 26, (90, 90, 90), video.course_id)
    draw.text((WIDTH - 150, HEIGHT - 55), f"{index + 1} / {len(video.slides)}", font=_font(26, False), fill=(90, 90, 90))
    image.save(path, optimize=False)
    return path


def handout(video: Video, slide_paths: list[Path], path: Path) -> Path:
    """A PDF: one page per slide (the slide, then what is said with it, for the English course)."""
    from fpdf import FPDF
    from PIL import Image

    document = FPDF(orientation="landscape", format="A4")
    document.set_creation_date(FIXED_DATE)
    document.set_producer("Karmayogi seed content")
    document.set_auto_page_break(auto=True, margin=12)
    for slide, slide_path in zip(video.slides, slide_paths, strict=True):
        document.add_page()
        jpeg = slide_path.with_suffix(".jpg")
        Image.open(slide_path).convert("RGB").save(jpeg, quality=80)
        document.image(str(jpeg), x=48.5, y=12, w=200)
        if not _is_hindi(slide.narration):
            document.set_xy(48.5, 130)
            document.set_font("helvetica", size=12)
            document.multi_cell(w=200, text=slide.narration)
    document.output(str(path))
    return path
