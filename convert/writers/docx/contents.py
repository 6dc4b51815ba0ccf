"""``--toc``: a table of contents Word can update, already filled in.

A ``TOC`` field over the headings (``\\o "2-6"``, entries as links ``\\h``) whose
result is written out: one ``TOC 2`` .. ``TOC 6`` paragraph per heading, each a
link to the heading's bookmark, so LibreOffice, Pages and Word show it before
anyone updates fields; updating it in Word adds the page numbers.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from lxml import etree

from ...model import Article, Text, plain_text
from .inlines import PLAIN, hyperlink, write_inlines
from .ooxml import R, paragraph, sub, w

if TYPE_CHECKING:
    from .blocks import Renderer, Scope

_INSTRUCTION = ' TOC \\o "2-6" \\h \\z \\u '


def _field_char(p: etree._Element, kind: str) -> None:
    sub(sub(p, R), w("fldChar"), fldCharType=kind)


def write_contents(r: Renderer, article: Article, scope: Scope) -> None:
    """The table of contents at the end of ``scope.container`` (nothing when the article has no headings)."""
    headings = article.subheadings()
    if not headings:
        return
    if article.meta.lang.lower().startswith("en"):
        write_inlines(r, paragraph(scope.container, "TOCHeading"), (Text("Contents"),), scope)
    for index, heading in enumerate(headings):
        p = paragraph(scope.container, f"TOC{min(max(heading.level, 2), 6)}")
        if index == 0:
            _field_char(p, "begin")
            instruction = sub(sub(p, R), w("instrText"))
            instruction.text = _INSTRUCTION
            instruction.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
            _field_char(p, "separate")
        text = (Text(plain_text(heading.inlines)),)
        identifier = heading.attr.identifier
        if not identifier or not hyperlink(r, p, f"#{identifier}", text, scope, PLAIN):
            write_inlines(r, p, text, scope)
        if index == len(headings) - 1:
            _field_char(p, "end")
