"""Draw the stand-in press photo ``assets/photo.jpg`` (the real photo is not ours to ship).

Run: ``python scripts/make_photo.py``. The drawing is deterministic, so the
JPEG comes out byte-identical every time with the same Pillow.
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

WIDTH, HEIGHT = 1200, 800
TARGET = Path(__file__).resolve().parent.parent / "assets" / "photo.jpg"


def draw() -> Image.Image:
    picture = Image.new("RGB", (WIDTH, HEIGHT))
    pixels = ImageDraw.Draw(picture)
    for y in range(HEIGHT):  # a blue backdrop, as at a press-conference podium
        shade = 40 + y * 60 // HEIGHT
        pixels.line([(0, y), (WIDTH, y)], fill=(shade // 2, shade, 90 + shade))
    for left in (250, 730):  # two lecterns and two figures
        pixels.rectangle([left, 480, left + 220, 800], fill=(70, 60, 55))
        pixels.ellipse([left + 60, 200, left + 160, 300], fill=(225, 190, 160))
        pixels.rectangle([left + 40, 300, left + 180, 480], fill=(30, 30, 45))
    pixels.rectangle([0, 0, WIDTH, 70], fill=(0, 51, 153))
    font = ImageFont.load_default(size=36)
    pixels.text((WIDTH // 2, 35), "STAND-IN PHOTO", fill=(255, 255, 255), font=font, anchor="mm")
    return picture


def main() -> None:
    TARGET.parent.mkdir(exist_ok=True)
    draw().save(TARGET, "JPEG", quality=85, optimize=True)
    print(f"wrote {TARGET}")


if __name__ == "__main__":
    main()
