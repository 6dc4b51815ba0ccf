"""Where an article's images may come from, where a reference is looked for, and how large they may be.

The rules (pandoc's ``--resource-path``, plus site roots and allowed folders):

- A relative reference (``img/x.png``, ``../assets/x.jpg``) is looked for in the
  article's folder, then in each ``resource_path`` folder, in order.
- A site-root reference (``/blog/2021/05/x.png``, as Jekyll and Hugo posts write
  them) is looked for under ``site_root`` when one is given, else under the
  article's folder (a post bundle that mirrors the site's paths); then as the
  absolute path it also is, if that lies inside an allowed folder.
- Allowed folders: the article's folder, the ``resource_path`` folders, the site
  root and ``extra_roots`` (the CLI adds the working folder and the project
  root there). The library adds nothing else: not the working folder (#19).
- Text read without a folder (``read_text`` with no ``base_dir``) has no
  article folder: only the folders the caller names are allowed, so with none
  named every local image is refused.
- A reference that leads outside them, by ``..``, an absolute path or a link,
  gets one message whatever is there: nothing outside is opened or looked at.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from .fetch import FetchLimits
from .opening import inside

if TYPE_CHECKING:
    from ..context import ReadOptions

#: A generous ceiling for a news photo (a 50-megapixel camera frame fits).
DEFAULT_MAX_PIXELS = 60_000_000
#: Bytes a decoded picture may take in memory, whatever its shape (a 60-megapixel RGB photo fits).
DEFAULT_MAX_MEMORY = 256 * 1024 * 1024
#: Bytes we are willing to read for one image file.
MAX_IMAGE_BYTES = 64 * 1024 * 1024


def _real(folder: str | os.PathLike[str]) -> str:
    return os.path.realpath(os.fspath(folder))


@dataclass(frozen=True)
class AssetPolicy:
    """Where images may come from and how large they may be (folders as absolute real paths).

    ``search``: folders a relative reference is looked for in, in order (the
    article's folder first). ``roots``: every allowed folder. ``site_root``: the
    folder a ``/``-reference starts from (``None``: ``home``). ``home``: the
    article's folder (``None``: text with no folder; a ``/``-reference is then only
    the absolute path it is). ``fetch``: limits for remote images, or ``None`` to fetch nothing.
    """

    search: tuple[str, ...] = ()
    roots: tuple[str, ...] = ()
    site_root: str | None = None
    max_pixels: int = DEFAULT_MAX_PIXELS
    max_memory: int = DEFAULT_MAX_MEMORY
    max_bytes: int = MAX_IMAGE_BYTES
    fetch: FetchLimits | None = field(default=None)
    home: str | None = None

    @classmethod
    def for_source(cls, base_dir: str | os.PathLike[str] | None, options: ReadOptions) -> AssetPolicy:
        """The policy for one source in ``base_dir`` (``None``: no folder), read with ``options``.

        See the module's rules.
        """
        home = (_real(base_dir),) if base_dir is not None else ()
        resource = tuple(_real(folder) for folder in options.resource_path)
        site_root = _real(options.site_root) if options.site_root is not None else None
        extra = tuple(_real(folder) for folder in options.extra_roots)
        roots = tuple(dict.fromkeys((*home, *resource, *((site_root,) if site_root else ()), *extra)))
        max_pixels = options.max_image_pixels or DEFAULT_MAX_PIXELS
        return cls(
            search=tuple(dict.fromkeys((*home, *resource))),
            roots=roots,
            site_root=site_root,
            home=home[0] if home else None,
            max_pixels=max_pixels,
            # a raised pixel limit raises the memory limit with it (4 bytes a pixel, RGBA)
            max_memory=max(DEFAULT_MAX_MEMORY, max_pixels * 4),
            fetch=FetchLimits() if options.fetch_images else None,
        )

    def with_root(self, folder: str | os.PathLike[str]) -> AssetPolicy:
        """The same policy with one more allowed folder."""
        return dataclasses.replace(self, roots=(*self.roots, _real(folder)))

    def candidates(self, ref: str) -> tuple[list[str], bool]:
        """The absolute paths ``ref`` may mean, in the order they are tried, only those inside allowed folders.

        The flag says whether the reference's first meaning (relative to the
        article; for ``/x``, the absolute path itself) lies outside every allowed folder.
        """
        if os.path.isabs(ref):
            start = self.site_root or self.home
            absolute = os.path.normpath(ref)
            meanings = [os.path.normpath(os.path.join(start, ref.lstrip("/\\"))), absolute] if start else [absolute]
            first_outside = not self.allows(absolute)
        else:
            meanings = [os.path.normpath(os.path.join(folder, ref)) for folder in self.search]
            first_outside = not meanings or not self.allows(meanings[0])
        return [m for m in dict.fromkeys(meanings) if self.allows(m)], first_outside

    def allows(self, path: str) -> bool:
        """Whether the normalised absolute ``path`` lies in an allowed folder (no file system access)."""
        return any(inside(path, root) for root in self.roots)


def describe(paths: Sequence[str]) -> str:
    """``a, b or c`` for a hint."""
    shown = [str(Path(p)) for p in paths]
    return shown[0] if len(shown) == 1 else ", ".join(shown[:-1]) + " or " + shown[-1]
