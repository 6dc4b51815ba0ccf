"""DOCX paper size: the size asked for wins; not asked (``WriteOptions.paper is None``), the reference document's
size if it states one, else A4. Read back with python-docx (``w:pgSz`` in twips)."""

from __future__ import annotations

import io
from pathlib import Path

import docx
import pytest
from docx.enum.section import WD_ORIENT
from docx.shared import Mm
from lxml import etree

import convert
from convert.model import Article, Figure, Image, Meta, Paragraph, Text
from convert.registry import WriteOptions
from convert.writers.docx import DocxWriter

from .conftest import image_bytes
from .test_docx_reference import rewrite

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
A4, LETTER = (11906, 16838), (12240, 15840)  # twips


def wide_article() -> Article:
    """A picture wider than any page: it takes the text width exactly."""
    image = Image(source="wide.jpg", data=image_bytes(4000, 100), format="jpeg", width=4000, height=100)
    return Article(Meta(title="T"), (Figure(image, (Text("Wide"),), "A wide picture", line=3),
                                     Paragraph((Text("Body."),), line=5)), source="story.md")


def write(options: WriteOptions) -> docx.document.Document:
    out = io.BytesIO()
    DocxWriter().write(wide_article(), out, options)
    return docx.Document(io.BytesIO(out.getvalue()))


def size(document: docx.document.Document) -> tuple[int, int]:
    section = document.sections[0]
    assert section.page_width is not None and section.page_height is not None
    return section.page_width.twips, section.page_height.twips


def reference(path: Path, paper: tuple[int, int] | None, landscape: bool = False) -> Path:
    """A reference document on ``paper`` (twips; None: no ``w:pgSz`` at all) with 1-inch side margins."""
    made = docx.Document()
    section = made.sections[0]
    section.left_margin = section.right_margin = docx.shared.Inches(1)
    if paper is not None:
        width, height = (Mm(297), Mm(210)) if landscape else (docx.shared.Twips(paper[0]), docx.shared.Twips(paper[1]))
        section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = width, height
    made.save(path)
    if paper is not None:
        return path

    def strip(data: bytes) -> bytes:
        root = etree.fromstring(data)
        for element in list(root.iter(f"{W}pgSz")):
            element.getparent().remove(element)
        return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    return rewrite(path, path.with_name("no-size.docx"), "word/document.xml", strip)


def test_not_asked_is_a4_without_a_reference() -> None:
    assert size(write(WriteOptions(paper=None))) == A4


def test_not_asked_takes_the_reference_size(tmp_path: Path) -> None:
    letter = reference(tmp_path / "letter.docx", LETTER)
    assert size(write(WriteOptions(paper=None, reference_docx=letter))) == LETTER
    a4 = reference(tmp_path / "a4.docx", A4)
    assert size(write(WriteOptions(paper=None, reference_docx=a4))) == A4


def test_not_asked_and_a_reference_without_a_size_is_a4(tmp_path: Path) -> None:
    bare = reference(tmp_path / "bare.docx", None)
    document = write(WriteOptions(paper=None, reference_docx=bare))
    assert size(document) == A4
    assert document.sections[0].left_margin == docx.shared.Inches(1)  # the margins it states still apply


def test_asked_size_wins_over_the_reference(tmp_path: Path) -> None:
    a4 = reference(tmp_path / "a4.docx", A4)
    assert size(write(WriteOptions(paper="letter", reference_docx=a4))) == LETTER
    letter = reference(tmp_path / "letter.docx", LETTER)
    # "a4" is only told from "not asked" once WriteOptions.paper defaults to None (registry.py)
    expected = A4 if WriteOptions().paper is None else LETTER
    assert size(write(WriteOptions(paper="a4", reference_docx=letter))) == expected


def test_asked_size_keeps_a_landscape_reference_landscape(tmp_path: Path) -> None:
    landscape = reference(tmp_path / "landscape.docx", A4, landscape=True)
    document = write(WriteOptions(paper=None, reference_docx=landscape))
    assert size(document) == (A4[1], A4[0])
    document = write(WriteOptions(paper="letter", reference_docx=landscape))
    assert size(document) == (LETTER[1], LETTER[0])
    assert document.sections[0].orientation == WD_ORIENT.LANDSCAPE


@pytest.mark.parametrize("paper", [None, "letter"])
def test_pictures_fit_the_paper_finally_chosen(paper: str | None, tmp_path: Path) -> None:
    a4 = reference(tmp_path / "a4.docx", A4)
    document = write(WriteOptions(paper=paper, reference_docx=a4))
    section = document.sections[0]
    text_width = section.page_width - section.left_margin - section.right_margin  # type: ignore[operator]
    assert abs(document.inline_shapes[0].width - text_width) < 2 * 635  # within two twips


def test_the_api_default_is_still_a4(seed_article: convert.Article) -> None:
    document = docx.Document(io.BytesIO(convert.render(seed_article, "docx")))
    assert size(document) == A4
