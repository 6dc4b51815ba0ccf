"""SVG pictures: nothing live or external survives, a PNG for Word, vector where the format can, clear errors."""

from __future__ import annotations

import io
import logging
import shutil
import subprocess
from pathlib import Path

import pytest
from lxml import etree
from PIL import Image as PILImage
from reportlab.platypus import SimpleDocTemplate

import convert
from convert.writers.pdf.pictures import Picture

CORPUS_SVG = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "11-swc-shell-glossary"

HOSTILE = b"""<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="200" height="100"
  onload="alert(1)">
<script>alert(2)</script>
<style>@import url(http://example.com/x.css); .a { fill: url(http://example.com/p.svg#g) }</style>
<image xlink:href="file:///etc/passwd" width="10" height="10"/>
<image href="http://example.com/x.png" width="10" height="10"/>
<foreignObject width="10" height="10"><div xmlns="http://www.w3.org/1999/xhtml">x</div></foreignObject>
<set attributeName="href" to="javascript:alert(3)"/>
<a href="javascript:alert(4)"><rect x="0" y="0" width="100" height="100" fill="#ff0000" onclick="alert(5)"/></a>
<rect x="100" y="0" width="100" height="100" fill="#0000ff"/>
<text x="10" y="50" font-family="Arial" font-size="20">Hi</text>
</svg>"""


def _read(tmp_path: Path, svg: bytes, name: str = "chart.svg") -> convert.Article:
    (tmp_path / name).write_bytes(svg)
    (tmp_path / "story.md").write_text(f"# Chart\n\n![A chart]({name})\n\nText.\n", encoding="utf-8")
    return convert.read(tmp_path / "story.md")


def test_hostile_svg_is_defused_with_one_warning(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="convert"):
        image = _read(tmp_path, HOSTILE).figures()[0].image
    assert image is not None and image.format == "svg" and (image.width, image.height) == (200, 100)
    kept = image.data.decode()
    for live in ("script", "alert", "onload", "onclick", "foreignObject", "etc/passwd", "example.com", "@import",
                 "javascript"):
        assert live not in kept, live
    warnings = [r.getMessage() for r in caplog.records if "removed from the SVG" in r.getMessage()]
    assert len(warnings) == 1 and "story.md:3" in warnings[0]
    png = image.embeddable({"png"})
    assert png is not None
    with PILImage.open(io.BytesIO(png.data)) as drawn:
        assert drawn.size == (400, 200)  # twice the natural size
        assert drawn.convert("RGB").getpixel((300, 100)) == (0, 0, 255)


@pytest.mark.parametrize(("svg", "message"), [
    (b'<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY x "boom">]><svg xmlns="http://www.w3.org/2000/svg">&x;</svg>',
     "declares entities"),
    (b'<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
     b'<svg xmlns="http://www.w3.org/2000/svg">&x;</svg>', "declares entities"),
    (b'<svg xmlns="http://www.w3.org/2000/svg"><rect></svg>', "not an image"),
    (b'<svg xmlns="http://www.w3.org/2000/svg" width="-5" height="10"/>', "not drawable"),
])
def test_svg_that_cannot_be_handled_is_a_clear_error(tmp_path: Path, svg: bytes, message: str) -> None:
    with pytest.raises(convert.AssetError) as caught:
        _read(tmp_path, svg)
    assert message in caught.value.message and caught.value.line == 3 and caught.value.hint


def test_size_from_units_and_viewbox_and_missing_namespace(tmp_path: Path) -> None:
    image = _read(tmp_path, b'<svg xmlns="http://www.w3.org/2000/svg" width="2in" viewBox="0 0 40 20"/>').figures()[0]
    assert image.image is not None and (image.image.width, image.image.height) == (192, 96)
    bare = _read(tmp_path, b'<svg viewBox="0 0 30 60"><rect width="30" height="60"/></svg>', "bare.svg").figures()[0]
    assert bare.image is not None and (bare.image.width, bare.image.height) == (30, 60)
    assert etree.QName(etree.fromstring(bare.image.data)).namespace == "http://www.w3.org/2000/svg"


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")
def test_pdf_draws_svg_text_as_vector_in_the_font_given(tmp_path: Path) -> None:
    image = _read(tmp_path, HOSTILE).figures()[0].image
    assert image is not None
    assert Picture(image, 200, 100).drawing is None  # no font: the PNG rendition, never an unembedded font
    pdf = tmp_path / "x.pdf"
    SimpleDocTemplate(str(pdf)).build([Picture(image, 200, 100, text_font="Helvetica")])
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True, timeout=60).stdout
    assert "Hi" in text


@pytest.mark.skipif(not CORPUS_SVG.is_dir(), reason="the shared corpus is not beside the checkout")
@pytest.mark.parametrize("fmt", ["docx", "pdf", "epub", "html"])
def test_corpus_article_with_an_svg_figure_converts(fmt: str) -> None:
    article = convert.read(CORPUS_SVG / "article.md")
    image = next(i for i in article.images() if i.source.endswith(".svg"))
    assert image.format == "svg" and (image.width, image.height) == (800, 500)
    assert convert.render(article, fmt)
