"""The blocks of the article model (see :mod:`convert.model`)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from .inlines import NO_ATTR, Attr, Image, Inline

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
