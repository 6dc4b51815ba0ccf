"""The EPUB cover: the headline set over a dark band below the article's first picture, drawn with Pillow.

Reading systems show the cover in the library and as the book's first page, so
the headline must be on it (a bare news photo says nothing about the article).
The face is the headings' face of article.css (DejaVu Sans Bold, found through
fontconfig; Pillow's own font when fontconfig is missing); complex scripts and
right-to-left headlines are laid out by Pillow's libraqm layout where present.
Same article, same bytes: no timestamp or random value goes into the JPEG.
"""

from __future__ import annotations

import functools
import io
from dataclasses import dataclass

from PIL import Image as PILImage
from PIL import ImageDraw, ImageFont, ImageOps, features

from ...model import Article, Image, Rendition
from .. import _fonts, _meta
from .._common import direction_of, language_direction

WIDTH, HEIGHT = 800, 1200  # 2:3, the shape e-book stores ask for
_MARGIN = 56
_BAND = (17, 24, 39)  # near-black blue; white on it is 17:1
_TEXT = (255, 255, 255)
_SUBTLE = (209, 213, 219)  # 11:1 on the band
_FACE = "DejaVu Sans"


@dataclass(frozen=True)
class _Lines:
    lines: list[str]
    font: ImageFont.FreeTypeFont | ImageFont.ImageFont
    size: int


def cover_image(article: Article) -> Rendition:
    """A JPEG cover of ``WIDTH`` x ``HEIGHT`` pixels: first picture on top, headline and date line below."""
    photo = next((image for image in article.images() if image.embeddable({"jpeg", "png", "gif", "webp"})), None)
    footer = " · ".join(part for part in (article.meta.publisher, _meta.display_date(article.meta)) if part)
    return _draw(article.document_title, footer, article.meta.lang, photo)


@functools.lru_cache(maxsize=4)  # a pure function of its arguments: a warm re-render costs nothing
def _draw(title: str, footer: str, lang: str, photo: Image | None) -> Rendition:
    canvas = PILImage.new("RGB", (WIDTH, HEIGHT), _BAND)
    band_top = _paste_photo(canvas, photo) if photo is not None else HEIGHT // 3
    draw = ImageDraw.Draw(canvas)
    rtl = (direction_of(title) or language_direction(lang)) == "rtl"
    y = band_top + _MARGIN
    room = HEIGHT - y - _MARGIN - (60 if footer else 0)
    headline = _fit(title, WIDTH - 2 * _MARGIN, room, lang)
    for line in headline.lines:
        _line(draw, line, y, headline.font, _TEXT, rtl=rtl, lang=lang)
        y += int(headline.size * 1.2)
    if footer:
        small = _font(30, bold=False, lang=lang)
        _line(draw, footer, HEIGHT - _MARGIN - 30, small, _SUBTLE, rtl=rtl, lang=lang)
    buffer = io.BytesIO()
    canvas.save(buffer, "JPEG", quality=85, progressive=False, subsampling="4:2:0")
    return Rendition("jpeg", buffer.getvalue())


def _paste_photo(canvas: PILImage.Image, photo: Image) -> int:
    """The picture cropped to fill the top 55 % of the cover; returns where the band starts."""
    rendition = photo.embeddable({"jpeg", "png", "gif", "webp"})
    assert rendition is not None  # chosen for having one
    area = (WIDTH, int(HEIGHT * 0.55))
    with PILImage.open(io.BytesIO(rendition.data)) as source:
        source.draft("RGB", (area[0], area[1]))  # JPEG: decode at a reduced scale where that still covers the area
        picture = source if source.mode == "RGB" else source.convert("RGB")
        if picture.getexif().get(0x0112, 1) != 1:  # EXIF orientation: turn it as it is displayed
            picture = ImageOps.exif_transpose(picture)
        canvas.paste(picture.resize(area, PILImage.Resampling.BILINEAR, box=_centre_crop(picture.size, area)), (0, 0))
    return area[1]


def _centre_crop(size: tuple[int, int], area: tuple[int, int]) -> tuple[float, float, float, float]:
    """The largest box of ``area``'s shape in the middle of a picture of ``size`` (what ImageOps.fit crops)."""
    width, height = size
    scale = min(width / area[0], height / area[1])
    box_width, box_height = area[0] * scale, area[1] * scale
    left, top = (width - box_width) / 2, (height - box_height) / 2
    return left, top, left + box_width, top + box_height


def _fit(title: str, width: int, height: int, lang: str) -> _Lines:
    """The largest size (72 px down to 28 px) at which the headline, wrapped at spaces, fits the box."""
    lines: list[str] = []
    font: ImageFont.FreeTypeFont | ImageFont.ImageFont = _font(28, bold=True, lang=lang)
    for size in range(72, 26, -4):
        font = _font(size, bold=True, lang=lang)
        lines = _wrap(title, font, width)
        if len(lines) * size * 1.2 <= height:
            return _Lines(lines, font, size)
    max_lines = max(1, int(height // (28 * 1.2)))
    if len(lines) > max_lines:  # a very long title is cut with an ellipsis (the title page has it whole)
        lines = [*lines[: max_lines - 1], lines[max_lines - 1] + " …"]
    return _Lines(lines, font, 28)


def _wrap(text: str, font: ImageFont.FreeTypeFont | ImageFont.ImageFont, width: int) -> list[str]:
    lines: list[str] = []
    current = ""
    for word in text.split():
        candidate = f"{current} {word}".strip()
        if current and font.getlength(candidate) > width:
            lines.append(current)
            current = word
        else:
            current = candidate
    return [*lines, current] if current else lines


def _line(draw: ImageDraw.ImageDraw, text: str, y: int, font: ImageFont.FreeTypeFont | ImageFont.ImageFont,
          fill: tuple[int, int, int], *, rtl: bool, lang: str) -> None:
    text = " ".join(text.split())  # one line: libraqm fails on the line breaks str.split knows (CR, NEL, U+001C...)
    layout = {"language": lang} if features.check("raqm") and lang else {}
    x = WIDTH - _MARGIN - int(font.getlength(text)) if rtl else _MARGIN
    draw.text((max(x, _MARGIN // 2), y), text, font=font, fill=fill, **layout)  # type: ignore[arg-type]


def _font(size: int, *, bold: bool, lang: str) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    path = _font_file(bold, lang.split("-")[0].lower())
    if path:
        return ImageFont.truetype(path, size)
    return ImageFont.load_default(size)


def _font_file(bold: bool, lang: str) -> str | None:
    """fontconfig's best match for the headings' face in ``lang`` (a face that covers its script)."""
    return _fonts.match(f"{_FACE}:{'bold' if bold else 'regular'}" + (f":lang={lang}" if lang.isalpha() else ""))
