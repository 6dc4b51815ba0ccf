"""Bullet, numbered and definition lists.

Each item's first paragraph carries the list's numbering (``w:numPr``) in
``List Bullet`` or ``List Number``; its other paragraphs sit at the same
indent in ``List Continue``. Every numbered list gets its own ``w:num`` so it
counts from its own ``start`` (pandoc's ``startnum``) in its own style
(``decimal``, ``lower-alpha``... pandoc's fancy_lists). The numbering comes
from the ``List Bullet`` and ``List Number`` styles, so a reference document's
list definitions are the ones used. Definition lists: terms in ``Definition
Term``, definitions in ``Definition``. Inside a footnote each of these styles
has a twin at the note's size (``Footnote List Bullet``..., based on ``Footnote
Text``; ``styles.IN_NOTES``).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from typing import TYPE_CHECKING

from lxml import etree

from ...model import DefinitionList, ListBlock, ListStyle, Paragraph
from .inlines import write_inlines
from .ooxml import W_NS, paragraph, paragraph_properties, sub, w
from .template import BULLETS, LIST_INDENT, NUMBER_FORMATS, LazyXmlPart, abstract_num_xml, level_xml

if TYPE_CHECKING:
    from .blocks import Renderer, Scope

MAX_LEVEL = 8  # Word numbers nine levels, 0-8
_NUM, _NUM_ID, _ABSTRACT, _ABSTRACT_ID = w("num"), w("numId"), w("abstractNum"), w("abstractNumId")
_VAL = w("val")


class Numbering:
    """The numbering part: one ``w:num`` per numbered list, definitions per list style, made on demand."""

    def __init__(self, part: LazyXmlPart, bullet_num: str, number_num: str) -> None:
        self.part = part
        self.bullet_num = bullet_num
        self.number_num = number_num
        self.abstracts: dict[str, str] = {}
        self.next_abstract = self.next_num = -1

    @property
    def element(self) -> etree._Element:
        """The numbering tree, read at the first numbered list (bullets need nothing new)."""
        element = self.part.element
        if self.next_num < 0:
            self._index(element)
        return element

    def _index(self, element: etree._Element) -> None:
        nums = {n.get(_NUM_ID): n for n in element.iterchildren(_NUM)}
        abstracts = [int(a.get(_ABSTRACT_ID) or 0) for a in element.iterchildren(_ABSTRACT)]
        self.next_abstract = max(abstracts, default=-1) + 1
        self.next_num = max((int(n or 0) for n in nums), default=0) + 1
        decimal = nums.get(self.number_num)
        found = decimal.find(_ABSTRACT_ID) if decimal is not None else None
        if found is not None:
            self.abstracts["decimal"] = found.get(_VAL) or "1"

    def _abstract(self, style: ListStyle) -> str:
        element = self.element
        if style not in self.abstracts:
            xml = abstract_num_xml(self.next_abstract, NUMBER_FORMATS[style])
            made = etree.fromstring(xml.replace("<w:abstractNum ", f'<w:abstractNum xmlns:w="{W_NS}" ', 1))
            first_num = next(element.iterchildren(_NUM), None)
            if first_num is not None:
                first_num.addprevious(made)  # every w:abstractNum before the first w:num (schema order)
            else:
                element.append(made)
            self.abstracts[style] = str(self.next_abstract)
            self.next_abstract += 1
        return self.abstracts[style]

    def numbered(self, style: ListStyle, start: int, level: int) -> str:
        """A fresh ``w:num`` for one numbered list: ``style`` at every level, ``start`` at ``level``."""
        abstract = self._abstract(style)
        num_id = str(self.next_num)
        self.next_num += 1
        num = sub(self.element, _NUM, numId=num_id)
        sub(num, _ABSTRACT_ID, abstract)
        override = sub(num, w("lvlOverride"), ilvl=str(level))
        sub(override, w("startOverride"), str(max(start, 0)))
        return num_id


def complete_levels(numbering: etree._Element, bullet_num: str, number_num: str) -> None:
    """Give the definitions behind ``bullet_num`` and ``number_num`` all nine levels (0-8), ours where missing.

    A reference document's list definition may stop at level 0 (or 2...); a nested list then
    points at a level nobody defined, which LibreOffice numbers "1." and Word shows unindented.
    The levels the reference defines stay as they are; the missing ones are ours (bullets
    ``•◦▪``, numbers ``%N.``), at our indents.
    """
    nums = {n.get(_NUM_ID): n for n in numbering.iterchildren(_NUM)}
    abstracts = {a.get(_ABSTRACT_ID): a for a in numbering.iterchildren(_ABSTRACT)}
    for num_id, fmt in ((bullet_num, "bullet"), (number_num, "decimal")):
        num = nums.get(num_id)
        ref = num.find(_ABSTRACT_ID) if num is not None else None
        abstract = abstracts.get(ref.get(_VAL)) if ref is not None else None
        if abstract is not None:
            _fill_levels(abstract, fmt)


def _fill_levels(abstract: etree._Element, fmt: str) -> None:
    levels = {lvl.get(w("ilvl")): lvl for lvl in abstract.iterchildren(w("lvl"))}
    if all(str(ilvl) in levels for ilvl in range(MAX_LEVEL + 1)):
        return
    for ilvl in range(MAX_LEVEL + 1):
        if str(ilvl) in levels:
            continue
        text = BULLETS[ilvl % 3] if fmt == "bullet" else f"%{ilvl + 1}."
        made = etree.fromstring(f'<w:root xmlns:w="{W_NS}">{level_xml(ilvl, fmt, text)}</w:root>')[0]
        later = [levels[key] for key in levels if key is not None and key.isdigit() and int(key) > ilvl]
        if later:
            min(later, key=lambda lvl: int(lvl.get(w("ilvl")) or 0)).addprevious(made)
        else:
            abstract.append(made)
        levels[str(ilvl)] = made


def number(p: etree._Element, num_id: str, level: int) -> None:
    """Give ``p`` the numbering ``num_id`` at ``level`` (``w:numPr`` right after the style)."""
    ppr = paragraph_properties(p)
    num_pr = etree.Element(w("numPr"))
    sub(num_pr, w("ilvl"), str(level))
    sub(num_pr, _NUM_ID, num_id)
    ppr.insert(1 if len(ppr) and ppr[0].tag == w("pStyle") else 0, num_pr)


def write_list(r: Renderer, block: ListBlock, scope: Scope) -> None:
    level = min(scope.level + 1, MAX_LEVEL)
    style = scope.style("ListNumber" if block.ordered else "ListBullet")
    num_id = r.numbering.numbered(block.style, block.start, level) if block.ordered else r.numbering.bullet_num
    inner = dataclasses.replace(scope, level=level, body_style="ListContinue", custom=None, quote=0)
    for item in block.items:
        first, rest = (item[0], item[1:]) if item and isinstance(item[0], Paragraph) else (None, item)
        p = paragraph(scope.container, style)
        number(p, num_id, level)
        if first is not None:
            write_inlines(r, p, first.inlines, dataclasses.replace(inner, line=first.line or scope.line))
        for child in rest:
            last = scope.container[-1] if len(scope.container) else None
            r.block(child, inner)
            added = last.itersiblings() if last is not None else scope.container.iterchildren()
            _indent_continuations(added, level)


_CONTINUATIONS = frozenset({"ListContinue", "FootnoteListContinue"})


def _indent_continuations(added: Iterator[etree._Element], level: int) -> None:
    """``List Continue`` paragraphs of this item line up with its text at ``level`` (those of deeper items already do)."""
    for p in added:
        properties = p.find(w("pPr"))
        style = properties.find(w("pStyle")) if properties is not None else None
        if properties is not None and style is not None and style.get(_VAL) in _CONTINUATIONS \
                and properties.find(w("ind")) is None:
            sub(properties, w("ind"), left=str(LIST_INDENT * (level + 1)))


def write_definitions(r: Renderer, block: DefinitionList, scope: Scope) -> None:
    inner = dataclasses.replace(scope, body_style="Definition", custom=None)
    for entry in block.items:
        term = paragraph(scope.container, scope.style("DefinitionTerm"))
        write_inlines(r, term, entry.term, scope)
        for definition in entry.definitions:
            r.blocks(definition, inner)
