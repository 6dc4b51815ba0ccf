"""The paragraph after a Word table stands apart from it (Word's tables have no space after of their own):
read back with python-docx, in the body and in a quote; a heading keeps its own space before."""

from __future__ import annotations

import io

import docx
from docx.shared import Pt

import convert

TABLE = "| Route | Fare |\n|---|--:|\n| A | 2.50 |\n"


def _after_tables(source: str) -> list[docx.text.paragraph.Paragraph]:
    document = docx.Document(io.BytesIO(convert.render(convert.read_text(source), "docx")))
    body = document.element.body
    found = []
    for table in body.iter("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}tbl"):
        following = table.getnext()
        if following is not None and following.tag.endswith("}p"):
            found.append(docx.text.paragraph.Paragraph(following, document.part))
    return found


def test_a_paragraph_after_a_table_has_space_before_it() -> None:
    after = _after_tables(f"# T\n\n{TABLE}\nThe fares rose in May.\n\n> {TABLE.replace(chr(10), chr(10) + '> ')}\n> Quoted.\n")
    assert [p.text for p in after] == ["The fares rose in May.", "Quoted."]
    assert all(p.paragraph_format.space_before == Pt(9) for p in after)


def test_a_heading_after_a_table_keeps_its_own_space() -> None:
    (heading,) = _after_tables(f"# T\n\n{TABLE}\n## Next\n\nText.\n")
    assert heading.style.name == "Heading 2" and heading.paragraph_format.space_before is None
    assert heading.style.paragraph_format.space_before is not None and heading.style.paragraph_format.space_before >= Pt(9)


def test_paragraphs_not_after_a_table_have_no_direct_spacing() -> None:
    document = docx.Document(io.BytesIO(convert.render(convert.read_text("# T\n\nOne.\n\nTwo.\n"), "docx")))
    assert all(p.paragraph_format.space_before is None for p in document.paragraphs)


def test_a_right_to_left_title_runs_right_to_left_in_the_running_head() -> None:
    import zipfile

    from lxml import etree

    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    for title, rtl in (("اینترنت چگونه کار می‌کند", True), ("Fares in May", False)):
        data = convert.render(convert.read_text(f"# {title}\n\nمتن.\n"), "docx")
        header = etree.fromstring(zipfile.ZipFile(io.BytesIO(data)).read("word/header1.xml"))
        assert (header.find(f".//{w}pPr/{w}bidi") is not None) is rtl
        assert (header.find(f".//{w}rPr/{w}rtl") is not None) is rtl
