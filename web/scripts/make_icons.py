"""Draws the app's icons (web/public/icons/*.png): the brand mark, a white "क" (ka, as in the banner) on the
theme's dark blue. `any` icons have rounded corners; the maskable ones fill the square and keep the mark inside
the safe zone (the central 80 % circle), so a launcher may cut any shape from them.

Run once after changing the mark: `.venv/bin/python web/scripts/make_icons.py` (Pillow and Debian's Lohit
Devanagari font, fonts-lohit-deva); the PNGs are committed (about 15 KB together)."""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

THEME = (18, 54, 95)  # #12365f, the banner's colour and the manifest's theme_color
OUT = Path(__file__).resolve().parent.parent / "public" / "icons"
FONT = "/usr/share/fonts/truetype/lohit-devanagari/Lohit-Devanagari.ttf"


def icon(size: int, maskable: bool) -> Image.Image:
    scale = 4  # drawn large, scaled down: smooth edges
    big = size * scale
    image = Image.new("RGBA", (big, big), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    if maskable:
        draw.rectangle((0, 0, big, big), fill=THEME)
        glyph_height = big * 0.42  # well inside the 80 % safe circle
    else:
        draw.rounded_rectangle((0, 0, big - 1, big - 1), radius=big // 6, fill=THEME)
        glyph_height = big * 0.62
    font = ImageFont.truetype(FONT, int(glyph_height))
    left, top, right, bottom = draw.textbbox((0, 0), "क", font=font)
    draw.text(((big - (right - left)) / 2 - left, (big - (bottom - top)) / 2 - top), "क", font=font, fill="white")
    return image.resize((size, size), Image.Resampling.LANCZOS)


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    for size in (192, 512):
        icon(size, maskable=False).quantize(32, method=Image.Quantize.FASTOCTREE).save(OUT / f"icon-{size}.png", optimize=True)
        icon(size, maskable=True).convert("RGB").quantize(16).save(OUT / f"maskable-{size}.png", optimize=True)
    icon(180, maskable=True).convert("RGB").quantize(16).save(OUT / "apple-touch-icon.png", optimize=True)


if __name__ == "__main__":
    main()
