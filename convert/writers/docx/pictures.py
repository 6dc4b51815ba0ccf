"""Pictures in the DOCX: an inline picture in a run, with its alt text, in a format Word takes.

Word shows JPEG, PNG and GIF everywhere (Word, LibreOffice, Google Docs, Pages);
BMP and TIFF are left to their PNG renditions, SVG to its PNG drawing (the
reader makes them). python-docx identifies a picture by its header: the reader
guarantees JPEGs that it recognises, and should it still refuse one, the error
names the picture instead of escaping as python-docx's empty message.
"""

from __future__ import annotations

import io
import struct

from docx.image.exceptions import InvalidImageStreamError, UnexpectedEndOfFileError, UnrecognizedImageError
from docx.shared import Length
from docx.text.run import Run

from ...errors import WriterError, display_name
from ...model import Image
from ...text import xml_safe

#: What Word takes, in the order the picture's encodings are tried (see :meth:`Image.embeddable`).
DOCX_FORMATS = ("jpeg", "png", "gif")
_DOCX_ERRORS = (InvalidImageStreamError, UnexpectedEndOfFileError, UnrecognizedImageError, ValueError, KeyError,
                IndexError, ZeroDivisionError, struct.error)


def add_picture(run: Run, image: Image, width: Length, height: Length, alt: str) -> None:
    """Put ``image`` in ``run`` at ``width`` x ``height`` (EMU), alt text in ``wp:docPr/@descr``.

    Raises :class:`~convert.errors.WriterError` naming the picture if python-docx cannot take it.
    """
    rendition = image.embeddable(DOCX_FORMATS)
    if rendition is None:  # the reader makes a PNG or JPEG rendition of everything else
        raise WriterError(f"no encoding of image {display_name(image.source)} that Word takes")
    try:
        shape = run.add_picture(io.BytesIO(rendition.data), width=width, height=height)
    except _DOCX_ERRORS as exc:
        reason = str(exc) or type(exc).__name__
        raise WriterError(f"python-docx cannot embed image {display_name(image.source)}: {reason}",
                          hint="convert the picture to PNG") from None
    inline = shape._inline
    inline.docPr.set("descr", xml_safe(alt))
    for side in ("distT", "distB", "distL", "distR"):  # no gap around an inline picture (LibreOffice adds one)
        inline.set(side, "0")
