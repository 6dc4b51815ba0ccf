"""Right-to-left text (Arabic, Hebrew, Persian...): runs marked ``w:rtl``, paragraphs and tables given their direction.

Word lays out a paragraph right to left only when it says so (``w:bidi``), and
shapes and orders a run as right-to-left script only when the run says so
(``w:rtl``); without them an Arabic paragraph sits at the left margin with its
final full stop at the wrong end. The paragraph's direction is that of its first
strong character (Unicode's rule P2, HTML's ``dir="auto"``); text is cut into
runs at changes of direction, a stretch of neutral characters (spaces,
punctuation, digits) taking the direction of the letters on both sides when
they agree, else that of the text's first letter (rules N1 and N2).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator

from lxml import etree

from .ooxml import PPR, P, T, insert_in_order, w

#: Letters of the right-to-left scripts (a quick test before the per-character pass).
_RTL = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff\U00010800-\U00010fff\U0001e800-\U0001efff]")


def has_rtl(text: str) -> bool:
    return _RTL.search(text) is not None


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


def first_strong_is_rtl(text: str) -> bool:
    """True when the first letter with a direction is right-to-left (rule P2)."""
    for char in text:
        kind = _strong(char)
        if kind is not None:
            return kind == "rtl"
    return False


def _text(p: etree._Element) -> str:
    return "".join(t.text or "" for t in p.iter(T))


def mark_directions(root: etree._Element) -> None:
    """``w:bidi`` on every paragraph, ``w:bidiVisual`` on every table, whose text starts right-to-left."""
    for p in root.iter(P):
        if has_rtl(_text(p)) and first_strong_is_rtl(_text(p)):
            properties = p[0] if len(p) and p[0].tag == PPR else None
            if properties is None:
                properties = etree.Element(PPR)
                p.insert(0, properties)
            if properties.find(w("bidi")) is None:
                insert_in_order(properties, etree.Element(w("bidi")))
    for table in root.iter(w("tbl")):
        first_row = table.find(w("tr"))
        properties = table.find(w("tblPr"))
        if first_row is not None and properties is not None and first_strong_is_rtl(_text(first_row)):
            style = properties.find(w("tblStyle"))
            visual = etree.Element(w("bidiVisual"))
            if style is not None:
                style.addnext(visual)
            else:
                properties.insert(0, visual)
