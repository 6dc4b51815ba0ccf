"""Identifiers: pandoc's ``auto_identifiers`` for headings, one article-wide namespace, and ``#links`` that land.

**Heading ids** (pandoc's ``auto_identifiers``, "Extension: auto_identifiers"
in pandoc's manual): the heading's text without formatting, links and notes;
lower-cased; every character but letters, digits (any script), ``_``, ``-``,
``.`` and spaces removed; runs of spaces become one ``-``; everything before
the first letter removed; ``section`` if nothing is left. ``## Options {#opts}``
sets the id itself.

**Unique**: every identifier written in the source (headings, spans, divs,
figures, tables) is reserved first, in reading order; one written twice keeps
its first use and later ones get ``-1``, ``-2``... (with a warning). An automatic
id that is already taken gets the first free ``-1``, ``-2``... (pandoc).
``title`` is reserved for the article's title.

**Links within the article**: ``[text](#target)`` whose target no identifier
defines becomes its text, with a warning (a dangling link would crash or
mislead a reader). Percent-escapes in the target are decoded so it matches.
"""

from __future__ import annotations

import dataclasses
import urllib.parse
from collections.abc import Callable, Sequence

from markdown_it.token import Token

from ..model import (
    Article,
    Attr,
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
    walk,
    walk_inlines,
)
from .context import ReadContext
from .inlines import merge_text
from .tokens import all_tokens, attr_of, line_of, plain_text

TITLE_ID = "title"


def auto_identifier(text: str) -> str:
    """pandoc's ``auto_identifiers`` for a heading whose plain text is ``text``."""
    kept = "".join(c for c in text.lower() if c.isalnum() or c in "_-." or c.isspace())
    joined = "-".join(kept.split())
    first_letter = next((i for i, c in enumerate(joined) if c.isalpha()), len(joined))
    return joined[first_letter:] or "section"


class Identifiers:
    """The identifiers taken so far in one article."""

    def __init__(self) -> None:
        self.taken: set[str] = {TITLE_ID}

    def unique(self, base: str) -> str:
        """``base``, or ``base-1``, ``base-2``... whichever is free first; marks it taken."""
        candidate, n = base, 0
        while candidate in self.taken:
            n += 1
            candidate = f"{base}-{n}"
        self.taken.add(candidate)
        return candidate


def assign(tokens: Sequence[Token], skip: Token | None, context: ReadContext, ids: Identifiers) -> None:
    """Make every written id unique and give each heading its id (``meta["id"]``), in reading order.

    ``skip`` is the heading that became the article's title (it takes no id); ``ids``
    are the identifiers of the article taken so far (shared by every token stream of one article).
    """
    for token in all_tokens(tokens):
        attr = attr_of(token)
        if attr is None or not attr.identifier or token is skip:
            continue
        unique = ids.unique(attr.identifier)
        if unique != attr.identifier:
            context.warn(f"identifier #{attr.identifier} is used twice; this one became #{unique}", line_of(token))
            token.meta["attr"] = dataclasses.replace(attr, identifier=unique)
    for i, token in enumerate(tokens):
        if token.type != "heading_open" or token is skip:
            continue
        attr = attr_of(token)
        if attr is not None and attr.identifier:
            token.meta["id"] = attr.identifier
        else:
            inline = tokens[i + 1] if i + 1 < len(tokens) else None
            text = plain_text(inline.children or []) if inline is not None else ""
            token.meta["id"] = ids.unique(auto_identifier(text))


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


def check_links(article: Article, context: ReadContext) -> Article:
    """``article`` with every ``#link`` to an unknown identifier turned into its text (warned)."""
    known = article_identifiers(article.blocks)
    if all(link.target[1:] in known for link in _internal_links(article.blocks)):
        return article  # the usual case: nothing to rebuild

    def fix(link: Link, line: int) -> list[Inline]:
        target = "#" + urllib.parse.unquote(link.target[1:])
        if target[1:] in known:
            return [dataclasses.replace(link, target=target)] if target != link.target else [link]
        context.warn(f"link to {link.target!r}: no heading or other part has that identifier; kept its text", line)
        return list(link.children)

    return dataclasses.replace(article, blocks=_map_blocks(article.blocks, fix, 0))


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


LinkFix = Callable[[Link, int], list[Inline]]


def _map_blocks(blocks: tuple[Block, ...], fix: LinkFix, line: int) -> tuple[Block, ...]:
    """``blocks`` with ``fix`` applied to every internal link (recursion bounded by the reader's nesting limit)."""
    return tuple(_map_block(block, fix, getattr(block, "line", 0) or line) for block in blocks)


def _map_block(block: Block, fix: LinkFix, line: int) -> Block:
    if isinstance(block, (Paragraph, Subheading, CreditLine)):
        return dataclasses.replace(block, inlines=_map_inlines(block.inlines, fix, line))
    if isinstance(block, Figure):
        return dataclasses.replace(block, caption=_map_inlines(block.caption, fix, line))
    if isinstance(block, (BlockQuote, Div)):
        return dataclasses.replace(block, blocks=_map_blocks(block.blocks, fix, line))
    if isinstance(block, ListBlock):
        return dataclasses.replace(block, items=tuple(_map_blocks(item, fix, line) for item in block.items))
    if isinstance(block, DefinitionList):
        items = tuple(DefinitionItem(_map_inlines(i.term, fix, line), tuple(_map_blocks(d, fix, line) for d in i.definitions))
                      for i in block.items)
        return dataclasses.replace(block, items=items)
    if isinstance(block, Table):
        def rows(part: tuple[Row, ...]) -> tuple[Row, ...]:
            return tuple(Row(tuple(dataclasses.replace(c, blocks=_map_blocks(c.blocks, fix, line)) for c in r.cells))
                         for r in part)
        return dataclasses.replace(block, caption=_map_inlines(block.caption, fix, line),
                                   head=rows(block.head), body=rows(block.body), foot=rows(block.foot))
    return block


_WRAPPERS = (Emph, Strong, Strikeout, Superscript, Subscript, SmallCaps, Underline, Link, Span)


def _map_inlines(spans: tuple[Inline, ...], fix: LinkFix, line: int) -> tuple[Inline, ...]:
    """Rebuild ``spans`` bottom-up with an explicit stack (inline nesting may be deep)."""
    if not any(isinstance(s, (Link, Note)) for s in walk_inlines(spans)):
        return spans
    done: list[list[Inline]] = [[]]
    work: list[tuple[bool, Inline]] = [(False, s) for s in reversed(spans)]
    while work:
        leaving, span = work.pop()
        if leaving:
            rebuilt = _rewrap(span, tuple(merge_text(done.pop())))
            is_internal = isinstance(rebuilt, Link) and rebuilt.internal
            done[-1].extend(fix(rebuilt, line) if isinstance(rebuilt, Link) and is_internal else [rebuilt])
        elif isinstance(span, _WRAPPERS):
            done.append([])
            work.append((True, span))
            work.extend((False, child) for child in reversed(span.children))
        elif isinstance(span, Note):
            done[-1].append(Note(_map_blocks(span.blocks, fix, line)))
        else:
            done[-1].append(span)
    return tuple(merge_text(done[0]))


def _rewrap(span: Inline, children: tuple[Inline, ...]) -> Inline:
    if isinstance(span, Link):
        return Link(span.target, children, span.title, span.attr)
    if isinstance(span, Span):
        return Span(span.attr, children)
    assert isinstance(span, (Emph, Strong, Strikeout, Superscript, Subscript, SmallCaps, Underline))
    return type(span)(children)
