"""``--toc``: a table of contents Word can update, already filled in.

A ``TOC`` field over the headings down to :data:`.._meta.CONTENTS_DEPTH` (``\\o "2-3"``,
entries as links ``\\h``; the same headings as the PDF and HTML contents) whose result is
written out: one ``TOC 2``, ``TOC 3`` paragraph per heading, each a link to the heading's
bookmark, so LibreOffice, Pages and Word show it before anyone updates fields; updating it
in Word adds the page numbers. Its heading is :func:`.._meta.contents_title` in the
article's language (none where we have no word for it).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from lxml import etree

from ...model import Article, Text, plain_text
from .. import _meta
from .inlines import PLAIN, hyperlink, write_inlines
from .ooxml import R, paragraph, sub, w

if TYPE_CHECKING:
    from .blocks import Renderer, Scope

_INSTRUCTION = f' TOC \\o "2-{_meta.CONTENTS_DEPTH}" \\h \\z \\u '


def _field_char(p: etree._Element, kind: str) -> None:
    sub(sub(p, R), w("fldChar"), fldCharType=kind)


def write_contents(r: Renderer, article: Article, scope: Scope) -> None:
    """The table of contents at the end of ``scope.container`` (nothing when the article has no headings)."""
    headings = [h for h in article.subheadings() if _meta.in_contents(h)]
    if not headings:
        return
    title = _meta.contents_title(article.meta.lang)
    if title:
        write_inlines(r, paragraph(scope.container, "TOCHeading"), (Text(title),), scope)
    for index, heading in enumerate(headings):
        p = paragraph(scope.container, f"TOC{_meta.heading_level(heading)}")
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
