"""Tables: the markdown-it block rule (captions, token emission) and tokens → :class:`~convert.model.Table`.

The syntaxes are in :mod:`.table_syntax` (pipe, simple and multiline tables) and :mod:`.grid_tables`. A caption is pandoc's
``table_captions``: a paragraph starting ``Table:``, ``table:`` or ``:`` right
before or after the table (blank lines between allowed); attributes at its end
(``Table: Fares {#tbl-fares}``) are the table's. The caption before the table
wins when both are written; the other stays a paragraph.

Tokens: ``table_open`` (``meta``: ``aligns``, ``widths``, ``attr``,
``warnings``), an optional ``table_caption_open``/``inline``/``table_caption_close``,
then rows ``tr_open`` (``meta["head"]``) of cells ``td_open`` (``meta["span"]``)
(``meta["row_span"]``) holding one ``inline`` token, or block tokens for grid cells.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from markdown_it.rules_block import StateBlock
from markdown_it.token import Token

from ..model import NO_ATTR, Alignment, Attr, Block, Cell, ColumnSpec, Inline, Paragraph, Row, Table
from .attributes import trailing_attributes
from .grid_tables import grid_table
from .table_syntax import RawCell, RawTable, multiline_table, pipe_table, simple_table
from .tokens import attr_of, groups, line_of

_CAPTION = re.compile(r"(?:[Tt]able:|:(?=\s|$))[ \t]*")
#: Grid tables inside grid-table cells, at most (deeper cells are read as plain paragraphs).
_MAX_GRID_DEPTH = 3
_ALIGNMENTS: dict[str, Alignment] = {"left": "left", "right": "right", "center": "center"}


def table_rule(state: StateBlock, start_line: int, end_line: int, silent: bool) -> bool:
    """The block rule: a table of any syntax, with its caption before or after it."""
    if state.is_code_block(start_line):
        return False
    caption: tuple[str, int] | None = None
    line = start_line
    if _CAPTION.match(_text(state, line)):
        caption, line = _caption(state, line, end_line)
        line = _skip_blank(state, line, end_line)
        if line >= end_line:
            return False
    raw = _any_table(state, line, end_line)
    if raw is None:
        return False
    if silent:
        return True
    end = raw.end
    if caption is None:
        after = _skip_blank(state, raw.end, end_line)
        if after < end_line and not state.is_code_block(after) and _CAPTION.match(_text(state, after)):
            caption, end = _caption(state, after, end_line)
    _emit(state, raw, caption, start_line, end)
    state.line = end
    return True


def _text(state: StateBlock, line: int) -> str:
    return state.src[state.bMarks[line] + state.tShift[line] : state.eMarks[line]]


def _skip_blank(state: StateBlock, line: int, end_line: int) -> int:
    while line < end_line and state.isEmpty(line):
        line += 1
    return line


def _caption(state: StateBlock, line: int, end_line: int) -> tuple[tuple[str, int], int]:
    """The caption paragraph starting at ``line`` (prefix removed) and the line after it."""
    lines = [_CAPTION.sub("", _text(state, line), count=1)]
    after = line + 1
    while after < end_line and not state.isEmpty(after) and state.sCount[after] >= state.blkIndent:
        lines.append(_text(state, after))
        after += 1
    return ("\n".join(lines), line), after


def _any_table(state: StateBlock, line: int, end_line: int) -> RawTable | None:
    return (pipe_table(state, line, end_line) or grid_table(state, line, end_line)
            or simple_table(state, line, end_line) or multiline_table(state, line, end_line))


def _emit(state: StateBlock, raw: RawTable, caption: tuple[str, int] | None, first: int, end: int) -> None:
    attr = NO_ATTR
    if caption is not None and (found := trailing_attributes(caption[0])) is not None:
        caption, attr = (found[0], caption[1]), found[1]
    opening = state.push("table_open", "table", 1)
    opening.map = [first, end]
    opening.meta = {"aligns": raw.aligns, "widths": raw.widths, "attr": attr, "warnings": raw.warnings}
    if caption is not None:
        state.push("table_caption_open", "caption", 1)
        _push_inline(state, caption[0], caption[1])
        state.push("table_caption_close", "caption", -1)
    for head, rows in ((True, raw.head), (False, raw.body)):
        for row in rows:
            tr = state.push("tr_open", "tr", 1)
            tr.map = [row.line, row.line + 1]
            tr.meta = {"head": head}
            for cell in row.cells:
                td = state.push("td_open", "td", 1)
                td.map = [cell.line, cell.line + 1]
                td.meta = {"span": cell.span, "row_span": cell.row_span}
                _cell_content(state, cell)
                state.push("td_close", "td", -1)
            state.push("tr_close", "tr", -1)
    state.push("table_close", "table", -1)


def _push_inline(state: StateBlock, content: str, line: int) -> None:
    token = state.push("inline", "", 0)
    token.content = content
    token.map = [line, line + 1]
    token.children = []


def _cell_content(state: StateBlock, cell: RawCell) -> None:
    depth = int(state.env.get("grid_depth", 0)) if isinstance(state.env, dict) else _MAX_GRID_DEPTH
    if not cell.blocks or depth >= _MAX_GRID_DEPTH:
        if cell.text.strip():
            _push_inline(state, " ".join(cell.text.split("\n")).strip(), cell.line)
        return
    inner = StateBlock(cell.text, state.md, state.env, [])
    inner.level = state.level
    state.env["grid_depth"] = depth + 1
    try:
        state.md.block.tokenize(inner, 0, inner.lineMax)
    finally:
        state.env["grid_depth"] = depth
    for token in inner.tokens:
        if token.map:
            token.map = [token.map[0] + cell.line, token.map[1] + cell.line]
        state.tokens.append(token)


# --- tokens → model ----------------------------------------------------------------

BuildInlines = Callable[[Token, int], tuple[Inline, ...]]
BuildBlocks = Callable[[Sequence[Token]], list[Block]]


def build_table(
    opening: Token, inner: Sequence[Token], inlines: BuildInlines, blocks: BuildBlocks, warn: Callable[[str, int], None]
) -> Table | None:
    """The :class:`Table` for ``table_open`` and the tokens inside it; ``None`` (warned) for a table with no rows."""
    line = line_of(opening)
    for row_line, message in opening.meta.get("warnings", []):
        warn(message, row_line + 1)
    caption: tuple[Inline, ...] = ()
    head: list[Row] = []
    body: list[Row] = []
    for token, content in groups(inner):
        if token.type == "table_caption_open" and content:
            caption = inlines(content[0], line)
        elif token.type == "tr_open":
            (head if token.meta.get("head") else body).append(_row(content, inlines, blocks))
    if not head and not body:
        warn("a table with no rows was left out", line)
        return None
    widths = opening.meta.get("widths") or [None] * len(opening.meta["aligns"])
    columns = tuple(ColumnSpec(_ALIGNMENTS.get(a, "default"), w) for a, w in zip(opening.meta["aligns"], widths, strict=False))
    return Table(caption, columns, tuple(head), tuple(body), line=line, attr=attr_of(opening) or Attr())


def _row(tokens: Sequence[Token], inlines: BuildInlines, blocks: BuildBlocks) -> Row:
    cells = []
    for token, content in groups(tokens):
        if token.type != "td_open":
            continue
        if len(content) == 1 and content[0].type == "inline":
            spans = inlines(content[0], line_of(token))
            cell_blocks: tuple[Block, ...] = (Paragraph(spans, line_of(token)),) if spans else ()
        else:
            cell_blocks = tuple(blocks(content))
        cells.append(Cell(cell_blocks, col_span=int(token.meta.get("span", 1)), row_span=int(token.meta.get("row_span", 1))))
    return Row(tuple(cells))
