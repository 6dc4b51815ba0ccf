"""Justified lines are not stretched: hyphenated text also breaks at a word's own hyphen ("Armenian-|populated"),
and the compound still copies out whole. Read back with poppler (word boxes, text) and pypdf (the drawn pieces)."""

from __future__ import annotations

import io
import itertools
import re
import subprocess
from collections import defaultdict
from pathlib import Path

import pytest
from pypdf import PdfReader

import convert

pytestmark = pytest.mark.skipif(subprocess.run(["which", "pdftotext"], capture_output=True).returncode != 0,
                                reason="poppler-utils (pdftotext) not installed")

_WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)</word>')


def _widest_gaps(pdf: bytes, tmp_path: Path) -> list[tuple[float, str]]:
    """Per line of body text (lines with at least six words), the widest gap between two words (points)."""
    path = tmp_path / "x.pdf"
    path.write_bytes(pdf)
    boxes = subprocess.run(["pdftotext", "-bbox", str(path), "-"], capture_output=True, text=True, check=True).stdout
    lines: dict[tuple[int, float], list[tuple[float, float, str]]] = defaultdict(list)
    for page, chunk in enumerate(boxes.split("<page ")[1:]):
        for x0, y0, x1, word in _WORD.findall(chunk):
            lines[(page, round(float(y0)))].append((float(x0), float(x1), word))
    gaps = []
    for words in lines.values():
        words.sort()
        if len(words) >= 6:
            widest = max(b[0] - a[1] for a, b in itertools.pairwise(words))
            gaps.append((widest, " ".join(w for _, _, w in words)))
    return gaps


def test_no_justified_line_of_the_seed_is_stretched(seed_article: convert.Article, tmp_path: Path) -> None:
    gaps = _widest_gaps(convert.render(seed_article, "pdf"), tmp_path)
    assert gaps
    loose = [(round(gap, 1), line) for gap, line in gaps if gap > 9.0]  # 11 pt text: a normal space is about 3 pt
    assert loose == []  # was 'Armenia-backed separatists seized control of mainly' at 10 pt gaps


def test_a_compound_broken_at_its_hyphen_copies_out_whole(seed_article: convert.Article) -> None:
    pdf = convert.render(seed_article, "pdf")
    drawn = PdfReader(io.BytesIO(pdf)).pages[0].extract_text()  # the pieces as drawn (no /ActualText)
    assert re.search(r"Armenian-\s*\n\s*populated", drawn)  # broken at its own hyphen
    text = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
    assert "Armenian-populated" in text and "Armenianpopulated" not in text


def test_an_unbroken_compound_keeps_its_hyphen_in_headings_and_text() -> None:
    article = convert.read_text("# Nagorno-Karabakh talks\n\n## Cease-fire in Nagorno-Karabakh\n\n"
                                "The cease-fire in Nagorno-Karabakh held.\n")
    text = subprocess.run(["pdftotext", "-", "-"], input=convert.render(article, "pdf"), capture_output=True,
                          check=True).stdout.decode()
    assert text.count("Nagorno-Karabakh") == 3 and "NagornoKarabakh" not in text
    assert "Cease-fire" in text and "cease-fire" in text


def test_a_lone_dash_at_a_line_end_is_not_taken_for_a_broken_word() -> None:
    words = " ".join(f"word{i}" for i in range(200))
    source = f"# T\n\n{words.replace('word57 ', 'word57 - ')}\n"  # the dash falls at a line's end
    page = PdfReader(io.BytesIO(convert.render(convert.read_text(source), "pdf"))).pages[0]
    assert re.search(r"word57 -\s*\n\s*word58", page.extract_text())
    # no /ActualText joins "-" and "word58" into a word (it made the dash read as nothing)
    assert b"/ActualText" not in page.get_contents().get_data()
