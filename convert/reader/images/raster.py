"""Raster pictures understood once with Pillow: what they are, how they stand, what each format needs.

The decisions, per file (EPUB 3 core media types: JPEG, PNG, GIF, WebP, SVG;
Word: JPEG, PNG, GIF; PDF: any raster reportlab can draw):

- JPEG: kept byte for byte when it is sound (never re-encoded for nothing; the
  PDF embeds it undecoded). Repaired without touching the pixels when only its
  header is odd (no JFIF/Exif segment, a broken Exif block: see :mod:`.jpeg`).
  Re-encoded, with the original quantisation tables, only when the pixels must
  change: an EXIF orientation other than 1 (PDF and Word do not apply it, so the
  picture itself is turned upright), or CMYK/YCCK colour (converted to RGB through
  the file's ICC profile when it has one: e-book readers and Word show CMYK wrongly).
- PNG, GIF: kept as they are (alpha, palettes, 16-bit channels included); the PDF
  writer turns alpha into a soft mask and 16-bit into 8-bit when it draws them.
- WebP, TIFF, BMP: kept, plus a PNG (or, for an opaque lossy WebP, a JPEG)
  rendition for the formats that do not take them.
- An EXIF orientation on a non-JPEG: the upright picture as PNG.
"""

from __future__ import annotations

import io
import warnings
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from PIL import Image as PILImage
from PIL import ImageCms, JpegImagePlugin, UnidentifiedImageError

from ...errors import AssetError
from ...model import Image, Rendition
from . import jpeg

#: What Pillow may open: never EPS (Ghostscript), PSD, ICO... even when the bytes say so.
PILLOW_FORMATS = ("JPEG", "PNG", "GIF", "WEBP", "TIFF", "BMP")
_KINDS = {"JPEG": "jpeg", "PNG": "png", "GIF": "gif", "WEBP": "webp", "TIFF": "tiff", "BMP": "bmp"}
#: Bytes one decoded pixel takes in Pillow's memory, per mode (RGB is stored in 4).
_PIXEL_BYTES = {"1": 1, "L": 1, "P": 1, "LA": 4, "La": 4, "PA": 4, "RGB": 4, "RGBA": 4, "RGBa": 4, "RGBX": 4,
                "CMYK": 4, "YCbCr": 4, "LAB": 4, "HSV": 4, "I": 4, "F": 4, "I;16": 2, "I;16B": 2, "I;16L": 2}
#: Stated resolutions outside this range are mistakes (a 1-dpi file, a 10^6-dpi file), not intentions.
_PLAUSIBLE_DPI = (24.0, 4800.0)
_ORIENTATION = 0x0112
_ROW_POINTER_BYTES = 8
_JPEG_QUALITY = 90

Fail = Callable[[str, str], AssetError]
Warn = Callable[[str], None]


@dataclass(frozen=True)
class Limits:
    """``max_pixels``: width x height; ``max_memory``: bytes the decoded picture may take (pixels x bytes per pixel)."""

    max_pixels: int
    max_memory: int


def understand(data: bytes, source: str, path: str, limits: Limits, fail: Fail, warn: Warn) -> Image:
    """The :class:`~convert.model.Image` for the raster file ``data`` (``source``: the reference, for messages).

    Raises the :class:`~convert.errors.AssetError` that ``fail`` makes: not an image,
    a format we do not take, over a limit, truncated or corrupt.
    """
    try:
        # Pillow warns (never raises) about broken EXIF and more: recorded, so the library prints nothing
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            with PILImage.open(io.BytesIO(data), formats=PILLOW_FORMATS) as picture:
                _check_limits(picture, source, limits, fail)
                kind = _KINDS[picture.format or ""]
                orientation = orientation_of(picture, warn) if kind in ("jpeg", "png", "webp", "tiff") else 1
                if orientation is not None and any("exif" in str(w.message).lower() for w in caught):
                    warn("its EXIF metadata is broken and is left out; the picture is taken as upright")
                    orientation = None
                found = _Found(data, source, path, kind, *picture.size, dpi_of(picture.info), orientation)
                _decode(picture)
                return _decide(picture, found, warn)
    except UnidentifiedImageError:
        raise fail(f"not an image: {source}", _unsupported_hint(data)) from None
    except PILImage.DecompressionBombError:
        raise fail(f"image has too many pixels: {source}",
                   "scale it down, or raise the limit with --max-image-pixels") from None
    except (OSError, SyntaxError, ValueError, EOFError) as exc:
        raise fail(f"image is truncated or corrupt: {source} ({exc})", "export the image again") from None


def _unsupported_hint(data: bytes) -> str:
    """Name the format when Pillow knows it (reading the header only: nothing is decoded or run)."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            with PILImage.open(io.BytesIO(data)) as other:
                return f"it is {other.format}; use JPEG, PNG, GIF, WebP, TIFF, BMP or SVG"
    except Exception:  # any failure means: not a format Pillow knows
        return "the file's content is not JPEG, PNG, GIF, WebP, TIFF, BMP or SVG"


def _check_limits(picture: PILImage.Image, source: str, limits: Limits, fail: Fail) -> None:
    width, height = picture.size
    if width < 1 or height < 1:
        raise fail(f"image has no pixels ({width}x{height}): {source}", "export the image again")
    if width * height > limits.max_pixels:
        raise fail(f"image has {width}x{height} pixels, over the limit of {limits.max_pixels}: {source}",
                   "scale it down, or raise the limit with --max-image-pixels")
    # Pillow keeps a pointer per row besides the pixels: a 1x60,000,000 strip needs 0.5 GB, not 60 MB
    memory = width * height * _PIXEL_BYTES.get(picture.mode, 8) + height * _ROW_POINTER_BYTES
    if memory > limits.max_memory:
        raise fail(f"image needs {memory // 2**20} MiB when decoded ({width}x{height} {picture.mode}), "
                   f"over the limit of {limits.max_memory // 2**20} MiB: {source}",
                   "scale it down, or raise the pixel limit with --max-image-pixels")


def _decode(picture: PILImage.Image) -> None:
    """Decode everything once, so a truncated or corrupt file fails here and not in a writer."""
    if picture.format == "JPEG":  # at 1/8 scale: every byte is still read, 3-5x faster
        width, height = picture.size
        picture.draft(picture.mode, (max(1, width // 8), max(1, height // 8)))
    picture.load()


def dpi_of(info: Mapping[Any, Any]) -> float | None:
    """The resolution a file states (``info["dpi"]`` as Pillow reads JFIF, pHYs, EXIF, TIFF, BMP), if plausible."""
    value = info.get("dpi")
    if not isinstance(value, tuple) or len(value) != 2:
        return None
    try:
        horizontal, vertical = float(value[0]), float(value[1])
    except (TypeError, ValueError):
        return None
    low, high = _PLAUSIBLE_DPI
    if not low <= horizontal <= high or abs(horizontal - vertical) > 0.5:
        return None  # absent, absurd, or pixels that are not square
    return horizontal


def orientation_of(picture: PILImage.Image, warn: Warn) -> int | None:
    """The EXIF orientation (1-8; 1 = upright), or ``None`` when the EXIF block cannot be read."""
    try:
        value = picture.getexif().get(_ORIENTATION, 1)
    except Exception:  # Pillow raises anything from struct.error to SyntaxError on a broken block
        warn("its EXIF metadata is broken and is left out; the picture is taken as upright")
        return None
    if isinstance(value, int) and 1 <= value <= 8:
        return value
    warn(f"its EXIF orientation ({value!r}) is not one of 1-8; the picture is taken as upright")
    return 1


_TURNS = {2: PILImage.Transpose.FLIP_LEFT_RIGHT, 3: PILImage.Transpose.ROTATE_180,
          4: PILImage.Transpose.FLIP_TOP_BOTTOM, 5: PILImage.Transpose.TRANSPOSE, 6: PILImage.Transpose.ROTATE_270,
          7: PILImage.Transpose.TRANSVERSE, 8: PILImage.Transpose.ROTATE_90}


@dataclass(frozen=True)
class _Found:
    """What the file says about itself, read before decoding."""

    data: bytes
    source: str
    path: str
    kind: str
    width: int
    height: int
    dpi: float | None
    orientation: int | None  # None: a broken EXIF block


def _decide(picture: PILImage.Image, found: _Found, warn: Warn) -> Image:
    if found.kind == "jpeg":
        return _jpeg(picture, found)
    if found.orientation not in (None, 1):
        upright = _turned(_eight_bit(picture), found.orientation)
        return Image(found.source, _png(upright), "png", upright.width, upright.height, found.path, found.dpi)
    renditions: tuple[Rendition, ...] = ()
    if found.kind in ("webp", "tiff", "bmp"):
        renditions = (_web_rendition(picture, found),)
        if found.kind == "tiff" and getattr(picture, "n_frames", 1) > 1:
            warn("only the first page of this multi-page TIFF is shown")
    return Image(found.source, found.data, found.kind, found.width, found.height, found.path, found.dpi, renditions)


def _turned(picture: PILImage.Image, orientation: int | None) -> PILImage.Image:
    """``picture`` as EXIF ``orientation`` says it is meant to be seen (CIPA DC-008, tag 0x0112)."""
    turn = _TURNS.get(orientation or 1)
    return picture.transpose(turn) if turn is not None else picture


def _jpeg(picture: PILImage.Image, found: _Found) -> Image:
    if picture.mode == "CMYK" or found.orientation not in (None, 1):
        with PILImage.open(io.BytesIO(found.data), formats=("JPEG",)) as full:
            full.load()
            upright = _turned(_to_rgb(full) if full.mode == "CMYK" else full, found.orientation)
            encoded = _reencode_jpeg(full, upright, found.dpi)
        return Image(found.source, encoded, "jpeg", upright.width, upright.height, found.path, found.dpi)
    try:
        repaired = _repair_header(found.data, found.orientation is None, found.dpi)
    except ValueError as exc:
        raise OSError(f"broken JPEG structure: {exc}") from None
    if repaired is not found.data and picture.info.get("adobe_transform") == 0 and picture.mode == "RGB":
        # RGB-coded (Adobe transform 0): with a JFIF segment, readers would take it for YCbCr
        with PILImage.open(io.BytesIO(found.data), formats=("JPEG",)) as full:
            full.load()
            repaired = _reencode_jpeg(full, full, found.dpi)
    return Image(found.source, repaired, "jpeg", found.width, found.height, found.path, found.dpi)


def _repair_header(data: bytes, exif_broken: bool, dpi: float | None) -> bytes:
    """``data`` itself when sound; else without its broken Exif blocks and with a JFIF segment first."""
    broken = [s for s in jpeg.exif_blocks(data) if exif_broken or not jpeg.exif_sound(s.payload(data))]
    repaired = jpeg.without(data, broken) if broken else data
    if not jpeg.identified(repaired):
        repaired = jpeg.with_jfif(repaired, dpi)
    return repaired


def _to_rgb(picture: PILImage.Image) -> PILImage.Image:
    """CMYK → RGB through the file's ICC profile when it has one (Pillow's plain formula otherwise)."""
    profile = picture.info.get("icc_profile")
    if profile:
        try:
            converted = ImageCms.profileToProfile(picture, ImageCms.ImageCmsProfile(io.BytesIO(profile)),
                                                  ImageCms.createProfile("sRGB"), outputMode="RGB")
            if converted is not None:
                return converted
        except (ImageCms.PyCMSError, OSError, ValueError):
            pass  # a broken profile: the plain conversion below
    return picture.convert("RGB")


def _reencode_jpeg(original: PILImage.Image, pixels: PILImage.Image, dpi: float | None) -> bytes:
    """JPEG bytes of ``pixels`` with ``original``'s quantisation tables and subsampling (no further loss than needed)."""
    options: dict[str, object] = {"optimize": True}
    tables = getattr(original, "quantization", None)
    sampling = JpegImagePlugin.get_sampling(original) if isinstance(original, JpegImagePlugin.JpegImageFile) else -1
    if tables and original.mode != "CMYK" and pixels.mode == original.mode:
        options["qtables"] = [tables[k] for k in sorted(tables)]
        if sampling >= 0:
            options["subsampling"] = sampling
    else:
        options["quality"] = _JPEG_QUALITY
    icc = original.info.get("icc_profile") if original.mode != "CMYK" else None
    if icc:
        options["icc_profile"] = icc
    if dpi:
        options["dpi"] = (dpi, dpi)
    buffer = io.BytesIO()
    pixels.save(buffer, "JPEG", **options)
    return buffer.getvalue()


def _web_rendition(picture: PILImage.Image, found: _Found) -> Rendition:
    """PNG (lossless, alpha kept), or JPEG for an opaque lossy WebP photo."""
    picture.seek(0)
    frame = picture.copy()
    lossy = found.data.find(b"VP8 ", 12) != -1 and found.data.find(b"VP8L", 12) == -1
    if found.kind == "webp" and frame.mode == "RGB" and lossy:
        buffer = io.BytesIO()
        frame.save(buffer, "JPEG", quality=_JPEG_QUALITY)
        return Rendition("jpeg", buffer.getvalue())
    return Rendition("png", _png(frame))


def _eight_bit(picture: PILImage.Image) -> PILImage.Image:
    """A mode PNG writers and readers agree on: 8 bits a channel, alpha kept, palettes kept."""
    if picture.mode in ("1", "L", "LA", "P", "RGB", "RGBA"):
        return picture
    if picture.mode in ("I;16", "I;16B", "I;16L", "I"):
        return picture.point(lambda value: value / 257).convert("L")
    if picture.mode == "CMYK":
        return _to_rgb(picture)
    return picture.convert("RGBA" if "A" in picture.getbands() else "RGB")


def _png(picture: PILImage.Image) -> bytes:
    buffer = io.BytesIO()
    options: dict[str, object] = {}
    icc = picture.info.get("icc_profile")
    if icc:
        options["icc_profile"] = icc
    _eight_bit(picture).save(buffer, "PNG", **options)
    return buffer.getvalue()
