"""The table syntaxes pandoc reads, as lines → :class:`RawTable` (no tokens, no model).

* **Pipe tables** (pandoc's ``pipe_tables``): a header row, a delimiter row of
  ``---`` cells (``:---`` left, ``---:`` right, ``:---:`` centred) that decides
  the number of columns, body rows until a blank line or a line without ``|``.
  ``\\|`` is a literal pipe; a pipe inside a code span does not split. A row with
  more cells than columns keeps the extra text, joined into its last cell (pandoc
  drops it), with a warning; a short row is padded. When a line of the table is
  longer than 72 characters, the columns get relative widths from the dash counts
  of the delimiter row (pandoc's rule, ``--columns=72``); otherwise widths are by content.
* **Simple tables** (``simple_tables``): a header line over a line of dash groups
  (two columns or more), rows until a blank line; or, without a header, rows
  between two such dash lines. Alignment from where the header text sits over
  its dashes. A one-column "table" is left alone (it reads as a setext heading or
  as a rule and a paragraph, as most readers expect).
* **Multiline tables** (``multiline_tables``): a full line of dashes, header
  lines, a line of dash groups, rows separated by blank lines (a cell's lines
  join into one paragraph), a closing line of dashes; or, without a header,
  the dash groups first. Widths from the dash groups (``(dashes + 1) / 72``, as
  pandoc); two columns or more.
* **Grid tables** (``grid_tables``): in :mod:`.grid_tables`.

Every function is linear in the table's size.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from markdown_it.rules_block import StateBlock

#: pandoc's default ``--columns``: a table wider than this gets relative column widths.
COLUMNS = 72

_DELIMITER_CELL = re.compile(r"^:?-+:?$")
_DASH_GROUPS = re.compile(r"^[ \t]*-+(?:[ \t]+-+)+[ \t]*$")
_FULL_DASHES = re.compile(r"^[ \t]*-{3,}[ \t]*$")


@dataclass
class RawCell:
    text: str
    line: int  # 0-based source line of its first line
    span: int = 1
    blocks: bool = False  # grid cells hold blocks; the others one line of inlines
    row_span: int = 1


@dataclass
class RawRow:
    line: int
    cells: list[RawCell]


@dataclass
class RawTable:
    aligns: list[str]
    widths: list[float] | None
    head: list[RawRow]
    body: list[RawRow]
    end: int  # the line after the table
    warnings: list[tuple[int, str]] = field(default_factory=list)


def line_text(state: StateBlock, line: int) -> str:
    """The text of ``line`` after its indentation."""
    return state.src[state.bMarks[line] + state.tShift[line] : state.eMarks[line]]


def _raw(state: StateBlock, line: int) -> str:
    """The line from the container's margin, tabs expanded (column positions matter)."""
    start = state.bMarks[line] + max(0, min(state.tShift[line], state.blkIndent))
    return state.src[start : state.eMarks[line]].expandtabs(4)


def inside(state: StateBlock, line: int) -> bool:
    """A non-blank line of the current container that is not indented code."""
    return not state.isEmpty(line) and state.sCount[line] >= state.blkIndent and not state.is_code_block(line)


def _row_line(state: StateBlock, line: int) -> bool:
    """A line that may be a simple-table row (right-aligned cells may be indented like code)."""
    return not state.isEmpty(line) and state.sCount[line] >= state.blkIndent


# --- pipe tables -------------------------------------------------------------------


def pipe_table(state: StateBlock, start: int, end_line: int) -> RawTable | None:
    if start + 1 >= end_line or not (inside(state, start) and inside(state, start + 1)):
        return None
    header, delimiter = line_text(state, start), line_text(state, start + 1)
    if "|" not in header or "|" not in delimiter:
        return None
    specs = [cell.strip() for cell in split_row(delimiter)]
    if not specs or not all(_DELIMITER_CELL.match(spec) for spec in specs):
        return None
    table = RawTable([cell_align(spec) for spec in specs], None, [], [], start + 2)
    columns = len(specs)
    head = _fit(split_row(header), columns, start, table.warnings)
    if any(cell.strip() for cell in head):
        table.head.append(RawRow(start, [RawCell(c.strip(), start) for c in head]))
    longest = max(len(header), len(delimiter))
    line = start + 2
    while line < end_line and inside(state, line) and "|" in line_text(state, line):
        text = line_text(state, line)
        longest = max(longest, len(text))
        cells = _fit(split_row(text), columns, line, table.warnings)
        table.body.append(RawRow(line, [RawCell(c.strip(), line) for c in cells]))
        line += 1
    table.end = line
    if longest > COLUMNS:
        total = sum(len(spec) for spec in specs)
        table.widths = [len(spec) / total for spec in specs]
    return table


def cell_align(spec: str) -> str:
    """``:---`` left, ``---:`` right, ``:---:`` centred (a pipe table's delimiter cell, a grid table's border)."""
    left, right = spec.startswith(":"), spec.endswith(":")
    return "center" if left and right else "left" if left else "right" if right else "default"


def _fit(cells: list[str], columns: int, line: int, warnings: list[tuple[int, str]]) -> list[str]:
    if len(cells) > columns:
        warnings.append((line, f"a table row has {len(cells)} cells but the table {columns} columns; "
                               "the extra cells were joined into the last one"))
        return [*cells[: columns - 1], " | ".join(c.strip() for c in cells[columns - 1 :])]
    return cells + [""] * (columns - len(cells))


def split_row(text: str) -> list[str]:
    """The cells of a pipe-table row: split at ``|`` (not escaped, not in a code span), outer pipes dropped."""
    text = text.strip()
    spans = _CodeSpans(text) if "`" in text else None
    cells: list[str] = []
    begin, pos = 0, 0
    while pos < len(text):
        char = text[pos]
        if char == "\\":
            pos += 2
            continue
        if char == "`" and spans is not None:
            pos = spans.skip(pos)
            continue
        if char == "|":
            cells.append(text[begin:pos])
            begin = pos + 1
        pos += 1
    cells.append(text[begin:])
    if text.startswith("|"):
        cells.pop(0)
    if len(cells) > 1 and text.endswith("|") and not text.endswith("\\|"):
        cells.pop()
    return [cell.replace("\\|", "|") for cell in cells]


class _CodeSpans:
    """Backtick runs of a line, so a code span is skipped in one step (no rescanning: linear)."""

    def __init__(self, text: str) -> None:
        self.runs: dict[int, list[int]] = {}
        self.length_at: dict[int, int] = {}
        for match in re.finditer(r"`+", text):
            length = match.end() - match.start()
            self.runs.setdefault(length, []).append(match.start())
            self.length_at[match.start()] = length

    def skip(self, pos: int) -> int:
        """The position after the code span opening at ``pos`` (after the run itself if it never closes)."""
        length = self.length_at.get(pos, 1)
        starts = self.runs.get(length, [])
        index = bisect.bisect_right(starts, pos)
        return starts[index] + length if index < len(starts) else pos + length


# --- simple tables -----------------------------------------------------------------


def simple_table(state: StateBlock, start: int, end_line: int) -> RawTable | None:
    if start + 1 >= end_line or not (_row_line(state, start) and inside(state, start + 1)):
        return None
    if _DASH_GROUPS.match(_raw(state, start)):
        return _headless_simple(state, start, end_line)
    if not _DASH_GROUPS.match(_raw(state, start + 1)):
        return None
    groups = _dash_groups(_raw(state, start + 1))
    header = _raw(state, start)
    line = start + 2
    while line < end_line and _row_line(state, line):
        line += 1
    table = RawTable([_simple_align(header, s, e) for s, e in groups], None, [], [], line)
    table.head.append(_simple_row(header, groups, start, table.warnings))
    table.body.extend(_simple_row(_raw(state, n), groups, n, table.warnings) for n in range(start + 2, line))
    return table


def _headless_simple(state: StateBlock, start: int, end_line: int) -> RawTable | None:
    line = start + 1
    while line < end_line and _row_line(state, line) and not _DASH_GROUPS.match(_raw(state, line)):
        line += 1
    if line >= end_line or line == start + 1 or not _DASH_GROUPS.match(_raw(state, line)):
        return None
    if line + 1 < end_line and not state.isEmpty(line + 1):
        return None
    groups = _dash_groups(_raw(state, start))
    first = _raw(state, start + 1)
    table = RawTable([_simple_align(first, s, e) for s, e in groups], None, [], [], line + 1)
    table.body.extend(_simple_row(_raw(state, n), groups, n, table.warnings) for n in range(start + 1, line))
    return table


def _dash_groups(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in re.finditer(r"-+", text)]


def _simple_align(text: str, start: int, end: int) -> str:
    part = text[start:end].ljust(end - start)
    if not part.strip():
        return "default"
    left_space, right_space = part[0] == " ", len(part.rstrip()) < end - start
    if left_space and right_space:
        return "center"
    return "right" if left_space else "left" if right_space else "default"


def _simple_row(text: str, groups: list[tuple[int, int]], line: int, warnings: list[tuple[int, str]]) -> RawRow:
    """A row cut at the columns' edges (where each dash group starts), as pandoc cuts it: a word over an edge
    is cut in two there, with a warning naming the line (the text was not lined up with the dashes)."""
    bounds = [0] + [start for start, _ in groups[1:]] + [max(len(text), groups[-1][1])]
    for edge in bounds[1:-1]:
        if 0 < edge < len(text) and not text[edge - 1].isspace() and not text[edge].isspace():
            head, tail = text[:edge].split()[-1], text[edge:].split()[0]
            warnings.append((line, f"a table cell's text crosses a column's edge: {head + tail!r} cut into "
                                   f"{head!r} and {tail!r}; line the text up with the dashes below the header"))
    return RawRow(line, [RawCell(text[bounds[i] : bounds[i + 1]].strip(), line) for i in range(len(groups))])


# --- multiline tables --------------------------------------------------------------


def multiline_table(state: StateBlock, start: int, end_line: int) -> RawTable | None:
    if not inside(state, start):
        return None
    header: list[int] = []
    separator = start
    if _FULL_DASHES.match(_raw(state, start)):
        separator = start + 1
        while separator < end_line and _row_line(state, separator) and not _DASH_GROUPS.match(_raw(state, separator)):
            header.append(separator)
            separator += 1
        if not header or separator >= end_line or not _DASH_GROUPS.match(_raw(state, separator)):
            return None
    elif not _DASH_GROUPS.match(_raw(state, start)):
        return None
    found = _multiline_rows(state, separator + 1, end_line)
    if found is None:
        return None
    rows, closing = found
    groups = _dash_groups(_raw(state, separator))
    widths = [(end - begin + 1) / COLUMNS for begin, end in groups]
    total = sum(widths)
    first = _raw(state, header[0] if header else rows[0][0])
    table = RawTable([_simple_align(first, s, e) for s, e in groups], [w / total for w in widths] if total > 1 else widths,
                     [], [], closing + 1)
    if header:
        table.head.append(_multiline_row(state, header, groups, table.warnings))
    table.body.extend(_multiline_row(state, row, groups, table.warnings) for row in rows)
    return table


def _multiline_rows(state: StateBlock, line: int, end_line: int) -> tuple[list[list[int]], int] | None:
    """The rows (lists of lines, split at blank lines) and the closing dash line, or ``None``."""
    rows: list[list[int]] = []
    current: list[int] = []
    while line < end_line:
        if state.isEmpty(line):
            if current:
                rows.append(current)
                current = []
        elif state.sCount[line] < state.blkIndent:
            return None
        elif _FULL_DASHES.match(_raw(state, line)) or _DASH_GROUPS.match(_raw(state, line)):
            if current:
                rows.append(current)
            after_blank = line + 1 >= end_line or state.isEmpty(line + 1)
            return (rows, line) if rows and after_blank else None
        else:
            current.append(line)
        line += 1
    return None


def _multiline_row(state: StateBlock, lines: list[int], groups: list[tuple[int, int]],
                   warnings: list[tuple[int, str]]) -> RawRow:
    parts = [_simple_row(_raw(state, line), groups, line, warnings) for line in lines]
    texts = ["\n".join(p.cells[i].text for p in parts if p.cells[i].text) for i in range(len(groups))]
    return RawRow(lines[0], [RawCell(text, lines[0]) for text in texts])
