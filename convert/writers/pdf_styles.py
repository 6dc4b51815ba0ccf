"""The PDF's type scale: one paragraph style per part of the article."""

from __future__ import annotations

from reportlab.lib.colors import HexColor
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.styles import ParagraphStyle

from .pdf_fonts import FontSet

Styles = dict[str, ParagraphStyle]

BODY_SIZE = 10.5
LEADING = 15.5


def make_styles(fonts: FontSet) -> Styles:
    """Styles named after the model's parts; sizes follow a 1.25 modular scale."""
    body = ParagraphStyle(
        "body", fontName=fonts.body.regular, fontSize=BODY_SIZE, leading=LEADING, spaceAfter=7,
        alignment=TA_LEFT, allowWidows=0, allowOrphans=0, splitLongWords=1, textColor=HexColor("#111111"),
    )
    sans = fonts.headings.regular

    def derived(name: str, **changes: object) -> ParagraphStyle:
        return ParagraphStyle(name, parent=body, **changes)

    return {
        "body": body,
        "title": derived("title", fontName=fonts.headings.bold, fontSize=24, leading=28.5, spaceAfter=8,
                         textColor=HexColor("#000000")),
        "subtitle": derived("subtitle", fontName=fonts.body.regular, fontSize=13.5, leading=18, spaceAfter=6,
                            textColor=HexColor("#333333")),
        "byline": derived("byline", fontName=fonts.headings.bold, fontSize=8.5, leading=11, spaceAfter=0),
        "date": derived("date", fontName=sans, fontSize=8.5, leading=11, spaceAfter=6,
                        textColor=HexColor("#555555")),
        "h2": derived("h2", fontName=fonts.headings.bold, fontSize=13.5, leading=17, spaceBefore=12, spaceAfter=5,
                      keepWithNext=1),
        "h3": derived("h3", fontName=fonts.headings.bold, fontSize=11.5, leading=15, spaceBefore=9, spaceAfter=4,
                      keepWithNext=1),
        "caption": derived("caption", fontName=sans, fontSize=8.5, leading=11.5, spaceBefore=5, spaceAfter=12,
                           textColor=HexColor("#333333")),
        "photo_credit": derived("photo_credit", fontName=sans, fontSize=7, leading=9, spaceBefore=-9, spaceAfter=12,
                                textColor=HexColor("#777777")),
        "credit": derived("credit", fontName=fonts.body.italic, fontSize=9.5, leading=13, spaceBefore=0,
                          textColor=HexColor("#444444")),
        "quote": derived("quote", leftIndent=16, rightIndent=16, textColor=HexColor("#333333")),
        "code": derived("code", fontName=fonts.mono.regular, fontSize=8.5, leading=11.5, leftIndent=10,
                        backColor=HexColor("#f3f3f3"), borderPadding=4, spaceBefore=4, spaceAfter=10),
    }
