"""Small pictures inside running text (icons, badges), drawn on the line where the text leaves room.

reportlab's ``<img>`` reads files or trusted URLs only, and our pictures are bytes.
So the markup keeps room for the picture with no-break spaces (the picture is scaled
to their width, a few per cent at most), and an ``<onDraw>`` callback (registered on the
render's own canvas) draws the picture there with :class:`.pictures.Picture`. A
paragraph holding one is set flush left: reportlab tells the callback where the
text before it ends, not how far justification moved it. Pictures taller than
:data:`LINES` times the font size go on their own line (the story's rule).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

from reportlab.pdfbase.pdfmetrics import stringWidth

from ...model import Image
from .. import _images
from .pictures import Picture
from .tagging import Slot

#: A picture at most this many times the font size tall sits in the line.
LINES = 1.5
CALLBACK = "inline-picture"


def inline_size(image: Image, font_size: float) -> tuple[float, float] | None:
    """The picture's size in points if it fits in a line of ``font_size`` text, else ``None``."""
    width, height = _images.natural_size(image, _images.POINTS_PER_INCH)
    if height > font_size * LINES or width > font_size * 12:
        return None
    return width, height


@dataclass
class InlinePictures:
    """The inline pictures of one render, drawn by the canvas callback ``inline-picture``."""

    text_font: str
    placed: list[tuple[Image, float, float, float, Slot | None]] = field(default_factory=list)

    def fits(self, image: Image, font_size: float) -> bool:
        """Whether ``image`` sits in a line of ``font_size`` text."""
        return inline_size(image, font_size) is not None

    def markup(self, image: Image, font: str, font_size: float, slot: Slot | None) -> str:
        """Markup that keeps room for ``image`` (which :meth:`fits`) in a line of ``font`` text.

        ``slot``: the tagged ``Figure`` the picture is drawn into (``None``: an artifact).
        """
        size = inline_size(image, font_size) or _images.natural_size(image, _images.POINTS_PER_INCH)
        space = stringWidth("\u00a0", font, font_size) or font_size / 4
        count = max(1, math.ceil(size[0] / space))
        width, height = space * count, size[1] * space * count / size[0]  # the room the spaces make
        self.placed.append((image, width, height, font_size, slot))
        return f'<onDraw name="{CALLBACK}" label="{len(self.placed) - 1}"/>' + "\u00a0" * count

    def draw(self, canvas: Any, _kind: str, label: str) -> None:
        """reportlab's callback: draw picture ``label`` where the text stands (``canvas._curr_tx_info``)."""
        image, width, height, font_size, slot = self.placed[int(label)]
        where = canvas._curr_tx_info
        picture = Picture(image, width, height, text_font=self.text_font, slot=slot)
        picture.wrapOn(canvas, width, height)
        picture.drawOn(canvas, where["cur_x"], where["cur_y"] - font_size * 0.2)
