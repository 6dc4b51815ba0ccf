"""Tables as real Word tables.

The ``Table`` style (pandoc's name) draws rules that print: above and below the
table, under the header row, light lines between rows. Header rows repeat on
every page (``w:tblHeader``); the caption sits above the table in ``Table
Caption``, as Word's own captions do, and is also the table's accessible
caption (``w:tblCaption``). Column widths come from ``ColumnSpec.width`` (a share
of the text width), else from the content (HTML's auto layout: every column at
least its longest word, the rest shared by the length of its text). Spans
become ``w:gridSpan`` and ``w:vMerge``; a row span continues into the rows
below, whose cells at that place are left out, as in pandoc's model. Cells hold
any blocks (a nested table included).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import TYPE_CHECKING

from lxml import etree

from ...model import Alignment, Block, Cell, Inline, Row, Table, block_inlines, plain_text, walk
from ...text import xml_safe
from .._common import Direction, direction_of
from .anchors import Bookmarks
from .inlines import write_inlines
from .ooxml import P, insert_in_order, paragraph, paragraph_properties, sub, w

if TYPE_CHECKING:
    from .blocks import Renderer, Scope

_TWIPS_PER_EMU = 1 / 635
_EM_TWIPS = 180  # an em of the 9 pt table text
_SMALL = 7.5 / 9  # "Compact Small" (7.5 pt) against "Compact" (9 pt)
_CELL_PADDING = 200  # the style's left + right cell margins
_TIGHT_MARGIN = 50  # each side's cell margin of a table in small text
_LONGEST_LINE = 48  # characters: past this a column is wrapped anyway
_JC = {"left": "left", "center": "center", "right": "right"}


@dataclass(frozen=True)
class Slot:
    """A place in the grid: a cell that starts there, or the continuation of a row span from above."""

    column: int
    span: int
    cell: Cell | None  # None: an empty cell padding a short row
    merge: str | None = None  # "restart", "continue" or None


def layout(rows: tuple[Row, ...]) -> tuple[list[list[Slot]], int]:
    """Each row's slots, left to right, and the number of grid columns (short rows padded)."""
    placed: list[list[Slot]] = []
    pending: dict[int, tuple[int, int]] = {}  # column → (rows still covered, span)
    width = 0
    for row_index, row in enumerate(rows):
        slots: list[Slot] = []
        cells = list(row.cells)
        column = 0
        while cells or any(c >= column for c in pending):
            if column in pending:
                left, span = pending[column]
                slots.append(Slot(column, span, None, "continue"))
                pending[column] = (left - 1, span)
                if left <= 1:
                    del pending[column]
                column += span
            elif cells:
                cell = cells.pop(0)
                blocked = [c for c in pending if c > column]  # a span never runs into a row span from above
                span = min(max(cell.col_span, 1), min(blocked) - column) if blocked else max(cell.col_span, 1)
                down = min(max(cell.row_span, 1), len(rows) - row_index)
                slots.append(Slot(column, span, cell, "restart" if down > 1 else None))
                if down > 1:
                    pending[column] = (down - 1, span)
                column += span
            else:
                column += 1  # a hole before a later row span: padded below
        placed.append(slots)
        width = max(width, column, 1)  # a row holds at least one cell (Word's rule)
    return [_pad(slots, width) for slots in placed], width


def _pad(slots: list[Slot], width: int) -> list[Slot]:
    padded: list[Slot] = []
    column = 0
    for slot in slots:
        padded.extend(Slot(c, 1, None) for c in range(column, slot.column))
        padded.append(slot)
        column = slot.column + slot.span
    padded.extend(Slot(c, 1, None) for c in range(column, width))
    return padded


@dataclass(frozen=True)
class Widths:
    """Twips per grid column; ``fixed``: some were given by the source; ``small``: the text must be smaller to fit."""

    columns: list[int]
    fixed: bool
    small: bool


def column_widths(table: Table, grid: list[list[Slot]], columns: int, text_width: int) -> Widths:
    """Columns with a ``ColumnSpec.width`` take that share of the text width; the others share what is left
    (all of it when none is given) by their content. When a column is narrower than its longest word, the
    table's text is set in ``Compact Small`` and measured again, so fewer words break.
    """
    widths, fixed, small = _widths(table, grid, columns, text_width, 1.0, _CELL_PADDING)
    if small:
        widths, fixed, _ = _widths(table, grid, columns, text_width, _SMALL, 2 * _TIGHT_MARGIN)
    return Widths(widths, fixed, small)


def _widths(table: Table, grid: list[list[Slot]], columns: int, text_width: int,
            scale_text: float, padding: int) -> tuple[list[int], bool, bool]:
    shares = [spec.width if spec.width and spec.width > 0 else None for spec in table.columns[:columns]]
    shares += [None] * (columns - len(shares))
    given = sum(share for share in shares if share is not None)
    scale = min(1.0, 1.0 / given) if given else 1.0
    least, wanted = _content_widths(grid, columns, _EM_TWIPS * scale_text, padding)
    free = [index for index, share in enumerate(shares) if share is None]
    room = text_width - int(text_width * given * scale)
    if free and given:
        room = max(room, len(free) * 400)
    fitted = _fit([least[i] for i in free], [wanted[i] for i in free], room) if free else []
    widths = [max(int(text_width * share * scale), 200) if share is not None else 0 for share in shares]
    for index, width in zip(free, fitted, strict=True):
        widths[index] = width
    widths = _no_broken_words(widths, least)
    return widths, bool(given), any(width < low for width, low in zip(widths, least, strict=True))


def _no_broken_words(widths: list[int], least: list[int]) -> list[int]:
    """Widen columns narrower than their longest word, taking the room from columns that have some to spare.

    The total stays the same; when there is not enough to spare, nothing moves (the text gets smaller instead).
    """
    short = sum(max(low - width, 0) for width, low in zip(widths, least, strict=True))
    spare = sum(max(width - low, 0) for width, low in zip(widths, least, strict=True))
    if not short or short > spare:
        return widths
    return [low if width < low else width - (width - low) * short // spare
            for width, low in zip(widths, least, strict=True)]


def _ems(text: str) -> float:
    """The width of ``text`` in ems, estimated by kind of character (digits, capitals, small letters, marks)."""
    total = 0.0
    for char in text:
        if char.isdigit():
            total += 0.62
        elif char.isupper():
            total += 0.7
        elif char.islower():
            total += 0.52
        elif ord(char) >= 0x2E80:  # CJK and other full-width text
            total += 1.0
        elif char.isalpha():  # letters without case (Arabic, Hebrew, Armenian...)
            total += 0.6
        else:
            total += 0.36
    return total


def _content_widths(grid: list[list[Slot]], columns: int, em_twips: float,
                    padding: int) -> tuple[list[int], list[int]]:
    """Per column: the least width (its longest word) and the wanted width (its longest text, capped), in twips.

    Header text is bold: counted 20 % wider, plus a little slack for the face Word or LibreOffice picks.
    """
    longest = [1.0] * columns
    natural = [1.0] * columns
    for row_index, slots in enumerate(grid):
        for slot in slots:
            if slot.cell is None or slot.span != 1:
                continue
            text = " ".join(plain_text(_inlines(slot.cell)).split())
            weight = 1.2 if row_index == 0 else 1.0
            words = [_ems(word) * weight for word in text.split()] or [0.0]
            longest[slot.column] = max(longest[slot.column], *words)
            natural[slot.column] = max(natural[slot.column], min(_ems(text) * weight, _LONGEST_LINE * 0.55))
    least = [int((ems + 0.5) * em_twips) + padding for ems in longest]
    wanted = [max(int((ems + 0.5) * em_twips) + padding, low) for ems, low in zip(natural, least, strict=True)]
    return least, wanted


def _fit(least: list[int], wanted: list[int], room: int) -> list[int]:
    """HTML's auto layout: wanted widths if they fit, else every column its least and the rest shared by need."""
    if sum(wanted) <= room:
        return wanted
    if sum(least) >= room:
        return [int(room * low / sum(least)) for low in least]
    spare = room - sum(least)
    extra = [want - low for want, low in zip(wanted, least, strict=True)]
    return [low + int(spare * more / sum(extra)) for low, more in zip(least, extra, strict=True)]


def _inlines(cell: Cell) -> tuple[Inline, ...]:
    return tuple(span for block in walk(cell.blocks) for span in block_inlines(block))


def write_table(r: Renderer, table: Table, scope: Scope) -> None:
    grid, columns = layout(table.rows)
    text_width = int(scope.width * _TWIPS_PER_EMU)
    widths = column_widths(table, grid, max(columns, 1), text_width)
    text_style = "CompactSmall" if widths.small else "Compact"
    caption_text = plain_text(table.caption)
    if table.caption:
        caption = paragraph(scope.container, "TableCaption")
        opened = r.bookmarks.start(caption, table.attr.identifier) if table.attr.identifier else None
        write_inlines(r, caption, table.caption, scope)
        Bookmarks.end(caption, opened)
    elif table.attr.identifier:
        Bookmarks.end(scope.container, r.bookmarks.start(scope.container, table.attr.identifier))
    if not grid:  # no rows: Word has no empty table (the caption, if any, stays)
        return
    tbl = sub(scope.container, w("tbl"))
    if right_to_left(table, r.direction):
        widths = dataclasses.replace(widths, columns=_full_width(widths.columns, text_width))
        _properties(tbl, widths, caption_text, bool(table.head), bool(table.foot))
        tbl[0][0].addnext(etree.Element(w("bidiVisual")))  # right after w:tblStyle (CT_TblPr's order)
    else:
        _properties(tbl, widths, caption_text, bool(table.head), bool(table.foot))
    tbl_grid = sub(tbl, w("tblGrid"))
    for width in widths.columns:
        sub(tbl_grid, w("gridCol"), w=str(width))
    heads = len(table.head)
    for index, slots in enumerate(grid):
        tr = sub(tbl, w("tr"))
        if index < heads:
            sub(sub(tr, w("trPr")), w("tblHeader"))
        for slot in slots:
            _cell(r, tr, slot, widths.columns, table, dataclasses.replace(scope, body_style=text_style))
    if scope.container.tag == w("tc"):
        paragraph(scope.container, scope.body_style)  # a cell ends with a paragraph (Word's rule)


def right_to_left(table: Table, article: Direction) -> bool:
    """The table's text runs right to left (:func:`.._common.direction_of`), or it has no letters in a
    right-to-left article."""
    text = " ".join(plain_text(_inlines(Cell(tuple(table_blocks(table))))).split())
    return (direction_of(f"{plain_text(table.caption)} {text}") or article) == "rtl"


def table_blocks(table: Table) -> list[Block]:
    return [block for row in table.rows for cell in row.cells for block in cell.blocks]


def _full_width(columns: list[int], text_width: int) -> list[int]:
    """``columns`` stretched to the text width: a right-to-left table fills the line, so it starts at the right
    margin in every application (Word mirrors a ``bidiVisual`` table's ``w:jc``, LibreOffice does not)."""
    total = sum(columns)
    if total <= 0 or total >= text_width:
        return columns
    stretched = [width * text_width // total for width in columns]
    stretched[-1] += text_width - sum(stretched)
    return stretched


def _properties(tbl: etree._Element, widths: Widths, caption: str, head: bool, foot: bool) -> None:
    properties = sub(tbl, w("tblPr"))
    sub(properties, w("tblStyle"), "Table")
    sub(properties, w("tblW"), w=str(sum(widths.columns)), type="dxa")
    if widths.fixed:
        sub(properties, w("tblLayout"), type="fixed")
    if widths.small:  # narrow cell margins too, so the columns hold their longest words
        margins = sub(properties, w("tblCellMar"))
        for side in ("left", "right"):
            sub(margins, w(side), w=str(_TIGHT_MARGIN), type="dxa")
    sub(properties, w("tblLook"), firstRow="1" if head else "0", lastRow="1" if foot else "0", firstColumn="0",
        lastColumn="0", noHBand="1", noVBand="1")
    if caption.strip():
        sub(properties, w("tblCaption"), " ".join(xml_safe(caption).split())[:255])


def _cell(r: Renderer, tr: etree._Element, slot: Slot, widths: list[int], table: Table, scope: Scope) -> None:
    tc = sub(tr, w("tc"))
    properties = sub(tc, w("tcPr"))
    width = sum(widths[slot.column: slot.column + slot.span])
    sub(properties, w("tcW"), w=str(width), type="dxa")
    if slot.span > 1:
        sub(properties, w("gridSpan"), str(slot.span))
    if slot.merge:
        sub(properties, w("vMerge"), slot.merge if slot.merge == "restart" else None)
    if slot.cell is not None and slot.cell.blocks:
        inner = dataclasses.replace(scope, container=tc, custom=None, quote=0, level=-1,
                                    width=max(int((width - 200) / _TWIPS_PER_EMU), 1))
        r.blocks(slot.cell.blocks, inner)
        _align(tc, _alignment(slot.cell, slot.column, table))
    if tc.find(P) is None or tc[-1].tag != P:
        paragraph(tc, scope.body_style)


def _alignment(cell: Cell, column: int, table: Table) -> Alignment:
    if cell.align != "default":
        return cell.align
    return table.columns[column].align if column < len(table.columns) else "default"


def _align(tc: etree._Element, alignment: Alignment) -> None:
    """Every paragraph directly in the cell takes the column's alignment (``w:jc``, in schema order)."""
    value = _JC.get(alignment)
    if value is None:
        return
    for p in tc.iterchildren(P):
        ppr = paragraph_properties(p)
        if ppr.find(w("jc")) is None:
            insert_in_order(ppr, etree.Element(w("jc"), {w("val"): value}))


#: The space between a table and the paragraph after it (twips: 9 pt, as the PDF's): Word's tables have no space
#: after of their own, so the paragraph under one touched its bottom rule (LibreOffice showed it so).
SPACE_AFTER_TABLE = 180


def space_after_table(container: etree._Element, start: int) -> None:
    """The paragraph written at ``start`` in ``container``, right after a table, stands :data:`SPACE_AFTER_TABLE`
    below it; a heading keeps its style's own, larger space before, and a paragraph that sets its own spacing
    is left alone."""
    if start >= len(container) or container[start].tag != w("p"):
        return
    properties = paragraph_properties(container[start])
    style = properties.find(w("pStyle"))
    if (style is not None and style.get(w("val"), "").startswith("Heading")) or properties.find(w("spacing")) is not None:
        return
    spacing = etree.Element(w("spacing"))
    spacing.set(w("before"), str(SPACE_AFTER_TABLE))
    insert_in_order(properties, spacing)
