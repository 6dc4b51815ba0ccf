"""Pictures in the PDF: drawn at the size the layout chose, right way up, right colours, transparent where they are.

- JPEG: embedded as it is (DCTDecode), never decoded; the reader already made
  it upright and RGB where it had to.
- PNG and GIF (and the renditions of WebP, TIFF, BMP): decoded once, brought to
  8 bits a channel (a 16-bit grey PNG would otherwise come out white), alpha and
  palette transparency as a soft mask (``/SMask``: the page's white shows
  through, not black); more pixels than the page can show at
  :data:`MAX_DPI` are reduced first, which bounds memory and file size.
- SVG: drawn as vector graphics with svglib. Its text needs an embedded font:
  with ``text_font`` (a font the writer registered) it is set in that font,
  without one an SVG that has text is drawn from its PNG rendition instead.
  An SVG svglib cannot read is drawn from the PNG too.
"""

from __future__ import annotations

import hashlib
import io
import math
import re
from typing import Any

from PIL import Image as PILImage
from reportlab.graphics import renderPDF
from reportlab.graphics.shapes import Drawing, Group, String
from reportlab.lib.utils import ImageReader
from reportlab.platypus import Flowable

from ...model import Image, Rendition
from .tagging import Element, Slot

#: What reportlab embeds: JPEG as it is, PNG and GIF decoded.
PDF_FORMATS = ("jpeg", "png", "gif")
#: Pixels beyond this resolution at the drawn size are never seen, even in print.
MAX_DPI = 450.0
_SVG_TEXT_FONT = "Helvetica"  # what svglib is told, so it registers nothing; replaced before drawing


class Picture(Flowable):  # type: ignore[misc]
    """An image drawn at ``width`` x ``height`` points, centred in the frame when narrower than it.

    ``text_font``: a font registered with reportlab, for the text of SVG pictures; ``slot``:
    the ``Figure`` of the structure tree it is drawn into (``None``: an artifact on a tagged canvas);
    ``link``: where a click on it goes (an address or ``#destination``, already judged safe by
    :meth:`.inlines.Markup.href`), a link annotation over the picture tied to the ``Link`` element
    that holds ``slot``.
    """

    def __init__(self, image: Image, width: float, height: float, text_font: str | None = None,
                 slot: Slot | None = None, link: str | None = None) -> None:
        super().__init__()
        self.slot, self.link = slot, link
        self.drawWidth, self.drawHeight = width, height
        self.hAlign = "CENTER"
        self.drawing: Drawing | None = _vector(image, text_font) if image.format == "svg" else None
        self.form_name = ""
        if self.drawing is not None:
            self.form_name = "svg-" + hashlib.sha256(image.data + (text_font or "").encode()).hexdigest()[:24]
        self.reader: ImageReader | None = None
        if self.drawing is None:
            rendition = image.embeddable(PDF_FORMATS)
            if rendition is None:
                raise ValueError(f"no raster encoding of {image.source} for the PDF")  # the reader always makes one
            self.reader = _reader(rendition, width, height)

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return self.drawWidth, self.drawHeight

    def draw(self) -> None:
        marks = getattr(self.canv, "marks", None)
        if marks is None:
            self._draw()
            self._annotate()
            return
        with marks.content(self.canv, self.slot):
            self._draw()
        if self.link and self.slot is not None:
            element: Element | None = self.slot.element  # the Figure, inside its Link
            while element is not None and element.role != "Link":
                element = element.parent
            marks.bound = element
        self._annotate()

    def _annotate(self) -> None:
        if not self.link:
            return
        rect = (0, 0, self.drawWidth, self.drawHeight)
        if self.link.startswith("#"):
            self.canv.linkRect("", self.link[1:], rect, relative=1)
        else:
            self.canv.linkURL(self.link, rect, relative=1)

    def _draw(self) -> None:
        if self.drawing is not None:
            # a form XObject: drawn once however often the SVG appears, and a figure readers can count
            canvas, drawing = self.canv, self.drawing
            if not canvas.hasForm(self.form_name):
                canvas.beginForm(self.form_name, 0, 0, drawing.width, drawing.height)
                renderPDF.draw(drawing, canvas, 0, 0)
                canvas.endForm()
            canvas.saveState()
            canvas.scale(self.drawWidth / drawing.width, self.drawHeight / drawing.height)
            canvas.doForm(self.form_name)
            canvas.restoreState()
        else:
            self.canv.drawImage(self.reader, 0, 0, self.drawWidth, self.drawHeight, mask="auto")


def _reader(rendition: Rendition, width: float, height: float) -> ImageReader:
    if rendition.format == "jpeg":
        return _JpegReader(rendition.data)
    with PILImage.open(io.BytesIO(rendition.data)) as picture:
        picture.seek(0)  # an animated GIF: its first frame
        picture.load()
        pixels = _reduced(_pdf_mode(picture), width, height)
    return ImageReader(pixels)


def _pdf_mode(picture: PILImage.Image) -> PILImage.Image:
    """L, LA, RGB or RGBA at 8 bits a channel: what PDF's DeviceGray/DeviceRGB plus an /SMask can show."""
    mode = picture.mode
    if mode in ("L", "LA", "RGB", "RGBA"):
        return picture
    if mode in ("I;16", "I;16B", "I;16L", "I", "F"):
        return picture.point(lambda value: value / 257).convert("L")  # 0-65535 onto 0-255
    if mode == "1":
        return picture.convert("L")
    if mode in ("P", "PA") and ("transparency" in picture.info or mode == "PA"):
        return picture.convert("RGBA")
    if mode == "La":
        return picture.convert("LA")
    return picture.convert("RGBA" if "A" in picture.getbands() or "a" in picture.getbands() else "RGB")


def _reduced(picture: PILImage.Image, width: float, height: float) -> PILImage.Image:
    """At most :data:`MAX_DPI` at the drawn size of ``width`` x ``height`` points, each side on its own
    (integer box reduction: a 1x60,000,000 strip drawn 1 pt wide keeps a few thousand pixels, not 60 million)."""
    factor_x = max(1, math.floor(picture.width / max(1.0, width / 72 * MAX_DPI)))
    factor_y = max(1, math.floor(picture.height / max(1.0, height / 72 * MAX_DPI)))
    if factor_x == factor_y == 1:
        return picture
    return picture.reduce((factor_x, factor_y))


class _JpegReader(ImageReader):  # type: ignore[misc]
    """A JPEG for reportlab, copied as it is; named by its bytes instead of by its decoded pixels.

    reportlab names an image XObject by hashing its decoded pixels; hashing the
    JPEG's bytes is the same guarantee at a fraction of the cost.
    """

    def __init__(self, data: bytes) -> None:
        super().__init__(io.BytesIO(data))
        self._signature = hashlib.sha256(data).hexdigest().encode("ascii")
        self._dataA = None  # a JPEG has no alpha channel

    def getRGBData(self) -> bytes:
        # Only drawImage calls this for a JPEG, to name the XObject; the JPEG itself is copied.
        return self._signature


def _vector(image: Image, text_font: str | None) -> Drawing | None:
    """The SVG as a reportlab drawing, or ``None`` when it is to be drawn from its PNG rendition."""
    has_text = b"<text" in image.data or b":text" in image.data
    if has_text and text_font is None:
        return None
    from svglib.svglib import SvgRenderer, load_svg_file  # imported only for documents with SVG

    svg = _pinned_fonts(image.data) if has_text else image.data
    try:
        root = load_svg_file(io.BytesIO(svg), resolve_entities=False)
        drawing = SvgRenderer("", external_reference_root="/nonexistent").render(root) if root is not None else None
    except Exception:  # svglib raises whatever its parsing meets; the PNG rendition is the faithful fallback
        return None
    if drawing is None or not drawing.width or not drawing.height:
        return None
    if text_font is not None:
        _set_font(drawing, text_font)
    return drawing


def _pinned_fonts(svg: bytes) -> bytes:
    """The SVG with every font family named as one of reportlab's standard fonts (svglib then registers none)."""
    text = svg.decode("utf-8")
    text = re.sub(r'font-family\s*=\s*"[^"]*"', f'font-family="{_SVG_TEXT_FONT}"', text)
    text = re.sub(r"font-family\s*=\s*'[^']*'", f'font-family="{_SVG_TEXT_FONT}"', text)
    text = re.sub(r"font-family\s*:\s*[^;\"'}]+", f"font-family:{_SVG_TEXT_FONT}", text)
    return text.encode("utf-8")


def _set_font(node: Any, font: str) -> None:
    """Every string of the drawing in ``font`` (the writer's embedded font)."""
    if isinstance(node, String):
        node.fontName = font
    elif isinstance(node, (Group, Drawing)):
        for child in node.contents:
            _set_font(child, font)
