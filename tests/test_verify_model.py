"""What verify expects from the model (convert.readback.expected), and the sample article the hand-made outputs follow.

The hand-made DOCX, EPUB, HTML and PDF files in tests/test_verify_*.py are built
for ARTICLE below with python-docx, zipfile + lxml and reportlab directly, so the
checks are tested whatever state the writers are in.
"""

from __future__ import annotations

from convert.model import (
    Article,
    Attr,
    Cell,
    ColumnSpec,
    DefinitionItem,
    DefinitionList,
    Emph,
    Figure,
    Image,
    Inline,
    InlineImage,
    Meta,
    Note,
    Paragraph,
    Row,
    Subheading,
    Subscript,
    Table,
    Text,
)
from convert.readback.expected import Expected, Passage, TableExpectation


def para(*spans: Inline | str) -> Paragraph:
    return Paragraph(tuple(Text(s) if isinstance(s, str) else s for s in spans))


def row(*texts: str) -> Row:
    return Row(tuple(Cell((para(t),)) for t in texts))


NOTE_1 = "The minutes were published a week later."
NOTE_2 = "Checked twice."
DEFINITION = "The share of registered voters who voted."
ARTICLE = Article(
    meta=Meta(title="Fares in May"),
    blocks=(
        para("The council met twice in May.", Note((para(NOTE_1),)), " A second note.", Note((para(NOTE_2),))),
        Subheading(2, (Text("Routes"),), attr=Attr("routes")),
        Table(caption=(Text("Bus fares in May"),), columns=(ColumnSpec(), ColumnSpec("right")),
              head=(row("Route", "Fare"),), body=(row("A", "2.50"), row("B", "3.10"))),
        Subheading(3, (Text("Terms"),), attr=Attr("terms")),
        DefinitionList((DefinitionItem((Text("Turnout"),), ((para(DEFINITION),),)),)),
        Subheading(4, (Text("Level four"),), attr=Attr("level-four")),
        Subheading(5, (Text("Level five"),), attr=Attr("level-five")),
        Subheading(6, (Text("Level six"),), attr=Attr("level-six")),
        para("Water is H", Subscript((Text("2"),)), "O, ", Emph((Text("really"),)), "."),
    ),
)
HEADINGS = [(2, "Routes", "routes"), (3, "Terms", "terms"), (4, "Level four", "level-four"),
            (5, "Level five", "level-five"), (6, "Level six", "level-six")]
PIXEL = Image(source="dot.png", data=b"\x89PNG", format="png", width=1, height=1)


def test_notes_are_numbered_in_reading_order_and_split_their_paragraph() -> None:
    expected = Expected.of(ARTICLE)
    assert expected.notes == [NOTE_1, NOTE_2]
    first = expected.flow[1]
    assert first == Passage("body paragraph", ("The council met twice in May.", " A second note.", ""), (1, 2))
    assert expected.paragraphs[0] == "The council met twice in May. A second note."


def test_tables_terms_and_headings() -> None:
    expected = Expected.of(ARTICLE)
    assert expected.tables == [TableExpectation("Bus fares in May", (("Route", "Fare"), ("A", "2.50"), ("B", "3.10")), 1)]
    assert [(t.term, t.definitions, t.paragraphs) for t in expected.terms] == [("Turnout", (DEFINITION,), (DEFINITION,))]
    assert [(h.level, h.text, h.identifier) for h in expected.headings] == HEADINGS
    kinds = [item.kind if isinstance(item, Passage) else "table" for item in expected.flow]
    assert kinds == ["title", "body paragraph", "subheading", "table caption", "table", "subheading", "term", "definition",
                     "subheading", "subheading", "subheading", "body paragraph"]
    assert DEFINITION not in expected.paragraphs and "A" not in expected.paragraphs  # owned by their own checks


def test_no_title_is_no_visible_headline_but_a_document_title() -> None:
    article = Article(Meta(title=""), (para("Body."),), source="/x/story.md")
    expected = Expected.of(article)
    assert expected.title == "" and expected.document_title == "story"
    assert [p.kind for p in expected.flow if isinstance(p, Passage)] == ["body paragraph"]


def test_images_not_loaded_show_their_alt_and_carry_their_address() -> None:
    article = Article(Meta(title="T"), (
        Figure(None, (Text("A remote photo"),), "alt", src="https://example.org/p.jpg"),
        para("See ", InlineImage(None, "https://example.org/i.png", "the icon"), " and ", InlineImage(PIXEL, "dot.png", "dot"),
             "."),
    ))
    expected = Expected.of(article)
    assert [(f.caption, f.loaded, f.src) for f in expected.figures] == [("A remote photo", False, "https://example.org/p.jpg")]
    assert [(i.alt, i.loaded) for i in expected.images] == [("the icon", False), ("dot", True)]
    assert expected.paragraphs == ["See the icon and ."]


def test_notes_in_cells_count_in_reading_order() -> None:
    cell_note = Note((para("In a cell."),))
    table = Table((), (ColumnSpec(),), (), (Row((Cell((para("x", cell_note),)),)),))
    article = Article(Meta(title="T"), (table, para("After.", Note((para("Later."),)))))
    assert Expected.of(article).notes == ["In a cell.", "Later."]
