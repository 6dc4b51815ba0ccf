"""The title block at the head of the document, each line in its own style, each only when the article has it.

``Title`` (bookmarked ``title``), ``Subtitle``, ``Description`` (``Meta.description``,
the summary Quarto's title block shows under the subtitle), ``Byline``, ``Date``
and last ``Keywords`` (``Meta.keywords`` on one line, where Quarto shows an
article's categories). The byline and the date line speak the article's language
through ``writers/_meta.py``, the keywords line through :func:`keywords_line`.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from babel import Locale
from lxml import etree

from ...model import Meta, Text
from .. import _meta
from .inlines import write_inlines
from .ooxml import insert_in_order, paragraph, paragraph_properties, w

if TYPE_CHECKING:
    from .blocks import Renderer, Scope

#: The date line keeps this much below it (1 pt, twentieths of a point) when the keywords line follows:
#: the block's closing space (the ``Date`` style's 17 pt after) moves to ``Keywords``.
_DATE_BEFORE_KEYWORDS_AFTER = "20"
#: CLDR's list styles whose middle pattern may separate keywords, most usual first.
_LIST_STYLES = ("standard", "unit", "unit-short", "standard-short")
_LETTERS = re.compile(r"[^\W\d_]+")


def write_title_block(r: Renderer, meta: Meta, scope: Scope) -> None:
    """The title block's paragraphs at the end of ``scope.container``; nothing for a part the article lacks."""
    if meta.title.strip():
        r.heading_like(scope, "Title", (Text(meta.title),), "title")
    last: tuple[str, etree._Element] | None = None
    for style, text in (("Subtitle", meta.subtitle), ("Description", meta.description),
                        ("Byline", _meta.byline(meta)), ("Date", _meta.display_date(meta))):
        if text and text.strip():
            last = style, paragraph(scope.container, style)
            write_inlines(r, last[1], (Text(text),), scope)
    keywords = keywords_line(meta)
    if keywords:
        if last is not None and last[0] == "Date":
            insert_in_order(paragraph_properties(last[1]),
                            etree.Element(w("spacing"), {w("after"): _DATE_BEFORE_KEYWORDS_AFTER}))
        write_inlines(r, paragraph(scope.container, "Keywords"), (Text(keywords),), scope)


def keywords_line(meta: Meta) -> str | None:
    """``Meta.keywords`` as one line, or None without any: "NATO, Azerbaijan, Armenia" (en), "NATO、日本" (ja).

    A list of tags, not a sentence: the keywords are joined by the separator of
    the *middle* pattern of CLDR's list patterns for ``Meta.lang`` (Babel), the
    one between items before the last "and", with any word in it left out
    (Arabic's "، و" gives "، "). A separator that is only a space (Thai)
    gives way to the next list style, and at last to ", ".
    """
    words = [" ".join(keyword.split()) for keyword in meta.keywords]
    words = [word for word in words if word]
    if not words:
        return None
    return _separator(_meta.locale_for(meta.lang)).join(words)


def _separator(locale: Locale) -> str:
    patterns = locale.list_patterns
    for style in _LIST_STYLES:
        middle = patterns[style].get("middle") if style in patterns else None
        if isinstance(middle, str) and middle.startswith("{0}") and middle.endswith("{1}"):
            separator = _LETTERS.sub("", middle[3:-3])
            if separator.strip(" \u200e\u200f"):  # more than spaces and direction marks
                return separator
    return ", "
