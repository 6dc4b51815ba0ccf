"""Tables: ``<caption>``, ``<thead>`` with ``<th scope="col">``, ``<tbody>``, ``<tfoot>``, spans, alignment by class.

A body cell starting in one of the table's ``row_head_columns`` (pandoc's
RowHeadColumns) is a row header, ``<th scope="row">``, as pandoc's HTML writer
makes it; an empty header cell stays a ``<td>`` (it would name nothing).

The table sits in a ``div.table-wrap`` that scrolls sideways when the table is
wider than the screen (long words in cells wrap first; see article.css); the
wrapper is focusable so keyboard users can scroll it (axe's
``scrollable-region-focusable``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ...model import Alignment, Block, Cell, ColumnSpec, Paragraph, Row, Table, block_inlines, plain_text, walk
from .attrs import attributes, given_direction

if TYPE_CHECKING:
    from .render import Renderer


def table(r: Renderer, node: Table) -> str:
    """The table, its wrapper taking the direction of the table's text when that runs the other way (the
    columns then run that way too: the first on the right in a right-to-left table)."""
    with r.directed((node,), given_direction(node.attr)) as direction:
        return _table(r, node, direction)


def _table(r: Renderer, node: Table, direction: str) -> str:
    element_id = r.anchors.claim(node.attr.identifier)
    parts = [f'<div class="table-wrap" tabindex="0"{direction}>\n'
             f'<table{attributes(node.attr, element_id=element_id)}>\n']
    if node.caption:
        parts.append(f"<caption>{r.inlines(node.caption)}</caption>\n")
    parts.append(_colgroup(node.columns))
    row_heads = max(node.row_head_columns, 0)
    for tag, rows, cell_tag in (("thead", node.head, "th"), ("tbody", node.body, "td"), ("tfoot", node.foot, "td")):
        if rows or tag == "tbody":
            body = "".join(_row(r, row, node.columns, cell_tag, row_heads if tag == "tbody" else 0) for row in rows)
            parts.append(f"<{tag}>\n{body}</{tag}>\n")
    parts.append("</table>\n</div>\n")
    return "".join(parts)


def _colgroup(columns: tuple[ColumnSpec, ...]) -> str:
    if not any(column.width for column in columns):
        return ""
    cols = "".join(f'<col style="width: {round(column.width * 100, 2):g}%"/>' if column.width else "<col/>"
                   for column in columns)
    return f"<colgroup>{cols}</colgroup>\n"


def _row(r: Renderer, row: Row, columns: tuple[ColumnSpec, ...], cell_tag: str, row_heads: int) -> str:
    cells: list[str] = []
    column = 0
    for cell in row.cells:
        spec = columns[column] if column < len(columns) else ColumnSpec()
        tag, scope = cell_tag, ""
        if (cell_tag == "th" or column < row_heads) and not _has_text(cell):
            tag = "td"  # an empty header cell names nothing (axe: empty-table-header)
        elif cell_tag == "th":
            scope = ' scope="colgroup"' if cell.col_span > 1 else ' scope="col"'
        elif column < row_heads:
            tag, scope = "th", ' scope="row"'
        cells.append(f"<{tag}{scope}{_spans(cell)}{_align(cell.align, spec.align)}>{_content(r, cell.blocks)}</{tag}>")
        column += max(cell.col_span, 1)
    return "<tr>" + "".join(cells) + "</tr>\n"


def _has_text(cell: Cell) -> bool:
    return any(plain_text(block_inlines(block)).strip() or not block_inlines(block) for block in walk(cell.blocks))


def _spans(cell: Cell) -> str:
    spans = f' colspan="{cell.col_span}"' if cell.col_span > 1 else ""
    return spans + (f' rowspan="{cell.row_span}"' if cell.row_span > 1 else "")


def _align(own: Alignment, column: Alignment) -> str:
    chosen = own if own != "default" else column
    return f' class="align-{chosen}"' if chosen != "default" else ""


def _content(r: Renderer, blocks: tuple[Block, ...]) -> str:
    """A cell of one paragraph holds its inlines directly (as pandoc writes pipe tables); others hold blocks."""
    if len(blocks) == 1 and isinstance(blocks[0], Paragraph):
        return r.inlines(blocks[0].inlines)
    return r.blocks(blocks)
