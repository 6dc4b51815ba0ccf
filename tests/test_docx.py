"""DOCX read back with python-docx and as raw XML: every part in its own named style."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import docx
import pytest
from lxml import etree

import convert

from .conftest import WriteArticle

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
WP = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}"


def open_docx(data: bytes) -> docx.document.Document:
    return docx.Document(io.BytesIO(data))


def styled(document: docx.document.Document) -> list[tuple[str, str]]:
    return [(p.style.name if p.style is not None else "", p.text) for p in document.paragraphs]


@pytest.fixture(scope="module")
def seed_docx(seed_article: convert.Article) -> bytes:
    return convert.render(seed_article, "docx")


def test_seed_parts_have_their_styles(seed_docx: bytes) -> None:
    paragraphs = styled(open_docx(seed_docx))
    assert paragraphs[0] == ("Title", "NATO Chief, Azerbaijani President Discuss Nagorno-Karabakh Conflict")
    assert ("Date", "November 23, 2017") in paragraphs
    captions = [text for style, text in paragraphs if style == "Caption"]
    assert captions == ["Azerbaijani President Ilham Aliyev (left) and NATO Secretary-General Jens Stoltenberg give a "
                        "press conference at the end of a meeting at NATO headquarters in Brussels on November 23."]
    assert [t for s, t in paragraphs if s == "Heading 2"] == ["\u2018Renewed Dialogue\u2019"]
    assert paragraphs[-1] == ("Credit", "With reporting by RFE/RL\u2019s Azerbaijani and Armenian services")
    assert sum(1 for s, _ in paragraphs if s == "Body Text") == 11


def test_styles_are_real_named_styles(seed_docx: bytes) -> None:
    styles = {s.name: s for s in open_docx(seed_docx).styles}
    for name in ("Title", "Caption", "Heading 2", "Heading 3", "Credit", "Photo Credit", "Body Text", "Quote",
                 "List Bullet", "List Number", "Figure", "Byline", "Date", "Subtitle"):
        assert name in styles, name
    package = zipfile.ZipFile(io.BytesIO(seed_docx))
    caption = etree.fromstring(package.read("word/styles.xml")).find(f"{W}style[@{W}styleId='Caption']")
    assert caption is not None and caption.find(f"{W}name").get(f"{W}val") == "caption"  # Word's own id and name
    assert package.getinfo("word/styles.xml").file_size < 30_000  # no 438 KB of unused style data


def test_picture_alt_text_size_and_order(seed_docx: bytes, seed_article: convert.Article) -> None:
    document = open_docx(seed_docx)
    body = [p for p in document.paragraphs]
    index = next(i for i, p in enumerate(body) if p.style is not None and p.style.name == "Figure")
    holder = body[index]
    assert body[index + 1].style is not None and body[index + 1].style.name == "Caption"
    assert holder.paragraph_format.keep_with_next or holder.style.paragraph_format.keep_with_next  # type: ignore[union-attr]
    doc_pr = holder._p.find(f".//{WP}docPr")
    assert doc_pr is not None and doc_pr.get("descr") == seed_article.figures()[0].alt
    shape = document.inline_shapes[0]
    section = document.sections[0]
    text_width = section.page_width - section.left_margin - section.right_margin  # type: ignore[operator]
    assert shape.width <= text_width and abs(shape.width / shape.height - 1200 / 800) < 0.01


def test_core_properties_and_language(seed_docx: bytes) -> None:
    document = open_docx(seed_docx)
    props = document.core_properties
    assert props.title.startswith("NATO Chief")
    assert props.author == "RFE/RL" and props.language == "en"
    assert props.created is not None and props.created.isoformat().startswith("2017-11-23")
    assert props.modified == props.created
    assert "python-docx" not in (props.last_modified_by, props.author, props.comments)
    names = zipfile.ZipFile(io.BytesIO(seed_docx)).namelist()
    assert "docProps/thumbnail.jpeg" not in names
    lang = etree.fromstring(zipfile.ZipFile(io.BytesIO(seed_docx)).read("word/styles.xml")).find(f".//{W}lang")
    assert lang is not None and lang.get(f"{W}val") == "en"


def test_reproducible_and_image_stored(seed_article: convert.Article, seed_docx: bytes) -> None:
    assert convert.render(seed_article, "docx") == seed_docx
    package = zipfile.ZipFile(io.BytesIO(seed_docx))
    assert all(info.date_time == (1980, 1, 1, 0, 0, 0) for info in package.infolist())
    image = next(i for i in package.infolist() if i.filename.startswith("word/media/"))
    assert image.compress_type == zipfile.ZIP_STORED


def test_rich_article(write_article: WriteArticle) -> None:
    source = write_article(
        "---\ntitle: T\nsubtitle: Sub\nauthor: [Ann, Bob]\ndate: 2020-02-03\nkeywords: [a, b]\nlang: de\n---\n\n"
        "![Cap *it*](photo.jpg){credit=\"Photo: AFP/X\"}\n\n"
        "A *em* **strong** `code` [link](https://example.org/) line  \nbreak\n\n> quoted\n\n"
        "- one\n  - nested\n    - deeper\n- two\n\n3. three\n4. four\n\n### Third level\n\n---\n\n"
        "::: {.credit}\nBy *us*\n:::\n"
    )
    data = convert.render(convert.read(source), "docx")
    document = open_docx(data)
    paragraphs = styled(document)
    assert paragraphs[:4] == [("Title", "T"), ("Subtitle", "Sub"), ("Byline", "Von Ann und Bob"), ("Date", "3. Februar 2020")]
    assert ("Photo Credit", "Photo: AFP/X") in paragraphs and ("Heading 3", "Third level") in paragraphs
    assert ("Quote", "quoted") in paragraphs and paragraphs[-1] == ("Credit", "By us")
    levels = {p.text: p._p.find(f"{W}pPr/{W}numPr/{W}ilvl") for p in document.paragraphs if "List" in p.style.name}  # type: ignore[union-attr]
    assert {text: int(el.get(f"{W}val")) for text, el in levels.items() if el is not None} == {
        "one": 0, "nested": 1, "deeper": 2, "two": 0, "three": 0, "four": 0}
    body = next(p for p in document.paragraphs if p.text.startswith("A em"))
    runs = {r.text: r for r in body.runs}
    assert runs["em"].italic and runs["strong"].bold and runs["code"].style.name == "Verbatim Char"  # type: ignore[union-attr]
    link = body._p.find(f"{W}hyperlink")
    assert link is not None and document.part.rels[link.get(
        "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id")].target_ref == "https://example.org/"
    assert document.core_properties.keywords == "a, b" and document.core_properties.language == "de"


def test_markup_and_control_characters_are_text() -> None:
    article = convert.read_text("# AT&T `<b>x</b>`\n\n5 < 6 & 7 > 3 `<script>alert(1)</script>`\x07 ]]> &amp;\n")
    document = open_docx(convert.render(article, "docx"))
    assert [p.text for p in document.paragraphs] == ["AT&T <b>x</b>", "5 < 6 & 7 > 3 <script>alert(1)</script> ]]> &"]


def test_paper_and_reference_docx(seed_article: convert.Article, tmp_path: Path) -> None:
    letter = open_docx(convert.render(seed_article, "docx", paper="letter")).sections[0]
    assert (round(letter.page_width.inches, 2), round(letter.page_height.inches, 2)) == (8.5, 11.0)  # type: ignore[union-attr]
    reference = docx.Document()
    reference.styles["Caption"].font.size = docx.shared.Pt(17)
    reference.sections[0].left_margin = docx.shared.Inches(2)
    reference.save(tmp_path / "ref.docx")
    document = open_docx(convert.render(seed_article, "docx", reference_docx=tmp_path / "ref.docx"))
    assert document.styles["Caption"].font.size == docx.shared.Pt(17)
    assert document.sections[0].left_margin == docx.shared.Inches(2)
    assert "Credit" in {s.name for s in document.styles}  # ours survive where the reference has none


def test_bad_reference_docx(seed_article: convert.Article, tmp_path: Path) -> None:
    (tmp_path / "ref.docx").write_text("not a docx")
    with pytest.raises(convert.WriterError, match="cannot read the reference DOCX"):
        convert.render(seed_article, "docx", reference_docx=tmp_path / "ref.docx")


def test_extreme_images(write_article: WriteArticle) -> None:
    for size in ((10, 10), (400, 4000), (4000, 100)):
        document = open_docx(convert.render(convert.read(write_article("# T\n\n![c](photo.jpg)\n", image=size)), "docx"))
        section = document.sections[0]
        shape = document.inline_shapes[0]
        assert shape.width <= section.page_width - section.left_margin - section.right_margin  # type: ignore[operator]
        assert shape.height <= section.page_height - section.top_margin - section.bottom_margin  # type: ignore[operator]
