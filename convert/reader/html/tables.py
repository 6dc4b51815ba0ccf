"""``<table>`` → :class:`~convert.model.Table`: caption, header, body and footer rows, spans, alignment, widths.

Rows come from ``<thead>``, ``<tbody>`` (or rows directly in the table) and
``<tfoot>``; without a ``<thead>``, leading rows made only of ``<th>`` cells are
the header (pandoc's HTML reader does the same). Each cell is read as blocks.
``colspan``/``rowspan`` are kept (a ``rowspan`` never runs past its row group,
``rowspan="0"`` runs to its end, as HTML says); the table is as wide as its
widest row, and shorter rows are padded with empty cells, with a warning.
Alignment comes from ``align`` or ``style="text-align: ..."`` on the cell
(else its row); a column takes the alignment all its cells agree on; column
widths from ``<col width="30%">`` (percentages only).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from lxml.html import HtmlElement

from ...model import Alignment, Attr, Block, Cell, ColumnSpec, Inline, Paragraph, Row, Table, Text
from . import attrs
from .inlines import tidy

if TYPE_CHECKING:
    from .walk import Walker

_SECTIONS = ("thead", "tbody", "tfoot")


@dataclass
class _Section:
    rows: list[list[Cell]]
    headers: list[bool]  # per row: made only of <th> cells


def table(walker: Walker, element: HtmlElement, attr: Attr, line: int) -> list[Block]:
    """The table ``element`` (its attributes ``attr``) → a Table, and whatever stray content it held before it.

    Content that is not in a cell (text or elements directly in a table, row
    group or row) is kept before the table, as a browser shows it ("foster
    parenting").
    """
    reading = _Reading(walker)
    caption: tuple[Inline, ...] = ()
    head, body, foot = _Section([], []), _Section([], []), _Section([], [])
    widths: list[ColumnSpec] = []
    reading.text(element.text, element)
    for child in element:
        tag = child.tag if isinstance(child.tag, str) else ""
        if tag == "caption":
            caption = tuple(tidy(walker.inlines(child)))
        elif tag in _SECTIONS:
            reading.text(child.text, child)
            reading.rows({"thead": head, "tbody": body, "tfoot": foot}[tag], list(child))
        elif tag == "tr":
            reading.row(body, child)
        elif tag in ("colgroup", "col"):
            widths.extend(_columns(walker, child))
        else:
            reading.outside(child)
        reading.text(child.tail, child)
    if not head.rows:
        while body.rows and body.headers[0]:
            head.rows.append(body.rows.pop(0))
            head.headers.append(body.headers.pop(0))
    sections = [head.rows, body.rows, foot.rows]
    if not caption and not any(cell.blocks for rows in sections for row in rows for cell in row):
        return reading.stray  # no text at all: a layout table whose content follows as Markdown, or nothing
    if not any(sections):
        walker.context.warn("raw HTML <table> has no cells; kept its caption as a paragraph", line)
        return [*reading.stray, Paragraph(caption, line)]
    count, padded, starts = _fill(sections)
    if padded:
        walker.context.warn("raw HTML <table> rows have different numbers of cells; padded the short ones", line)
    columns = _column_specs(count, widths, sections, starts)
    return [*reading.stray, Table(caption, columns, _final(head), _final(body), _final(foot), line,
                                  attrs.shown(attr, keep=()))]


def _final(section: _Section) -> tuple[Row, ...]:
    return tuple(Row(tuple(cells)) for cells in section.rows)


class _Reading:
    """Rows read into sections, and the content found outside any cell."""

    def __init__(self, walker: Walker) -> None:
        self.walker = walker
        self.stray: list[Block] = []

    def text(self, text: str | None, near: HtmlElement) -> None:
        if text and text.strip():
            self.stray.extend(self.walker.paragraph([Text(text)], self.walker.line(near)))

    def rows(self, section: _Section, children: Sequence[HtmlElement]) -> None:
        for row in children:
            if row.tag == "tr":
                self.row(section, row)
            else:
                self.outside(row)
            self.text(row.tail, row)

    def row(self, section: _Section, row: HtmlElement) -> None:
        row_align = attrs.alignment(self.walker.attr(row))
        cells: list[Cell] = []
        self.text(row.text, row)
        for child in row:
            if child.tag in ("td", "th"):
                cells.append(self._cell(child, row_align))
            else:
                self.outside(child)
            self.text(child.tail, child)
        section.rows.append(cells)
        section.headers.append(bool(cells) and all(c.tag == "th" for c in row if c.tag in ("td", "th")))

    def outside(self, element: HtmlElement) -> None:
        """An element outside any cell (its tail is the caller's)."""
        if isinstance(element.tag, str):
            walker = self.walker
            self.stray.extend(walker.block(element) if walker.is_block(element)
                              else walker.paragraph(walker.inline(element), walker.line(element)))

    def _cell(self, element: HtmlElement, row_align: Alignment) -> Cell:
        attr = self.walker.attr(element)
        align = attrs.alignment(attr)
        return Cell(tuple(self.walker.blocks(element)), align if align != "default" else row_align,
                    attrs.whole(attr.get("colspan"), 1), attrs.whole(attr.get("rowspan"), 1, least=0, most=65534))


def _columns(walker: Walker, element: HtmlElement) -> list[ColumnSpec]:
    cols = [element] if element.tag == "col" else [c for c in element if c.tag == "col"]
    if not cols:  # <colgroup span="3" width="10%">
        cols = [element]
    specs: list[ColumnSpec] = []
    for col in cols:
        attr = walker.attr(col)
        width = attrs.fraction(attrs.style(attr, "width") or attr.get("width"))
        specs += [ColumnSpec(attrs.alignment(attr), width)] * attrs.whole(attr.get("span"), 1)
    return specs


_Starts = list[list[list[int]]]  # per section, per row, the column each cell starts in


def _fill(sections: list[list[list[Cell]]]) -> tuple[int, bool, _Starts]:
    """Lay the cells out on a grid (row spans clipped to their group) and pad short rows.

    → (column count, whether a row was padded, where each cell starts).
    """
    layouts = [_layout(rows) for rows in sections]
    count = max((max(taken) + 1 for occupied, _ in layouts for taken in occupied if taken), default=0)
    padded = False
    for rows, (occupied, _) in zip(sections, layouts, strict=True):
        for row, taken in zip(rows, occupied, strict=True):
            missing = count - len(taken)
            if missing > 0:
                row.extend(Cell(()) for _ in range(missing))
                padded = True
    return count, padded, [starts for _, starts in layouts]


def _layout(rows: list[list[Cell]]) -> tuple[list[set[int]], list[list[int]]]:
    occupied: list[set[int]] = [set() for _ in rows]
    starts: list[list[int]] = []
    for r, row in enumerate(rows):
        column = 0
        starts.append([])
        for c, cell in enumerate(row):
            while column in occupied[r]:
                column += 1
            span = len(rows) - r if cell.row_span == 0 else min(cell.row_span, len(rows) - r)
            if span != cell.row_span:
                row[c] = Cell(cell.blocks, cell.align, cell.col_span, span)
            for taken in occupied[r:r + span]:
                taken.update(range(column, column + cell.col_span))
            starts[-1].append(column)
            column += cell.col_span
    return occupied, starts


def _column_specs(count: int, widths: Sequence[ColumnSpec], sections: list[list[list[Cell]]],
                  starts: _Starts) -> tuple[ColumnSpec, ...]:
    """Declared widths and alignments; else the alignment every one-column cell of the column agrees on."""
    seen: list[set[Alignment]] = [set() for _ in range(count)]
    for rows, row_starts in zip(sections, starts, strict=True):
        for row, columns in zip(rows, row_starts, strict=True):
            for cell, column in zip(row, columns, strict=False):  # padding cells have no start: default
                if cell.col_span == 1:
                    seen[column].add(cell.align)
    specs = []
    for index in range(count):
        declared = widths[index] if index < len(widths) else ColumnSpec()
        agreed: Alignment = next(iter(seen[index])) if len(seen[index]) == 1 else "default"
        specs.append(ColumnSpec(declared.align if declared.align != "default" else agreed, declared.width))
    return tuple(specs)
