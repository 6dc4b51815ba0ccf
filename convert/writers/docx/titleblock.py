"""The title block at the head of the document, each line in its own style, each only when the article has it.

``Title`` (bookmarked ``title``), ``Subtitle``, ``Description`` (``Meta.description``,
the summary Quarto's title block shows under the subtitle, unless it only repeats the
article's start: ``_meta.standfirst``), ``Byline``, ``Date`` and last ``Keywords``
(``Meta.keywords`` on one line, where Quarto shows an article's categories). Every line
but the title comes from ``writers/_meta.py``, so every format says them alike.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from lxml import etree

from ...model import Article, Text
from .. import _meta
from .inlines import write_inlines
from .ooxml import insert_in_order, paragraph, paragraph_properties, w

if TYPE_CHECKING:
    from .blocks import Renderer, Scope

#: The date line keeps this much below it (1 pt, twentieths of a point) when the keywords line follows:
#: the block's closing space (the ``Date`` style's 17 pt after) moves to ``Keywords``.
_DATE_BEFORE_KEYWORDS_AFTER = "20"


def write_title_block(r: Renderer, article: Article, scope: Scope) -> None:
    """The title block's paragraphs at the end of ``scope.container``; nothing for a part the article lacks."""
    meta = article.meta
    if meta.title.strip():
        r.heading_like(scope, "Title", (Text(meta.title),), "title")
    last: tuple[str, etree._Element] | None = None
    for style, text in (("Subtitle", meta.subtitle), ("Description", _meta.standfirst(article)),
                        ("Byline", _meta.byline(meta)), ("Date", _meta.display_date(meta))):
        if text and text.strip():
            last = style, paragraph(scope.container, style)
            write_inlines(r, last[1], (Text(text),), scope)
    keywords = _meta.keywords_line(meta)
    if keywords:
        if last is not None and last[0] == "Date":
            insert_in_order(paragraph_properties(last[1]),
                            etree.Element(w("spacing"), {w("after"): _DATE_BEFORE_KEYWORDS_AFTER}))
        write_inlines(r, paragraph(scope.container, "Keywords"), (Text(keywords),), scope)
