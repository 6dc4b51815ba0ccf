"""The format-neutral article model: read this module first.

Every reader produces an :class:`Article`; every writer consumes one. The
model is small, immutable and knows nothing of Markdown, HTML or of any output
format. Names follow pandoc's AST where the two overlap (``Table``, ``Note``,
``Span``, ``Div``, ``Strikeout``, ``Superscript``, ``Subscript``,
``SmallCaps``, ``DefinitionList``), so pandoc's documentation describes them.

The unions :data:`Inline` and :data:`Block` are closed: a writer ``match``es
on them and ends in ``assert_never``, so mypy names any node it forgets.
Blocks carry the source ``line`` they came from so writers can point at it
when they warn.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

# --- attributes --------------------------------------------------------------


@dataclass(frozen=True)
class Attr:
    """pandoc's ``Attr``: an identifier, classes and key-value pairs.

    Written ``{#id .class key="value"}`` in the source (pandoc's attribute
    syntax). ``identifier`` is unique within an article and is what
    ``[text](#identifier)`` links to; writers make it a destination
    (HTML ``id``, DOCX bookmark, PDF named destination).
    """

    identifier: str = ""
    classes: tuple[str, ...] = ()
    pairs: tuple[tuple[str, str], ...] = ()

    def get(self, key: str, default: str | None = None) -> str | None:
        """The value of ``key`` (the last one written wins, as in pandoc)."""
        for name, value in reversed(self.pairs):
            if name == key:
                return value
        return default

    def has_class(self, name: str) -> bool:
        return name in self.classes


NO_ATTR = Attr()

# --- images --------------------------------------------------------------------


@dataclass(frozen=True)
class Rendition:
    """One encoding of a picture: ``format`` is "jpeg", "png", "gif", "webp", "svg"..."""

    format: str
    data: bytes = field(repr=False)

    @property
    def media_type(self) -> str:
        return "image/svg+xml" if self.format == "svg" else f"image/{self.format}"

    @property
    def extension(self) -> str:
        return "jpg" if self.format == "jpeg" else self.format


@dataclass(frozen=True)
class Image:
    """A picture already found, checked and understood by the reader.

    Writers never touch the file system and never sniff bytes: the picture is
    here, as ``data`` in ``format``, plus any ``renditions`` the reader made for
    formats that cannot take the original (a PNG of an SVG, an RGB JPEG of a
    CMYK one...). ``width`` and ``height`` are the *displayed* size in pixels
    (EXIF orientation applied); ``dpi`` is the resolution the file states, if any.
    """

    source: str  # the reference as written in the article, for messages
    data: bytes = field(repr=False)
    format: str  # "jpeg", "png", "gif", "webp", "svg"...
    width: int  # displayed pixels
    height: int  # displayed pixels
    path: str = field(default="", compare=False, repr=False)  # the file it was read from (for batch manifests)
    dpi: float | None = None
    renditions: tuple[Rendition, ...] = field(default=(), repr=False)

    @property
    def media_type(self) -> str:
        return self.original.media_type

    @property
    def extension(self) -> str:
        return self.original.extension

    @property
    def original(self) -> Rendition:
        return Rendition(self.format, self.data)

    def embeddable(self, accepted: Collection[str]) -> Rendition | None:
        """The first encoding whose format is in ``accepted``: the original if it is, else a rendition.

        ``None`` when no encoding fits; the reader makes renditions so that every
        built-in writer finds one (JPEG, PNG or GIF is always among them).
        """
        for rendition in (self.original, *self.renditions):
            if rendition.format in accepted:
                return rendition
        return None


# --- inline spans ----------------------------------------------------------------


@dataclass(frozen=True)
class Text:
    text: str


@dataclass(frozen=True)
class Emph:
    children: tuple[Inline, ...]


@dataclass(frozen=True)
class Strong:
    children: tuple[Inline, ...]


@dataclass(frozen=True)
class Strikeout:
    """``~~deleted~~``, HTML ``<del>``/``<s>``."""

    children: tuple[Inline, ...]


@dataclass(frozen=True)
class Superscript:
    """``19^th^``, HTML ``<sup>``."""

    children: tuple[Inline, ...]


@dataclass(frozen=True)
class Subscript:
    """``H~2~O``, HTML ``<sub>``."""

    children: tuple[Inline, ...]


@dataclass(frozen=True)
class SmallCaps:
    """``[text]{.smallcaps}`` (pandoc)."""

    children: tuple[Inline, ...]


@dataclass(frozen=True)
class Underline:
    """``[text]{.underline}`` (pandoc), HTML ``<u>``/``<ins>``."""

    children: tuple[Inline, ...]


@dataclass(frozen=True)
class Code:
    text: str


@dataclass(frozen=True)
class Math:
    """TeX math as written (``$x^2$``, ``$$...$$``); writers show the TeX source."""

    text: str
    display: bool = False


@dataclass(frozen=True)
class Link:
    """A link. ``target`` is an absolute URL, a relative path, or ``#identifier`` within the article."""

    target: str
    children: tuple[Inline, ...]
    title: str = ""
    attr: Attr = NO_ATTR

    @property
    def internal(self) -> bool:
        return self.target.startswith("#")


@dataclass(frozen=True)
class LineBreak:
    pass


@dataclass(frozen=True)
class Span:
    """pandoc's ``Span``: ``[text]{#id .class key=value}``; the writers keep ``attr.identifier`` as an anchor.

    A ``custom-style`` pair names a DOCX character style (pandoc's convention).
    """

    attr: Attr
    children: tuple[Inline, ...]


@dataclass(frozen=True)
class Note:
    """A footnote, placed where its reference is (pandoc's ``Note``).

    ``[^id]`` with its definition, or ``^[inline text]``. Writers number notes in
    reading order; a note referenced twice appears twice, as in pandoc.
    """

    blocks: tuple[Block, ...]


@dataclass(frozen=True)
class InlineImage:
    """An image inside running text (not a figure).

    ``image`` is ``None`` when the picture was not loaded (a remote address that
    was not fetched): writers then show ``alt`` as a link to ``src``.
    """

    image: Image | None
    src: str
    alt: str
    attr: Attr = NO_ATTR


Inline = (
    Text | Emph | Strong | Strikeout | Superscript | Subscript | SmallCaps | Underline | Code | Math | Link
    | LineBreak | Span | Note | InlineImage
)

# --- blocks ------------------------------------------------------------------------


@dataclass(frozen=True)
class Paragraph:
    inlines: tuple[Inline, ...]
    line: int = 0


@dataclass(frozen=True)
class Subheading:
    """A heading inside the article: ``level`` 2 to 6 (level 1 is the title).

    ``attr.identifier`` is always set (pandoc's ``auto_identifiers`` or ``{#id}``).
    """

    level: int
    inlines: tuple[Inline, ...]
    line: int = 0
    attr: Attr = NO_ATTR


@dataclass(frozen=True)
class Figure:
    """A picture with its caption, alt text and photo credit.

    ``image`` is ``None`` when the picture was not loaded (a remote address not
    fetched): writers then show the caption and ``src`` as a link.
    """

    image: Image | None
    caption: tuple[Inline, ...]
    alt: str
    credit: str | None = None  # the photo credit, e.g. "Photo: AFP/Jane Doe"
    line: int = 0
    attr: Attr = NO_ATTR
    src: str = ""  # the reference as written


@dataclass(frozen=True)
class CreditLine:
    """The article's credit line ("With reporting by ...")."""

    inlines: tuple[Inline, ...]
    line: int = 0


@dataclass(frozen=True)
class BlockQuote:
    blocks: tuple[Block, ...]
    line: int = 0


ListStyle = Literal["decimal", "lower-alpha", "upper-alpha", "lower-roman", "upper-roman"]


@dataclass(frozen=True)
class ListBlock:
    """A bullet list, or an ordered one counting from ``start`` in ``style`` (pandoc's fancy_lists)."""

    ordered: bool
    items: tuple[tuple[Block, ...], ...]
    start: int = 1
    line: int = 0
    style: ListStyle = "decimal"


@dataclass(frozen=True)
class DefinitionItem:
    """A term and one or more definitions, each a sequence of blocks."""

    term: tuple[Inline, ...]
    definitions: tuple[tuple[Block, ...], ...]


@dataclass(frozen=True)
class DefinitionList:
    items: tuple[DefinitionItem, ...]
    line: int = 0


@dataclass(frozen=True)
class CodeBlock:
    text: str
    language: str = ""
    line: int = 0


@dataclass(frozen=True)
class Rule:
    line: int = 0


Alignment = Literal["default", "left", "center", "right"]


@dataclass(frozen=True)
class ColumnSpec:
    """A table column: its alignment and its share of the table's width (``None``: by content)."""

    align: Alignment = "default"
    width: float | None = None  # 0 < width <= 1, relative to the text width


@dataclass(frozen=True)
class Cell:
    """A table cell. A pipe-table cell holds one :class:`Paragraph`; grid and HTML cells may hold any blocks.

    ``align`` overrides the column's alignment when not ``"default"``.
    """

    blocks: tuple[Block, ...]
    align: Alignment = "default"
    col_span: int = 1
    row_span: int = 1


@dataclass(frozen=True)
class Row:
    cells: tuple[Cell, ...]


@dataclass(frozen=True)
class Table:
    """pandoc's ``Table``, reduced to what articles use: a caption, columns, header, body and footer rows.

    Every row has cells covering ``len(columns)`` columns (spans counted); the
    reader pads short rows and warns about long ones.
    """

    caption: tuple[Inline, ...]
    columns: tuple[ColumnSpec, ...]
    head: tuple[Row, ...]
    body: tuple[Row, ...]
    foot: tuple[Row, ...] = ()
    line: int = 0
    attr: Attr = NO_ATTR
    row_head_columns: int = 0  # pandoc's RowHeadColumns: leading columns of body rows that are row headers

    @property
    def rows(self) -> tuple[Row, ...]:
        return self.head + self.body + self.foot


@dataclass(frozen=True)
class Div:
    """pandoc's ``Div``: a group of blocks with attributes (``::: {.callout-note}``, ``<div class=...>``).

    Writers render the blocks; HTML keeps the classes, DOCX a ``custom-style``.
    """

    attr: Attr
    blocks: tuple[Block, ...]
    line: int = 0


Block = (
    Paragraph | Subheading | Figure | CreditLine | BlockQuote | ListBlock | DefinitionList | CodeBlock | Rule | Table
    | Div
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
