"""Markdown tables read into the model: pipe, simple and grid tables, captions, widths, bad rows, big tables."""

from __future__ import annotations

import logging

import pytest

import convert
from convert.model import Code, ColumnSpec, ListBlock, Paragraph, Table, Text, plain_text, walk


def _table(source: str) -> Table:
    tables = [b for b in walk(convert.read_text(source).blocks) if isinstance(b, Table)]
    assert len(tables) == 1, tables
    return tables[0]


def _cells(table: Table) -> list[list[str]]:
    return [[" / ".join(plain_text(b.inlines) for b in c.blocks if isinstance(b, Paragraph)) for c in r.cells]
            for r in table.rows]


def test_issue_11_pipe_table_with_caption_after() -> None:
    table = _table("| Route | Fare |\n|-------|-----:|\n| A     | 2.50 |\n| B     | 3.10 |\n\nTable: Bus fares in May\n")
    assert plain_text(table.caption) == "Bus fares in May"
    assert [c.align for c in table.columns] == ["default", "right"]
    assert [c.width for c in table.columns] == [None, None]  # short lines: widths by content (pandoc)
    assert _cells(table) == [["Route", "Fare"], ["A", "2.50"], ["B", "3.10"]]
    assert len(table.head) == 1 and len(table.body) == 2
    cell = table.body[0].cells[1]
    assert cell.blocks == (Paragraph((Text("2.50"),), 3),)  # one Paragraph of inlines per pipe cell


@pytest.mark.parametrize("caption", ["Table: Fares", "table: Fares", ": Fares"])
def test_caption_before_the_table_and_its_attributes(caption: str) -> None:
    table = _table(f"{caption} {{#tbl-fares}}\n\n| a | b |\n|---|---|\n| 1 | 2 |\n")
    assert plain_text(table.caption) == "Fares"
    assert table.attr.identifier == "tbl-fares"


def test_a_caption_line_right_under_the_rows_is_the_caption_not_a_row() -> None:
    table = _table("| a | b |\n|---|---|\n| 1 | 2 |\nTable: Directly under\n")
    assert plain_text(table.caption) == "Directly under" and len(table.body) == 1


def test_relative_widths_from_dashes_when_a_line_is_wider_than_72_columns() -> None:
    long_cell = "a cell long enough to push this row past seventy-two characters of width"
    table = _table(f"| a | b |\n|:---|------:|\n| 1 | {long_cell} |\n")
    assert table.columns == (ColumnSpec("left", 4 / 11), ColumnSpec("right", 7 / 11))  # pandoc: 0.3636, 0.6364


def test_alignments_escaped_pipes_and_pipes_in_code() -> None:
    table = _table("| a | b | c |\n|:--|:-:|--:|\n| x\\|y | `p|q` | [l](https://x.org) |\n")
    assert [c.align for c in table.columns] == ["left", "center", "right"]
    row = table.body[0].cells
    assert plain_text(row[0].blocks[0].inlines) == "x|y"  # type: ignore[union-attr]
    assert row[1].blocks[0].inlines == (Code("p|q"),)  # type: ignore[union-attr]


def test_smart_typography_never_touches_table_syntax_but_smartens_cells() -> None:
    table = _table('| "Name" | Note |\n|--------|------|\n| it\'s | 1990--91 |\n')
    assert _cells(table) == [["\u201cName\u201d", "Note"], ["it\u2019s", "1990\u201391"]]


def test_a_row_with_more_cells_keeps_the_text_and_warns_naming_the_line(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="convert"):
        table = _table("| a | b |\n|---|---|\n| 1 | 2 | 3 |\n| 4 |\n")
    assert _cells(table) == [["a", "b"], ["1", "2 | 3"], ["4", ""]]
    assert any(getattr(r, "where", "") == "<string>:3" and "3 cells" in r.getMessage() for r in caplog.records)


def test_an_empty_table_is_left_out_with_a_warning(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="convert"):
        article = convert.read_text("Before\n\n|  |  |\n|--|--|\n\nAfter\n")
    assert [type(b) for b in article.blocks] == [Paragraph, Paragraph]
    assert any("no rows" in r.getMessage() for r in caplog.records)


def test_header_only_table_keeps_its_header() -> None:
    table = _table("| a | b |\n|---|---|\n")
    assert _cells(table) == [["a", "b"]] and table.body == ()


def test_a_pipe_table_does_not_interrupt_a_paragraph() -> None:
    article = convert.read_text("para\n| a | b |\n|---|---|\n| 1 | 2 |\n")
    assert [type(b) for b in article.blocks] == [Paragraph]  # pandoc: the same


def test_simple_table_alignment_from_header_position() -> None:
    source = ("  Right     Left     Center     Default\n"
              "-------     ------ ----------   -------\n"
              "     12     12        12            12\n"
              "    123     123       123          123\n\n"
              "Table:  Demonstration of simple table syntax.\n")
    table = _table(source)
    assert [c.align for c in table.columns] == ["right", "left", "center", "default"]  # pandoc's manual example
    assert _cells(table)[1:] == [["12"] * 4, ["123"] * 4]
    assert plain_text(table.caption) == "Demonstration of simple table syntax."


def test_headerless_simple_table() -> None:
    table = _table("-------- -----\nSome     text\nmore     rows\n-------- -----\n\nafter\n")
    assert table.head == () and _cells(table) == [["Some", "text"], ["more", "rows"]]


def test_a_heading_underline_is_not_a_one_column_table() -> None:
    article = convert.read_text("# T\n\nHello\n-----\n\ntext\n")
    assert not any(isinstance(b, Table) for b in article.blocks)


def test_grid_table_with_blocks_in_cells_a_span_and_alignment() -> None:
    source = ("+-----+----------+\n| a   | b        |\n+=====+:========:+\n"
              "| 1   | - x      |\n|     | - y      |\n+-----+----------+\n"
              "| spans both     |\n+-----+----------+\n")
    table = _table(source)
    assert [c.align for c in table.columns] == ["default", "center"]
    assert [c.width for c in table.columns] == pytest.approx([6 / 72, 11 / 72])  # pandoc: (dashes + 1) / 72
    assert _cells(table)[0] == ["a", "b"]
    nested = table.body[0].cells[1].blocks[0]
    assert isinstance(nested, ListBlock) and len(nested.items) == 2
    assert table.body[1].cells[0].col_span == 2


def _spans(table: Table) -> list[list[tuple[str, int, int]]]:
    """Each row's cells as pandoc's native output shows them: text, row span, column span."""
    return [[(" / ".join(plain_text(b.inlines) for b in c.blocks if isinstance(b, Paragraph)), c.row_span, c.col_span)
             for c in r.cells] for r in table.rows]


@pytest.mark.parametrize("left", ["+", "|"])
def test_grid_table_row_spans_as_pandoc_reads_them(left: str) -> None:
    table = _table(f"+-----+-----+\n| A   | B   |\n{left}     +-----+\n| a2  | C   |\n+-----+-----+\n")
    # pandoc 3: A spans two rows and keeps both its lines (the open border reads as a blank line); the second
    # row holds only C (a covered slot has no cell, as in HTML)
    assert _spans(table) == [[("A / a2", 2, 1), ("B", 1, 1)], [("C", 1, 1)]]


def test_grid_table_row_and_column_spans_with_a_header() -> None:
    source = ("+-----+-----+-----+\n| H1  | H2  | H3  |\n+=====+=====+=====+\n| A   | B         |\n"
              "+     +-----+-----+\n|     | C   | D   |\n+-----+-----+-----+\n| E   | F   | G   |\n+-----+-----+-----+\n")
    table = _table(source)
    assert len(table.head) == 1 and len(table.body) == 3
    assert _spans(table)[1:] == [[("A", 2, 1), ("B", 1, 2)], [("C", 1, 1), ("D", 1, 1)],
                                 [("E", 1, 1), ("F", 1, 1), ("G", 1, 1)]]
    middle = _table("+-----+-----+-----+\n| A   | B   | X   |\n+-----+     +-----+\n| C   |     | Y   |\n+-----+-----+-----+\n")
    assert _spans(middle) == [[("A", 1, 1), ("B", 2, 1), ("X", 1, 1)], [("C", 1, 1), ("Y", 1, 1)]]


def test_borders_that_make_no_rectangles_are_read_row_by_row_keeping_the_text() -> None:
    source = "+-----+-----+-----+\n| A         | X   |\n+     +-----+-----+\n| C   | Z   | Y   |\n+-----+-----+-----+\n"
    table = _table(source)
    text = " ".join(plain_text(b.inlines) for r in table.rows for c in r.cells for b in walk(c.blocks)
                    if isinstance(b, Paragraph) or hasattr(b, "inlines"))
    assert all(word in text.split() for word in ("A", "C", "Z", "X", "Y"))


def test_tables_inside_lists_and_quotes() -> None:
    article = convert.read_text("- item\n\n  | a | b |\n  |---|---|\n  | 1 | 2 |\n\n> | c | d |\n> |---|---|\n> | 3 | 4 |\n")
    tables = [b for b in walk(article.blocks) if isinstance(b, Table)]
    assert [_cells(t)[1] for t in tables] == [["1", "2"], ["3", "4"]]


def test_a_cell_with_a_600_character_word_is_kept_whole() -> None:
    word = "x" * 600
    assert _cells(_table(f"| a |\n|---|\n| {word} |\n"))[1] == [word]


def test_big_tables_read_whole() -> None:
    rows = "".join(f"| {i} | r{i} |\n" for i in range(2000))
    table = _table("| n | name |\n|---|---|\n" + rows)
    assert len(table.body) == 2000 and _cells(table)[-1] == ["1999", "r1999"]
    header, cells = "|".join(f"h{i}" for i in range(40)), "|".join(f"c{i}" for i in range(40))
    wide = _table(f"|{header}|\n|" + "---|" * 40 + f"\n|{cells}|\n")
    assert len(wide.columns) == 40 and _cells(wide)[1][39] == "c39"


def test_corpus_06_aligned_pipe_tables() -> None:
    from .test_reader_md_corpus import corpus_article

    article = corpus_article("06")
    tables = [b for b in walk(article.blocks) if isinstance(b, Table)]
    assert len(tables) == 3
    first = tables[0]
    assert [c.align for c in first.columns] == ["left", "left", "right", "right", "left", "left", "left", "right"]
    assert _cells(first)[1][:3] == ["2016-10-19", "VR2W-112297", "51.00164"]
    assert _cells(tables[1])[0][0] == "ts_id"  # the escaped underscore
    assert all(c.width is not None for c in first.columns)  # its lines are over 72 characters


def test_multiline_table_as_in_pandocs_manual() -> None:
    source = ("-------------------------------------------------------------\n"
              " Centered   Default           Right Left\n"
              "  Header    Aligned         Aligned Aligned\n"
              "----------- ------- --------------- -------------------------\n"
              "   First    row                12.0 Example of a row that\n"
              "                                    spans multiple lines.\n\n"
              "  Second    row                 5.0 Here's another one. Note\n"
              "                                    the blank line between\n"
              "                                    rows.\n"
              "-------------------------------------------------------------\n\n"
              "Table: Here's the caption. It, too, may span\nmultiple lines.\n")
    table = _table(source)
    assert [c.align for c in table.columns] == ["center", "default", "right", "left"]
    assert [c.width for c in table.columns] == pytest.approx([12 / 72, 8 / 72, 16 / 72, 26 / 72])  # pandoc 3.9's
    assert _cells(table) == [
        ["Centered Header", "Default Aligned", "Right Aligned", "Left Aligned"],
        ["First", "row", "12.0", "Example of a row that spans multiple lines."],
        ["Second", "row", "5.0", "Here\u2019s another one. Note the blank line between rows."],
    ]
    assert plain_text(table.caption) == "Here\u2019s the caption. It, too, may span multiple lines."


def test_text_between_two_rules_is_not_a_table() -> None:
    article = convert.read_text("-----\n\nSome text\n\n-----\n")
    assert not any(isinstance(b, Table) for b in article.blocks)
