"""How big a picture is drawn: one rule for every format, in the writer's own units.

The rule (pandoc's, plus two limits of our own):

1. A picture is as large as its pixels at its resolution: ``width / dpi`` inches,
   with 96 dpi when the file states none (CSS's pixel; pandoc's ``--dpi`` default).
2. Never wider than the text: it shrinks, keeping its proportions.
3. Never taller than :data:`MAX_HEIGHT_SHARE` of the text height, so a portrait
   photo leaves room for its caption on the same page; it shrinks and is centred.
4. Never enlarged: a 10x10 icon stays small.
5. Never thinner than one 96-dpi pixel on either side, so a 4000x1 strip still shows.

Units: pass ``per_inch`` = 72 for points (PDF), 914400 for EMU (DOCX), 96 for CSS pixels.
"""

from __future__ import annotations

from ..model import Image

#: The resolution of a picture whose file states none (CSS px; pandoc's default ``--dpi``).
DEFAULT_DPI = 96.0
#: A figure is never taller than this share of the text height.
MAX_HEIGHT_SHARE = 0.6
POINTS_PER_INCH = 72.0
EMU_PER_INCH = 914_400.0
CSS_PX_PER_INCH = 96.0


def natural_size(image: Image, per_inch: float) -> tuple[float, float]:
    """The picture's own size (pixels at its resolution) in units of which ``per_inch`` make an inch."""
    dpi = image.dpi or DEFAULT_DPI
    return image.width / dpi * per_inch, image.height / dpi * per_inch


def figure_size(image: Image, text_width: float, text_height: float, per_inch: float) -> tuple[float, float]:
    """The size to draw ``image`` at, in the caller's units, on a page whose text block is ``text_width`` x ``text_height``.

    See the module's rule. ``per_inch``: the caller's units in an inch (72 for
    points, 914400 for EMU).
    """
    width, height = natural_size(image, per_inch)
    scale = min(1.0, text_width / width, text_height * MAX_HEIGHT_SHARE / height)
    least = per_inch / CSS_PX_PER_INCH
    return max(width * scale, least), max(height * scale, least)


def css_size(image: Image) -> tuple[int, int]:
    """The picture's own size in CSS pixels, for ``<img width height>`` (the reading system shrinks it to fit)."""
    width, height = natural_size(image, CSS_PX_PER_INCH)
    return max(1, round(width)), max(1, round(height))


def is_portrait(image: Image) -> bool:
    """Taller than wide: HTML/EPUB give such a picture a ``max-height`` too."""
    return image.height > image.width

