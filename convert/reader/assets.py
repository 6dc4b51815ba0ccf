"""Image resolution: which files an article may use, and what they really are.

Untrusted Markdown must never make us read a file outside the allowed
folders, fetch anything over the network, or hand a writer something that is
not an image. Everything is checked here, once, at read time.
"""

from __future__ import annotations

import io
import os
import re
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import unquote

from PIL import Image as PILImage
from PIL import UnidentifiedImageError

from ..errors import AssetError
from ..model import Image

if TYPE_CHECKING:
    from .context import ReadContext, ReadOptions

#: A generous ceiling for a news photo (a 50-megapixel camera frame fits).
DEFAULT_MAX_PIXELS = 60_000_000
#: Bytes we are willing to read for one image.
MAX_IMAGE_BYTES = 64 * 1024 * 1024

_SUPPORTED = {"JPEG": "jpeg", "PNG": "png", "GIF": "gif"}
_Fail = Callable[[str, str], AssetError]
_URL_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")


@dataclass(frozen=True)
class AssetPolicy:
    """Where images may come from and how large they may be.

    ``roots`` are the folders an article may read images from (besides its own
    folder, which the reader adds). A path that resolves outside all of them,
    through ``..``, an absolute path or a symbolic link, is refused.
    """

    roots: tuple[Path, ...] = field(default_factory=tuple)
    max_pixels: int = DEFAULT_MAX_PIXELS

    @classmethod
    def default(
        cls,
        resource_path: Sequence[str | os.PathLike[str]] = (),
        max_pixels: int | None = None,
    ) -> AssetPolicy:
        """The working folder plus ``resource_path``."""
        roots = (Path.cwd(), *(Path(p) for p in resource_path))
        return cls(roots=roots, max_pixels=max_pixels or DEFAULT_MAX_PIXELS)

    @classmethod
    def for_source(cls, base_dir: Path, options: ReadOptions) -> AssetPolicy:
        """The policy for one source in ``base_dir``, read with ``options``."""
        policy = cls.default(options.resource_path, options.max_image_pixels).with_root(base_dir)
        for root in options.extra_roots:
            policy = policy.with_root(root)
        return policy

    def with_root(self, folder: Path) -> AssetPolicy:
        return AssetPolicy(roots=(*self.roots, folder), max_pixels=self.max_pixels)


def load_image(ref: str, context: ReadContext, line: int) -> Image | None:
    """The image ``ref`` written at ``line`` of the source ``context`` reads, found, checked and loaded.

    ``None`` for a remote address, which is never fetched (warned; the figure
    keeps its caption and shows the address).
    """
    if _URL_SCHEME.match(ref) or ref.startswith("//"):
        context.warn(f"remote image not fetched: {ref}; the figure shows its address instead", line)
        return None
    return resolve_image(ref, base_dir=context.base_dir, policy=context.policy, file=context.name, line=line)


def resolve_image(ref: str, *, base_dir: Path, policy: AssetPolicy, file: str, line: int) -> Image:
    """Find, check and load the local image ``ref`` written in an article at ``file:line``."""

    def fail(message: str, hint: str) -> AssetError:
        return AssetError(message, file=file, line=line, hint=hint)

    path = Path(unquote(ref))
    candidate = path if path.is_absolute() else base_dir / path
    real = Path(os.path.realpath(candidate))
    if not _inside_any(real, policy.roots):
        raise fail(
            f"image path leaves the allowed folders: {ref}",
            "keep images under the article's folder or the working folder, or add a folder with --resource-path",
        )
    if not real.is_file():
        raise fail(f"image not found: {ref}", f"looked for {candidate}")
    size = real.stat().st_size
    if size > MAX_IMAGE_BYTES:
        raise fail(f"image file too large ({size} bytes): {ref}", "use a smaller image")
    data = real.read_bytes()
    return _inspect(data, ref, policy.max_pixels, fail, str(real))


def _inside_any(path: Path, roots: tuple[Path, ...]) -> bool:
    for root in roots:
        real_root = Path(os.path.realpath(root))
        if path == real_root or real_root in path.parents:
            return True
    return False


def _inspect(data: bytes, ref: str, max_pixels: int, fail: _Fail, path: str) -> Image:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", PILImage.DecompressionBombWarning)
            with PILImage.open(io.BytesIO(data)) as picture:
                kind = _SUPPORTED.get(picture.format or "")
                if kind is None:
                    raise fail(
                        f"unsupported image format {picture.format}: {ref}",
                        "convert it to JPEG or PNG",
                    )
                width, height = picture.size
                if width * height > max_pixels:
                    raise fail(
                        f"image has {width}x{height} pixels, over the limit of {max_pixels}: {ref}",
                        "scale it down, or raise the limit with --max-image-pixels",
                    )
                if kind == "jpeg":  # decoding at 1/8 scale still reads every byte, 3-5x faster
                    picture.draft(picture.mode, (max(1, width // 8), max(1, height // 8)))
                picture.load()  # decodes everything: a truncated file fails here
    except UnidentifiedImageError:
        raise fail(f"not an image: {ref}", "the file's content is not JPEG, PNG or GIF") from None
    except (PILImage.DecompressionBombError, PILImage.DecompressionBombWarning):
        raise fail(
            f"image is a decompression bomb: {ref}",
            "scale it down, or raise the limit with --max-image-pixels",
        ) from None
    except (OSError, SyntaxError, ValueError) as exc:
        raise fail(f"image is truncated or corrupt: {ref} ({exc})", "export the image again") from None
    return Image(source=ref, data=data, format=kind, width=width, height=height, path=path)
