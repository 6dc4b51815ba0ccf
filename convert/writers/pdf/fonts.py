"""Fonts for the PDF writer: found through fontconfig, registered once per process.

Only TrueType files are used (reportlab embeds and subsets those); reportlab's
unembedded base-14 fonts are never referenced.
"""

from __future__ import annotations

import functools
import hashlib
import shutil
import subprocess
import threading
from dataclasses import dataclass

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFError, TTFont

from ...errors import WriterError
from .subset import LeanFace

DEFAULT_BODY = "DejaVu Serif"
DEFAULT_HEADINGS = "DejaVu Sans"
DEFAULT_MONO = "DejaVu Sans Mono"
#: Tried for characters the chosen family lacks (DejaVu Sans has Arabic, Georgian...).
FALLBACKS = ("DejaVu Sans", "Noto Sans", "FreeSerif")

_STYLE_NAMES = {
    "regular": ("Regular", "Book", "Roman", "Normal", "Medium"),
    "bold": ("Bold",),
    "italic": ("Italic", "Oblique"),
    "bolditalic": ("Bold Italic", "Bold Oblique", "BoldItalic", "BoldOblique"),
}


_FACES = ("regular", "bold", "italic", "bolditalic")
_LOCK = threading.Lock()
#: reportlab's font registry is per process; this mirrors which of ours are in it.
_REGISTERED: set[str] = set()


@dataclass(frozen=True)
class Family:
    """A family whose faces are parsed and registered with reportlab only when first used.

    Parsing a TrueType file costs 5-10 ms, so a document pays only for the faces it shows.
    """

    family: str  # the fontconfig family name, for messages
    files: tuple[tuple[str, str], ...]  # (face, path) for the four faces

    @property
    def regular(self) -> str:
        return self.name("regular")

    @property
    def bold(self) -> str:
        return self.name("bold")

    @property
    def italic(self) -> str:
        return self.name("italic")

    @functools.cached_property
    def _prefix(self) -> str:
        return f"F{hashlib.sha1(self.family.encode()).hexdigest()[:8]}-"

    def name(self, face: str) -> str:
        """The reportlab font name of ``face``; <b> and <i> map between the four."""
        return self._prefix + face

    def ensure(self, face: str) -> str:
        """Register ``face`` with reportlab if it is not yet; returns its name."""
        font_name = self.name(face)
        if _register(font_name, dict(self.files)[face]):
            self.map_faces()  # registering maps a font's <b> and <i> to itself: map them back
        return font_name

    def map_faces(self) -> None:
        """Point <b>, <i> and both inside this family's text at its own faces."""
        for face in _FACES:
            addMapping(self.regular, face in ("bold", "bolditalic"), face in ("italic", "bolditalic"), self.name(face))

    @functools.cached_property
    def coverage(self) -> frozenset[int]:
        """Code points the regular face has glyphs for."""
        return frozenset(pdfmetrics.getFont(self.ensure("regular")).face.charToGlyph)


def face_of(bold: bool, italic: bool) -> str:
    return _FACES[int(bold) + 2 * int(italic)]


@dataclass(frozen=True)
class FontSet:
    body: Family
    headings: Family
    mono: Family
    fallback: Family | None


@functools.lru_cache(maxsize=16)
def font_set(families: str | None) -> FontSet:
    """Fonts for ``--font-family`` ("Body" or "Body,Headings"; default DejaVu Serif/Sans)."""
    names = [n.strip() for n in (families or "").split(",") if n.strip()]
    body_name = names[0] if names else DEFAULT_BODY
    headings_name = names[1] if len(names) > 1 else (DEFAULT_HEADINGS if not names else body_name)
    body = find_family(body_name)
    fallback = next((f for f in (_optional(n) for n in FALLBACKS if n != body_name) if f), None)
    return FontSet(body=body, headings=find_family(headings_name),
                   mono=_optional(DEFAULT_MONO) or body, fallback=fallback)


def _optional(name: str) -> Family | None:
    try:
        return find_family(name)
    except WriterError:
        return None


@functools.lru_cache(maxsize=32)
def find_family(name: str) -> Family:
    """Find ``name``'s files through fontconfig and map its faces (nothing is parsed yet)."""
    files = _faces(name)
    if "regular" not in files:
        raise WriterError(
            f"no TrueType font family {name!r} found through fontconfig",
            hint="install it (e.g. fonts-dejavu-core) or choose another with --font-family; 'fc-list' lists fonts",
        )
    chosen = {face: files.get(face) or files.get("bold" if face == "bolditalic" and "bold" in files else "regular")
              for face in _FACES}
    family = Family(name, tuple((face, path) for face, path in chosen.items() if path))
    family.map_faces()
    return family


def _register(font_name: str, path: str) -> bool:
    """Parse and register a face once per process; True if this call registered it."""
    if font_name in _REGISTERED:
        return False
    with _LOCK:
        if font_name in _REGISTERED:
            return False
        try:
            font = TTFont(font_name, path)
            font.face.__class__ = LeanFace  # parsed as usual; only the embedded subsets change
            pdfmetrics.registerFont(font)
        except TTFError as exc:
            raise WriterError(f"cannot use font {path}: {exc}", hint="choose another with --font-family") from None
        _REGISTERED.add(font_name)
        return True


@functools.lru_cache(maxsize=1)
def _catalogue() -> tuple[tuple[str, tuple[str, ...], tuple[str, ...]], ...]:
    """(file, family names, style names) of every TrueType font fontconfig knows."""
    if shutil.which("fc-list") is None:
        raise WriterError("fontconfig's fc-list is not installed", hint="install fontconfig to find fonts")
    listing = subprocess.run(
        ["fc-list", "--format", "%{file}\t%{family}\t%{style}\t%{fontformat}\n"],
        capture_output=True, text=True, check=False,
    ).stdout
    fonts = []
    for line in sorted(listing.splitlines()):
        parts = line.split("\t")
        if len(parts) == 4 and parts[3] == "TrueType" and parts[0].lower().endswith(".ttf"):
            fonts.append((parts[0], tuple(parts[1].split(",")), tuple(parts[2].split(","))))
    return tuple(fonts)


def _faces(name: str) -> dict[str, str]:
    """style → file for the family, preferring files whose main style name is exact."""
    wanted = name.casefold()
    found: dict[str, tuple[int, str]] = {}
    for path, families, styles in _catalogue():
        if wanted not in (f.casefold() for f in families) or families[0].casefold() != wanted:
            continue
        for style, names in _STYLE_NAMES.items():
            if any(s in names for s in styles):
                rank = 0 if styles[0] in names else len(styles)
                if style not in found or rank < found[style][0]:
                    found[style] = (rank, path)
    return {style: path for style, (_, path) in found.items()}
