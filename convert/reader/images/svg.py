"""SVG pictures: parsed safely, stripped of anything live or external, sized, and drawn once as PNG.

An SVG is a program as much as a picture. What it may do here: nothing. The
file is parsed with defusedxml (no entity declarations, no external DTD or
entities), then every script, event handler, ``foreignObject``, reference to
another file or address (``href``, ``url(...)``, ``@import``, ``xml:base``) is
removed, with one warning listing what went. What remains is kept as vector for
the formats that take SVG (EPUB, HTML, and the PDF, drawn with svglib), plus a
PNG drawn by resvg for those that do not (Word, as Word itself does when it
stores an SVG with a PNG fallback).
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable

import defusedxml.ElementTree as SafeElementTree
import resvg_py
from defusedxml import DefusedXmlException
from lxml import etree

from ...errors import AssetError
from ...model import Image, Rendition

SVG_NS = "http://www.w3.org/2000/svg"
XLINK_NS = "http://www.w3.org/1999/xlink"
#: CSS pixels per unit (CSS Values 3 §5.2: 96 px to the inch).
_UNITS = {"": 1.0, "px": 1.0, "pt": 96 / 72, "pc": 16.0, "in": 96.0, "cm": 96 / 2.54, "mm": 96 / 25.4,
          "q": 96 / 101.6, "em": 16.0, "ex": 8.0}
_LENGTH = re.compile(r"^\s*([+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)\s*([a-zA-Z]*)\s*$")
#: The size of a replaced element that states none (CSS 2.1 §10.3.2).
_DEFAULT_SIZE = (300.0, 150.0)
_MAX_SIDE = 100_000.0
#: The PNG drawing: twice the natural size (sharp on high-resolution screens and in print), within this many pixels.
_PNG_ZOOM = 2.0
_PNG_MAX_PIXELS = 4_000_000
_LIVE_ELEMENTS = {"script", "foreignObject", "handler", "listener"}
_ANIMATIONS = {"set", "animate", "animateTransform", "animateMotion", "animateColor"}
_URL_IN_CSS = re.compile(r"""url\(\s*(['"]?)(?!#)[^)]*\)""", re.IGNORECASE)
_IMPORT_IN_CSS = re.compile(r"@import[^;]*;?", re.IGNORECASE)
_SAFE_DATA_IMAGE = re.compile(r"^\s*data:image/(png|jpeg|gif|webp);base64,", re.IGNORECASE)

Fail = Callable[[str, str], AssetError]
Warn = Callable[[str], None]


def looks_like_svg(data: bytes) -> bool:
    """Whether ``data`` is XML whose first element is ``svg`` (sniffed like a browser, from the content)."""
    head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n")
    return head.startswith(b"<") and re.search(rb"<(?:[A-Za-z_][\w.-]*:)?svg[\s>/]", head) is not None


def understand(data: bytes, source: str, path: str, fail: Fail, warn: Warn) -> Image:
    """The :class:`~convert.model.Image` of the SVG file ``data``: sanitised SVG plus a PNG rendition.

    Raises the :class:`~convert.errors.AssetError` that ``fail`` makes for XML that
    is broken or declares entities, a root that is not ``svg``, an absurd size, or
    an SVG that cannot be drawn.
    """
    root = _parse(data, source, fail)
    removed = _sanitise(root)
    if removed:
        listed = ", ".join(f"{count} {what}" for what, count in sorted(removed.items()))
        warn(f"removed from the SVG what could run or fetch something: {listed}")
    width, height = _size(root, source, fail)
    if _length(root.get("width")) is None or _length(root.get("height")) is None:
        # a size every reader agrees on (a missing height means 100 % of a box no one knows)
        root.set("width", f"{width:g}")
        root.set("height", f"{height:g}")
    clean = etree.tostring(root, encoding="utf-8", xml_declaration=True)
    png = _draw(clean, width, height, source, fail)
    return Image(source, clean, "svg", max(1, round(width)), max(1, round(height)), path, 96.0,
                 (Rendition("png", png),))


def _parse(data: bytes, source: str, fail: Fail) -> etree._Element:
    try:  # defusedxml first: it refuses entity declarations and external references outright
        SafeElementTree.fromstring(data, forbid_dtd=False, forbid_entities=True, forbid_external=True)
    except DefusedXmlException:
        raise fail(f"SVG declares entities or refers to external definitions: {source}",
                   "export it again without a DOCTYPE (plain SVG)") from None
    except SafeElementTree.ParseError as exc:
        raise fail(f"not an image: {source}", f"it looks like SVG but is not well-formed XML ({exc})") from None
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, remove_comments=True,
                             remove_pis=True, huge_tree=False)
    try:
        root = etree.fromstring(data, parser=parser)
    except etree.XMLSyntaxError as exc:
        raise fail(f"not an image: {source}", f"it looks like SVG but is not well-formed XML ({exc})") from None
    if etree.QName(root).localname != "svg" or etree.QName(root).namespace not in (SVG_NS, None):
        raise fail(f"not an image: {source}", "the file is XML but not SVG")
    if etree.QName(root).namespace is None:  # readers show only namespaced SVG; say what was meant
        for element in root.iter():
            if isinstance(element.tag, str) and etree.QName(element).namespace is None:
                element.tag = f"{{{SVG_NS}}}{element.tag}"
        root = etree.fromstring(etree.tostring(root), parser=parser)
    return root


def _sanitise(root: etree._Element) -> Counter[str]:
    """Remove what could run code or fetch a file or an address; count what went."""
    removed: Counter[str] = Counter()
    for element in list(root.iter()):
        if not isinstance(element.tag, str):
            continue
        name = etree.QName(element).localname
        if name in _LIVE_ELEMENTS or (name in _ANIMATIONS and "href" in (element.get("attributeName") or "")):
            parent = element.getparent()
            if parent is not None:
                parent.remove(element)
                removed["script" if name == "script" else "live element"] += 1
            continue
        if name == "style" and element.text:
            element.text, count = _clean_css(element.text)
            removed["external reference"] += count
        _sanitise_attributes(element, removed)
    return +removed


def _sanitise_attributes(element: etree._Element, removed: Counter[str]) -> None:
    for key in list(element.attrib):
        local = etree.QName(key).localname
        value = str(element.attrib[key])
        if local.lower().startswith("on"):
            del element.attrib[key]
            removed["event handler"] += 1
        elif local == "href":
            if not (value.startswith("#") or _SAFE_DATA_IMAGE.match(value)):
                del element.attrib[key]
                removed["external reference"] += 1
        elif local == "base" and etree.QName(key).namespace == "http://www.w3.org/XML/1998/namespace":
            del element.attrib[key]
        elif "url(" in value.lower() or "@import" in value.lower():
            cleaned, count = _clean_css(value)
            element.attrib[key] = cleaned
            removed["external reference"] += count


def _clean_css(text: str) -> tuple[str, int]:
    text, imports = _IMPORT_IN_CSS.subn("", text)
    text, urls = _URL_IN_CSS.subn("none", text)
    return text, imports + urls


def _length(value: str | None) -> float | None:
    match = _LENGTH.match(value or "")
    if not match or match.group(2).lower() not in _UNITS:
        return None  # absent, a percentage, or a unit we do not know
    return float(match.group(1)) * _UNITS[match.group(2).lower()]


def _size(root: etree._Element, source: str, fail: Fail) -> tuple[float, float]:
    """The natural size in CSS pixels: width/height, completed from the viewBox's proportions (SVG 2 §8.2)."""
    width, height = _length(root.get("width")), _length(root.get("height"))
    box = [float(v) for v in re.split(r"[\s,]+", (root.get("viewBox") or "").strip()) if _is_number(v)]
    ratio = box[2] / box[3] if len(box) == 4 and box[2] > 0 and box[3] > 0 else None
    if width is None and height is None and ratio is not None:
        width, height = box[2], box[3]
    elif width is None and height is not None:
        width = height * ratio if ratio else _DEFAULT_SIZE[0]
    elif height is None and width is not None:
        height = width / ratio if ratio else _DEFAULT_SIZE[1]
    width, height = width or _DEFAULT_SIZE[0], height or _DEFAULT_SIZE[1]
    if not (0 < width <= _MAX_SIDE and 0 < height <= _MAX_SIDE) or min(width, height) < 0.01:
        raise fail(f"SVG size {width:g}x{height:g} px is not drawable: {source}",
                   "give the <svg> element a width and height, or a viewBox")
    return width, height


def _is_number(text: str) -> bool:
    try:
        return math.isfinite(float(text))
    except ValueError:
        return False


def _draw(svg: bytes, width: float, height: float, source: str, fail: Fail) -> bytes:
    zoom = min(_PNG_ZOOM, math.sqrt(_PNG_MAX_PIXELS / (width * height)))
    try:
        png = resvg_py.svg_to_bytes(svg_string=svg.decode("utf-8"), zoom=zoom)
    except BaseException as exc:  # resvg raises its own (Rust panic) types; none may escape as they are
        if isinstance(exc, (KeyboardInterrupt, SystemExit)):
            raise
        raise fail(f"SVG cannot be drawn: {source} ({exc})", "open it in a browser, and export it again") from None
    if not png.startswith(b"\x89PNG"):
        raise fail(f"SVG cannot be drawn: {source}", "open it in a browser, and export it again")
    return bytes(png)
