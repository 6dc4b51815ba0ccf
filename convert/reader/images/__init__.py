"""Images, understood once at read time: found safely, checked, normalised for every writer.

Modules: :mod:`.policy` (allowed folders, where a reference is looked for,
limits), :mod:`.opening` (open once, no link out of the allowed folders, size
cap), :mod:`.raster` (Pillow: format, limits, orientation, colour, renditions),
:mod:`.jpeg` (lossless header repairs), :mod:`.svg` (safe SVG, PNG drawing),
:mod:`.fetch` (remote images, only when asked).

Writers never touch the file system and never sniff bytes: they take
``image.embeddable({...})`` (see :class:`~convert.model.Image`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING
from urllib.parse import unquote

from ...errors import AssetError, display_name
from ...model import Image
from . import opening
from .fetch import FetchError, FetchLimits, fetch
from .policy import DEFAULT_MAX_MEMORY, DEFAULT_MAX_PIXELS, MAX_IMAGE_BYTES, AssetPolicy, describe

if TYPE_CHECKING:
    from ..context import ReadContext
    from .raster import Fail, Warn

__all__ = ["DEFAULT_MAX_MEMORY", "DEFAULT_MAX_PIXELS", "MAX_IMAGE_BYTES", "AssetPolicy", "FetchLimits",
           "is_remote", "load_image", "resolve_image"]

_LEAVES_HINT = ("keep images under the article's folder (a path starting with / is looked for under the site root),"
                " or name their folder with resource_path=[...] in the library or --resource-path")
# Text read without a folder (read_text with no base_dir): no folder is allowed until the caller names one.
_NO_FOLDER_HINT = ("text read without a base_dir has no article folder: images come only from the folders named by"
                   " resource_path (relative paths), site_root (paths starting with /) or extra_roots (absolute paths)")


def is_remote(ref: str) -> bool:
    """Whether ``ref`` is an address (``scheme:...`` or ``//host/...``) rather than a file path."""
    head = ref.split("/", 1)[0]
    return ref.startswith("//") or (":" in head and head[0].isalpha() and len(head.split(":", 1)[0]) > 1)


def load_image(ref: str, context: ReadContext, line: int) -> Image | None:
    """The image ``ref`` written at ``line`` of the source ``context`` reads, found, checked and understood.

    ``None`` for a remote address that is not loaded (fetching is off, or the
    download failed): warned; the figure keeps its caption and shows the address.
    Raises :class:`~convert.errors.AssetError` for a local image that is missing,
    outside the allowed folders, not an image, or over a limit.
    """
    if is_remote(ref):
        return _remote(ref, context, line)
    return resolve_image(ref, policy=context.policy, file=context.name, line=line,
                         warn=lambda message: context.warn(f"image {display_name(ref)}: {message}", line))


def _remote(ref: str, context: ReadContext, line: int) -> Image | None:
    limits = context.policy.fetch
    shown = display_name(ref)
    if limits is None:
        context.warn(f"remote image not fetched: {shown}; the figure shows its address instead"
                     " (--fetch-images downloads it)", line)
        return None
    try:
        data = fetch(ref, limits)
        return understand(data, ref, ref, context.policy, file=context.name, line=line,
                          warn=lambda message: context.warn(f"image {shown}: {message}", line))
    except (FetchError, AssetError) as exc:
        reason = exc.message if isinstance(exc, AssetError) else str(exc)
        context.warn(f"remote image not loaded: {shown} ({reason}); the figure shows its address instead", line)
        return None


def resolve_image(ref: str, *, policy: AssetPolicy, file: str, line: int,
                  warn: Warn = lambda message: None) -> Image:
    """Find, open once, check and understand the local image ``ref`` written in an article at ``file:line``."""
    shown = display_name(ref)

    def fail(message: str, hint: str) -> AssetError:
        return AssetError(message, file=file, line=line, hint=hint)

    path = _checked_path(unquote(ref), shown, fail)
    candidates, first_outside = policy.candidates(path)
    for candidate in candidates:
        try:
            opened = opening.read_inside(candidate, policy.roots, policy.max_bytes)
        except opening.NotFound:
            continue
        except opening.Outside:
            raise fail(f"image path leaves the allowed folders: {shown}", _leaves_hint(policy)) from None
        except opening.NotRegular:
            raise fail(f"image is not a regular file: {shown}", f"looked at {display_name(candidate)}") from None
        except opening.TooLarge as exc:
            raise fail(f"image file too large ({exc.size} bytes, over {policy.max_bytes}): {shown}",
                       "use a smaller image") from None
        except opening.Unreadable as exc:
            raise fail(f"cannot read image: {shown} ({exc})", "check the file's permissions") from None
        return understand(opened.data, ref, opened.path, policy, file=file, line=line, warn=warn)
    if first_outside or not candidates:
        raise fail(f"image path leaves the allowed folders: {shown}", _leaves_hint(policy))
    raise fail(f"image not found: {shown}", f"looked for {display_name(describe(candidates))}")


def _leaves_hint(policy: AssetPolicy) -> str:
    """What to do about a refused path: the same whatever the path names (no path, nothing about the file)."""
    return _LEAVES_HINT if policy.home is not None else _NO_FOLDER_HINT


def _checked_path(path: str, shown: str, fail: Fail) -> str:
    if "\x00" in path:
        raise fail(f"image path contains a NUL character: {shown}", "remove the %00 from the path")
    if not path.strip():
        raise fail("image path is empty", "write the image's path between the parentheses")
    longest = max(len(part.encode("utf-8", "surrogateescape")) for part in path.replace("\\", "/").split("/"))
    if longest > opening.MAX_NAME_BYTES:
        raise fail(f"image path has a part of {longest} bytes, over the {opening.MAX_NAME_BYTES} "
                   f"a file name may have: {shown[:80]}…", "shorten the file or folder name")
    return path


def understand(data: bytes, source: str, path: str, policy: AssetPolicy, *, file: str, line: int,
               warn: Warn) -> Image:
    """The :class:`~convert.model.Image` for the bytes ``data`` of the image ``source``, sniffed from the content."""
    from . import raster, svg  # Pillow, resvg and defusedxml load only when an article has an image

    def fail(message: str, hint: str) -> AssetError:
        return AssetError(message, file=file, line=line, hint=hint)

    if svg.looks_like_svg(data):
        return svg.understand(data, source, path, fail, warn)
    limits = raster.Limits(policy.max_pixels, policy.max_memory)
    return raster.understand(data, source, path, limits, fail, warn)
