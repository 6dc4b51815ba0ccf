"""Tables: cell text wraps, columns keep their alignment, the header repeats on every page.

Column widths follow pandoc's rule: the widths the source gives (relative to the
text width), else shares of the width by content, each column at least wide
enough for a few characters; the table always takes at most the text width, so
it never runs off the page. Wide tables (many columns) get a smaller type size,
down to 7.5 pt, and long words in cells break. A table with more columns than the
page can hold at :data:`LEAST_COLUMN` each (about 33 on A4) is set in parts, one
under the other, each with a run of its columns and the header rows' cells above
them (:func:`column_parts`): nothing is cut, every cell is readable. Long tables are split
across pages in linear time by :mod:`.rowtable` (the header repeated, widths kept).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable

from ...model import Alignment, Cell, CodeBlock, Row, Table, block_inlines, child_blocks, plain_text
from .rowtable import RowTable, Span, TableRows

_ALIGN = {"left": TA_LEFT, "center": TA_CENTER, "right": TA_RIGHT, "default": TA_LEFT}
#: Points of padding left and right of a cell's text.
PADDING = 4.0
SMALLEST_SIZE = 7.5
#: The narrowest column, in points: its padding and a character at the smallest size.
LEAST_COLUMN = 2 * PADDING + SMALLEST_SIZE

#: (the cell, its row's index in ``Table.rows``, its style, style changes, its width in points) -> its flowables.
CellRenderer = Callable[[Cell, int, str, dict[str, object], float], list[Flowable]]


@dataclass(frozen=True)
class _Continued(Cell):
    """The rest of a cell that spans into the next part of a table set in parts: empty there, never rendered."""


def table_flowables(table: Table, width: float, render: CellRenderer, fonts: tuple[str, str],
                    widest: float | None = None, rtl: bool = False) -> list[Flowable]:
    """The table as one :class:`.rowtable.RowTable`, or one per part when it has too many columns
    (:func:`column_parts`); ``rtl``: columns run from the right (first column on the right)."""
    parts = column_parts(table, fonts, widest or width)
    return [table_flowable(table if len(parts) == 1 else part_of(table, start, end), width, render, fonts, widest,
                           rtl) for start, end in parts]


def column_parts(table: Table, fonts: tuple[str, str], widest: float) -> list[tuple[int, int]]:
    """The ranges of columns set as one table each: all of them when each can have :data:`LEAST_COLUMN`
    points within ``widest``; else consecutive columns as many as fit at their longest words' widths."""
    count = len(table.columns)
    if count * LEAST_COLUMN <= widest:
        return [(0, count)]
    _, least = _measure(table, SMALLEST_SIZE, fonts)
    parts: list[tuple[int, int]] = []
    start, used = 0, 0.0
    for index, need in enumerate(least):
        need = min(max(need, LEAST_COLUMN), widest)
        if index > start and used + need > widest:
            parts.append((start, index))
            start, used = index, 0.0
        used += need
    parts.append((start, count))
    return parts


def part_of(table: Table, start: int, end: int) -> Table:
    """Columns ``start`` to ``end`` of ``table`` as a table: its cells there, spans cut at the edges (a cell
    begun in an earlier part is :class:`_Continued`), no caption."""
    rows = []
    for row in table.rows:
        cells: list[Cell] = []
        column = 0
        for cell in row.cells:
            span = max(1, cell.col_span)
            first, last = max(column, start), min(column + span, end)
            if first < last:
                kind = Cell if column >= start else _Continued
                cells.append(kind(cell.blocks if column >= start else (), cell.align, last - first, cell.row_span))
            column += span
        rows.append(replace(row, cells=tuple(cells)))
    head, body = len(table.head), len(table.body)
    return replace(table, caption=(), columns=table.columns[start:end], head=tuple(rows[:head]),
                   body=tuple(rows[head:head + body]), foot=tuple(rows[head + body:]))


def table_flowable(table: Table, width: float, render: CellRenderer, fonts: tuple[str, str],
                   widest: float | None = None, rtl: bool = False) -> Flowable:
    """A :class:`.rowtable.RowTable` for ``table``; ``render(cell, row, style, changes, width)`` makes a cell's
    flowables.

    ``width`` is the text width; a table whose longest words do not fit it may grow to
    ``widest`` points (centred on the text block, into the margins) before its words break.
    Cells are rendered row by row, in reading order. ``fonts`` are the (body cell, header
    cell) font names, for measuring words. A right-to-left table (``rtl``) is drawn with its
    columns mirrored and set against the right margin; its cells' default alignment is right.
    """
    columns = max(len(table.columns), 1)
    size = _type_size(columns, width)
    widths = column_widths(table, width, size, fonts, widest or width)
    rows: list[list[object]] = []
    spans: list[Span] = []
    count = len(table.rows)
    for row_index, row in enumerate(table.rows):
        head = row_index < len(table.head)
        rows.append(_row(table, row, row_index, (head, rtl, count), size, render, spans, widths))
    base: list[tuple[object, ...]] = [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("FONT", (0, 0), (-1, -1), fonts[0], size),  # the empty cells' strings: never reportlab's Helvetica
        ("LEFTPADDING", (0, 0), (-1, -1), PADDING), ("RIGHTPADDING", (0, 0), (-1, -1), PADDING),
        ("TOPPADDING", (0, 0), (-1, -1), 2.5), ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
    ]
    if rtl:
        last = len(widths) - 1
        rows = [row[::-1] for row in rows]
        spans = [((last - c1, r0), (last - c0, r1)) for (c0, r0), (c1, r1) in spans]
        widths = widths[::-1]
    wide = sum(widths) > width + 0.01
    return RowTable(TableRows(rows or [[""]], widths, len(table.head) if rows else 0, len(table.foot) if rows else 0,
                              base, spans, "CENTER" if wide else "RIGHT" if rtl else "LEFT"))


def _row(table: Table, row: Row, row_index: int, kind: tuple[bool, bool, int], size: float, render: CellRenderer,
         spans: list[Span], widths: list[float]) -> list[object]:
    """One row's cell values in column order; ``kind``: (a header row, right to left, the table's row count)."""
    head, rtl, count = kind
    cells: list[object] = []
    column = 0
    for cell in row.cells:
        if column >= len(table.columns):
            break
        span = max(1, min(cell.col_span, len(table.columns) - column))
        room = sum(widths[column:column + span]) - 2 * PADDING
        if isinstance(cell, _Continued):
            cells.append("")
        else:
            style = _cell_style(table, cell, column, size, rtl)
            cells.append(render(cell, row_index, "head_cell" if head else "cell", style, room))
        rows_down = max(1, min(cell.row_span, count - row_index))
        if span > 1 or rows_down > 1:
            spans.append(((column, row_index), (column + span - 1, row_index + rows_down - 1)))
        cells.extend("" for _ in range(span - 1))
        column += span
    cells.extend("" for _ in range(len(table.columns) - column))
    return cells


def _cell_style(table: Table, cell: Cell, column: int, size: float, rtl: bool) -> dict[str, object]:
    align: Alignment = cell.align if cell.align != "default" else table.columns[column].align
    alignment = TA_RIGHT if align == "default" and rtl else _ALIGN[align]  # default: the start of the line
    return {"alignment": alignment, "fontSize": size, "leading": round(size * 1.3, 2)}


def _type_size(columns: int, width: float) -> float:
    """9 pt, smaller as columns get narrower than about 12 characters (never under 7.5 pt)."""
    per_column = width / columns
    return max(SMALLEST_SIZE, min(9.0, per_column / 6.5))


def column_widths(table: Table, width: float, size: float, fonts: tuple[str, str], widest: float) -> list[float]:
    """Points per column: natural widths when they fit, else every column at least as wide as its
    longest word (growing up to ``widest``), the rest shared by content; at most ``widest`` in all."""
    count = len(table.columns)
    if count == 0:
        return [width]
    natural, least = _measure(table, size, fonts)
    given = [c.width for c in table.columns]
    if all(w is not None for w in given):  # the source's shares, unless they would break words
        total = sum(w for w in given if w is not None)
        scale = min(1.0, 1.0 / total) if total > 0 else 1.0
        shares = [width * (w or 0) * scale for w in given]
        if all(share >= need for share, need in zip(shares, least, strict=True)):
            return shares
    if sum(natural) <= width:
        return natural
    room = min(max(sum(least), width), widest)
    if sum(least) > room:  # words break: each column keeps LEAST_COLUMN, the rest is shared by longest word
        floor = min(LEAST_COLUMN, room / count)
        over = [max(m - floor, 0.0) for m in least]
        return [floor + (room - floor * count) * o / (sum(over) or 1.0) for o in over]
    target = max(width, sum(least))
    spare = target - sum(least)
    extra = [max(n - m, 0.0) for n, m in zip(natural, least, strict=True)]
    total_extra = sum(extra) or 1.0
    return [m + spare * e / total_extra for m, e in zip(least, extra, strict=True)]


def _measure(table: Table, size: float, fonts: tuple[str, str]) -> tuple[list[float], list[float]]:
    """Each column's natural width (its longest cell on one line, up to 60 characters) and least width
    (its longest word, up to 24 characters, or the least width of a table nested in it), padding
    included; the first 200 rows decide."""
    count = len(table.columns)
    natural = [0.0] * count
    least = [0.0] * count
    for row_index, row in enumerate(table.rows[:200]):
        font = fonts[1] if row_index < len(table.head) else fonts[0]
        column = 0
        for cell in row.cells:
            if column >= count:
                break
            if max(cell.col_span, 1) == 1:
                wide, narrow = _cell_widths(cell, font, size, fonts)
                natural[column] = max(natural[column], wide)
                least[column] = max(least[column], narrow)
            column += max(cell.col_span, 1)
    pad = 2 * PADDING + 1
    return [n + pad for n in natural], [m + pad for m in least]


def _cell_widths(cell: Cell, font: str, size: float, fonts: tuple[str, str]) -> tuple[float, float]:
    """A cell's content's natural and least widths in points, padding excluded: its text's (of every
    block in it, nested ones too) and its nested tables' (their columns' widths added up)."""
    natural = least = 0.0
    words: list[str] = []
    stack = list(reversed(cell.blocks))
    while stack:  # depth-first, as model.walk, but a nested table is measured as a whole (its own _measure)
        block = stack.pop()
        if isinstance(block, Table):
            inner_natural, inner_least = _measure(block, size, fonts)
            natural, least = max(natural, sum(inner_natural)), max(least, sum(inner_least))
            continue
        words.append(block.text if isinstance(block, CodeBlock) else plain_text(block_inlines(block)))
        stack.extend(reversed(list(child_blocks(block))))
    text = " ".join(word for word in words if word)
    word = max(text.split(), key=len, default="")[:24]
    return max(natural, stringWidth(text[:60], font, size)), max(least, stringWidth(word, font, size))


def caption_text(table: Table) -> str:
    return plain_text(table.caption)
