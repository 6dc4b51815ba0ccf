"""Right-to-left text (Arabic, Hebrew, Persian...): runs marked ``w:rtl``, paragraphs and tables given their direction.

Word lays out a paragraph right to left only when it says so (``w:bidi``), and
shapes and orders a run as right-to-left script only when the run says so
(``w:rtl``); without them an Arabic paragraph sits at the left margin with its
final full stop at the wrong end. A paragraph's direction is that of most of its
letters (:func:`.._common.direction_of`, shared by every writer), the article's
(:func:`.._common.article_direction`) when it has none (digits, a date). A table
whose text runs right to left (or, without letters, in a right-to-left article)
is ``w:bidiVisual`` (``tables.py``): its first column on the right, every paragraph in its
cells right to left, so the cells' text starts at their right edge. Text is cut into
runs at changes of direction, a stretch of neutral characters (spaces,
punctuation, digits) taking the direction of the letters on both sides when
they agree, else that of the text's first letter (rules N1 and N2).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator

from lxml import etree

from .._common import Direction, direction_of, has_rtl
from .ooxml import PPR, P, T, insert_in_order, w

__all__ = ["direction_chunks", "has_rtl", "mark_directions"]


def _strong(char: str) -> str | None:
    kind = unicodedata.bidirectional(char)
    return "rtl" if kind in ("R", "AL") else "ltr" if kind == "L" else None


def direction_chunks(text: str) -> Iterator[tuple[str, bool]]:
    """``text`` cut where its direction changes: (piece, right_to_left)."""
    kinds = [_strong(char) for char in text]
    base = next((kind for kind in kinds if kind is not None), "ltr")  # the text's own embedding direction
    decided: list[bool] = []
    index = 0
    while index < len(kinds):
        if kinds[index] is not None:
            decided.append(kinds[index] == "rtl")
            index += 1
            continue
        end = index
        while end < len(kinds) and kinds[end] is None:
            end += 1
        before = kinds[index - 1] if index else base
        after = kinds[end] if end < len(kinds) else base
        decided.extend([(before if before == after else base) == "rtl"] * (end - index))  # rules N1, N2
        index = end
    start = 0
    for position in range(1, len(text) + 1):
        if position == len(text) or decided[position] != decided[start]:
            yield text[start:position], decided[start]
            start = position


def _text(element: etree._Element) -> str:
    return "".join(t.text or "" for t in element.iter(T))


#: Quote styles: their rule is ``w:left`` (styles.QUOTE_RULE); a right-to-left quote has it on the right.
_QUOTES = frozenset({"Quote", "FootnoteQuote"})
_RULE_ON_THE_RIGHT = (
    '<w:pBdr xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:left w:val="nil"/>'
    '<w:right w:val="single" w:sz="8" w:space="8" w:color="999999"/></w:pBdr>')


def mark_directions(root: etree._Element, base: Direction = "ltr") -> None:
    """``w:bidi`` on every paragraph whose text runs right to left (``base``, the article's direction, for one
    without letters); a paragraph in a table's cell takes its table's direction (``w:bidiVisual``, given by
    ``tables.right_to_left``), so a right-to-left table's cells all start at their right edge.

    A right-to-left quote gets its rule on the right: ``w:left`` and ``w:right`` borders are the
    page's sides (ECMA-376 17.3.1.17, and LibreOffice draws them so), unlike ``w:ind``, which a
    right-to-left paragraph reads from its start.
    """
    in_tables: dict[etree._Element, bool] = {}  # a cell's paragraph: its table's direction (inner tables last)
    for table in root.iter(w("tbl")):
        properties = table.find(w("tblPr"))
        visual = properties is not None and properties.find(w("bidiVisual")) is not None
        for cell in table.iter(w("tc")):
            in_tables.update((p, visual) for p in cell.iterchildren(P))
    for p in root.iter(P):
        in_table = in_tables.get(p)
        if in_table or (in_table is None and (direction_of(_text(p)) or base) == "rtl"):
            _right_to_left(p)


def _right_to_left(p: etree._Element) -> None:
    properties = p[0] if len(p) and p[0].tag == PPR else None
    if properties is None:
        properties = etree.Element(PPR)
        p.insert(0, properties)
    if properties.find(w("bidi")) is not None:
        return
    insert_in_order(properties, etree.Element(w("bidi")))
    style = properties.find(w("pStyle"))
    if style is not None and style.get(w("val")) in _QUOTES and properties.find(w("pBdr")) is None:
        insert_in_order(properties, etree.fromstring(_RULE_ON_THE_RIGHT))
