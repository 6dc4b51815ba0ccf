"""Typography a book designer would accept: measure, justification, hyphenation, sizes, contrast, list markers."""

from __future__ import annotations

import io
import logging
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader

import convert

from .conftest import ROOT, SEED

needs_poppler = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils is not installed")

PROSE = ("Addressing reporters at the headquarters following the talks, the secretary-general called the conflict "
         "a matter of concern for the alliance and urged the two sides to avoid any new escalation, while the "
         "president said the situation surrounding the region was not changing and accused the other side of "
         "seeking to keep the status quo in the negotiations that have lasted for decades. ")


def full_lines(data: bytes, tmp_path: Path) -> list[str]:
    """Body lines that are not a paragraph's last, from pdftotext -layout (justification spaces collapsed)."""
    path = tmp_path / "x.pdf"
    path.write_bytes(data)
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout
    found = []
    for page in text.split("\f"):
        lines = page.split("\n")
        for index, line in enumerate(lines[:-1]):
            squeezed = re.sub(r" +", " ", line.strip())
            if len(squeezed) > 30 and lines[index + 1].strip():
                found.append(squeezed)
    return found


@needs_poppler
def test_measure_is_60_to_75_characters(tmp_path: Path) -> None:
    article = convert.read_text("# Measure\n\n" + "\n\n".join([PROSE * 3] * 6) + "\n")
    lines = full_lines(convert.render(article, "pdf"), tmp_path)
    average = sum(len(line) for line in lines) / len(lines)
    assert len(lines) > 40 and 60 <= average <= 75, average


@needs_poppler
def test_body_is_justified_and_hyphenated_in_english(tmp_path: Path) -> None:
    article = convert.read_text("# Justified\n\n" + "\n\n".join([PROSE * 3] * 4) + "\n")
    path = tmp_path / "x.pdf"
    path.write_bytes(convert.render(article, "pdf"))
    boxes = subprocess.run(["pdftotext", "-bbox-layout", str(path), "-"], capture_output=True, text=True,
                           check=True).stdout
    rights = [float(x) for x in re.findall(r'<line xMin="[\d.]+" yMin="[\d.]+" xMax="([\d.]+)"', boxes)]
    flush = [r for r in rights if abs(r - max(rights)) < 0.6]
    assert len(flush) > len(rights) * 0.6  # most lines end at the right margin
    glyphs = "\n".join(page.extract_text() for page in PdfReader(path).pages)  # pypdf reads the glyphs drawn
    assert re.search(r"[a-z]-\n *[a-z]", glyphs)  # a word broken at a line end (its actual text is the whole word)


def test_language_without_dictionary_is_not_hyphenated_and_only_noted(caplog: pytest.LogCaptureFixture) -> None:
    from convert.writers.pdf.hyphenation import hyphenator

    assert hyphenator("en") is not None and hyphenator("ru") is not None and hyphenator("de-CH") is not None
    assert hyphenator("az") is None and hyphenator("fa") is None
    with caplog.at_level(logging.INFO, logger="convert"):
        convert.render(convert.read_text("---\ntitle: T\nlang: az\n---\n\nAzərbaycan dili.\n"), "pdf")
    assert not [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert any("no hyphenation dictionary" in r.getMessage() for r in caplog.records)


def _text_states(data: bytes) -> list[tuple[float, tuple[float, float, float]]]:
    """(font size, fill colour) of every text-showing operation."""
    reader = PdfReader(io.BytesIO(data))
    found = []
    for page in reader.pages:
        content = page.get_contents().get_data().decode("latin-1")  # type: ignore[union-attr]
        size, color = 0.0, (0.0, 0.0, 0.0)
        for match in re.finditer(r"([\d.]+) Tf|([\d.]+) ([\d.]+) ([\d.]+) rg|\) Tj|\] TJ", content):
            if match.group(1):
                size = float(match.group(1))
            elif match.group(2):
                color = (float(match.group(2)), float(match.group(3)), float(match.group(4)))
            else:
                found.append((size, color))
    return found


def _contrast(color: tuple[float, float, float]) -> float:
    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    luminance = 0.2126 * channel(color[0]) + 0.7152 * channel(color[1]) + 0.0722 * channel(color[2])
    return 1.05 / (luminance + 0.05)


def test_no_text_under_7_5_points_and_greys_keep_contrast() -> None:
    source = ("---\ntitle: Hierarchy\nsubtitle: A subtitle\nauthor: [Ann Writer]\ndate: 2024-03-05\n---\n\n"
              "Body text[^1] with `code`.\n\n> A quote.\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n[^1]: A note.\n\n"
              "::: credit\nWith reporting by a service\n:::\n")
    article = convert.read(SEED, resource_path=(ROOT / "assets",))  # caption and photo credit
    for data in (convert.render(article, "pdf"), convert.render(convert.read_text(source), "pdf")):
        states = _text_states(data)
        assert states
        assert min(size for size, _ in states) >= 7.5
        assert min(_contrast(color) for _, color in states) >= 4.5


def test_list_markers_sit_on_the_first_line_baseline() -> None:
    data = convert.render(convert.read_text("# L\n\n- one\n- two\n\n1. first\n2. second\n"), "pdf")
    content = PdfReader(io.BytesIO(data)).pages[0].get_contents().get_data().decode("latin-1")  # type: ignore[union-attr]
    rows: dict[str, list[str]] = {}
    for y, shown in re.findall(r"1 0 0 1 [\d.]+ ([\d.]+) Tm.*?\((.*?)\) Tj", content, flags=re.S):
        rows.setdefault(y, []).append(shown)
    assert any(len(v) >= 2 for v in rows.values()), rows  # marker and item text share a baseline


@pytest.mark.parametrize("name", ["en_US", "ru_RU", "fr"])
def test_fast_dictionary_reader_gives_pyphens_patterns(name: str) -> None:
    import pyphen  # type: ignore[import-untyped]

    from convert.writers.pdf.hyphenation import _patterns

    path = pyphen.LANGUAGES[name]
    assert _patterns(path) == pyphen.HyphDict(path).patterns
