"""Fonts for the PDF writer: the shipped Noto faces first, then fontconfig.

The package ships subsets of Noto Serif (body), Noto Sans (headings, captions),
Noto Naskh Arabic, Noto Sans Hebrew and Noto Serif Armenian under the SIL Open
Font License 1.1 (``OFL.txt`` beside this file): Latin (Azerbaijani included),
Greek, Cyrillic, Armenian, Arabic and Hebrew without a system font. Any other
family named with ``--font-family`` is found through fontconfig (``fc-list``),
and DejaVu from fontconfig covers what the shipped faces lack.

reportlab's font registry is per process. A font name is registered under a
lock, at most once, and a name is handed out only by :meth:`Family.ensure`, so
no style can name a face that is not registered (the cause of "no afm found").
Only TrueType files are used (reportlab embeds and subsets those).
"""

from __future__ import annotations

import functools
import hashlib
import threading
from dataclasses import dataclass
from pathlib import Path

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFError

from ....errors import WriterError
from ... import _fonts
from ..subset import LeanFace, LeanFont

SHIPPED_FOLDER = Path(__file__).resolve().parent
DEFAULT_BODY = "Noto Serif"
DEFAULT_HEADINGS = "Noto Sans"
DEFAULT_MONO = "DejaVu Sans Mono"
#: Tried in order for characters the chosen family lacks.
FALLBACKS = ("Noto Naskh Arabic", "Noto Sans Hebrew", "Noto Serif Armenian", "DejaVu Serif", "DejaVu Sans",
             "Noto Sans", "FreeSerif")

#: Family → face → file in this folder (subsets made with fontTools' pyftsubset, hinting dropped).
SHIPPED: dict[str, dict[str, str]] = {
    "Noto Serif": {"regular": "NotoSerif-Regular.ttf", "bold": "NotoSerif-Bold.ttf",
                   "italic": "NotoSerif-Italic.ttf", "bolditalic": "NotoSerif-BoldItalic.ttf"},
    "Noto Sans": {"regular": "NotoSans-Regular.ttf", "bold": "NotoSans-Bold.ttf", "italic": "NotoSans-Italic.ttf"},
    "Noto Naskh Arabic": {"regular": "NotoNaskhArabic-Regular.ttf", "bold": "NotoNaskhArabic-Bold.ttf"},
    "Noto Sans Hebrew": {"regular": "NotoSansHebrew-Regular.ttf", "bold": "NotoSansHebrew-Bold.ttf"},
    "Noto Serif Armenian": {"regular": "NotoSerifArmenian-Regular.ttf", "bold": "NotoSerifArmenian-Bold.ttf"},
}

_STYLE_NAMES = {
    "regular": ("Regular", "Book", "Roman", "Normal", "Medium"),
    "bold": ("Bold",),
    "italic": ("Italic", "Oblique"),
    "bolditalic": ("Bold Italic", "Bold Oblique", "BoldItalic", "BoldOblique"),
}
FACES = ("regular", "bold", "italic", "bolditalic")
#: Unicode's Default_Ignorable_Code_Point (DerivedCoreProperties.txt, Unicode 15.1), which covers every bidi
#: control (Bidi_Control), but the soft hyphen (where reportlab breaks lines): zero-width and bidi marks and
#: controls, joiners, variation selectors, fillers, tags. None is ever drawn (UAX #44: "should be rendered
#: completely invisibly").
INVISIBLE = (0x034F, 0x061C, 0x115F, 0x1160, 0x17B4, 0x17B5, *range(0x180B, 0x1810), *range(0x200B, 0x2010),
             *range(0x202A, 0x202F), *range(0x2060, 0x2070), 0x3164, *range(0xFE00, 0xFE10), 0xFEFF, 0xFFA0,
             *range(0xFFF0, 0xFFF9), *range(0x1BCA0, 0x1BCA4), *range(0x1D173, 0x1D17B), *range(0xE0000, 0xE1000))
#: A character no font has gets a stand-in code point (this plus its own: planes 15 and 16, private use) on the
#: face's glyph 0, whose ToUnicode entry is the character itself (:func:`stand_ins`).
STAND_IN_BASE = 0xF0000
_LOCK = threading.Lock()
#: reportlab's font registry is per process; this mirrors which of ours are in it (only grows, under _LOCK),
#: with the code points each face has as parsed (before shaping's private codes or stand-ins are added to it).
_REGISTERED: dict[str, frozenset[int]] = {}


@dataclass(frozen=True)
class Family:
    """A family whose faces are parsed and registered with reportlab only when first used.

    Parsing a TrueType file costs a few milliseconds, so a document pays only for the faces it shows.
    """

    family: str  # the family name, for messages
    files: tuple[tuple[str, str], ...]  # (face, path) for the four faces

    @functools.cached_property
    def _prefix(self) -> str:
        return f"F{hashlib.sha1(self.family.encode()).hexdigest()[:8]}-"

    def ensure(self, face: str = "regular") -> str:
        """Register ``face`` with reportlab if it is not yet; returns its reportlab font name.

        The only way to get a font name, so every name in a style or markup is registered.
        """
        font_name = self._prefix + face
        if font_name not in _REGISTERED:
            _register(font_name, dict(self.files)[face], self)
        return font_name

    @property
    def coverage(self) -> frozenset[int]:
        """Code points the regular face has glyphs for (as the file has them: the same in every render)."""
        return _REGISTERED[self.ensure("regular")]

    def map_faces(self) -> None:
        """Point <b>, <i> and both inside this family's text at its own faces (called under the lock)."""
        regular = self._prefix + "regular"
        for face in FACES:
            addMapping(regular, face in ("bold", "bolditalic"), face in ("italic", "bolditalic"), self._prefix + face)


def face_of(bold: bool, italic: bool) -> str:
    return FACES[int(bold) + 2 * int(italic)]


@dataclass(frozen=True)
class FontSet:
    """The families one render uses; ``mono`` and ``fallbacks`` are looked up only when first needed."""

    body: Family
    headings: Family
    body_is_default: bool = True

    @functools.cached_property
    def mono(self) -> Family:
        return _optional(DEFAULT_MONO) or self.body

    @functools.cached_property
    def fallbacks(self) -> tuple[Family, ...]:
        names = [n for n in FALLBACKS if n not in (self.body.family, self.headings.family)]
        return tuple(f for f in (_optional(n) for n in names) if f is not None)

    def covering(self, char: str) -> Family | None:
        """The first fallback family that has ``char``."""
        code = ord(char)
        return next((f for f in self.fallbacks if code in f.coverage), None)


@functools.lru_cache(maxsize=16)
def font_set(families: str | None) -> FontSet:
    """Fonts for ``--font-family`` ("Body" or "Body,Headings"; default Noto Serif / Noto Sans, shipped)."""
    names = [n.strip() for n in (families or "").split(",") if n.strip()]
    body_name = names[0] if names else DEFAULT_BODY
    headings_name = names[1] if len(names) > 1 else (DEFAULT_HEADINGS if not names else body_name)
    return FontSet(body=find_family(body_name), headings=find_family(headings_name), body_is_default=not names)


def _optional(name: str) -> Family | None:
    try:
        return find_family(name)
    except WriterError:
        return None


@functools.lru_cache(maxsize=32)
def find_family(name: str) -> Family:
    """Find ``name``'s files (shipped first, then fontconfig); nothing is parsed yet."""
    shipped = SHIPPED.get(name)
    files = {face: str(SHIPPED_FOLDER / file) for face, file in shipped.items()} if shipped else _faces(name)
    if "regular" not in files:
        raise WriterError(
            f"no TrueType font family {name!r} found through fontconfig",
            hint="install it (e.g. fonts-dejavu-core) or choose another with --font-family; 'fc-list' lists fonts",
        )
    chosen = {face: files.get(face) or files.get("bold" if face == "bolditalic" and "bold" in files else "regular")
              for face in FACES}
    return Family(name, tuple((face, path) for face, path in chosen.items() if path))


def _register(font_name: str, path: str, family: Family) -> None:
    """Parse and register a face once per process, with the family's <b>/<i> mapping."""
    with _LOCK:
        if font_name in _REGISTERED:
            return
        try:
            font = LeanFont(font_name, path)  # subsets of only the characters drawn
            _draw_invisible(font.face)
            pdfmetrics.registerFont(font)
        except TTFError as exc:
            raise WriterError(f"cannot use font {path}: {exc}", hint="choose another with --font-family") from None
        family.map_faces()  # registering maps a font's <b> and <i> to itself: map them back
        _REGISTERED[font_name] = frozenset(font.face.charToGlyph)


def _draw_invisible(face: LeanFace) -> None:
    """Draw every :data:`INVISIBLE` character with the face's empty space glyph at zero width.

    Without a glyph such a character was drawn as glyph 0, which copies out as NUL (a zero-width
    space in Armenian text, a bidi control in code); Noto's own glyphs for LRM, LRE, ZWJ or the
    combining grapheme joiner are visible marks (for font editors). With the empty glyph it draws
    nothing and copies out as itself, in every font, as in the DOCX, EPUB and HTML. HarfBuzz
    shapes with the font's own cmap (ZWJ and ZWNJ still join) and hides these characters itself.
    """
    space = face.charToGlyph.get(0x20)
    if space is None:
        return
    for code in INVISIBLE:
        face.charToGlyph[code] = space
        face.charWidths[code] = 0


def stand_ins(font_name: str, text: str) -> str:
    """``text`` with each character the face lacks (and no fallback has) replaced by its stand-in.

    reportlab draws such a character as glyph 0 with code 0, which copies out as NUL: an emoji
    without an emoji font was lost to search, copy and screen readers. Its stand-in is drawn
    with the same glyph (the face's empty box) and copies out as the character. A stand-in is
    the character's own code plus :data:`STAND_IN_BASE`, the same in every process and render;
    adding one to the face changes nothing already drawn (it is a code no text holds).
    """
    face = pdfmetrics.getFont(font_name).face
    known = face.charToGlyph
    if all(ord(char) in known for char in text):
        return text
    shown = []
    for char in text:
        code = ord(char)
        stand_in = STAND_IN_BASE + code
        if code in known or char.isspace() or stand_in > 0x10FFFD:
            shown.append(char)
            continue
        if stand_in not in known:
            with _LOCK:
                face.__dict__.setdefault("private_texts", {})[stand_in] = char  # read by the ToUnicode map
                face.charWidths[stand_in] = face.defaultWidth
                known[stand_in] = 0  # last: a face that has the code has its text and width
        shown.append(chr(stand_in))
    return "".join(shown)


def _faces(name: str) -> dict[str, str]:
    """style → file for the family (fontconfig's catalogue), preferring files whose main style name is exact."""
    if not _fonts.available():
        raise WriterError("fontconfig's fc-list is not installed", hint="install fontconfig to find fonts")
    wanted = name.casefold()
    found: dict[str, tuple[int, str]] = {}
    for path, families, styles in ((f.path, f.families, f.styles) for f in _fonts.catalogue()):
        if wanted not in (f.casefold() for f in families) or families[0].casefold() != wanted:
            continue
        for style, names in _STYLE_NAMES.items():
            if any(s in names for s in styles):
                rank = 0 if styles[0] in names else len(styles)
                if style not in found or rank < found[style][0]:
                    found[style] = (rank, path)
    return {style: path for style, (_, path) in found.items()}
