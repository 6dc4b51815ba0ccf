"""Issue 11's small inputs, from Markdown to DOCX, read back with python-docx and the footnotes part.

The same DOCX rendering is tested from model nodes in ``test_docx_nodes.py``.
"""

from __future__ import annotations

import io

import docx

import convert

from .test_docx_nodes import W, footnotes, styled, text_of


def render(text: str) -> tuple[bytes, docx.document.Document]:
    data = convert.render(convert.read_text(text), "docx")
    return data, docx.Document(io.BytesIO(data))


def test_pipe_table_with_caption() -> None:
    _, document = render("| Route | Fare |\n|-------|-----:|\n| A     | 2.50 |\n| B     | 3.10 |\n\n"
                         "Table: Bus fares in May\n")
    assert ("Table Caption", "Bus fares in May") in styled(document)
    table = document.tables[0]
    assert [[c.text for c in row.cells] for row in table.rows] == [["Route", "Fare"], ["A", "2.50"], ["B", "3.10"]]
    assert table._tbl.find(f"{W}tr/{W}trPr/{W}tblHeader") is not None
    fare = table.rows[1].cells[1].paragraphs[0]._p.find(f"{W}pPr/{W}jc")
    assert fare is not None and fare.get(f"{W}val") == "right"


def test_footnotes() -> None:
    data, document = render("The council met twice in May.[^1] A second note.^[Checked twice.]\n\n"
                            "[^1]: The minutes were published a week later.\n")
    assert document.paragraphs[0].text == "The council met twice in May. A second note."
    notes = footnotes(data)
    assert text_of(notes["1"]).strip() == "The minutes were published a week later."
    assert text_of(notes["2"]).strip() == "Checked twice."
    assert [p.text for p in document.paragraphs if "[^1]" in p.text] == []


def test_definition_list() -> None:
    _, document = render("Turnout\n:   The share of registered voters who voted.\n")
    assert styled(document) == [("Definition Term", "Turnout"),
                                ("Definition", "The share of registered voters who voted.")]


def test_inline_extensions() -> None:
    _, document = render("Water is H~2~O, the 19^th^ century, ~~old~~ new, [Small Caps]{.smallcaps} and "
                         "[a site](https://example.org){.external}.\n")
    paragraph = document.paragraphs[0]
    assert paragraph.text == "Water is H2O, the 19th century, old new, Small Caps and a site."
    runs = {r.text: r for r in paragraph.iter_inner_content() if isinstance(r, docx.text.run.Run)}
    assert runs["2"].font.subscript and runs["th"].font.superscript and runs["old"].font.strike
    assert runs["Small Caps"].font.small_caps


def test_headings_ids_and_links_within_the_article(workdir: object) -> None:
    from pathlib import Path

    from .conftest import image_bytes
    Path("icon.png").write_bytes(image_bytes(16, 16, "PNG"))
    text = ("+++\ntitle = \"Hugo post\"\n+++\n\n"
            "- [The method](#method)\n- [Options](#options)\n- [Nowhere](#nowhere)\n\n"
            "## The method {#method}\n\nText with an ![icon](icon.png) inside.\n\n"
            "### Options {#options .wide}\n\n#### Deeper\n\n##### Deeper still\n\n###### Deepest\n\n"
            '<figure><img src="icon.png" alt="An icon"><figcaption>From HTML</figcaption></figure>\n')
    data = convert.render(convert.read_text(text, base_dir=Path.cwd()), "docx")
    document = docx.Document(io.BytesIO(data))
    paragraphs = styled(document)
    assert paragraphs[0] == ("Title", "Hugo post")
    assert [s for s, _ in paragraphs if s.startswith("Heading")] == [
        "Heading 2", "Heading 3", "Heading 4", "Heading 5", "Heading 6"]
    body = document.element.body
    bookmarks = {b.get(f"{W}name") for b in body.iter(f"{W}bookmarkStart")}
    anchors = [h.get(f"{W}anchor") for h in body.iter(f"{W}hyperlink") if h.get(f"{W}anchor")]
    assert anchors == ["method", "options"] and set(anchors) <= bookmarks  # "#nowhere" stays text
    assert any(p.text == "Nowhere" for p in document.paragraphs)
    assert ("Caption", "From HTML") in paragraphs
    assert len(document.inline_shapes) == 2
