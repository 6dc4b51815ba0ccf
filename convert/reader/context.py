"""What every part of the reader shares while reading one source: options, place, warnings, images."""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import warn
from ..model import Attr, Image
from ..text import XML_ILLEGAL_OR_CONTROL
from . import frontmatter
from .assets import AssetPolicy, load_image
from .images.declared import with_declared_size

log = logging.getLogger("convert")

#: The default source size limit: 20 MB (real articles are well under 1 MB).
DEFAULT_MAX_SOURCE_BYTES = 20_000_000


@dataclass(frozen=True)
class ReadOptions:
    """How to read a source. All fields have the defaults the library uses.

    ``smart``: pandoc's smart typography. ``resource_path``: further folders
    images may come from. ``extra_roots``: further allowed folders (batch input
    folders, the project root). ``site_root``: the folder a site-root path
    (``/assets/x.jpg``) means. ``max_image_pixels``: refuse larger images
    (default :data:`convert.reader.assets.DEFAULT_MAX_PIXELS`). ``fetch_images``:
    download remote images (http(s) only; off by default: nothing is fetched).
    ``shift_heading_level_by``: pandoc's option; ``None`` decides from the source
    (a body that uses ``#`` for its sections is shifted down one level).
    ``metadata``: defaults under the front matter (a project file's ``[metadata]``,
    ``--metadata-file``); ``metadata_overrides``: values over it (``-M key=value``),
    as pandoc merges them. Both are ``(key, value)`` pairs with YAML-typed values.
    ``max_source_bytes``: refuse larger sources (UTF-8 bytes, default 20 MB);
    ``max_front_matter_bytes``: refuse a larger metadata block (default 1 MB).
    """

    smart: bool = True
    resource_path: tuple[str | os.PathLike[str], ...] = ()
    max_image_pixels: int | None = None
    extra_roots: tuple[Path, ...] = field(default_factory=tuple)
    site_root: Path | None = None
    fetch_images: bool = False
    shift_heading_level_by: int | None = None
    max_source_bytes: int = DEFAULT_MAX_SOURCE_BYTES
    max_front_matter_bytes: int = frontmatter.DEFAULT_MAX_BYTES
    metadata: tuple[tuple[str, object], ...] = ()
    metadata_overrides: tuple[tuple[str, object], ...] = ()


@dataclass
class ReadContext:
    """One source being read: its name for messages, its folder, the image policy and the options.

    Every reader module (Markdown, raw HTML, front matter) receives the same
    context, so a warning or an image is handled the same way wherever it is met.
    """

    name: str
    base_dir: Path | None  # None: text read without a folder (no article folder for images)
    policy: AssetPolicy
    options: ReadOptions

    def warn(self, message: str, line: int | None) -> None:
        """A warning pointing at ``name:line`` (the CLI prints it like a compiler)."""
        warn(log, message, file=self.name, line=line)

    def legal(self, text: str, line: int | None) -> str:
        """``text`` without the characters a source may not keep (:data:`~convert.text.XML_ILLEGAL_OR_CONTROL`).

        Warned about at ``line`` when any is removed: the source's own were removed
        before parsing; these come from decoding (``&#1;``, ``&#x7f;`` in raw HTML).
        """
        found = XML_ILLEGAL_OR_CONTROL.findall(text)
        if not found:
            return text
        codes = ", ".join(sorted({f"U+{ord(c):04X}" for c in found}))
        self.warn(f"removed {len(found)} character(s) no document can hold ({codes})", line)
        return XML_ILLEGAL_OR_CONTROL.sub("", text)

    def image(self, ref: str, line: int, attr: Attr | None = None) -> Image | None:
        """Find, check and load the image ``ref`` met at ``line`` (see :func:`.assets.load_image`), at the size
        ``attr`` declares (``width``/``height``: :func:`.images.declared.with_declared_size`).

        ``None`` when the picture is not loaded but the article goes on (a remote
        address not fetched: warned). Raises :class:`~convert.errors.AssetError`.
        """
        image = load_image(ref, self, line)
        return with_declared_size(image, attr) if image is not None and attr is not None else image
