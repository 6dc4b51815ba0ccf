"""verify() on hand-made DOCX files (python-docx + the footnotes part by hand): what must pass passes, each loss fails."""

from __future__ import annotations

import dataclasses
import io
import zipfile
from collections.abc import Callable

import docx
import pytest
from docx.document import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.opc.constants import CONTENT_TYPE, RELATIONSHIP_TYPE
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph as DocxParagraph

import convert
from convert.model import Article, Figure, Meta, Text

from .test_verify_model import ARTICLE, HEADINGS, NOTE_1, NOTE_2, para

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_FOOTNOTES = (
    f'<w:footnotes xmlns:w="{W}">'
    '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
    '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/></w:r></w:p></w:footnote>'
    '<w:footnote w:id="1"><w:p><w:r><w:footnoteRef/></w:r><w:r><w:t xml:space="preserve"> {one}</w:t></w:r></w:p></w:footnote>'
    '<w:footnote w:id="2"><w:p><w:r><w:footnoteRef/></w:r><w:r><w:t xml:space="preserve"> {two}</w:t></w:r></w:p></w:footnote>'
    "</w:footnotes>"
)


def _reference(paragraph: DocxParagraph, number: int) -> None:
    run = OxmlElement("w:r")
    reference = OxmlElement("w:footnoteReference")
    reference.set(qn("w:id"), str(number))
    run.append(reference)
    paragraph._p.append(run)


def _styles(document: Document) -> None:
    for name in ("Table Caption", "Definition Term", "Definition", "Credit"):
        document.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)


def build(title: str = "Fares in May", note_one: str = NOTE_1, header_row: bool = True) -> bytes:
    """The DOCX a faithful writer makes of ARTICLE."""
    document = docx.Document()
    _styles(document)
    document.core_properties.title = title or "story"
    if title:
        document.add_paragraph(title, style="Title")
    body = document.add_paragraph("The council met twice in May.")
    _reference(body, 1)
    body.add_run(" A second note.")
    _reference(body, 2)
    document.add_paragraph("Routes", style="Heading 2")
    document.add_paragraph("Bus fares in May", style="Table Caption")
    table = document.add_table(rows=3, cols=2)
    for r, cells in enumerate((("Route", "Fare"), ("A", "2.50"), ("B", "3.10"))):
        for c, text in enumerate(cells):
            table.cell(r, c).text = text
    if header_row:
        table.rows[0]._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))
    document.add_paragraph("Terms", style="Heading 3")
    document.add_paragraph("Turnout", style="Definition Term")
    document.add_paragraph("The share of registered voters who voted.", style="Definition")
    for level, text, _ in HEADINGS[2:]:
        document.add_paragraph(text, style=f"Heading {level}")
    last = document.add_paragraph("Water is H")
    last.add_run("2").font.subscript = True
    last.add_run("O, really.")
    blob = _FOOTNOTES.format(one=note_one, two=NOTE_2).encode()
    part = Part(PackURI("/word/footnotes.xml"), CONTENT_TYPE.WML_FOOTNOTES, blob, document.part.package)
    document.part.relate_to(part, RELATIONSHIP_TYPE.FOOTNOTES)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def tamper(data: bytes, change: Callable[[str], str], member: str = "word/document.xml") -> bytes:
    package = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as out:
        for info in package.infolist():
            content = package.read(info.filename)
            out.writestr(info, change(content.decode()).encode() if info.filename == member else content)
    return buffer.getvalue()


def failed(data: bytes, article: Article = ARTICLE) -> set[str]:
    return {f.check for f in convert.verify(data, article, "docx").failures}


def test_a_faithful_docx_verifies_clean() -> None:
    report = convert.verify(build(), ARTICLE)
    assert report.format == "docx" and report.ok, [str(f) for f in report.failures]
    checks = {f.check for f in report.findings}
    assert {"table 1 caption", "table 1 row 3", "table 1 header row 1", "note 1", "note 2 reference",
            "definition term 1", "definition 1", "subheading 5"} <= checks


@pytest.mark.parametrize(("change", "expected"), [
    (lambda x: x.replace(">2.50<", ">2.05<"), {"table 1 row 2"}),
    (lambda x: x.replace("<w:tblHeader/>", ""), {"table 1 header row 1"}),
    (lambda x: x.replace('w:val="TableCaption"', 'w:val="Normal"'), {"table 1 caption"}),
    (lambda x: x.replace('w:val="DefinitionTerm"', 'w:val="Normal"'), {"definition term 1"}),
    (lambda x: x.replace('w:val="Heading5"', 'w:val="Heading3"'), {"subheading 4"}),
    (lambda x: x.replace('<w:footnoteReference w:id="2"/>', ""), {"note 2 reference", "note 2"}),
], ids=["cell", "header", "caption", "term", "heading-level", "note-reference"])
def test_each_loss_fails_its_check(change: Callable[[str], str], expected: set[str]) -> None:
    assert failed(tamper(build(), change)) == expected


def test_a_changed_footnote_fails() -> None:
    assert failed(build(note_one="The minutes were never published.")) == {"note 1"}


def test_a_table_without_its_header_mark_or_turned_into_paragraphs() -> None:
    assert failed(build(header_row=False)) == {"table 1 header row 1"}
    no_table = tamper(build(), lambda x: x.replace("<w:tbl>", "<w:p/><w:sdt><w:sdtContent>").replace(
        "</w:tbl>", "</w:sdtContent></w:sdt>"))
    assert "table 1" in failed(no_table)


def test_an_empty_title_must_not_be_invented() -> None:
    untitled = dataclasses.replace(ARTICLE, meta=Meta(title=""), source="/x/story.md")
    assert failed(build(title=""), untitled) == set()
    assert failed(tamper(build(title=""), lambda x: x.replace("<w:body>", '<w:body><w:p><w:pPr><w:pStyle w:val="Title"/>'
                                                                           "</w:pPr><w:r><w:t>story</w:t></w:r></w:p>")),
                  untitled) == {"title"}


def test_a_figure_without_its_image_needs_its_description_caption_and_a_link() -> None:
    article = Article(Meta(title="T"), (Figure(None, (Text("A remote photo"),), "Its  alt", src="https://example.org/p.jpg"),
                                        para("Body.")))
    document = docx.Document()
    document.core_properties.title = "T"
    document.add_paragraph("T", style="Title")
    document.styles.add_style("Figure", WD_STYLE_TYPE.PARAGRAPH)
    link = document.add_paragraph("Its alt", style="Figure")
    link.add_run().add_break()
    r_id = document.part.relate_to("https://example.org/p.jpg", RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
    hyperlink = OxmlElement("w:hyperlink")
    hyperlink.set(qn("r:id"), r_id)
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "https://example.org/p.jpg"
    run.append(text)
    hyperlink.append(run)
    link._p.append(hyperlink)
    document.add_paragraph("A remote photo", style="Caption")
    document.add_paragraph("Body.")
    buffer = io.BytesIO()
    document.save(buffer)
    assert failed(buffer.getvalue(), article) == set()
    undescribed = tamper(buffer.getvalue(), lambda x: x.replace("Its alt", ""))
    assert failed(undescribed, article) == {"figure 1 description"}
    figure = article.blocks[0]
    assert isinstance(figure, Figure)
    said_by_caption = dataclasses.replace(article, blocks=(dataclasses.replace(figure, alt="A remote photo"),
                                                           article.blocks[1]))
    assert failed(undescribed, said_by_caption) == set()  # an alt text the caption says is not shown twice
    elsewhere = tamper(buffer.getvalue(), lambda x: x.replace("https://example.org/p.jpg", "https://example.org/other.jpg"),
                       "word/_rels/document.xml.rels")
    assert failed(elsewhere, article) == {"figure 1 link"}


def _after_title(*paragraphs: tuple[str, str]) -> Callable[[str], str]:
    """A change putting ``(style id, text)`` paragraphs after the Title paragraph."""
    added = "".join(f'<w:p><w:pPr><w:pStyle w:val="{style}"/></w:pPr><w:r><w:t>{text}</w:t></w:r></w:p>'
                    for style, text in paragraphs)
    return lambda x: x.replace("<w:t>Fares in May</w:t></w:r></w:p>", f"<w:t>Fares in May</w:t></w:r></w:p>{added}", 1)


def test_the_title_block_shows_the_description_and_every_keyword_in_order() -> None:
    meta = Meta(title="Fares in May", description="What the council\n decided.", keywords=("buses", "fares  and routes"))
    article = dataclasses.replace(ARTICLE, meta=meta)
    block = [("Description", "What the council decided."), ("Keywords", "buses · fares and routes")]
    assert failed(tamper(build(), _after_title(*block)), article) == set()  # the separator is the language's
    assert failed(tamper(build(), _after_title(block[1])), article) == {"description"}
    assert failed(tamper(build(), _after_title(block[0], ("Keywords", "fares and routes, buses"))), article) == {
        "keywords"}
    assert failed(build()) == set()  # none in the article: none looked for


def test_style_names_compare_as_word_compares_them() -> None:
    """Word's built-in names are lowercase in styles.xml ("heading 2", "caption"); only the promised styles count."""
    lowered = tamper(build(), lambda x: x.replace('w:val="Definition Term"', 'w:val="definition term"'), "word/styles.xml")
    assert failed(lowered) == set()
    promoted = tamper(build(), lambda x: x.replace('w:val="Heading2"', 'w:val="Heading1"'))
    assert failed(promoted) >= {"subheading 1"}  # a Heading 1 is not a subheading
