"""A picture's declared size (pandoc's width/height attributes; raw HTML's <img width height>) is its displayed
size in every format, within the one sizing rule; percentages and unreadable values leave it as its pixels make
it. Read back: HTML attributes (lxml), DOCX extents (python-docx), PDF resolution (pdfimages)."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from pathlib import Path

import docx
import pytest
from lxml import html

import convert
from convert.model import NO_ATTR, Attr, Image
from convert.reader.images.declared import with_declared_size

from .conftest import image_bytes

WP = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"


def picture(width: int = 800, height: int = 500) -> Image:
    return Image("x.png", b"", "png", width, height, dpi=300.0)


@pytest.mark.parametrize(("pairs", "size"), [
    ((("width", "90"), ("height", "65")), (90, 65)),
    ((("width", "90px"),), (90, 56)),  # one side keeps the proportions
    ((("height", "1in"),), (154, 96)),
    ((("width", "2.54cm"),), (96, 60)),
    ((("width", "50%"),), (800, 500)),  # a share of the text width: left to the formats that take it
    ((("width", "auto"), ("height", "x")), (800, 500)),
    ((("width", "99999999"),), (800, 500)),  # not believed
])
def test_declared_sizes(pairs: tuple[tuple[str, str], ...], size: tuple[int, int]) -> None:
    sized = with_declared_size(picture(), Attr("", (), pairs))
    assert (sized.width, sized.height) == size
    assert sized.dpi is None or size == (800, 500)


def test_no_declaration_leaves_the_picture_alone() -> None:
    image = picture()
    assert with_declared_size(image, NO_ATTR) is image


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    (tmp_path / "icon.png").write_bytes(image_bytes(800, 500, "PNG"))
    return tmp_path


@pytest.mark.parametrize("written", [
    '<a href="https://example.org/slides"><img src="icon.png" alt="slides" width="90" height="65"></a>',
    "![slides](icon.png){width=90px height=65px}",
])
def test_an_icon_stays_icon_sized_in_every_format(folder: Path, written: str) -> None:
    (folder / "a.md").write_text(f"# T\n\nBefore.\n\n{written}\n\nAfter.\n", encoding="utf-8")
    article = convert.read(folder / "a.md")
    page = html.fromstring(convert.render(article, "html"))
    img = next(i for i in page.iter("img") if i.get("alt") == "slides")
    assert (img.get("width"), img.get("height")) == ("90", "65")
    document = docx.Document(io.BytesIO(convert.render(article, "docx")))
    extents = list(document.element.body.iter(f"{{{WP}}}extent"))  # also inside a hyperlink's runs
    assert [(round(int(e.get("cx")) / 914400 * 96), round(int(e.get("cy")) / 914400 * 96)) for e in extents] == [(90, 65)]
    if shutil.which("pdfimages"):
        (folder / "a.pdf").write_bytes(convert.render(article, "pdf"))
        listed = subprocess.run(["pdfimages", "-list", str(folder / "a.pdf")], capture_output=True, text=True,
                                check=True).stdout.splitlines()[2:]
        ppi = [int(re.split(r"\s+", row.strip())[12]) for row in listed if " image " in row]
        assert ppi and all(abs(p - 800 / (90 / 96)) < 10 for p in ppi)  # 800 pixels over 90 CSS px
