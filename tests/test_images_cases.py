"""Test pictures as cameras, wire services and graphics desks make them (built here, tiny), and how to look at them.

Three patterns, each with something to check after a writer is done:
- ``flag`` (40x60, portrait as displayed): a top band red on the left and yellow on
  the right, green in the middle, blue at the bottom. Upside down, turned or
  mirrored, the corners tell.
- ``frame`` (40x40): an opaque border around a transparent centre; the centre must
  show the page's white, never black.
- ``grey`` (40x60): black above, mid-grey below (16-bit greyscale).
"""

from __future__ import annotations

import io
import struct
import zlib
from collections.abc import Callable
from dataclasses import dataclass

from PIL import Image, ImageFilter

RED, YELLOW, GREEN, BLUE = (255, 0, 0), (255, 255, 0), (0, 160, 0), (0, 0, 255)
FLAG_SIZE = (40, 60)
FRAME_SIZE = (40, 40)

# The stored picture for EXIF orientation n is the upright one turned the other way (CIPA DC-008).
_STORED = {2: Image.Transpose.FLIP_LEFT_RIGHT, 3: Image.Transpose.ROTATE_180, 4: Image.Transpose.FLIP_TOP_BOTTOM,
           5: Image.Transpose.TRANSPOSE, 6: Image.Transpose.ROTATE_90, 7: Image.Transpose.TRANSVERSE,
           8: Image.Transpose.ROTATE_270}


def flag() -> Image.Image:
    picture = Image.new("RGB", FLAG_SIZE, GREEN)
    picture.paste(RED, (0, 0, 20, 20))
    picture.paste(YELLOW, (20, 0, 40, 20))
    picture.paste(BLUE, (0, 40, 40, 60))
    return picture


def frame(mode: str = "RGBA") -> Image.Image:
    picture = Image.new("RGBA", FRAME_SIZE, (*BLUE, 255))
    # transparent pixels are black underneath, as most files store them: a writer that drops alpha shows black
    picture.paste((0, 0, 0, 0), (10, 10, 30, 30))
    if mode == "LA":
        picture = Image.new("LA", FRAME_SIZE, (0, 255))
        picture.paste((0, 0), (10, 10, 30, 30))
    elif mode == "P":
        palette = Image.new("P", FRAME_SIZE, 1)
        palette.putpalette([0, 0, 0, *BLUE] + [0] * (256 - 2) * 3)
        palette.paste(0, (10, 10, 30, 30))
        palette.info["transparency"] = 0
        return palette
    return picture


def _save(picture: Image.Image, fmt: str, **options: object) -> bytes:
    buffer = io.BytesIO()
    picture.save(buffer, fmt, **options)
    return buffer.getvalue()


def jpeg_oriented(orientation: int) -> bytes:
    stored = flag()
    turn = _STORED.get(orientation)
    if turn is not None:
        stored = stored.transpose(turn)
    exif = Image.Exif()
    exif[0x0112] = orientation
    return _save(stored, "JPEG", quality=95, exif=exif.tobytes())


def jpeg_without_jfif() -> bytes:
    data = _save(flag(), "JPEG", quality=95)
    assert data[6:10] == b"JFIF"
    (length,) = struct.unpack(">H", data[4:6])
    return data[:2] + data[4 + length:]


def jpeg_broken_exif() -> bytes:
    """An Exif block whose first directory lies past its end (python-docx failed on such files)."""
    data = jpeg_without_jfif()
    body = b"Exif\x00\x00" + b"MM\x00\x2a\x00\x00\xff\xf0" + b"\x00" * 8
    return data[:2] + b"\xff\xe1" + struct.pack(">H", len(body) + 2) + body + data[2:]


def grey16() -> bytes:
    picture = Image.new("I", FLAG_SIZE, 0)  # Pillow pastes into 32-bit, then narrows to 16
    picture.paste(0x8000, (0, 30, 40, 60))
    return _save(picture.convert("I;16"), "PNG")


def rgb16() -> bytes:
    """A 48-bit PNG, written chunk by chunk (Pillow writes no 16-bit RGB)."""
    width, height = FLAG_SIZE
    upright = flag()
    rows = []
    for y in range(height):
        row = b"".join(struct.pack(">HHH", *(c * 257 for c in upright.getpixel((x, y)))) for x in range(width))
        rows.append(b"\x00" + row)

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    header = struct.pack(">IIBBBBB", width, height, 16, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"".join(rows)))
            + chunk(b"IEND", b""))


def svg_flag() -> bytes:
    return (b'<svg xmlns="http://www.w3.org/2000/svg" width="40" height="60" viewBox="0 0 40 60">'
            b'<rect width="40" height="60" fill="#00a000"/><rect width="20" height="20" fill="#ff0000"/>'
            b'<rect x="20" width="20" height="20" fill="#ffff00"/><rect y="40" width="40" height="20" fill="#0000ff"/>'
            b"</svg>")


@dataclass(frozen=True)
class Case:
    """A test picture: its file name, its bytes, its displayed size and the pattern to check."""

    name: str
    file: str
    make: Callable[[], bytes]
    pattern: str  # "flag", "frame" or "grey"

    @property
    def size(self) -> tuple[int, int]:
        return FRAME_SIZE if self.pattern.startswith("frame") else FLAG_SIZE


CASES = [
    Case("jpeg-baseline", "x.jpg", lambda: _save(flag(), "JPEG", quality=95), "flag"),
    Case("jpeg-progressive", "x.jpg", lambda: _save(flag(), "JPEG", quality=95, progressive=True), "flag"),
    Case("jpeg-cmyk-adobe", "x.jpg", lambda: _save(flag().convert("CMYK"), "JPEG", quality=95), "flag"),
    Case("jpeg-without-jfif", "x.jpg", jpeg_without_jfif, "flag"),
    *(Case(f"jpeg-orientation-{n}", "x.jpg", lambda n=n: jpeg_oriented(n), "flag") for n in range(1, 9)),
    Case("jpeg-broken-exif", "x.jpg", jpeg_broken_exif, "flag"),
    Case("png-rgb", "x.png", lambda: _save(flag(), "PNG"), "flag"),
    Case("png-rgba", "x.png", lambda: _save(frame(), "PNG"), "frame"),
    Case("png-la", "x.png", lambda: _save(frame("LA"), "PNG"), "frame-dark"),
    Case("png-palette-trns", "x.png", lambda: _save(frame("P"), "PNG", transparency=0), "frame"),
    Case("png-16-grey", "x.png", grey16, "grey"),
    Case("png-16-rgb", "x.png", rgb16, "flag"),
    Case("gif-transparent", "x.gif", lambda: _save(frame("P"), "GIF", transparency=0), "frame"),
    Case("webp", "x.webp", lambda: _save(flag(), "WEBP", quality=95), "flag"),
    Case("tiff", "x.tif", lambda: _save(flag(), "TIFF"), "flag"),
    Case("bmp", "x.bmp", lambda: _save(flag(), "BMP"), "flag"),
    Case("svg", "x.svg", svg_flag, "flag"),
]


def near(found: tuple[int, ...], wanted: tuple[int, ...], tolerance: int = 60) -> bool:
    return all(abs(a - b) <= tolerance for a, b in zip(found, wanted, strict=False))


def check_pattern(picture: Image.Image, pattern: str) -> list[str]:
    """What is wrong with ``picture`` (already cropped to the figure), as readable complaints; [] if right."""
    rgb = picture.convert("RGB")
    width, height = rgb.size

    def at(fx: float, fy: float) -> tuple[int, int, int]:
        return rgb.getpixel((min(width - 1, int(fx * width)), min(height - 1, int(fy * height))))  # type: ignore[return-value]

    wanted: dict[str, tuple[tuple[float, float], tuple[int, int, int]]]
    if pattern == "flag":
        wanted = {"top left": ((0.2, 0.12), RED), "top right": ((0.8, 0.12), YELLOW), "bottom": ((0.5, 0.85), BLUE)}
    elif pattern in ("frame", "frame-dark"):
        border = BLUE if pattern == "frame" else (0, 0, 0)
        wanted = {"border": ((0.1, 0.1), border), "transparent centre": ((0.5, 0.5), (255, 255, 255))}
    else:
        wanted = {"top": ((0.5, 0.2), (0, 0, 0)), "bottom": ((0.5, 0.8), (128, 128, 128))}
    return [f"{name}: {at(*where)} instead of {colour}" for name, (where, colour) in wanted.items()
            if not near(at(*where), colour)]


def crop_to_picture(page: Image.Image, pattern: str) -> Image.Image | None:
    """The figure on a rendered page: the box of its coloured pixels (or, for grey patterns, of its dark areas).

    Text is dark too, but thin: a minimum filter erases it before the box is taken.
    """
    rgb = page.convert("RGB")
    if pattern in ("grey", "frame-dark"):
        mask = rgb.convert("L").point(lambda v: 255 if v < 170 else 0).filter(ImageFilter.MinFilter(9))
    else:
        mask = rgb.convert("HSV").split()[1].point(lambda s: 255 if s > 120 else 0)
    box = mask.getbbox()
    if box is None:
        return None
    if pattern in ("grey", "frame-dark"):  # the filter ate 4 pixels on each side
        box = (max(0, box[0] - 4), max(0, box[1] - 4), min(rgb.width, box[2] + 4), min(rgb.height, box[3] + 4))
    return rgb.crop(box)
