"""The article (metadata, settings, blocks) and the walks every reader and writer shares (see :mod:`convert.model`)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from .blocks import (
    Block,
    BlockQuote,
    CreditLine,
    DefinitionList,
    Div,
    Figure,
    ListBlock,
    Paragraph,
    Subheading,
    Table,
)
from .inlines import (
    Attr,
    Code,
    Emph,
    Image,
    Inline,
    InlineImage,
    LineBreak,
    Link,
    Math,
    Note,
    SmallCaps,
    Span,
    Strikeout,
    Strong,
    Subscript,
    Superscript,
    Text,
    Underline,
)

# --- the article -----------------------------------------------------------------


@dataclass(frozen=True)
class Meta:
    """The article's metadata. ``title`` is ``""`` when the source has none (no headline is invented).

    ``date`` is ISO 8601 (``"2017-11-23"``) when the source's date could be read
    as one; ``date_text`` is the date as written when it could not (shown as is).
    """

    title: str
    subtitle: str | None = None
    author: tuple[str, ...] = ()
    date: str | None = None
    lang: str = "en"
    publisher: str | None = None
    rights: str | None = None
    identifier: str | None = None
    keywords: tuple[str, ...] = ()
    description: str | None = None
    date_text: str | None = None
    certified_by: str | None = None  # who vouches for the e-book's accessibility (EPUB a11y:certifiedBy)


@dataclass(frozen=True)
class Settings:
    """What the source asks of its outputs (pandoc's front-matter variables); the caller's options win.

    ``paper`` is ``"a4"`` or ``"letter"`` (``papersize``), ``font_family`` a fontconfig family
    (``mainfont``), ``toc`` a table of contents (``toc``), ``cover`` the EPUB cover picture
    (``cover-image``). ``None``: the source says nothing.
    """

    paper: str | None = None
    font_family: str | None = None
    toc: bool | None = None
    cover: Image | None = None


@dataclass(frozen=True)
class Article:
    meta: Meta
    blocks: tuple[Block, ...]
    source: str = "<string>"  # where it was read from, for messages
    settings: Settings = field(default_factory=Settings)

    @property
    def document_title(self) -> str:
        """The title where a format demands one (EPUB ``dc:title``, PDF ``/Title``): the file name without one."""
        if self.meta.title.strip():
            return self.meta.title
        return "Untitled" if self.source.startswith("<") else Path(self.source).stem or "Untitled"

    def figures(self) -> list[Figure]:
        """Every figure, in reading order (including those nested in quotes, lists, tables, divs)."""
        return [b for b in walk(self.blocks) if isinstance(b, Figure)]

    def subheadings(self) -> list[Subheading]:
        return [b for b in walk(self.blocks) if isinstance(b, Subheading)]

    def images(self) -> list[Image]:
        """Every loaded picture, figures and inline images, in reading order."""
        found: list[Image] = []
        for block in walk(self.blocks):
            if isinstance(block, Figure) and block.image is not None:
                found.append(block.image)
            for span in walk_inlines(block_inlines(block)):
                if isinstance(span, InlineImage) and span.image is not None:
                    found.append(span.image)
        return found


def child_blocks(block: Block) -> Iterator[Block]:
    """The blocks directly inside ``block`` (quotes, list items, definitions, cells, divs)."""
    if isinstance(block, (BlockQuote, Div)):
        yield from block.blocks
    elif isinstance(block, ListBlock):
        for item in block.items:
            yield from item
    elif isinstance(block, DefinitionList):
        for entry in block.items:
            for definition in entry.definitions:
                yield from definition
    elif isinstance(block, Table):
        for row in block.rows:
            for cell in row.cells:
                yield from cell.blocks


def walk(blocks: tuple[Block, ...]) -> list[Block]:
    """All blocks depth-first in reading order (not those inside notes)."""
    found: list[Block] = []
    stack = list(reversed(blocks))
    while stack:  # an explicit stack: deep nesting must not exhaust Python's recursion limit
        block = stack.pop()
        found.append(block)
        stack.extend(reversed(list(child_blocks(block))))
    return found


def block_inlines(block: Block) -> tuple[Inline, ...]:
    """The inline spans a block holds itself (not those of nested blocks)."""
    if isinstance(block, (Paragraph, Subheading, CreditLine)):
        return block.inlines
    if isinstance(block, Figure):
        return block.caption
    if isinstance(block, Table):
        return block.caption
    if isinstance(block, DefinitionList):
        return tuple(span for entry in block.items for span in entry.term)
    return ()


_WRAPPERS = (Emph, Strong, Strikeout, Superscript, Subscript, SmallCaps, Underline, Link, Span)


def walk_inlines(spans: tuple[Inline, ...]) -> list[Inline]:
    """All spans depth-first in reading order (not those inside notes)."""
    found: list[Inline] = []
    stack = list(reversed(spans))
    while stack:
        span = stack.pop()
        found.append(span)
        if isinstance(span, _WRAPPERS):
            stack.extend(reversed(span.children))
    return found


def notes(article: Article) -> list[Note]:
    """Every note in reading order, as the writers number them (1, 2, ...)."""
    found: list[Note] = []
    for block in walk(article.blocks):
        found.extend(s for s in walk_inlines(block_inlines(block)) if isinstance(s, Note))
    return found


def identifiers(article: Article) -> set[str]:
    """Every identifier a ``#link`` may point at: ``"title"``, headings, spans, divs, figures, tables."""
    found = {"title"}
    for block in walk(article.blocks):
        attr = getattr(block, "attr", None)
        if isinstance(attr, Attr) and attr.identifier:
            found.add(attr.identifier)
        for span in walk_inlines(block_inlines(block)):
            if isinstance(span, Span) and span.attr.identifier:
                found.add(span.attr.identifier)
    return found


def merged_texts(inlines: Iterable[Inline]) -> list[Inline]:
    """``inlines`` with adjacent :class:`Text` nodes joined and empty ones dropped (the tidy form every reader
    makes; markdown-it splits text at each special character). Each run is joined once: linear time."""
    merged: list[Inline] = []
    run: list[str] = []
    for item in inlines:
        if isinstance(item, Text):
            run.append(item.text)
            continue
        if any(run):
            merged.append(Text("".join(run)))
        run = []
        merged.append(item)
    if any(run):
        merged.append(Text("".join(run)))
    return merged


def plain_text(inlines: tuple[Inline, ...]) -> str:
    """The text of inline spans without formatting; a line break becomes a space, a note nothing."""
    parts: list[str] = []
    for span in inlines:
        if isinstance(span, (Text, Code, Math)):
            parts.append(span.text)
        elif isinstance(span, LineBreak):
            parts.append(" ")
        elif isinstance(span, InlineImage):
            parts.append(span.alt)
        elif isinstance(span, Note):
            continue
        else:
            parts.append(plain_text(span.children))
    return "".join(parts)
