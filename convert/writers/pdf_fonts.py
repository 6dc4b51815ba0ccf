"""Fonts for the PDF writer: found through fontconfig, registered once per process.

Only TrueType files are used (reportlab embeds and subsets those); reportlab's
unembedded base-14 fonts are never referenced.
"""

from __future__ import annotations

import functools
import hashlib
import shutil
import subprocess
from dataclasses import dataclass

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFError, TTFont

from ..errors import WriterError

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


@dataclass(frozen=True)
class Family:
    """A registered family: reportlab names of its four faces, and what it covers."""

    family: str  # the fontconfig family name, for messages
    regular: str  # the reportlab name; <b> and <i> map to the other faces
    bold: str
    italic: str
    coverage: frozenset[int]


@dataclass(frozen=True)
class FontSet:
    body: Family
    headings: Family
    mono: Family
    fallback: Family | None


def font_set(families: str | None) -> FontSet:
    """Fonts for ``--font-family`` ("Body" or "Body,Headings"; default DejaVu Serif/Sans)."""
    names = [n.strip() for n in (families or "").split(",") if n.strip()]
    body_name = names[0] if names else DEFAULT_BODY
    headings_name = names[1] if len(names) > 1 else (DEFAULT_HEADINGS if not names else body_name)
    body = register_family(body_name)
    fallback = next((f for f in (_optional(n) for n in FALLBACKS if n != body_name) if f), None)
    return FontSet(body=body, headings=register_family(headings_name),
                   mono=_optional(DEFAULT_MONO) or body, fallback=fallback)


def _optional(name: str) -> Family | None:
    try:
        return register_family(name)
    except WriterError:
        return None


@functools.lru_cache(maxsize=32)
def register_family(name: str) -> Family:
    """Find ``name`` through fontconfig and register its faces (once per process)."""
    files = _faces(name)
    if "regular" not in files:
        raise WriterError(
            f"no TrueType font family {name!r} found through fontconfig",
            hint="install it (e.g. fonts-dejavu-core) or choose another with --font-family; 'fc-list' lists fonts",
        )
    tag = hashlib.sha1(name.encode()).hexdigest()[:8]
    registered: dict[str, str] = {}
    for style in ("regular", "bold", "italic", "bolditalic"):
        path = files.get(style) or files.get("bold" if style == "bolditalic" and "bold" in files else "regular")
        assert path is not None
        font_name = f"F{tag}-{style}"
        try:
            pdfmetrics.registerFont(TTFont(font_name, path))
        except TTFError as exc:
            raise WriterError(f"cannot use font {path}: {exc}", hint="choose another with --font-family") from None
        registered[style] = font_name
    for (bold, italic), style in {(0, 0): "regular", (1, 0): "bold", (0, 1): "italic", (1, 1): "bolditalic"}.items():
        addMapping(registered["regular"], bold, italic, registered[style])
    face = pdfmetrics.getFont(registered["regular"]).face
    return Family(name, registered["regular"], registered["bold"], registered["italic"],
                  frozenset(face.charToGlyph))


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
