"""A figure a little taller than the room left on a page shrinks (to 80 % of its size at least) and stays there,
rather than leaving the rest of the page empty; a heading before it stays with it. Read back with pdfimages
(the drawn resolution gives the scale) and pypdf (which page holds the picture)."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from PIL import Image as PILImage
from pypdf import PdfReader

import convert

pytestmark = pytest.mark.skipif(shutil.which("pdfimages") is None, reason="poppler-utils is not installed")

FILLER = ("A paragraph of filler text that takes a few lines of the page, with enough words to wrap twice over "
          "in the text block of the page.")


def _placements(pdf: bytes, path: Path) -> list[tuple[int, float]]:
    """(page, x resolution) of each picture drawn."""
    path.write_bytes(pdf)
    rows = subprocess.run(["pdfimages", "-list", str(path)], capture_output=True, text=True, check=True).stdout
    return [(int(cols[0]), float(cols[12])) for cols in (r.split() for r in rows.splitlines()[2:]) if cols[2] == "image"]


@pytest.mark.parametrize("heading", [False, True], ids=["after-text", "after-a-heading"])
def test_a_figure_that_just_misses_shrinks_onto_the_page(tmp_path: Path, heading: bool) -> None:
    PILImage.new("RGB", (800, 500), (0, 90, 200)).save(tmp_path / "photo.png")
    scales, pages_of_text = [], []
    for fillers in range(8, 20):
        lead = "\n\n## Initial research\n\n" if heading else "\n\n"
        source = "# T\n\n" + "\n\n".join([FILLER] * fillers) + f"{lead}![A photo](photo.png)\n\nAfter.\n"
        article = convert.read_text(source, base_dir=tmp_path)
        pdf = convert.render(article, "pdf")
        ((page, ppi),) = _placements(pdf, tmp_path / "x.pdf")
        full_ppi = 800 / (130 / 25.4)  # drawn at the text width, 130 mm, when not shrunk
        scale = full_ppi / ppi
        assert 0.8 - 0.01 <= scale <= 1.0 + 0.01  # never below 80 %, never enlarged
        scales.append(scale)
        text = PdfReader(io.BytesIO(pdf)).pages[page - 1].extract_text()
        pages_of_text.append(bool(re.search("filler", text)))
        if scale < 0.99:  # shrunk: it stands on the page with the text before it
            assert pages_of_text[-1]
    assert any(s < 0.99 for s in scales)  # some position needed the shrink
    assert any(s > 0.99 for s in scales)  # and others did not


def test_a_figure_with_room_keeps_its_full_size(tmp_path: Path) -> None:
    PILImage.new("RGB", (800, 500), (0, 90, 200)).save(tmp_path / "photo.png")
    article = convert.read_text("# T\n\n![A photo](photo.png)\n", base_dir=tmp_path)
    ((page, ppi),) = _placements(convert.render(article, "pdf"), tmp_path / "x.pdf")
    assert page == 1 and abs(ppi - 800 / (130 / 25.4)) < 2


def test_a_figure_in_a_footnote_is_drawn_at_the_page_foot(tmp_path: Path) -> None:
    PILImage.new("RGB", (200, 120), (0, 90, 200)).save(tmp_path / "small.png")
    source = "# T\n\nText with a note.[^1]\n\n[^1]: The note.\n\n    ![A chart](small.png)\n\n    After the chart.\n"
    article = convert.read_text(source, base_dir=tmp_path)
    pdf = convert.render(article, "pdf")  # an AttributeError before (a kept-together figure in a note)
    assert [page for page, _ in _placements(pdf, tmp_path / "x.pdf")] == [1]
    text = PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
    assert "The note." in text and "After the chart." in text
    assert convert.verify(pdf, article, "pdf", source_text=source).ok
