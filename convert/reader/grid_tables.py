"""pandoc's grid tables (``grid_tables``), as lines → :class:`~.table_syntax.RawTable`.

``+---+---+`` borders, ``|`` column separators, a ``+===+`` line under the
header; cells hold any Markdown (lists, several paragraphs). A missing ``|``
makes a cell span columns; a border line left open across a column makes the
cell above span rows (pandoc 3 reads both)::

    +-----+-----+
    | A   | B   |
    +     +-----+      A spans two rows: its text continues below
    |     | C   |      the open part of the line (which reads as a blank line)
    +-----+-----+

Alignment from colons in the header separator (or the top border); widths
from the dash counts (each ``(dashes + 1) / 72``, as pandoc). Column
boundaries are those of the top border. A table whose open borders do not
make rectangular cells (or whose cell crosses the header line) is read row by
row, its open border lines kept as text, so nothing is lost.

Every function is linear in the table's size.
"""

from __future__ import annotations

import itertools
import re
import textwrap

from markdown_it.rules_block import StateBlock

from .table_syntax import COLUMNS, RawCell, RawRow, RawTable, cell_align, inside, line_text

_GRID_BORDER = re.compile(r"^\+(?:[-=:]+\+)+$")
_SEGMENT = re.compile(r"^[-=:]+$")


def grid_table(state: StateBlock, start: int, end_line: int) -> RawTable | None:
    if not inside(state, start):
        return None
    top = line_text(state, start).rstrip()
    if not _GRID_BORDER.match(top):
        return None
    lines = [top]
    line = start + 1
    while line < end_line and inside(state, line) and line_text(state, line)[:1] in ("+", "|"):
        lines.append(line_text(state, line).rstrip())
        line += 1
    last = max((i for i, text in enumerate(lines) if _GRID_BORDER.match(text)), default=0)
    if last < 2:
        return None
    lines = lines[: last + 1]
    bounds = [i for i, char in enumerate(top) if char == "+"]
    separator = next((i for i in range(1, last) if _GRID_BORDER.match(lines[i]) and "=" in lines[i]), None)
    align_from = lines[separator] if separator is not None else top
    widths = [(bounds[k + 1] - bounds[k]) / COLUMNS for k in range(len(bounds) - 1)]
    total = sum(widths)
    table = RawTable([_grid_align(align_from, bounds, k) for k in range(len(bounds) - 1)],
                     [w / total for w in widths] if total > 1 else widths, [], [], start + last + 1)
    spanned = _spanned_rows(lines, bounds, separator, start) if _has_open_border(lines, bounds) else None
    if spanned is not None:
        table.head, table.body = spanned
        return table
    row: list[int] = []
    for index in range(1, last + 1):
        if not _GRID_BORDER.match(lines[index]):
            row.append(index)
            continue
        if row:
            target = table.head if separator is not None and index <= separator else table.body
            target.append(_grid_row([lines[i] for i in row], bounds, start + row[0]))
        row = []
    return table


def _grid_align(border: str, bounds: list[int], k: int) -> str:
    segment = border[bounds[k] + 1 : bounds[k + 1]]
    return cell_align(segment) if segment else "default"


def _grid_row(lines: list[str], bounds: list[int], line: int) -> RawRow:
    inner = [b for b in bounds[1:-1] if all(len(text) > b and text[b] in "|+" for text in lines)]
    edges = [bounds[0], *inner, bounds[-1]]
    cells = []
    for left, right in itertools.pairwise(edges):
        text = textwrap.dedent("\n".join(t[left + 1 : right].rstrip() for t in lines)).strip("\n")
        span = bounds.index(right) - bounds.index(left)
        cells.append(RawCell(text, line, span, blocks=True))
    return RawRow(line, cells)


# --- row spans ---------------------------------------------------------------------


def _closes(text: str, bounds: list[int], k: int) -> bool:
    """Whether ``text`` draws the border under column ``k`` (``+---+`` between its two boundaries)."""
    left, right = bounds[k], bounds[k + 1]
    return len(text) > right and text[left] == "+" and text[right] == "+" and bool(_SEGMENT.match(text[left + 1 : right]))


def _has_open_border(lines: list[str], bounds: list[int]) -> bool:
    """Whether some line closes a few columns but not all (a row span)."""
    columns = range(len(bounds) - 1)
    return any(0 < sum(_closes(text, bounds, k) for k in columns) < len(columns) for text in lines[1:-1])


def _spanned_rows(lines: list[str], bounds: list[int], separator: int | None,
                  start: int) -> tuple[list[RawRow], list[RawRow]] | None:
    """Header and body rows with row and column spans; ``None`` when the borders do not make rectangles."""
    columns = len(bounds) - 1
    borders = [i for i, text in enumerate(lines) if any(_closes(text, bounds, k) for k in range(columns))]
    bands = len(borders) - 1
    owner = [[(b, k) for k in range(columns)] for b in range(bands)]  # each slot's cell: its top-left slot
    for b, k in itertools.product(range(bands), range(columns)):
        inner = lines[borders[b] + 1 : borders[b + 1]]
        if k > 0 and not all(len(t) > bounds[k] and t[bounds[k]] in "|+" for t in inner):
            owner[b][k] = owner[b][k - 1]  # no wall on the left: the same cell
        if b > 0 and not _closes(lines[borders[b]], bounds, k):
            above = owner[b - 1][k]
            if owner[b][k] != (b, k) and owner[b][k] != above:
                return None  # joined to the left and to the top by different cells: not a rectangle
            owner[b][k] = above
    cells = _cells(owner, bands, columns)
    if cells is None or any(_crosses(borders, top, bottom, separator) for top, _, bottom, _ in cells.values()):
        return None
    head: list[RawRow] = []
    body: list[RawRow] = []
    for b in range(bands):
        row = [_cell(lines, bounds, borders, start, cell) for cell in sorted(v for v in cells.values() if v[0] == b)]
        if row:
            target = head if separator is not None and borders[b + 1] <= separator else body
            target.append(RawRow(start + borders[b] + 1, row))
    return head, body


Box = tuple[int, int, int, int]  # top band, left column, bottom band, right column (inclusive)


def _cells(owner: list[list[tuple[int, int]]], bands: int, columns: int) -> dict[tuple[int, int], Box] | None:
    """Each cell's box, or ``None`` when a cell's slots do not fill its box."""
    boxes: dict[tuple[int, int], Box] = {}
    counts: dict[tuple[int, int], int] = {}
    for b, k in itertools.product(range(bands), range(columns)):
        key = owner[b][k]
        top, left, bottom, right = boxes.get(key, (b, k, b, k))
        boxes[key] = (min(top, b), min(left, k), max(bottom, b), max(right, k))
        counts[key] = counts.get(key, 0) + 1
    for key, (top, left, bottom, right) in boxes.items():
        if counts[key] != (bottom - top + 1) * (right - left + 1) or key != (top, left):
            return None
    return boxes


def _crosses(borders: list[int], top: int, bottom: int, separator: int | None) -> bool:
    return separator is not None and borders[top] < separator < borders[bottom + 1]


def _cell(lines: list[str], bounds: list[int], borders: list[int], start: int, box: Box) -> RawCell:
    top, left, bottom, right = box
    inner = lines[borders[top] + 1 : borders[bottom + 1]]
    text = textwrap.dedent("\n".join(t[bounds[left] + 1 : bounds[right + 1]].rstrip() for t in inner)).strip("\n")
    return RawCell(text, start + borders[top] + 1, right - left + 1, blocks=True, row_span=bottom - top + 1)
