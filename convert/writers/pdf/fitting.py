"""A figure that shrinks a little rather than leave the rest of a page empty.

A figure is kept together (picture, caption, credit); when the room left on a page is a little
short of it, reportlab sends it whole to the next page and the rest of this one stays empty (a
third of a page, for a full-width photo that just misses). A print designer would shrink the
picture slightly instead: :class:`FittingFigure` draws its picture down to :data:`MIN_SCALE` of
the size the shared rule gave it (``writers/_images.py``), keeping its proportions, when that is
enough for the whole figure to fit; otherwise it goes to the next page at its full size, as before.
A figure at the top of a page is never shrunk.
"""

from __future__ import annotations

from typing import Any

from reportlab.platypus import Flowable, KeepTogether
from reportlab.platypus.flowables import _listWrapOn

from .pictures import Picture

#: The least a picture is drawn at, as a share of its size, to keep its figure on the page where it stands.
MIN_SCALE = 0.8


class FittingFigure(KeepTogether):  # type: ignore[misc]
    """A kept-together figure (``content``) whose ``picture`` may shrink to fit the room left (see the module)."""

    def __init__(self, content: list[Flowable], picture: Picture | None) -> None:
        super().__init__(content)
        self.picture = picture
        self.full_size = (picture.drawWidth, picture.drawHeight) if picture is not None else (0.0, 0.0)

    def fit(self, width: float, room: float, canv: Any) -> bool:
        """Whether the whole figure fits ``room`` points at ``width``, its picture shrunk as far as
        :data:`MIN_SCALE` allows if need be (left as it was when that is not enough)."""
        height = float(_listWrapOn(self._content, width, canv)[1])
        if height <= room + 0.01:
            return True
        picture = self.picture
        if picture is None:
            return False
        full_width, full_height = self.full_size
        target = picture.drawHeight - (height - room) - 0.5  # half a point to spare for rounding
        if full_height <= 0 or target < full_height * MIN_SCALE:
            return False
        picture.drawWidth, picture.drawHeight = full_width * target / full_height, target
        self._wrapInfo = None  # measured again at the new size
        return True

    def split(self, available_width: float, available_height: float) -> list[Flowable]:
        frame = getattr(self, "_frame", None)
        if frame is not None and not getattr(frame, "_atTop", 0) and self.fit(available_width, available_height,
                                                                               self.canv):
            return list(self._content)
        parts: list[Flowable] = super().split(available_width, available_height)
        return parts
