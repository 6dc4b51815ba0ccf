"""The fixed folder of small good and bad images that fuzzed articles refer to.

Made once per process in a temporary folder (:func:`image_folder`). Every name
in :data:`IMAGE_NAMES` exists there; the grammar also refers to names that do
not (missing, remote, ``%00``, 300-character parts, paths leaving the folder).
"""

from __future__ import annotations

import functools
import io
import tempfile
from collections.abc import Callable
from pathlib import Path

from PIL import Image


def _encoded(image: Image.Image, fmt: str, **options: object) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, fmt, **options)
    return buffer.getvalue()


def _rgb(width: int, height: int, fmt: str, **options: object) -> bytes:
    return _encoded(Image.new("RGB", (width, height), (30, 90, 160)), fmt, **options)


def _alpha_png() -> bytes:
    image = Image.new("RGBA", (40, 30), (200, 10, 10, 0))
    image.paste((10, 200, 10, 255), (10, 5, 30, 25))
    return _encoded(image, "PNG")


def _animated_gif() -> bytes:
    frames = [Image.new("P", (20, 20), colour) for colour in (1, 2, 3)]
    return _encoded(frames[0], "GIF", save_all=True, append_images=frames[1:], duration=100, loop=0)


def _exif_rotated_jpeg() -> bytes:
    image = Image.new("RGB", (60, 20), (0, 0, 0))
    exif = Image.Exif()
    exif[0x0112] = 6  # orientation: rotate 90° clockwise to show
    return _encoded(image, "JPEG", exif=exif.tobytes())


SVG_GOOD = b'<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20"><rect width="40" height="20" fill="teal"/></svg>'
SVG_HOSTILE = (b'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" onload="alert(1)" '
               b'viewBox="0 0 10 10"><script>alert(2)</script><image xlink:href="file:///etc/passwd" width="5" '
               b'height="5"/><a href="javascript:alert(3)"><rect width="5" height="5"/></a>'
               b'<foreignObject><iframe src="https://example.org"/></foreignObject></svg>')
SVG_ENTITIES = b'<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY a "aaaaaaaaaa">]><svg xmlns="http://www.w3.org/2000/svg">&a;</svg>'

#: name → how to make it. Good pictures of every kind we take, and files that only pretend to be pictures.
MAKERS: dict[str, Callable[[], bytes]] = {
    "good.jpg": lambda: _rgb(60, 40, "JPEG"),
    "good.png": lambda: _rgb(30, 20, "PNG"),
    "alpha.png": _alpha_png,
    "grey16.png": lambda: _encoded(Image.new("I;16", (20, 20), 3000), "PNG"),
    "palette.png": lambda: _encoded(Image.new("P", (20, 20), 5), "PNG"),
    "cmyk.jpg": lambda: _encoded(Image.new("CMYK", (20, 20), (10, 20, 30, 40)), "JPEG"),
    "rotated.jpg": _exif_rotated_jpeg,
    "tiny.gif": lambda: _rgb(1, 1, "GIF"),
    "anim.gif": _animated_gif,
    "good.webp": lambda: _rgb(20, 20, "WEBP"),
    "good.tiff": lambda: _rgb(20, 20, "TIFF"),
    "good.bmp": lambda: _rgb(20, 20, "BMP"),
    "wide.png": lambda: _rgb(4000, 4, "PNG"),
    "tall.png": lambda: _rgb(4, 4000, "PNG"),
    "good.svg": lambda: SVG_GOOD,
    "hostile.svg": lambda: SVG_HOSTILE,
    "entities.svg": lambda: SVG_ENTITIES,
    "truncated.jpg": lambda: _rgb(200, 200, "JPEG")[:300],
    "truncated.png": lambda: _rgb(200, 200, "PNG")[:60],
    "notimage.png": lambda: b"<html><script>alert(1)</script></html>",
    "empty.png": lambda: b"",
    "pdf.jpg": lambda: b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n",
    "zip.png": lambda: b"PK\x03\x04" + b"\x00" * 40,
    "wrongext.png": lambda: _rgb(20, 20, "JPEG"),
    "a b.png": lambda: _rgb(10, 10, "PNG"),
    "фото.jpg": lambda: _rgb(10, 10, "JPEG"),
    "sub/nested.png": lambda: _rgb(10, 10, "PNG"),
}
IMAGE_NAMES: tuple[str, ...] = tuple(MAKERS)
#: The names that are good pictures (the grammar prefers them, so most articles get past their images).
GOOD_IMAGES: tuple[str, ...] = tuple(name for name in MAKERS if not name.startswith(
    ("truncated", "notimage", "empty", "pdf.", "zip.", "entities")))


@functools.cache
def image_folder() -> Path:
    """A temporary folder holding every image of :data:`MAKERS` (made once per process), plus one outside it."""
    root = Path(tempfile.mkdtemp(prefix="convert-fuzz-"))
    folder = root / "article"
    for name, make in MAKERS.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(make())
    (root / "outside.jpg").write_bytes(_rgb(10, 10, "JPEG"))  # exists, but outside the allowed folder
    (folder / "link-out.jpg").symlink_to(root / "outside.jpg")
    return folder
