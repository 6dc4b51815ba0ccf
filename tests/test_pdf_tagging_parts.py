"""Tagged PDF on articles unlike the seed: two figures, an unloaded one, right-to-left text, languages,
long tables, end notes, no title; the title block's description and keywords; pictures never enlarged."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from pathlib import Path

import pikepdf
import pytest

import convert
from convert.model import Article, Attr, Figure, Meta, Note, Paragraph, Row, Subheading, Table, Text
from convert.model import Cell as ModelCell
from convert.model import ColumnSpec as Column

from .conftest import WriteArticle, image_bytes
from .test_pdf_state import pdfcpu  # noqa: F401  (the validator fixture)
from .test_pdf_tagging import Node, marked_content, pdftotext_pages, pdfua_findings, roles, squeeze, structure

RICHER = """---
title: A richer article
subtitle: Tables, lists, notes, links, pictures
author: [Ann Writer]
date: 2024-03-05
description: What the tagged PDF must carry, in one article.
keywords: [elections, turnout]
---

![The first picture, small](photo.jpg){credit="Photo: Agency/Name"}

Opening paragraph with *emphasis*, `inline code`, [a link](https://example.org) and [texte en français]{lang=fr}.[^n]

::: {lang=de}
Ein Absatz auf Deutsch.
:::

![](wide.jpg){alt="A wide picture of the square"}

- first item
- second item
  1. nested one
  2. nested two

Turnout
:   The share of registered voters who voted.

| District | Votes |
|:---------|------:|
| North    | 12,450 |
| South    | 9,877  |

Table: Provisional results

نحن ملتزمون بتوفير [بيئة ترحيبية](https://example.org/ar) لجميع الأشخاص، والله ولي التوفيق 2024.

A [small caps]{.smallcaps} end.

[^n]: A note with a [link](https://example.org/note).
"""


def render(article: Article) -> bytes:
    return convert.render(article, "pdf")


@pytest.fixture
def richer(write_article: WriteArticle) -> bytes:
    path = write_article(RICHER)
    (path.parent / "wide.jpg").write_bytes(image_bytes(1600, 900))
    return render(convert.read(path))


def by_role(document: Node, role: str) -> list[Node]:
    return [node for node in document.walk() if node.role == role]


def test_richer_article_structure(richer: bytes) -> None:
    marks = marked_content(richer)
    assert marks.unmarked == [] and marks.unmarked_paint == 0
    with pikepdf.open(io.BytesIO(richer)) as pdf:
        document = structure(pdf)
    top = roles(document)
    assert top[:8] == ["H1", "Subtitle", "Description", "Byline", "Date", "Keywords", "Figure", "Caption"]
    figures = by_role(document, "Figure")
    assert [str(f.obj.Alt) for f in figures] == ["The first picture, small", "A wide picture of the square"]
    caption = document.kids[top.index("Caption")]
    assert roles(caption) == ["PhotoCredit"] and caption.kids[0].text(marks) == "Photo: Agency/Name"
    assert squeeze(caption.text(marks)) == squeeze("The first picture, small Photo: Agency/Name")
    french = next(n for n in by_role(document, "Span") if "/Lang" in n.obj)
    assert str(french.obj.Lang) == "fr" and squeeze(french.text(marks)) == "texteenfrançais"
    german = by_role(document, "Div")[0]
    assert str(german.obj.Lang) == "de" and german.text(marks) == "Ein Absatz auf Deutsch."
    small = next(n for n in by_role(document, "Span") if "/ActualText" in n.obj)
    # drawn as capitals, read as written: the sequence carries the same /ActualText (with the space before it)
    assert str(small.obj.ActualText) == "small caps" and small.text(marks).strip() == "small caps"
    arabic = next(n for n in by_role(document, "P") if re.search("[\u0600-\u06ff]", n.text(marks)))
    assert roles(arabic) == ["Link"] and arabic.kids[0].annotations  # the link in the right-to-left paragraph
    assert top[-1] == "P"


def test_richer_article_passes_the_pdfua_checker_and_qpdf(richer: bytes, tmp_path: Path) -> None:
    path = tmp_path / "richer.pdf"
    assert pdfua_findings(richer, path) == ""
    if shutil.which("qpdf"):
        checked = subprocess.run(["qpdf", "--check", str(path)], capture_output=True, text=True)
        assert checked.returncode == 0, checked.stdout + checked.stderr


@pytest.mark.slow
def test_richer_article_passes_pdfcpu_strict(richer: bytes, pdfcpu: Path, tmp_path: Path) -> None:  # noqa: F811
    path = tmp_path / "richer.pdf"
    path.write_bytes(richer)
    result = subprocess.run(["node", str(pdfcpu), str(path)], capture_output=True, text=True, timeout=120,
                            cwd=pdfcpu.parent)
    assert "validation ok" in result.stdout, (result.stdout + result.stderr)[-2000:]


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils is not installed")
def test_structure_reads_the_richer_article_in_order(richer: bytes, tmp_path: Path) -> None:
    """Every paragraph's text comes out of the tree walk in the article's order, and so from pdftotext."""
    marks = marked_content(richer)
    with pikepdf.open(io.BytesIO(richer)) as pdf:
        tree = squeeze(structure(pdf).text(marks))
    shown = squeeze("".join(pdftotext_pages(richer, tmp_path)))
    pieces = ["Aricherarticle", "Whatthetaggedpdfmustcarry".lower(), "Openingparagraph", "Anotewitha",
              "EinAbsatzaufDeutsch.", "firstitem", "nestedtwo", "Theshareofregistered", "Provisionalresults", "North", "9,877"]
    for text in (tree.lower(), shown.lower()):
        places = [text.find(piece.lower()) for piece in pieces if piece != "Anotewitha" or text is tree.lower()]
        assert -1 not in places and places == sorted(places), places


def test_no_title_no_h1_of_its_own_and_headings_start_at_h1() -> None:
    note = Note((Paragraph((Text("Long note. " * 400),)),))  # too tall for a page's foot: an end note
    article = Article(Meta(title=""), (
        Paragraph((Text("Lead."), note)),
        Subheading(3, (Text("Deep first"),), attr=Attr("deep")),
        Subheading(2, (Text("Second"),), attr=Attr("second")),
    ))
    data = render(article)
    marks = marked_content(data)
    with pikepdf.open(io.BytesIO(data)) as pdf:
        document = structure(pdf)
        with pdf.open_metadata() as xmp:
            assert xmp.get("dc:title") == "Untitled"
    assert roles(document) == ["P", "H1", "H2", "Sect"]  # ### first: H1 (no level skipped), as the outline
    section = document.kids[-1]
    assert roles(section) == ["H1", "Note"] and section.kids[0].text(marks) == "Notes"
    assert str(section.kids[1].obj.ID) == "note-1" and "Long note." in section.kids[1].text(marks)
    assert "Note" not in roles(document.kids[0])  # moved from its reference to where it is read


def test_a_repeated_table_header_is_an_artifact() -> None:
    rows = tuple(Row((ModelCell((Paragraph((Text(f"row {i}"),)),)),)) for i in range(120))
    head = (Row((ModelCell((Paragraph((Text("Heading cell"),)),)),)),)
    data = render(Article(Meta(title="T"), (Table((), (Column(),), head, rows),)))
    marks = marked_content(data)
    with pikepdf.open(io.BytesIO(data)) as pdf:
        assert len(pdf.pages) >= 2
        document = structure(pdf)
    headers = by_role(document, "TH")
    assert len(headers) == 1 and headers[0].text(marks) == "Heading cell"
    assert len(by_role(document, "TD")) == 120
    assert any("Heading cell" in text for text in marks.artifacts[1])  # drawn again on page 2, as an artifact


def test_unloaded_figure_shows_its_description_above_its_caption(tmp_path: Path) -> None:
    figure = Figure(None, (Text("The count, late"),), "Volunteers count ballots", line=3, src="https://example.org/p.jpg")
    data = render(Article(Meta(title="T"), (figure, Paragraph((Text("After."),)))))
    lines = [line.strip() for line in pdftotext_pages(data, tmp_path)[0].splitlines() if line.strip()]
    start = lines.index("Volunteers count ballots")
    assert lines[start:start + 3] == ["Volunteers count ballots", "https://example.org/p.jpg", "The count, late"]
    with pikepdf.open(io.BytesIO(data)) as pdf:
        document = structure(pdf)
    assert roles(document) == ["H1", "P", "Caption", "P"] and roles(document.kids[1]) == ["Link"]
    same = render(Article(Meta(title="T"), (Figure(None, (Text("Same"),), "Same", src="https://example.org/q.jpg"),)))
    assert "Same\nhttps" not in pdftotext_pages(same, tmp_path)[0]  # the description is not repeated


def test_pictures_are_never_enlarged(write_article: WriteArticle) -> None:
    data = render(convert.read(write_article("# T\n\n![Small](photo.jpg)\n")))  # 120 x 80 px at 96 dpi
    with pikepdf.open(io.BytesIO(data)) as pdf:
        operators = pikepdf.parse_content_stream(pdf.pages[0])
    in_figure, sizes = False, []
    for operands, operator in operators:
        if operator == pikepdf.Operator("BDC"):
            in_figure = str(operands[0]) == "/Figure"
        elif operator == pikepdf.Operator("cm") and in_figure and float(operands[0]) > 1:
            sizes.append((float(operands[0]), float(operands[3])))
    assert sizes == [(90.0, 60.0)]  # 120 x 80 px = 90 x 60 pt, as DOCX (writers/_images.figure_size)


def test_description_and_keywords_close_the_title_block(tmp_path: Path) -> None:
    meta = Meta(title="Title", date="2024-03-05", description="A short summary.", keywords=("NATO", "Azerbaijan"))
    data = render(Article(meta, (Paragraph((Text("Body."),)),)))
    lines = [line.strip() for line in pdftotext_pages(data, tmp_path)[0].splitlines() if line.strip()]
    assert lines[:5] == ["Title", "A short summary.", "March 5, 2024", "NATO, Azerbaijan", "Body."]
    with pikepdf.open(io.BytesIO(data)) as pdf:
        assert roles(structure(pdf)) == ["H1", "Description", "Date", "Keywords", "P"]
        role_map = pdf.Root.StructTreeRoot.RoleMap
        assert role_map.Description == "/P" and role_map.Keywords == "/P"


def test_links_in_lists_tables_and_notes_keep_their_annotations() -> None:
    link = convert.read_text("# T\n\n- see [one](https://a.example) and [two](https://b.example)\n\n"
                             "| A |\n|---|\n| [three](https://c.example) |\n\nText.[^1]\n\n"
                             "[^1]: [four](https://d.example)\n")
    data = render(link)
    marks = marked_content(data)
    with pikepdf.open(io.BytesIO(data)) as pdf:
        links = by_role(structure(pdf), "Link")
        targets = {}
        for node in links:
            for annotation in node.annotations:
                targets[node.text(marks).strip()] = str(annotation.A.URI) if "/A" in annotation else "internal"
    assert {k: v for k, v in targets.items() if v != "internal"} == {
        "one": "https://a.example", "two": "https://b.example", "three": "https://c.example", "four": "https://d.example"}


def test_tags_are_reproducible_across_renders() -> None:
    article = convert.read_text(re.sub(r"!\[.*\n", "", RICHER))  # no pictures: no files needed
    assert render(article) == render(article)


CORPUS = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus"


@pytest.mark.slow
@pytest.mark.skipif(not CORPUS.is_dir(), reason="the shared corpus is not beside the checkout")
@pytest.mark.parametrize("name", sorted(p.parent.name for p in CORPUS.glob("*/article.md")) if CORPUS.is_dir() else [])
def test_corpus_articles_are_fully_tagged(name: str, tmp_path: Path) -> None:
    """Real articles: nothing unmarked, every MCID in the tree, every link annotation in a Link, the checker clean."""
    data = render(convert.read(CORPUS / name / "article.md"))
    marks = marked_content(data)
    assert marks.unmarked == [] and marks.unmarked_paint == 0
    with pikepdf.open(io.BytesIO(data)) as pdf:
        document = structure(pdf)
        assert sorted(m for node in document.walk() for m in node.mcids) == sorted(marks.order)
        held = {a.objgen for node in document.walk() for a in node.annotations}
        annotations = [a for page in pdf.pages for a in page.get("/Annots", [])]
        assert all(a.objgen in held and "/StructParent" in a for a in annotations)
    assert pdfua_findings(data, tmp_path / f"{name}.pdf") == ""
