"""Long tables in linear time: rows measured once, split by our own code, a page's worth at a time.

reportlab's ``LongTable`` splits a table at a page break by building a new table of
the remaining rows, measured again (and its cells searched again for footnotes): a
table of n rows cost O(n^2) (3,000 rows of 12 columns: 34 s, 280 MB). Here the rows
are made and measured once (:class:`TableRows`, in batches of :data:`BATCH` rows,
each a reportlab ``Table`` so the heights are reportlab's own), and a
:class:`RowTable` hands reportlab, at each page break, a plain ``Table`` of the rows
that fit (their heights given, the header rows above them) and itself for the rest.
Every piece has the same column widths and alignment; the cells are the same
flowables, so the whole table stays one ``Table`` element of the structure tree
(a repeated header is drawn as an artifact, see :mod:`.tagging.marks`).

Rows joined by a row span, the header rows and the footer rows are never parted,
and a piece holds at least one body row. A row taller than a page is handed to
reportlab with ``splitInRow`` (its cells split across pages).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from itertools import accumulate

from reportlab.platypus import Flowable, Table, TableStyle

from .notes import notes_in

#: Rows measured together (one reportlab table each): large enough to amortise, small enough to stay linear.
BATCH = 64
RULE_COLOR = "#222222"
#: (first column, first row), (last column, last row) of a cell spanning several, in the whole table's rows.
Span = tuple[tuple[int, int], tuple[int, int]]


@dataclass
class TableRows:
    """A table's rows as reportlab cell values, made once and shared by every piece it is set in.

    ``widths``: points per column (the same in every piece); ``head``/``foot``: how many of
    the first/last rows are the header (repeated atop every piece) and the footer;
    ``base``: style commands for every cell (fonts, padding, alignment); ``spans``: cells
    spanning several columns or rows.
    """

    rows: list[list[object]]
    widths: list[float]
    head: int
    foot: int
    base: list[tuple[object, ...]]
    spans: list[Span] = field(default_factory=list)
    h_align: str = "LEFT"
    heights: list[float] = field(default_factory=list)
    _ends: list[float] = field(default_factory=list)  # running sums of ``heights``
    _breaks: list[int] = field(default_factory=list)  # rows a piece may end before, ascending
    _noted: list[int] | None = None  # rows whose cells reference notes, ascending
    _row_notes: dict[int, list[int]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        count = len(self.rows)
        joined = [False] * (count + 1)  # joined[j]: rows j-1 and j must stay together
        for (_, first), (_, last) in self.spans:
            for row in range(first + 1, min(last, count - 1) + 1):
                joined[row] = True
        for row in range(1, self.head + 1):  # the header, and the header with the first body row
            joined[row] = True
        for row in range(max(count - self.foot + 1, 1), count):
            joined[row] = True
        self._breaks = [row for row in range(1, count + 1) if not joined[row] or row == count]

    @property
    def width(self) -> float:
        return sum(self.widths)

    def measure(self) -> None:
        """Every row's height, measured once (in batches cut where a piece may end)."""
        if self.heights:
            return
        start = 0
        while start < len(self.rows):
            stop = self._breaks[min(bisect_left(self._breaks, start + BATCH), len(self._breaks) - 1)]
            table = Table(self.rows[start:stop], colWidths=self.widths, style=self.style(list(range(start, stop))))
            table.wrap(self.width, 1e9)
            self.heights.extend(table._rowHeights)
            start = stop
        self._ends = list(accumulate(self.heights, initial=0.0))

    def span_height(self, first: int, stop: int) -> float:
        """Points taken by rows ``first`` to ``stop - 1``."""
        return self._ends[stop] - self._ends[first]

    def last_fitting(self, start: int, room: float) -> int:
        """The last row a piece from ``start`` may end before within ``room`` points (``start``: none fits)."""
        limit = bisect_right(self._ends, self._ends[start] + room + 0.01) - 1
        index = bisect_right(self._breaks, limit) - 1
        return max(self._breaks[index], start) if index >= 0 else start

    def next_break(self, start: int) -> int:
        return self._breaks[min(bisect_right(self._breaks, start), len(self._breaks) - 1)]

    def indices(self, start: int, stop: int) -> list[int]:
        """The rows of a piece: the header's (repeated) when it starts past them, then ``start`` to ``stop``."""
        return [*(range(self.head) if start >= self.head else ()), *range(start, stop)]

    def piece(self, start: int, stop: int, split_in_row: bool = False, repeat: bool = True) -> Table:
        """A reportlab table of rows ``start`` to ``stop`` (under the header), at the measured heights;
        ``split_in_row``: its rows may split across pages, the header repeated unless ``repeat`` is false."""
        rows = self.indices(start, stop)
        table = Table([self.rows[r] for r in rows], colWidths=self.widths, style=self.style(rows),
                      rowHeights=None if split_in_row else [self.heights[r] for r in rows], hAlign=self.h_align,
                      repeatRows=self.head if split_in_row and repeat else 0, splitInRow=int(split_in_row))
        table.spaceBefore = table.spaceAfter = 0
        return table

    def style(self, rows: list[int]) -> TableStyle:
        """The commands of a piece holding ``rows`` (indices into the whole table's rows)."""
        local = {row: index for index, row in enumerate(rows)}
        commands = [*self.base, ("LINEABOVE", (0, 0), (-1, 0), 0.8, RULE_COLOR)]
        if self.head and self.head - 1 in local:
            commands.append(("LINEBELOW", (0, local[self.head - 1]), (-1, local[self.head - 1]), 0.5, RULE_COLOR))
        foot_start = len(self.rows) - self.foot
        if self.foot and local.get(foot_start, 0) > 0:
            commands.append(("LINEABOVE", (0, local[foot_start]), (-1, local[foot_start]), 0.5, RULE_COLOR))
        if len(self.rows) - 1 in local:
            commands.append(("LINEBELOW", (0, -1), (-1, -1), 0.8, RULE_COLOR))
        for (first_column, first_row), (last_column, last_row) in self.spans:
            if first_row in local:
                top = local[first_row]
                commands.append(("SPAN", (first_column, top), (last_column, top + last_row - first_row)))
        return TableStyle(commands)

    def notes_from(self, start: int) -> list[int]:
        """The notes referenced by rows ``start`` onwards, in order (cells searched once)."""
        if self._noted is None:
            for row, cells in enumerate(self.rows):
                found = notes_in(cells)
                if found:
                    self._row_notes[row] = found
            self._noted = sorted(self._row_notes)
        numbers: list[int] = []
        for row in self._noted[bisect_left(self._noted, start):]:
            numbers.extend(n for n in self._row_notes[row] if n not in numbers)
        return numbers


class RowTable(Flowable):  # type: ignore[misc]
    """The rows of ``rows`` from ``start`` on (under the repeated header), split a page's worth at a time."""

    def __init__(self, rows: TableRows, start: int = 0, space_before: float = 2, space_after: float = 12) -> None:
        super().__init__()
        self.rows, self.start = rows, start
        self.spaceBefore, self.spaceAfter = space_before, space_after
        self.hAlign = rows.h_align
        self._drawn: Table | None = None

    @property
    def note_numbers(self) -> list[int]:
        return self.rows.notes_from(self.start)

    def _head_height(self) -> float:
        return self.rows.span_height(0, self.rows.head) if self.start >= self.rows.head else 0.0

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        rows = self.rows
        rows.measure()
        self.width = rows.width
        self.height = self._head_height() + rows.span_height(self.start, len(rows.rows))
        return self.width, self.height

    def split(self, available_width: float, available_height: float) -> list[Flowable]:
        rows = self.rows
        rows.measure()
        stop = rows.last_fitting(self.start, available_height - self._head_height())
        if stop >= len(rows.rows):
            return [self]
        if stop > self.start:
            return [self._first(rows.piece(self.start, stop)), RowTable(rows, stop, 0, self.spaceAfter)]
        frame = getattr(self, "_frame", None)
        stuck = rows.next_break(self.start)
        fresh = getattr(frame, "_aH", available_height)  # what an empty page offers
        if not getattr(frame, "_atTop", False) and self._head_height() + rows.span_height(self.start, stuck) <= fresh:
            return []  # the row fits on the next page
        pieces: list[Flowable] = rows.piece(self.start, stuck, split_in_row=True).split(available_width,
                                                                                        available_height)
        if not pieces and getattr(frame, "_atTop", False):
            # reportlab never splits inside repeated rows: a header row taller than the page (a table with no
            # body, fuzz/regressions/pdf-tall-header-row.md) splits as a plain row, not repeated
            pieces = rows.piece(self.start, stuck, True, repeat=False).split(available_width, available_height)
        if not pieces:
            return []
        rest = [RowTable(rows, stuck, 0, self.spaceAfter)] if stuck < len(rows.rows) else []
        return [self._first(pieces[0]), *pieces[1:], *rest]

    def _first(self, piece: Flowable) -> Flowable:
        piece.spaceBefore = self.spaceBefore
        return piece

    def draw(self) -> None:
        """All the remaining rows fit: drawn as one piece."""
        piece = self.rows.piece(self.start, len(self.rows.rows))
        piece.wrapOn(self.canv, self.width, self.height)
        piece.drawOn(self.canv, 0, 0)
