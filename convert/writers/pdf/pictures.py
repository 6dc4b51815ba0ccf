"""Pictures in the PDF: drawn at the size the layout chose, embedded without needless decoding."""

from __future__ import annotations

import hashlib
import io

from reportlab.lib.utils import ImageReader
from reportlab.platypus import Flowable

from ...model import Image


class Picture(Flowable):  # type: ignore[misc]
    """An image drawn at a fixed size. JPEGs are embedded as they are, never decoded.

    reportlab names an image XObject by hashing its decoded pixels; for a JPEG we name it
    by its bytes instead, which is the same guarantee at a fraction of the cost.
    """

    def __init__(self, image: Image, width: float, height: float) -> None:
        super().__init__()
        data, kind = image.data, image.format
        self.reader = _JpegReader(data) if kind == "jpeg" else ImageReader(io.BytesIO(data))
        self.drawWidth, self.drawHeight = width, height

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return self.drawWidth, self.drawHeight

    def draw(self) -> None:
        self.canv.drawImage(self.reader, 0, 0, self.drawWidth, self.drawHeight)


class _JpegReader(ImageReader):  # type: ignore[misc]
    def __init__(self, data: bytes) -> None:
        super().__init__(io.BytesIO(data))
        self._signature = hashlib.sha256(data).hexdigest().encode("ascii")
        self._dataA = None  # a JPEG has no alpha channel

    def getRGBData(self) -> bytes:
        # Only drawImage calls this for a JPEG, to name the XObject; the JPEG itself is copied.
        return self._signature
