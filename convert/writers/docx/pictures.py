"""Pictures in the DOCX: an inline picture in a run, with its alt text."""

from __future__ import annotations

import io

from docx.shared import Length
from docx.text.run import Run

from ...model import Image
from ...text import xml_safe


def add_picture(run: Run, image: Image, width: Length, height: Length, alt: str) -> None:
    """Put ``image`` in ``run`` at ``width`` x ``height`` (EMU), alt text in ``wp:docPr/@descr``."""
    shape = run.add_picture(io.BytesIO(image.data), width=width, height=height)
    shape._inline.docPr.set("descr", xml_safe(alt))
