"""pandoc's writer variables in the front matter (papersize, mainfont, toc, cover-image); the caller wins."""

from __future__ import annotations

import io
import logging
import zipfile
from pathlib import Path

import docx
import pytest
from PIL import Image
from pypdf import PdfReader

import convert

from .conftest import image_bytes


def _width(pdf: bytes) -> int:
    return round(float(PdfReader(io.BytesIO(pdf)).pages[0].mediabox.width))


def test_papersize_in_the_front_matter_and_the_caller_wins() -> None:
    article = convert.read_text("---\ntitle: T\npapersize: letter\n---\nText\n")
    assert article.settings.paper == "letter"
    assert _width(convert.render(article, "pdf")) == 612
    assert _width(convert.render(article, "pdf", paper="a4")) == 595
    section = docx.Document(io.BytesIO(convert.render(article, "docx"))).sections[0]
    assert section.page_width is not None and round(section.page_width.inches, 1) == 8.5


def test_no_paper_asked_is_a4() -> None:
    article = convert.read_text("# T\n\nText\n")
    assert article.settings.paper is None and _width(convert.render(article, "pdf")) == 595


def test_an_unknown_papersize_is_warned_and_ignored(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="convert"):
        article = convert.read_text("---\ntitle: T\npapersize: legal\n---\nText\n")
    assert article.settings.paper is None
    assert any(r.getMessage() == "<string>:3: front matter key 'papersize': 'legal' is not a paper we make (a4, letter); "
               "ignored" for r in caplog.records)


def test_toc_in_the_front_matter_makes_a_contents_list() -> None:
    source = "---\ntitle: T\ntoc: true\n---\n## One\n\nx\n\n## Two\n\ny\n"
    with_toc = zipfile.ZipFile(io.BytesIO(convert.render(convert.read_text(source), "docx"))).read("word/document.xml")
    without = zipfile.ZipFile(io.BytesIO(convert.render(convert.read_text(source.replace("true", "false")), "docx")))
    assert b"TOC \\" in with_toc and b"TOC \\" not in without.read("word/document.xml")


def test_cover_image_becomes_the_epub_cover(tmp_path: Path) -> None:
    (tmp_path / "cover.png").write_bytes(image_bytes(300, 450, "PNG"))
    article = convert.read_text("---\ntitle: T\ncover-image: cover.png\n---\nText\n", base_dir=tmp_path)
    assert article.settings.cover is not None
    book = zipfile.ZipFile(io.BytesIO(convert.render(article, "epub")))
    covers = [n for n in book.namelist() if "cover" in n and n.endswith((".png", ".jpg"))]
    assert covers and Image.open(io.BytesIO(book.read(covers[0]))).size == (300, 450)


def test_a_missing_cover_image_is_refused_like_any_image(tmp_path: Path) -> None:
    with pytest.raises(convert.AssetError, match=r"image not found: gone\.png"):
        convert.read_text("---\ntitle: T\ncover-image: gone.png\n---\nText\n", base_dir=tmp_path)


def test_mainfont_chooses_the_pdf_face() -> None:
    article = convert.read_text("---\ntitle: T\nmainfont: DejaVu Sans\n---\nText\n")
    fonts = {str(font.get("/BaseFont")) for page in PdfReader(io.BytesIO(convert.render(article, "pdf"))).pages
             for font in page["/Resources"]["/Font"].values()}
    assert any("DejaVuSans" in name for name in fonts), fonts
