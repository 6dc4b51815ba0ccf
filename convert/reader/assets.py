"""Image resolution for the reader: the names the rest of the reader imports (see :mod:`.images`).

Untrusted Markdown must never make us read a file outside the allowed folders,
fetch anything unless asked, or hand a writer something that is not an image.
Everything is checked in :mod:`convert.reader.images`, once, at read time.
"""

from __future__ import annotations

from .images import (
    DEFAULT_MAX_MEMORY,
    DEFAULT_MAX_PIXELS,
    MAX_IMAGE_BYTES,
    AssetPolicy,
    FetchLimits,
    is_remote,
    load_image,
    resolve_image,
)

__all__ = ["DEFAULT_MAX_MEMORY", "DEFAULT_MAX_PIXELS", "MAX_IMAGE_BYTES", "AssetPolicy", "FetchLimits", "is_remote",
           "load_image", "resolve_image"]
