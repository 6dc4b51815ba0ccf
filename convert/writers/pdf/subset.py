"""Lean TrueType subsets for the PDF: only the glyphs drawn, no hinting, no name table, made once.

reportlab embeds each subset with the font's hinting programs (``fpgm``, ``prep``,
``cvt ``, and instructions inside every glyph: about half of DejaVu's glyph data) and
its ``name`` table (8-16 KB of licence text). PDF viewers rasterise without TrueType
hinting anyway, and a PDF needs only the tables that draw glyphs, so both go. What
stays is a valid TrueType program: outlines, metrics, cmap (``post`` is format 3, and
reportlab copies no layout tables: shaping is done before the PDF is written). A subset
holds only the characters drawn (:class:`LeanFont`), not all of printable ASCII as
reportlab's default does.

fontTools' subsetter was measured against this (the seed's faces, 2024-era Noto and
DejaVu): its programs are 1-5 % smaller once compressed, but it takes 30-140 ms a face
where this takes 4-8 ms, so it is not used.

A subset's PDF streams (the compressed program, the ToUnicode map) are the same bytes
for the same glyphs in every document, so each face keeps them once made (an immutable
cache: a warm render of the same article formats and compresses no font data again).
"""

from __future__ import annotations

from struct import pack, unpack_from
from typing import Any

from reportlab.pdfbase.pdfdoc import (
    NoEncryption,
    PDFArray,
    PDFDictionary,
    PDFObject,
    PDFStream,
    PDFTrueTypeFont,
    PDFZCompress,
)
from reportlab.pdfbase.ttfonts import SUBSETN, TTFont, TTFontFace, TTFontMaker, makeToUnicodeCMap

#: Subsets kept per face (a warm render of the same article reuses them).
SUBSET_CACHE = 256
#: Tables reportlab copies that drawing does not need once glyph instructions are gone.
DROPPED = frozenset({"name", "fpgm", "prep", "cvt "})

_MORE_COMPONENTS = 0x0020
_ARGS_ARE_WORDS = 0x0001
_HAVE_SCALE = 0x0008
_HAVE_XY_SCALE = 0x0040
_HAVE_2X2 = 0x0080
_HAVE_INSTRUCTIONS = 0x0100


class LeanFont(TTFont):  # type: ignore[misc]
    """A TrueType font embedded as :class:`LeanFace` subsets of the characters drawn, their PDF text made once.

    reportlab's ``asciiReadable`` default puts all of printable ASCII in every subset, drawn
    or not (about half of each embedded program on an English page); without it a subset's
    codes are given in order of first use, the space keeping code 32 (for word spacing).
    """

    def __init__(self, name: str, filename: str) -> None:
        super().__init__(name, filename, asciiReadable=False)
        self.face.__class__ = LeanFace  # parsed as usual; only the embedded subsets change

    def addObjects(self, doc: Any) -> None:
        """reportlab's objects for each subset, made in its order (so numbered as it numbers them), with the
        widths, ToUnicode map and font program from the face's cache of their PDF text."""
        state = self.state.get(doc)
        if state is None or not isinstance(doc.encrypt, NoEncryption):  # encrypted: the text is the document's
            super().addObjects(doc)
            return
        state.frozen = 1
        face: LeanFace = self.face
        fonts = doc.idToObject["BasicFonts"].dict
        for number, subset in enumerate(state.subsets):
            internal = self.getSubsetInternalName(number, doc)[1:]
            base = b"".join((SUBSETN(number), b"+", face.name, face.subfontNameX)).decode("pdfdoc")
            font = KeptFont(face.__dict__.setdefault("_fonts", {}), (internal, base, tuple(subset)))
            font.__Comment__ = f"Font {self.fontName} subset {number}"
            font.Name, font.BaseFont, font.FirstChar, font.LastChar = internal, base, 0, len(subset) - 1
            widths, to_unicode = face.subset_text(doc, base, subset)
            font.Widths = Formatted(widths)
            font.ToUnicode = doc.Reference(FormattedStream(to_unicode), "toUnicodeCMap:" + base)
            font.FontDescriptor = face.addSubsetObjects(doc, base, subset)
            doc.Reference(font, internal)
            fonts[internal] = font
        del self.state[doc]


class LeanFace(TTFontFace):  # type: ignore[misc]
    """A parsed face whose embedded subsets carry no hinting and no name table."""

    def get_table(self, tag: str) -> bytes:
        if tag in DROPPED:
            raise KeyError(tag)  # reportlab's subsetter skips tables whose lookup fails
        return bytes(super().get_table(tag))

    def makeSubset(self, subset: list[int]) -> bytes:
        """The subset program, made once per set of glyphs (an immutable cache: same glyphs, same bytes)."""
        key = tuple(subset)
        cache: dict[tuple[int, ...], bytes] = self.__dict__.setdefault("_subsets", {})
        made = cache.get(key)
        if made is None:
            made = bytes(super().makeSubset(subset))
            if self._hinted:
                made = strip_hinting(made)
            _bounded(cache)[key] = made
        return made

    @property
    def _hinted(self) -> bool:
        """Whether the font has hinting to strip (the shipped faces were subset without it)."""
        hinted = self.__dict__.get("_has_hinting")
        if hinted is None:
            hinted = self.__dict__["_has_hinting"] = any(tag in self.table for tag in ("fpgm", "prep", "cvt "))
        return bool(hinted)

    def subset_text(self, doc: Any, fontname: str, subset: list[int]) -> tuple[bytes, bytes]:
        """A subset's ``/Widths`` array and ToUnicode stream as PDF text, made once per process.

        The ToUnicode map gives shaped glyphs that have no character of their own the characters
        they came from, and characters beyond U+FFFF (emoji) their UTF-16 form: reportlab's map
        names such a glyph by a private code point, and text copied from the PDF missed those
        letters (Arabic joined forms, marks). A private code's text never changes once given.
        """
        all_texts: dict[int, str] = getattr(self, "private_texts", None) or {}
        texts = tuple((code, all_texts.get(code)) for code in subset if code in all_texts or code > 0xFFFF)
        key = ("font", fontname, tuple(subset), texts, bool(doc.compression))
        cache: dict[tuple[Any, ...], tuple[bytes, bytes]] = self.__dict__.setdefault("_texts", {})
        made = cache.get(key)
        if made is None:
            cmap = PDFStream(content=_to_unicode(fontname, subset, all_texts) if texts
                             else makeToUnicodeCMap(fontname, subset))
            if doc.compression:
                cmap.filters = [PDFZCompress]
            widths = PDFArray([self.getCharWidth(code) for code in subset])
            made = _bounded(cache)[key] = (bytes(widths.format(doc)), bytes(cmap.format(doc)))
        return made

    def addSubsetObjects(self, doc: Any, fontname: str, subset: list[int]) -> Any:
        """reportlab's font descriptor, with the font program's stream formatted (and compressed) once per process."""
        descriptor = super().addSubsetObjects(doc, fontname, subset)
        name = f"fontFile:{self.filename}({fontname})"
        key = ("program", tuple(subset), bool(doc.compression))
        cache: dict[tuple[Any, ...], bytes] = self.__dict__.setdefault("_programs", {})
        text = cache.get(key)
        if text is None:
            text = _bounded(cache)[key] = bytes(doc.idToObject[name].format(doc))
        doc.idToObject[name] = FormattedStream(text)
        self._keep_descriptor(doc, "fontDescriptor:" + fontname)
        return descriptor

    def _keep_descriptor(self, doc: Any, name: str) -> None:
        """The descriptor as its PDF text around its one reference (the font program's object number)."""
        dictionary = doc.idToObject[name]
        program = dictionary["FontFile2"]
        cache: dict[str, tuple[bytes, ...]] = self.__dict__.setdefault("_descriptors", {})
        parts = cache.get(name)  # the rest is the face's (metrics, flags, box) and the subset's name
        if parts is None:
            text = bytes(PDFDictionary({**dictionary.dict, "FontFile2": Formatted(_HOLE)}).format(doc))
            parts = _bounded(cache)[name] = tuple(text.split(_HOLE))
        doc.idToObject[name] = Referring(parts, (program,))


def _bounded(cache: dict[Any, Any]) -> dict[Any, Any]:
    """``cache`` with room for one more entry (the oldest goes)."""
    if len(cache) >= SUBSET_CACHE:
        cache.pop(next(iter(cache)), None)
    return cache


class Formatted(PDFObject):  # type: ignore[misc]
    """An object whose PDF text is known (it holds no reference: the same text in any document)."""

    def __init__(self, text: bytes) -> None:
        self.text = text

    def format(self, document: Any) -> bytes:
        return self.text


class FormattedStream(Formatted):
    """A stream whose text is known: an indirect object, never written inline."""

    __RefOnly__ = 1


#: Stands for the reference in a dictionary formatted once (:meth:`LeanFace._keep_descriptor`).
_HOLE = b"\0reference\0"


class Referring(PDFObject):  # type: ignore[misc]
    """An indirect object whose text is known but for its references to other objects (``parts`` around them)."""

    __RefOnly__ = 1

    def __init__(self, parts: tuple[bytes, ...], references: tuple[Any, ...]) -> None:
        self.parts, self.references = parts, references

    def format(self, document: Any) -> bytes:
        return _filled(self.parts, self.references, document)


class KeptFont(PDFTrueTypeFont):  # type: ignore[misc]
    """reportlab's TrueType font dictionary, its text made once per subset but for its two references."""

    FontDescriptor: Any
    ToUnicode: Any

    def __init__(self, cache: dict[tuple[Any, ...], tuple[bytes, ...]], key: tuple[Any, ...]) -> None:
        self.cache, self.key = cache, key

    def format(self, document: Any) -> bytes:
        references = (self.FontDescriptor, self.ToUnicode)  # in the dictionary's (sorted) order
        parts = self.cache.get(self.key)
        if parts is None:
            self.FontDescriptor = self.ToUnicode = Formatted(_HOLE)
            text = bytes(super().format(document))
            self.FontDescriptor, self.ToUnicode = references
            parts = _bounded(self.cache)[self.key] = tuple(text.split(_HOLE))
        return _filled(parts, references, document)


def _filled(parts: tuple[bytes, ...], references: tuple[Any, ...], document: Any) -> bytes:
    """``parts`` with each reference's text between two of them."""
    out = [parts[0]]
    for reference, part in zip(references, parts[1:], strict=True):
        out += (bytes(reference.format(document)), part)
    return b"".join(out)


def _to_unicode(fontname: str, subset: list[int], texts: dict[int, str]) -> str:
    """reportlab's ToUnicode CMap with each private code replaced by its text (UTF-16BE, may be several units)."""
    lines = makeToUnicodeCMap(fontname, subset).split("\n")
    for index, code in enumerate(subset):
        if code in texts or code > 0xFFFF:  # reportlab writes <1F600> for an emoji: UTF-16 wants <D83DDE00>
            old = f"<{index:02X}> <{code:04X}>"
            text = texts.get(code) or chr(code)
            lines[lines.index(old)] = "<{:02X}> <{}>".format(index, text.encode("utf-16-be", "surrogatepass").hex().upper())
    return "\n".join(lines)


def strip_hinting(font: bytes) -> bytes:
    """The same TrueType font with every glyph's instructions removed (long ``loca``)."""
    tables = _tables(font)
    head = tables["head"]
    long_loca = unpack_from(">h", head, 50)[0] == 1
    count = len(tables["loca"]) // (4 if long_loca else 2) - 1
    offsets = unpack_from(f">{count + 1}{'L' if long_loca else 'H'}", tables["loca"])
    scale = 1 if long_loca else 2
    glyf = tables["glyf"]
    out = bytearray()
    starts = []
    for index in range(count):
        starts.append(len(out))
        out += _strip_glyph(glyf[offsets[index] * scale: offsets[index + 1] * scale])
        out += b"\0" * (-len(out) % 4)
    starts.append(len(out))
    maker = TTFontMaker()
    for tag, data in tables.items():
        if tag not in DROPPED:
            maker.add(tag, data)
    maker.add("glyf", bytes(out))
    maker.add("loca", pack(f">{count + 1}L", *starts))
    maker.add("head", head[:50] + pack(">h", 1) + head[52:])
    return bytes(maker.makeStream())


def _tables(font: bytes) -> dict[str, bytes]:
    count = unpack_from(">H", font, 4)[0]
    tables = {}
    for index in range(count):
        tag, _checksum, offset, length = unpack_from(">4sLLL", font, 12 + 16 * index)
        tables[tag.decode("latin-1")] = font[offset: offset + length]
    return tables


def _strip_glyph(data: bytes) -> bytes:
    if len(data) < 10:
        return b""  # an empty glyph (a space)
    contours = unpack_from(">h", data, 0)[0]
    if contours >= 0:
        instructions_at = 10 + 2 * contours
        length = unpack_from(">H", data, instructions_at)[0]
        outline_at = instructions_at + 2 + length
        points = unpack_from(">H", data, instructions_at - 2)[0] + 1 if contours else 0
        end = outline_at + _outline_size(data, outline_at, points)
        return data[:instructions_at] + b"\0\0" + data[outline_at:end]
    return _strip_composite(data)


def _outline_size(data: bytes, start: int, points: int) -> int:
    """Bytes of a simple glyph's flags and coordinates (so no stale padding is carried over)."""
    position = start
    x_bytes = y_bytes = 0
    seen = 0
    while seen < points:
        flag = data[position]
        position += 1
        repeat = 1
        if flag & 0x08:  # REPEAT_FLAG: the next byte says how many more times
            repeat += data[position]
            position += 1
        x_bytes += repeat * (1 if flag & 0x02 else 0 if flag & 0x10 else 2)
        y_bytes += repeat * (1 if flag & 0x04 else 0 if flag & 0x20 else 2)
        seen += repeat
    return position - start + x_bytes + y_bytes


def _strip_composite(data: bytes) -> bytes:
    out = bytearray(data[:10])
    position = 10
    flags = _MORE_COMPONENTS
    while flags & _MORE_COMPONENTS:
        flags = unpack_from(">H", data, position)[0]
        size = 4 + (4 if flags & _ARGS_ARE_WORDS else 2)
        size += 2 if flags & _HAVE_SCALE else 4 if flags & _HAVE_XY_SCALE else 8 if flags & _HAVE_2X2 else 0
        out += pack(">H", flags & ~_HAVE_INSTRUCTIONS) + data[position + 2: position + size]
        position += size
    return bytes(out)  # any instructions after the last component are dropped
