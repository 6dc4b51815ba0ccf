"""The PDF's type scale: one paragraph style per part of the article."""

from __future__ import annotations

from typing import Any, Literal

from reportlab.lib.colors import HexColor
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.styles import ParagraphStyle

from .fonts import Family, FontSet, face_of

Styles = dict[str, ParagraphStyle]
Role = Literal["body", "headings", "mono"]

BODY_SIZE = 10.5
LEADING = 15.5

#: style → (which family, bold, italic, the style's other settings).
SPEC: dict[str, tuple[Role, bool, bool, dict[str, Any]]] = {
    "body": ("body", False, False, {}),
    "title": ("headings", True, False, {"fontSize": 24, "leading": 28.5, "spaceAfter": 8, "textColor": "#000000"}),
    "subtitle": ("body", False, True, {"fontSize": 13.5, "leading": 18, "spaceAfter": 6, "textColor": "#333333"}),
    "byline": ("headings", True, False, {"fontSize": 8.5, "leading": 11, "spaceAfter": 0}),
    "date": ("headings", False, False, {"fontSize": 8.5, "leading": 11, "spaceAfter": 6, "textColor": "#555555"}),
    "h2": ("headings", True, False, {"fontSize": 13.5, "leading": 17, "spaceBefore": 12, "spaceAfter": 5,
                                     "keepWithNext": 1}),
    "h3": ("headings", True, False, {"fontSize": 11.5, "leading": 15, "spaceBefore": 9, "spaceAfter": 4,
                                     "keepWithNext": 1}),
    "caption": ("headings", False, False, {"fontSize": 8.5, "leading": 11.5, "spaceBefore": 5, "spaceAfter": 12,
                                           "textColor": "#333333"}),
    "caption_credited": ("headings", False, False, {"fontSize": 8.5, "leading": 11.5, "spaceBefore": 5, "spaceAfter": 1,
                                                    "textColor": "#333333"}),  # a caption with a photo credit below
    "photo_credit": ("headings", False, False, {"fontSize": 7, "leading": 9, "spaceAfter": 12, "textColor": "#777777"}),
    "credit": ("body", False, True, {"fontSize": 9.5, "leading": 13, "spaceBefore": 0, "textColor": "#444444"}),
    "quote": ("body", False, False, {"leftIndent": 16, "rightIndent": 16, "textColor": "#333333"}),
    "code": ("mono", False, False, {"fontSize": 8.5, "leading": 11.5, "leftIndent": 10, "backColor": "#f3f3f3",
                                    "borderPadding": 4, "spaceBefore": 4, "spaceAfter": 10}),
}


def family_for(fonts: FontSet, role: Role) -> Family:
    return {"body": fonts.body, "headings": fonts.headings, "mono": fonts.mono}[role]


def make_styles(fonts: FontSet) -> Styles:
    """Styles named after the model's parts (fonts are named here, parsed only when used)."""
    base = ParagraphStyle(
        "base", fontName=fonts.body.regular, fontSize=BODY_SIZE, leading=LEADING, spaceAfter=7,
        alignment=TA_LEFT, allowWidows=0, allowOrphans=0, splitLongWords=1, textColor=HexColor("#111111"),
    )
    styles: Styles = {}
    for name, (role, bold, italic, settings) in SPEC.items():
        changes = {k: HexColor(v) if k.endswith("Color") else v for k, v in settings.items()}
        font = family_for(fonts, role).name(face_of(bold, italic))
        styles[name] = ParagraphStyle(name, parent=base, fontName=font, **changes)
    return styles
