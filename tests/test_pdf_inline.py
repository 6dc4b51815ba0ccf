"""Inline content in PDF paragraphs: pictures that are links, and words with a zero-width non-joiner.

Read back with pypdf (link annotations, their /StructParent) and poppler (pdftotext -bbox word boxes).
"""

from __future__ import annotations

import io
import itertools
import logging
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from PIL import Image as PILImage
from pypdf import PdfReader
from reportlab.pdfgen.canvas import Canvas

import convert
from convert.model import Figure
from convert.writers.pdf.pictures import Picture

needs_poppler = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils is not installed")


def render(tmp_path: Path, body: str) -> bytes:
    PILImage.new("RGB", (16, 16), (200, 0, 0)).save(tmp_path / "icon.png")
    article = convert.read_text(f"---\ntitle: T\n---\n\n{body}\n", base_dir=tmp_path)
    return convert.render(article, "pdf")


def links(pdf: bytes) -> list[tuple[list[float], str, object]]:
    """Each link annotation: its rectangle, its address and its /StructParent."""
    found = []
    for page in PdfReader(io.BytesIO(pdf)).pages:
        for annotation in page.get("/Annots") or []:
            annotation = annotation.get_object()
            action = annotation.get("/A") or {}
            found.append(([float(v) for v in annotation["/Rect"]], str(action.get("/URI", "")),
                          annotation.get("/StructParent")))
    return found


@pytest.mark.parametrize("body", [
    "Slides here [![slides](icon.png)](https://example.org/slides) and more text.",
    'Slides here <a href="https://example.org/slides"><img src="icon.png" alt="slides"></a> and more text.',
    "این متن فارسی است [![نماد](icon.png)](https://example.org/slides) و بیشتر.",
    'این متن فارسی است <a href="https://example.org/slides"><img src="icon.png" alt="نماد"></a> و بیشتر.',
    "این متن فارسی است [![](icon.png)](https://example.org/slides) و بیشتر.",
], ids=["markdown", "raw-html", "rtl-markdown", "rtl-raw-html", "rtl-decorative"])
def test_a_picture_in_a_link_is_a_live_link_over_the_picture(tmp_path: Path, body: str) -> None:
    pdf = render(tmp_path, body)
    found = links(pdf)
    assert [uri for _, uri, _ in found] == ["https://example.org/slides"]
    (x0, y0, x1, y1), _, parent = found[0]
    assert 10 <= x1 - x0 <= 20 and 8 <= y1 - y0 <= 20  # the 16 px icon (12 pt) with its line's room, no more
    assert parent is not None  # tied to its Link element in the structure tree


def test_a_picture_linked_to_an_unsafe_target_stays_a_picture_with_a_warning(
        tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="convert"):
        pdf = render(tmp_path, "Here [![x](icon.png)](javascript:alert(1)) and "
                               "[![y](icon.png)](#nowhere) and این [![z](icon.png)](javascript:alert(2)).")
    assert links(pdf) == []
    assert "javascript:alert(1)" in caplog.text and "#nowhere" in caplog.text and "javascript:alert(2)" in caplog.text


def test_a_picture_flowable_with_a_link_makes_an_annotation_over_itself(tmp_path: Path) -> None:
    PILImage.new("RGB", (90, 65), (0, 0, 200)).save(tmp_path / "big.png")
    article = convert.read_text(f"![big]({tmp_path / 'big.png'})\n", base_dir=tmp_path)
    figure = article.blocks[0]
    assert isinstance(figure, Figure) and figure.image is not None
    image = figure.image
    buffer = io.BytesIO()
    canvas = Canvas(buffer)
    Picture(image, 67.5, 48.75, link="https://example.org/big").drawOn(canvas, 100, 200)
    canvas.save()
    [(rect, uri, _)] = links(buffer.getvalue())
    assert uri == "https://example.org/big"
    assert rect == pytest.approx([100, 200, 167.5, 248.75])


@needs_poppler
def test_a_word_with_a_zero_width_non_joiner_is_spaced_as_drawn(tmp_path: Path) -> None:
    pdf = render(tmp_path, "این برنامه کار می\u200cکند و شما استفاده می\u200cکنید خوب است.")
    boxes = subprocess.run(["pdftotext", "-bbox", "-f", "1", "-l", "1", "-", "-"], input=pdf,
                           capture_output=True, check=True).stdout.decode()
    words = [(float(a), float(b), text) for a, b, text in
             re.findall(r'<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)</word>', boxes)]
    line = sorted(w for w in words if w[2] not in ("T", "1"))
    assert sum("\u200c" in text for _, _, text in line) == 2  # the ZWNJ copies out, inside its word
    gaps = [round(right[0] - left[1], 2) for left, right in itertools.pairwise(line)]
    assert len(gaps) == 9
    assert max(gaps) - min(gaps) < 0.05, gaps  # every gap one space: none wider before "می‌کند"


@pytest.mark.parametrize("body", [
    "Slides [![the slides](big.png)](https://example.org/slides) here.",
    '<a href="https://example.org/slides"><img src="big.png" alt="the slides"></a><br>\n'
    '<a href="https://example.org/video"><img src="big.png"></a>',
    "شرائح [![الشرائح](big.png)](https://example.org/slides) هنا.",
], ids=["markdown", "raw-html-icons", "rtl"])
def test_a_picture_too_big_for_its_line_keeps_its_link(tmp_path: Path, body: str) -> None:
    PILImage.new("RGB", (400, 250), (0, 90, 200)).save(tmp_path / "big.png")
    pdf = render(tmp_path, body)
    found = links(pdf)
    expected = re.findall(r"https://example\.org/\w+", body)
    assert [uri for _, uri, _ in found] == expected  # corpus 10's slide and video icons lost theirs
    for (x0, y0, x1, y1), _, parent in found:
        assert 250 <= x1 - x0 <= 320 and 150 <= y1 - y0 <= 200  # over the picture (300 x 187.5 pt)
        assert parent is not None  # tied to its Link element
