"""What the model says every output must show, as plain text, in reading order.

Built once per verification from the :class:`~convert.model.Article`; the
format checkers compare what they read back against it. Text is what a reader
sees (:mod:`.modeltext`). A note inside a note has no place every format agrees
on (inline in brackets, a note of its own): the outer note must hold its own
text, whatever else it shows.

Inline images are listed in reading order wherever they sit (paragraphs,
headings, figure and table captions, cells, terms, credit lines), as every
format draws them; those inside notes are not (notes are elsewhere in every
format). The title block's ``Meta.description`` and ``Meta.keywords`` are
expected as the writers show them (Quarto's title block; a description that
only repeats the article's first words need not show), and a figure not
loaded shows its alt text when that is not its caption's text (pandoc shows
the description of an image it cannot fetch).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..model import (
    Article,
    Block,
    BlockQuote,
    Cell,
    CodeBlock,
    CreditLine,
    DefinitionList,
    Div,
    Figure,
    Inline,
    Link,
    ListBlock,
    Note,
    Paragraph,
    Rule,
    Subheading,
    Table,
    block_inlines,
    plain_text,
    walk,
    walk_inlines,
)
from .compare import normal
from .modeltext import (
    CASE_FREE,
    CASE_FREE_END,
    block_texts,
    blocks_text,
    collapse,
    figure_description,
    images,
    repeats_start,
    segments,
    visible_text,
)


@dataclass(frozen=True)
class Passage:
    """A piece of running text: ``segments`` are its text split where a note reference sits.

    ``notes`` are the 1-based numbers of those notes (the writers number notes in
    reading order); ``len(segments) == len(notes) + 1``.
    """

    kind: str
    segments: tuple[str, ...]
    notes: tuple[int, ...] = ()

    @property
    def text(self) -> str:
        return "".join(self.segments).replace(CASE_FREE, "").replace(CASE_FREE_END, "")


@dataclass(frozen=True)
class FigureExpectation:
    caption: str
    alt: str
    credit: str | None
    loaded: bool  # False: no picture, the writers show the caption and ``src`` as a link
    src: str
    description: str = ""  # not loaded: the alt text shown in the picture's place ("" when the caption says it)


@dataclass(frozen=True)
class ImageExpectation:
    """An inline image (not a figure); ``linked``: one not loaded is a link to ``src`` (not inside another link)."""

    alt: str
    loaded: bool
    src: str
    linked: bool = True


@dataclass(frozen=True)
class HeadingExpectation:
    level: int  # 2 to 6
    text: str
    identifier: str
    plain: str = ""  # its text with pictures' alt text (an outline entry, text only, may show it)


@dataclass(frozen=True)
class TableExpectation:
    """A table: its caption and the text of each cell, row by row (head rows first)."""

    caption: str
    rows: tuple[tuple[str, ...], ...]
    head_rows: int


@dataclass(frozen=True)
class TermExpectation:
    """A definition-list entry: the term, each definition's whole text, and the paragraphs directly in them."""

    term: str
    definitions: tuple[str, ...]
    paragraphs: tuple[str, ...]


FlowItem = Passage | TableExpectation


@dataclass
class Expected:
    """Everything one output must show; see the module docstring."""

    title: str  # "" when the article has no visible headline
    document_title: str  # what formats that demand a title carry
    description: str = ""  # Meta.description, spaces collapsed ("" when none)
    keywords: tuple[str, ...] = ()  # Meta.keywords, spaces collapsed, empty ones left out
    figures: list[FigureExpectation] = field(default_factory=list)
    images: list[ImageExpectation] = field(default_factory=list)
    headings: list[HeadingExpectation] = field(default_factory=list)
    credits: list[str] = field(default_factory=list)
    paragraphs: list[str] = field(default_factory=list)  # outside table cells and definitions
    tables: list[TableExpectation] = field(default_factory=list)
    terms: list[TermExpectation] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # each note's text, numbered 1, 2... in reading order
    note_parts: list[tuple[str, ...]] = field(default_factory=list)  # each note's blocks' texts (see block_texts)
    holding_notes: set[int] = field(default_factory=set)  # notes with notes inside: shown inline or as notes
    flow: list[FlowItem] = field(default_factory=list)  # reading order, for formats read as one stream (PDF)
    nameless_links: set[str] = field(default_factory=set)  # targets of links with no text (XHTML names them by it)

    @classmethod
    def of(cls, article: Article) -> Expected:
        meta = article.meta
        keywords = tuple(k for k in (collapse(k) for k in meta.keywords) if k)
        description = collapse(meta.description or "")
        if repeats_start(description, article.blocks):
            description = ""  # shown, it would be read twice: writers may leave it out
        expected = cls(title=meta.title.strip(), document_title=article.document_title,
                       description=description, keywords=keywords)
        if expected.title:
            expected.flow.append(Passage("title", (expected.title,)))
        if expected.description:
            expected.flow.append(Passage("description", (expected.description,)))
        expected.flow.extend(Passage("keyword", (keyword,)) for keyword in keywords)
        _Collector(expected).blocks(article.blocks, nested=False)
        return expected


def holding(expected: Expected, number: int, text: str, found: str | None) -> str | None:
    """What a note check compares: for a note holding notes, ``text`` when ``found`` contains it."""
    if found is None or number not in expected.holding_notes:
        return found
    return text if normal(text) in normal(found) else found


def _cell_text(cell: Cell) -> str:
    return blocks_text(cell.blocks)


@dataclass
class _Collector:
    """Fills an :class:`Expected` from blocks in reading order, numbering notes as the writers do."""

    expected: Expected
    note_blocks: list[Note] = field(default_factory=list)

    def passage(self, kind: str, spans: tuple[Inline, ...]) -> Passage:
        """The passage of ``spans``; their notes and inline images are listed as met."""
        first = len(self.note_blocks)
        texts = segments(spans, self.note_blocks)
        for span, linked in images(spans):
            self.expected.images.append(ImageExpectation(span.alt, span.image is not None, span.src, linked))
        self.expected.nameless_links.update(span.target for span in walk_inlines(spans)
                                            if isinstance(span, Link) and not plain_text(span.children).strip())
        for note in self.note_blocks[first:]:
            self.expected.notes.append(blocks_text(note.blocks))
            self.expected.note_parts.append(tuple(block_texts(note.blocks)))
            if any(isinstance(s, Note) for b in walk(note.blocks) for s in walk_inlines(block_inlines(b))):
                self.expected.holding_notes.add(len(self.expected.notes))
        numbers = tuple(range(first + 1, len(self.note_blocks) + 1))
        return Passage(kind, tuple(texts), numbers)

    def blocks(self, blocks: tuple[Block, ...], *, nested: bool) -> None:
        for block in blocks:
            self.block(block, nested=nested)

    def block(self, block: Block, *, nested: bool) -> None:
        """``nested``: inside a table cell or a definition, whose text those checks own."""
        expected = self.expected
        match block:
            case Paragraph():
                self.paragraph(block, nested=nested)
            case Subheading():
                passage = self.passage("subheading", block.inlines)
                expected.headings.append(HeadingExpectation(block.level, passage.text, block.attr.identifier,
                                                            plain_text(block.inlines)))
                expected.flow.append(passage)
            case Figure():
                description = figure_description(block)
                if description:  # above the caption
                    expected.flow.append(Passage("figure description", (description,)))
                passage = self.passage("figure caption", block.caption)
                expected.figures.append(FigureExpectation(passage.text, block.alt, block.credit,
                                                          block.image is not None, block.src, description))
                if passage.text.strip():
                    expected.flow.append(passage)
            case CreditLine():
                passage = self.passage("credit line", block.inlines)
                expected.credits.append(passage.text)
                expected.flow.append(passage)
            case BlockQuote() | Div():
                self.blocks(block.blocks, nested=nested)
            case ListBlock():
                for item in block.items:
                    self.blocks(item, nested=nested)
            case DefinitionList():
                self.definitions(block)
            case Table():
                self.table(block)
            case CodeBlock() | Rule():
                pass

    def paragraph(self, block: Paragraph, *, nested: bool) -> None:
        passage = self.passage("definition" if nested else "body paragraph", block.inlines)
        if passage.text.strip():
            if not nested:
                self.expected.paragraphs.append(passage.text)
            self.expected.flow.append(passage)

    def definitions(self, block: DefinitionList) -> None:
        for entry in block.items:
            term = self.passage("term", entry.term)
            self.expected.flow.append(term)
            for definition in entry.definitions:
                self.blocks(definition, nested=True)
            paragraphs = tuple(visible_text(b.inlines) for d in entry.definitions for b in d if isinstance(b, Paragraph))
            whole = tuple(blocks_text(d) for d in entry.definitions)
            self.expected.terms.append(TermExpectation(term.text, whole, tuple(p for p in paragraphs if p.strip())))

    def table(self, block: Table) -> None:
        caption = self.passage("table caption", block.caption)
        rows = tuple(tuple(_cell_text(cell) for cell in row.cells) for row in block.rows)
        table = TableExpectation(caption.text, rows, len(block.head))
        self.expected.tables.append(table)
        if caption.text.strip():
            self.expected.flow.append(caption)
        self.expected.flow.append(table)
        for row in block.rows:  # notes and images inside cells count in reading order
            for cell in row.cells:
                self.cell(cell)

    def cell(self, cell: Cell) -> None:
        for block in cell.blocks:
            if isinstance(block, Paragraph):
                self.passage("cell", block.inlines)
            else:
                collector = _Collector(Expected(title="", document_title=""), self.note_blocks)
                collector.block(block, nested=True)
                self.expected.notes.extend(collector.expected.notes)
                self.expected.note_parts.extend(collector.expected.note_parts)
                self.expected.figures.extend(collector.expected.figures)
                self.expected.images.extend(collector.expected.images)
