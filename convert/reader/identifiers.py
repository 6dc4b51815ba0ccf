"""Identifiers: pandoc's ``auto_identifiers`` for headings, one article-wide namespace, and ``#links`` that land.

**Heading ids** (pandoc's ``auto_identifiers``, "Extension: auto_identifiers"
in pandoc's manual): the heading's text without formatting, links and notes;
lower-cased; every character but letters, digits (any script), ``_``, ``-``,
``.`` and spaces removed; runs of spaces become one ``-``; everything before
the first letter removed; ``section`` if nothing is left. ``## Options {#opts}``
(or ``<h2 id="opts">``) sets the id itself. Markdown and raw-HTML headings are
given their ids together, in reading order, once the tree is built (:mod:`.finish`).

**Unique**: every identifier written in the source (headings, spans, divs,
figures, tables, links, images; ``{#id}`` or an HTML ``id``) is reserved first;
one written twice keeps its first use and later ones get ``-1``, ``-2``...
(with a warning). An automatic id that is already taken gets the first free
``-1``, ``-2``... (pandoc). ``title`` is reserved for the article's title.

**Links within the article**: ``[text](#target)`` whose target no identifier
defines becomes its text, with a warning (a dangling link would crash or
mislead a reader). Percent-escapes in the target are decoded so it matches.
"""

from __future__ import annotations

import dataclasses
import urllib.parse
from collections.abc import Iterable, Sequence

from ..model import Attr, Block, Link, Note, Span, block_inlines, walk, walk_inlines
from . import tree
from .context import ReadContext

TITLE_ID = "title"


def auto_identifier(text: str) -> str:
    """pandoc's ``auto_identifiers`` for a heading whose plain text is ``text``."""
    kept = "".join(c for c in text.lower() if c.isalnum() or c in "_-." or c.isspace())
    joined = "-".join(kept.split())
    first_letter = next((i for i, c in enumerate(joined) if c.isalpha()), len(joined))
    return joined[first_letter:] or "section"


class Identifiers:
    """The identifiers taken so far in one article (``title`` and ``taken`` to begin with)."""

    def __init__(self, taken: Iterable[str] = ()) -> None:
        self.taken: set[str] = {TITLE_ID, *taken}

    def unique(self, base: str) -> str:
        """``base``, or ``base-1``, ``base-2``... whichever is free first; marks it taken."""
        candidate, n = base, 0
        while candidate in self.taken:
            n += 1
            candidate = f"{base}-{n}"
        self.taken.add(candidate)
        return candidate


# --- links within the article ---------------------------------------------------------


def article_identifiers(blocks: tuple[Block, ...]) -> set[str]:
    """Every identifier a ``#link`` may reach, notes included (:func:`convert.model.identifiers` skips them)."""
    found = {TITLE_ID}
    pending = [blocks]
    while pending:
        for block in walk(pending.pop()):
            attr = getattr(block, "attr", None)
            if isinstance(attr, Attr) and attr.identifier:
                found.add(attr.identifier)
            for span in walk_inlines(block_inlines(block)):
                if isinstance(span, Span) and span.attr.identifier:
                    found.add(span.attr.identifier)
                elif isinstance(span, Note):
                    pending.append(span.blocks)
    return found


def check_links(blocks: tuple[Block, ...], context: ReadContext) -> tuple[Block, ...]:
    """``blocks`` with every ``#link`` to an unknown identifier turned into its text (warned)."""
    known = article_identifiers(blocks)
    if all(link.target[1:] in known for link in _internal_links(blocks)):
        return blocks  # the usual case: nothing to rebuild
    return tree.rewrite(blocks, _LinkFixer(known, context))


def _internal_links(blocks: tuple[Block, ...]) -> list[Link]:
    found: list[Link] = []
    pending = [blocks]
    while pending:
        for block in walk(pending.pop()):
            for span in walk_inlines(block_inlines(block)):
                if isinstance(span, Link) and span.internal:
                    found.append(span)
                elif isinstance(span, Note):
                    pending.append(span.blocks)
    return found


class _LinkFixer(tree.Visitor):
    def __init__(self, known: set[str], context: ReadContext) -> None:
        self.known = known
        self.context = context
        self.lines = tree.Lines()

    def enter(self, node: tree.Node, depth: int) -> None:
        self.lines.enter(node, depth)

    def leave(self, original: tree.Node, node: tree.Node, depth: int) -> Sequence[tree.Node]:
        if not isinstance(node, Link) or not node.internal:
            return (node,)
        target = "#" + urllib.parse.unquote(node.target[1:])
        if target[1:] in self.known:
            return (dataclasses.replace(node, target=target) if target != node.target else node,)
        line = self.lines.at(depth)
        self.context.warn(f"link to {node.target!r}: no heading or other part has that identifier; kept its text", line)
        return node.children
