"""The PDF's type scale and page: one paragraph style per part of the article.

The text block is 130 mm wide, centred, with 11 pt Noto Serif on 15.5 pt:
about 66 characters a line (60-75 is the book designer's measure; pdftotext
-layout on the seed gives the figure in tests/test_pdf_typography.py). Body
text is justified and hyphenated in the article's language. One hierarchy of
sizes, nothing under 7.5 pt, and every grey at least 7:1 against white (WCAG
asks 4.5:1): title 24, subtitle 14, headings 15/13/11.5/11/11, byline and
caption 9, date 9, photo credit 8, footnotes 8.5, running head 8; the description (11.5) and the keywords
(8.5, grey) close the title block as in Quarto's.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, Literal

from reportlab.lib.colors import Color, HexColor, toColor
from reportlab.lib.enums import TA_JUSTIFY, TA_LEFT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm

from .fonts import Family, FontSet, face_of

Role = Literal["body", "headings", "mono"]

BODY_SIZE = 11.0
LEADING = 15.5
TEXT_WIDTH = 130 * mm
TOP_MARGIN = 26 * mm
BOTTOM_MARGIN = 24 * mm
#: Indent per list level and per quote level, in points.
INDENT = 18.0
TEXT_COLOR = "#111111"  # 18.9:1 on white
GREY = "#444444"  # 9.7:1 on white
LINK_COLOR = "#0b4f9c"  # 8.2:1 on white

#: style → (which family, bold, italic, the style's other settings).
SPEC: dict[str, tuple[Role, bool, bool, dict[str, Any]]] = {
    "body": ("body", False, False, {}),
    "title": ("headings", True, False, {"fontSize": 24, "leading": 29, "spaceAfter": 8, "alignment": TA_LEFT,
                                        "textColor": "#000000"}),
    "subtitle": ("body", False, True, {"fontSize": 14, "leading": 19, "spaceAfter": 8, "alignment": TA_LEFT,
                                       "textColor": "#333333"}),
    "description": ("body", False, False, {"fontSize": 11.5, "leading": 16, "spaceAfter": 8, "alignment": TA_LEFT,
                                           "textColor": "#333333"}),
    "keywords": ("headings", False, False, {"fontSize": 8.5, "leading": 11.5, "spaceBefore": 2, "spaceAfter": 10,
                                            "alignment": TA_LEFT, "textColor": GREY}),
    "byline": ("headings", True, False, {"fontSize": 9, "leading": 12.5, "spaceAfter": 0, "alignment": TA_LEFT}),
    "date": ("headings", False, False, {"fontSize": 9, "leading": 12.5, "spaceAfter": 10, "alignment": TA_LEFT,
                                        "textColor": GREY}),
    "h2": ("headings", True, False, {"fontSize": 15, "leading": 19, "spaceBefore": 14, "spaceAfter": 5}),
    "h3": ("headings", True, False, {"fontSize": 13, "leading": 17, "spaceBefore": 11, "spaceAfter": 4}),
    "h4": ("headings", True, False, {"fontSize": 11.5, "leading": 15.5, "spaceBefore": 9, "spaceAfter": 3}),
    "h5": ("headings", True, True, {"fontSize": 11, "leading": 15, "spaceBefore": 8, "spaceAfter": 2}),
    "h6": ("headings", False, True, {"fontSize": 11, "leading": 15, "spaceBefore": 8, "spaceAfter": 2}),
    "caption": ("headings", False, False, {"fontSize": 9, "leading": 12.5, "spaceBefore": 5, "spaceAfter": 12,
                                           "alignment": TA_LEFT, "textColor": "#222222"}),
    "caption_credited": ("headings", False, False, {"fontSize": 9, "leading": 12.5, "spaceBefore": 5, "spaceAfter": 1,
                                                    "alignment": TA_LEFT, "textColor": "#222222"}),
    "photo_credit": ("headings", False, False, {"fontSize": 8, "leading": 10.5, "spaceAfter": 12, "alignment": TA_LEFT,
                                                "textColor": GREY}),
    "table_caption": ("headings", False, False, {"fontSize": 9, "leading": 12.5, "spaceBefore": 6, "spaceAfter": 4,
                                                 "alignment": TA_LEFT, "textColor": "#222222"}),
    "credit": ("body", False, True, {"fontSize": 10, "leading": 14, "spaceBefore": 0, "alignment": TA_LEFT,
                                     "textColor": "#333333"}),
    "quote": ("body", False, False, {"textColor": "#333333"}),
    "item": ("body", False, False, {"spaceAfter": 2}),
    "term": ("body", True, False, {"spaceAfter": 1, "alignment": TA_LEFT}),
    "cell": ("body", False, False, {"fontSize": 9, "leading": 12, "spaceAfter": 0, "alignment": TA_LEFT,
                                    "hyphenationLang": ""}),
    "head_cell": ("headings", True, False, {"fontSize": 9, "leading": 12, "spaceAfter": 0, "alignment": TA_LEFT,
                                            "hyphenationLang": ""}),
    "note": ("body", False, False, {"fontSize": 8.5, "leading": 11.5, "spaceAfter": 2}),
    "code": ("mono", False, False, {"fontSize": 8.5, "leading": 11.5, "leftIndent": 8, "rightIndent": 8,
                                    "backColor": "#f3f3f3", "borderPadding": 4, "spaceBefore": 4, "spaceAfter": 10,
                                    "alignment": TA_LEFT, "hyphenationLang": ""}),
}
HEADING_STYLES = ("h2", "h3", "h4", "h5", "h6")
#: Only running text is hyphenated (never headings, captions or credits).
HYPHENATED = frozenset({"body", "quote", "item", "note"})


@functools.lru_cache(maxsize=64)
def color(value: str) -> Color:
    """A colour (``"#444444"``) as reportlab's object, made once: reportlab reads a string colour through
    CSS, named-colour and Python-literal parsers before trying hex, at each ``setFillColor``."""
    made: Color = toColor(value)
    return made


def family_for(fonts: FontSet, role: Role) -> Family:
    return {"body": fonts.body, "headings": fonts.headings, "mono": fonts.mono}[role]


class Styles:
    """The styles of one render, made when first asked for: a style's font is registered before it is named.

    ``hyphenate`` is the hyphenator for the article's language (``None``: none exists);
    ``variant(name, **changes)`` gives a derived style (indents, alignment). A style is made once
    per process for the same fonts, hyphenator, name and changes (:func:`_style`): reportlab only
    reads a ``ParagraphStyle``, so renders in any thread can share it.
    """

    def __init__(self, fonts: FontSet, hyphenate: Callable[[str], Any] | None) -> None:
        self.fonts = fonts
        self.hyphenate = hyphenate

    def __getitem__(self, name: str) -> ParagraphStyle:
        return self.variant(name)

    def variant(self, name: str, **changes: Any) -> ParagraphStyle:
        return _style(self.fonts, self.hyphenate, name, tuple(sorted(changes.items())))

    def font(self, name: str) -> tuple[Family, bool, bool]:
        """The family and face of a style."""
        role, bold, italic, _ = SPEC[name]
        return family_for(self.fonts, role), bold, italic


@functools.lru_cache(maxsize=16)
def _base(fonts: FontSet, hyphenate: Callable[[str], Any] | None) -> ParagraphStyle:
    return ParagraphStyle(
        "base", fontName=fonts.body.ensure("regular"), fontSize=BODY_SIZE, leading=LEADING, spaceAfter=7,
        alignment=TA_JUSTIFY, allowWidows=0, allowOrphans=0, splitLongWords=1, textColor=HexColor(TEXT_COLOR),
        hyphenationLang=hyphenate or "", embeddedHyphenation=0, uriWasteReduce=0,
    )


@functools.lru_cache(maxsize=1024)
def _style(fonts: FontSet, hyphenate: Callable[[str], Any] | None, name: str,
           changes: tuple[tuple[str, Any], ...]) -> ParagraphStyle:
    role, bold, italic, settings = SPEC[name]
    merged = {**settings, **dict(changes)}
    if name not in HYPHENATED or merged.get("hyphenationLang") == "":
        merged["hyphenationLang"] = None
    elif hyphenate is not None:
        # hyphenated text also breaks at a word's own hyphen ("Armenian-|populated": no stretched line
        # before it; the head's /ActualText gives extractors the compound, tagging.hyphens). Only with a
        # hyphenator: without one reportlab drops the hyphen of a compound it does not break.
        merged["embeddedHyphenation"] = 1
    values = {k: HexColor(v) if k.endswith("Color") and isinstance(v, str) else v for k, v in merged.items()}
    font = family_for(fonts, role).ensure(face_of(bold, italic))
    values.setdefault("bulletFontName", font)
    values.setdefault("bulletFontSize", values.get("fontSize", BODY_SIZE))
    return ParagraphStyle(name, parent=_base(fonts, hyphenate), fontName=font, **values)
