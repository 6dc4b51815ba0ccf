"""A picture's size as the article declares it: ``<img width="90" height="65">``, ``![](x.png){width=90px}``.

pandoc's rule (its manual, "Extension: link_attributes"): ``width`` and ``height`` are a number
with a unit, ``px`` (the default, a CSS pixel: 1/96 inch), ``in``, ``cm``, ``mm``, ``pt``,
``pc`` or ``em`` (taken as 16 px), or a percentage of the text width. A declared size in
absolute units becomes the picture's displayed size (:attr:`~convert.model.Image.width` and
``height`` in CSS pixels, ``dpi`` None: the writers' one sizing rule then keeps it within the
text block); a single side keeps the picture's proportions. Percentages and values we cannot
read leave the picture as its pixels make it, and stay in the attributes for the formats that
take them as written (HTML).
"""

from __future__ import annotations

import dataclasses
import re

from ...model import Attr, Image

#: CSS pixels in one unit (pandoc's and CSS's: 96 px to the inch; an ``em`` as 16 px, the browser default).
_PIXELS = {"": 1.0, "px": 1.0, "in": 96.0, "cm": 96 / 2.54, "mm": 96 / 25.4, "pt": 96 / 72, "pc": 16.0, "em": 16.0}
_LENGTH = re.compile(r"^\s*(\d+(?:\.\d+)?|\.\d+)\s*(px|in|cm|mm|pt|pc|em)?\s*$", re.IGNORECASE)
#: Declared sizes beyond this many pixels a side are not believed (a typo, or a hostile 10**9).
_MOST = 20_000.0


def _pixels(value: str | None) -> float | None:
    """A declared length in CSS pixels, or None for a percentage, ``auto`` or anything unreadable."""
    found = _LENGTH.match(value or "")
    if found is None:
        return None
    pixels = float(found.group(1)) * _PIXELS[(found.group(2) or "").lower()]
    return pixels if 0 < pixels <= _MOST else None


def with_declared_size(image: Image, attr: Attr) -> Image:
    """``image`` at the size ``attr`` declares (see the module), or unchanged when it declares none we read."""
    width, height = _pixels(attr.get("width")), _pixels(attr.get("height"))
    if width is None and height is None:
        return image
    ratio = image.height / image.width if image.width else 1.0
    if width is None:
        width = height / ratio if ratio else height  # type: ignore[operator]
    elif height is None:
        height = width * ratio
    assert width is not None and height is not None
    return dataclasses.replace(image, width=max(1, round(width)), height=max(1, round(height)), dpi=None)
