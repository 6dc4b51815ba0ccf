"""What the reader settles once every block is built, over the whole tree in reading order.

Headings come from Markdown (``## A``), from raw HTML (``<h2>``) and from
Markdown read inside HTML; they sit at the top, in divs, quotes, list items,
table cells and notes. So they are given their levels and identifiers here,
all together, by the rules of :mod:`.headings` (the body-level shift, levels
capped at 6) and :mod:`.identifiers` (pandoc's ``auto_identifiers``, unique
across the article, written ids reserved first). Then:

* **Nesting a writer can follow**: containers (divs, quotes, lists,
  definition lists, tables, notes) nested more than :data:`MAX_NESTING` deep
  give up their extra levels: their blocks take their place (raw HTML opened
  across blocks can nest a thousand ``<div>`` deep). Nothing is lost; one
  warning names the line.
* **Links within the article** are checked last (:func:`.identifiers.check_links`),
  so ``#links`` reach the ids of raw-HTML headings too.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from ..model import (
    Attr,
    Block,
    BlockQuote,
    DefinitionList,
    Div,
    Figure,
    InlineImage,
    Link,
    ListBlock,
    Note,
    Paragraph,
    Span,
    Subheading,
    Table,
    plain_text,
)
from . import headings, identifiers, tree
from .context import ReadContext
from .headings import Outline

#: Containers nested deeper than this lose their extra levels (writers render nesting recursively).
MAX_NESTING = 64
_CONTAINERS = (BlockQuote, Div, ListBlock, DefinitionList, Table, Note)
_WITH_IDS = (Subheading, Figure, Table, Div, Span, Link, InlineImage)


def finish(blocks: tuple[Block, ...], outline: Outline, context: ReadContext) -> tuple[Block, ...]:
    """``blocks`` with every heading's level and id settled, nesting bounded and ``#links`` checked."""
    survey = _Survey()
    tree.rewrite(blocks, survey)  # changes nothing: reads the headings and written ids in reading order
    settled = tree.rewrite(blocks, _Settle(outline.shift(survey.levels), survey.written, context))
    return identifiers.check_links(settled, context)


def _identifier(node: tree.Node) -> str:
    attr = getattr(node, "attr", None)
    return attr.identifier if isinstance(attr, Attr) and isinstance(node, _WITH_IDS) else ""


class _Survey(tree.Visitor):
    """The levels headings are written at, and the ids written in the source, in reading order."""

    def __init__(self) -> None:
        self.levels: list[int] = []
        self.written: list[str] = []

    def enter(self, node: tree.Node, depth: int) -> None:
        if isinstance(node, Subheading):
            self.levels.append(node.level)
        if written := _identifier(node):
            self.written.append(written)


class _Settle(tree.Visitor):
    """Heading levels and ids, unique written ids, bounded nesting: one visit of each node.

    ``written``: the ids written in the source, in reading order (the same order
    as this visit's); the first use of each keeps it, later ones are renamed.
    """

    def __init__(self, shift: int, written: list[str], context: ReadContext) -> None:
        self.shift = shift
        self.context = context
        self.ids = identifiers.Identifiers(written)
        seen = {identifiers.TITLE_ID}
        self.names: list[str] = []  # what each written id becomes, in reading order
        for name in written:
            self.names.append(self.ids.unique(name) if name in seen else name)
            seen.add(name)
        self.next_name = 0
        self.lines = tree.Lines()
        self.nesting: list[int] = []  # containers around (and including) the node entered at each depth
        self.renamed: dict[int, str] = {}  # id() of a node entered → the identifier it gets
        self.flattened = False

    def enter(self, node: tree.Node, depth: int) -> None:
        self.lines.enter(node, depth)
        del self.nesting[depth:]
        self.nesting.append((self.nesting[-1] if self.nesting else 0) + isinstance(node, _CONTAINERS))
        written = _identifier(node)
        if written:
            name = self.names[self.next_name]
            self.next_name += 1
            if name != written:
                self.context.warn(f"identifier #{written} is used twice; this one became #{name}", self.lines.at(depth))
                self.renamed[id(node)] = name
        elif isinstance(node, Subheading):
            self.renamed[id(node)] = self.ids.unique(identifiers.auto_identifier(plain_text(node.inlines)))

    def leave(self, original: tree.Node, node: tree.Node, depth: int) -> Sequence[tree.Node]:
        new_id = self.renamed.pop(id(original), None)
        if new_id is not None:
            node = _with_identifier(node, new_id)
        if isinstance(node, Subheading):
            return (self._heading(node),)
        if self.nesting[depth] > MAX_NESTING and isinstance(node, _CONTAINERS) and not isinstance(node, Note):
            return self._unwrap(node, depth)
        return (node,)

    def _heading(self, heading: Subheading) -> Block:
        level = headings.level(heading.level, self.shift, heading.line, self.context)
        if level is None:
            return Paragraph(heading.inlines, heading.line)
        return heading if level == heading.level else Subheading(level, heading.inlines, heading.line, heading.attr)

    def _unwrap(self, node: tree.Node, depth: int) -> Sequence[tree.Node]:
        if not self.flattened:
            self.flattened = True
            self.context.warn(f"content nested more than {MAX_NESTING} levels deep (blocks in blocks); "
                              "kept its text without the extra levels", self.lines.at(depth))
        if isinstance(node, (Table, DefinitionList)):
            return _spread(node)
        return [block for part in tree.parts(node) for block in part]


def _spread(node: Table | DefinitionList) -> list[tree.Node]:
    """A table's or definition list's blocks in reading order, its caption or terms as paragraphs."""
    if isinstance(node, Table):
        caption: list[tree.Node] = [Paragraph(node.caption, node.line)] if node.caption else []
        return [*caption, *(block for row in node.rows for cell in row.cells for block in cell.blocks)]
    out: list[tree.Node] = []
    for item in node.items:
        out.extend([Paragraph(item.term, node.line)] if item.term else [])
        out.extend(block for definition in item.definitions for block in definition)
    return out


def _with_identifier(node: tree.Node, identifier: str) -> tree.Node:
    assert isinstance(node, _WITH_IDS)
    return dataclasses.replace(node, attr=dataclasses.replace(node.attr, identifier=identifier))
