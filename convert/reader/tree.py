"""Rewriting a finished article tree: one iterative pass over blocks, inlines and notes, in reading order.

The reader settles some things only once every block is built: heading
levels and identifiers (:mod:`.headings`, :mod:`.identifiers`, over Markdown
and raw-HTML headings alike), ``#links`` that land nowhere, containers nested
deeper than any writer may follow. :func:`rewrite` walks the tree once with
an explicit stack (no recursion: raw HTML opened across blocks can nest a
thousand levels deep) and calls a :class:`Visitor` on each node: ``enter``
before its children, in reading order; ``leave`` after them, with the node
rebuilt from its new children, returning what takes its place (none, the
node, or several nodes). Nodes whose children did not change are kept as
they are, so a pass that changes nothing returns the same objects.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, cast

from ..model import (
    Block,
    BlockQuote,
    CreditLine,
    DefinitionItem,
    DefinitionList,
    Div,
    Emph,
    Figure,
    Inline,
    Link,
    ListBlock,
    Note,
    Paragraph,
    Row,
    SmallCaps,
    Span,
    Strikeout,
    Strong,
    Subheading,
    Subscript,
    Superscript,
    Table,
    Underline,
    block_inlines,
    merged_texts,
    walk,
    walk_inlines,
)

Node = Block | Inline
WRAPPERS = (Emph, Strong, Strikeout, Superscript, Subscript, SmallCaps, Underline, Link, Span)


class Lines:
    """The source line of the block nearest around each node a :class:`Visitor` enters (inlines have none)."""

    def __init__(self) -> None:
        self._lines: list[int] = []

    def enter(self, node: Node, depth: int) -> None:
        del self._lines[depth:]
        own = getattr(node, "line", 0)
        self._lines.append(own if isinstance(own, int) and own else (self._lines[-1] if self._lines else 0))

    def at(self, depth: int) -> int:
        """The line for the node entered at ``depth`` (call before deeper nodes are entered)."""
        return self._lines[min(depth, len(self._lines) - 1)] if self._lines else 0


def all_blocks(blocks: tuple[Block, ...]) -> Iterator[Block]:
    """Every block, those inside notes included (a note's after the blocks around it), without recursion."""
    pending = [blocks]
    while pending:
        for block in walk(pending.pop()):
            yield block
            pending.extend(span.blocks for span in walk_inlines(block_inlines(block)) if isinstance(span, Note))


class Visitor:
    """What a pass does at each node; the default changes nothing.

    ``depth`` counts the blocks and inlines around the node (0: a top-level block).
    """

    def enter(self, node: Node, depth: int) -> None:
        """Called before the node's children, in reading order (a note's blocks where it is referenced)."""

    def leave(self, original: Node, node: Node, depth: int) -> Sequence[Node]:
        """What replaces ``original``; ``node`` is it with its children already rewritten."""
        return (node,)


def parts(node: Node) -> tuple[tuple[Node, ...], ...]:
    """The sequences of nodes directly inside ``node``, in reading order."""
    if isinstance(node, (Paragraph, Subheading, CreditLine)):
        return (node.inlines,)
    if isinstance(node, Figure):
        return (node.caption,)
    if isinstance(node, (BlockQuote, Div, Note)):
        return (node.blocks,)
    if isinstance(node, ListBlock):
        return node.items
    if isinstance(node, DefinitionList):
        return tuple(part for item in node.items for part in (item.term, *item.definitions))
    if isinstance(node, Table):
        return (node.caption, *(cell.blocks for row in node.rows for cell in row.cells))
    if isinstance(node, WRAPPERS):
        return (node.children,)
    return ()


def rebuild(node: Node, new: Sequence[Sequence[Node]]) -> Node:
    """``node`` with the sequences :func:`parts` gave replaced by ``new`` (adjacent texts joined)."""
    if isinstance(node, (Paragraph, Subheading, CreditLine)):
        return dataclasses.replace(node, inlines=_inlines(new[0]))
    if isinstance(node, Figure):
        return dataclasses.replace(node, caption=_inlines(new[0]))
    if isinstance(node, (BlockQuote, Div, Note)):
        return dataclasses.replace(node, blocks=_blocks(new[0]))
    if isinstance(node, ListBlock):
        return dataclasses.replace(node, items=tuple(_blocks(item) for item in new))
    if isinstance(node, DefinitionList):
        return dataclasses.replace(node, items=_definition_items(node.items, new))
    if isinstance(node, Table):
        return _table(node, new)
    if isinstance(node, WRAPPERS):
        return dataclasses.replace(node, children=_inlines(new[0]))
    return node


def _inlines(nodes: Sequence[Node]) -> tuple[Inline, ...]:
    return tuple(merged_texts(cast("Sequence[Inline]", nodes)))


def _blocks(nodes: Sequence[Node]) -> tuple[Block, ...]:
    return tuple(cast("Sequence[Block]", nodes))


def _definition_items(items: tuple[DefinitionItem, ...], new: Sequence[Sequence[Node]]) -> tuple[DefinitionItem, ...]:
    out: list[DefinitionItem] = []
    at = 0
    for item in items:
        count = len(item.definitions)
        out.append(DefinitionItem(_inlines(new[at]), tuple(_blocks(d) for d in new[at + 1 : at + 1 + count])))
        at += 1 + count
    return tuple(out)


def _table(table: Table, new: Sequence[Sequence[Node]]) -> Table:
    cells = iter(new[1:])

    def rows(part: tuple[Row, ...]) -> tuple[Row, ...]:
        return tuple(Row(tuple(dataclasses.replace(cell, blocks=_blocks(next(cells))) for cell in row.cells))
                     for row in part)

    head, body, foot = rows(table.head), rows(table.body), rows(table.foot)
    return dataclasses.replace(table, caption=_inlines(new[0]), head=head, body=body, foot=foot)


@dataclass
class _Frame:
    node: Any  # the node whose parts are being rewritten (None: the top level)
    parts: tuple[tuple[Node, ...], ...]
    depth: int
    done: list[list[Node]] = field(default_factory=list)
    index: int = 0
    changed: bool = False


def rewrite(blocks: tuple[Block, ...], visitor: Visitor) -> tuple[Block, ...]:
    """``blocks`` after ``visitor`` (see :class:`Visitor`); the same tuple when nothing changed."""
    stack = [_Frame(None, (blocks,), -1)]
    while True:
        frame = stack[-1]
        part = len(frame.done) - 1
        if part >= 0 and frame.index < len(frame.parts[part]):
            child = frame.parts[part][frame.index]
            frame.index += 1
            depth = frame.depth + 1
            visitor.enter(child, depth)
            inside = parts(child)
            if inside:
                stack.append(_Frame(child, inside, depth))
            else:
                _put(frame, child, visitor.leave(child, child, depth))
        elif part + 1 < len(frame.parts):  # the next sequence of this node
            frame.done.append([])
            frame.index = 0
        else:
            stack.pop()
            if frame.node is None:
                return _blocks(frame.done[0]) if frame.changed else blocks
            node = rebuild(frame.node, frame.done) if frame.changed else frame.node
            _put(stack[-1], frame.node, visitor.leave(frame.node, node, frame.depth))


def _put(frame: _Frame, original: Node, replacement: Sequence[Node]) -> None:
    frame.done[-1].extend(replacement)
    if not frame.changed and (len(replacement) != 1 or replacement[0] is not original):
        frame.changed = True
