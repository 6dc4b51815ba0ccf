"""What the model says every output must show, as plain text, in reading order.

Built once per verification from the :class:`~convert.model.Article`; the
format checkers compare what they read back against it. Text is what a reader
sees: a note leaves only its reference mark (numbered by the writers, so not
part of the expected text), a loaded inline image shows no text, one that was
not loaded shows its ``alt`` (as the link the writers make of it), display
math is apart from the text around it (on a line of its own).

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
    InlineImage,
    LineBreak,
    Link,
    ListBlock,
    Note,
    Paragraph,
    Rule,
    SmallCaps,
    Subheading,
    Table,
    Text,
    plain_text,
    walk,
    walk_inlines,
)
from ..model import Code as CodeSpan
from ..model import Math as MathSpan
from .words import words

#: Around text whose case a format may change (small caps drawn as capitals), inside :attr:`Passage.segments` only.
CASE_FREE, CASE_FREE_END = "\ue000", "\ue001"


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
    flow: list[FlowItem] = field(default_factory=list)  # reading order, for formats read as one stream (PDF)
    nameless_links: set[str] = field(default_factory=set)  # targets of links with no text (XHTML names them by it)

    @classmethod
    def of(cls, article: Article) -> Expected:
        meta = article.meta
        keywords = tuple(k for k in (collapse(k) for k in meta.keywords) if k)
        description = collapse(meta.description or "")
        if _repeats_start(description, article.blocks):
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


def collapse(text: str) -> str:
    """``text`` with runs of whitespace made one space, none at the ends (how the writers show metadata)."""
    return " ".join(text.split())


def _repeats_start(description: str, blocks: tuple[Block, ...]) -> bool:
    """Whether ``description``'s words are the article's first words (its last word perhaps cut short): a summary
    made of the article's start (Hugo's automatic one), which a title block need not show."""
    wanted = [w.key for w in words(description)]
    if not wanted:
        return False
    found: list[str] = []
    for block in walk(blocks):
        if len(found) >= len(wanted):
            break
        if isinstance(block, (Paragraph, Subheading)):
            found.extend(w.key for w in words(plain_text(block.inlines)))
        elif isinstance(block, CodeBlock):
            found.extend(w.key for w in words(block.text))
    head = found[:len(wanted)]
    return len(head) == len(wanted) and head[:-1] == wanted[:-1] and head[-1].startswith(wanted[-1])


def figure_description(figure: Figure) -> str:
    """What shows in the place of a figure not loaded: its alt text, unless empty or the caption's text."""
    if figure.image is not None:
        return ""
    alt = collapse(figure.alt)
    return alt if alt != collapse(plain_text(figure.caption)) else ""


def _segments(spans: tuple[Inline, ...], notes: list[Note] | None = None) -> list[str]:
    """The visible text of ``spans``, split at each note reference (the notes are appended to ``notes``).

    With ``notes`` (a passage), small caps are marked :data:`CASE_FREE`.
    """
    parts = [""]
    stack: list[Inline | str] = list(reversed(spans))
    while stack:  # an explicit stack: deep nesting must not exhaust the recursion limit
        span = stack.pop()
        if isinstance(span, str):
            parts[-1] += span
        elif isinstance(span, SmallCaps) and notes is not None:
            stack.extend((CASE_FREE_END, *reversed(span.children), CASE_FREE))
        elif isinstance(span, MathSpan) and span.display:
            parts[-1] += f" {span.text} "  # displayed on a line of its own
        elif isinstance(span, (Text, CodeSpan, MathSpan)):
            parts[-1] += span.text
        elif isinstance(span, LineBreak):
            parts[-1] += " "
        elif isinstance(span, InlineImage):
            parts[-1] += span.alt if span.image is None else ""
        elif isinstance(span, Note):
            parts.append("")
            if notes is not None:
                notes.append(span)
        else:
            stack.extend(reversed(span.children))
    return parts


def visible_text(spans: tuple[Inline, ...]) -> str:
    """What a reader sees of ``spans`` (see the module docstring)."""
    return "".join(_segments(spans))


def blocks_text(blocks: tuple[Block, ...]) -> str:
    """The visible text of blocks, joined by spaces in reading order (a cell, a note, a definition)."""
    return " ".join(block_texts(blocks))


def block_texts(blocks: tuple[Block, ...]) -> list[str]:
    """The visible text of each paragraph-like block in ``blocks``, in reading order (empty ones left out).

    Between two of them a format may put what is not text: a list item's bullet or number.
    """
    parts: list[str] = []
    stack = list(reversed(blocks))
    while stack:
        block = stack.pop()
        match block:
            case Paragraph() | Subheading() | CreditLine():
                parts.append(visible_text(block.inlines))
            case Figure():
                parts.append(visible_text(block.caption))
            case CodeBlock():
                parts.append(block.text)
            case BlockQuote() | Div():
                stack.extend(reversed(block.blocks))
            case ListBlock():
                stack.extend(reversed([b for item in block.items for b in item]))
            case DefinitionList():
                for entry in reversed(block.items):
                    stack.extend(reversed([b for d in entry.definitions for b in d]))
                    stack.append(Paragraph(entry.term))
            case Table():
                stack.extend(reversed([b for row in block.rows for cell in row.cells for b in cell.blocks]))
                stack.append(Paragraph(block.caption))
            case Rule():
                pass
    return [p for p in parts if p.strip()]


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
        segments = _segments(spans, self.note_blocks)
        for span, linked in _images(spans):
            self.expected.images.append(ImageExpectation(span.alt, span.image is not None, span.src, linked))
        self.expected.nameless_links.update(span.target for span in walk_inlines(spans)
                                            if isinstance(span, Link) and not plain_text(span.children).strip())
        for note in self.note_blocks[first:]:
            self.expected.notes.append(blocks_text(note.blocks))
            self.expected.note_parts.append(tuple(block_texts(note.blocks)))
        numbers = tuple(range(first + 1, len(self.note_blocks) + 1))
        return Passage(kind, tuple(segments), numbers)

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


def _images(spans: tuple[Inline, ...]) -> list[tuple[InlineImage, bool]]:
    """The inline images in ``spans`` (not in notes), each with whether it is outside every link."""
    found: list[tuple[InlineImage, bool]] = []
    stack = [(span, True) for span in reversed(spans)]
    while stack:
        span, outside = stack.pop()
        if isinstance(span, InlineImage):
            found.append((span, outside))
        elif not isinstance(span, (Text, CodeSpan, MathSpan, LineBreak, Note)):
            inside = outside and not isinstance(span, Link)
            stack.extend((child, inside) for child in reversed(span.children))
    return found
