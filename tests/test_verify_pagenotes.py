"""verify() on PDFs laid out as corpus 05's: a word hyphenated over a page break with this page's footnotes and the
next page's running head (drawn word by word, which pypdf reads back one word a line) and page number between its
halves; a source cited twice as two notes with the same text, on different pages, each found at the foot of its own
page; a footnote after one whose text ends with a digit (a DOI: loose text runs it into the next number). A real loss
in each case still fails. The PDFs are drawn with reportlab's canvas.
"""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

import convert
from convert.readback import verify

TITLE = "Governance, Engagement, and Resistance"
BRAA = "Braa, J. 2007. https://doi.org/10.2307/25148796"
TILSON = "Tilson, D. 2010. https://doi.org/10.1287/isre.1100.0318"
SOURCE = f"""---
title: {TITLE}
---

Open practices spread,[^1] as studies show.[^2]

These are the mechanisms[^3] by which scientists make outputs public.

[^1]: {BRAA}
[^2]: {TILSON}
[^3]: {TILSON}
"""
Page = tuple[list[str], list[str]]
PAGE_1: Page = ([TITLE, "Open practices spread,1 as studies show.2"], [f"1. {BRAA}", f"2. {TILSON}"])
PAGE_2_HEAD = "These are the mechanisms3 by which scient-"
PAGE_2: Page = ([PAGE_2_HEAD], [f"3. {TILSON}"])
PAGE_3: Page = (["ists make outputs public."], [])


def drawn(pages: list[Page]) -> bytes:
    """A PDF of ``pages`` (body lines, footnote lines); from page 2 the running head (the title) drawn word by word,
    as our writer draws it, and the page number, both before the body (pypdf reads them first)."""
    buffer = io.BytesIO()
    sheet = canvas.Canvas(buffer, pagesize=A4, invariant=1)
    sheet.setTitle(TITLE)
    for number, (lines, foot) in enumerate(pages, start=1):
        sheet.setFont("Helvetica", 10)
        if number > 1:
            x = 72.0
            for word in TITLE.replace(",", " ,").split():
                sheet.drawString(x, 810, word)
                x += sheet.stringWidth(word + " ", "Helvetica", 10)
            sheet.drawString(300, 790, str(number))
        for index, line in enumerate(lines):
            if line == TITLE:
                sheet.bookmarkPage("title", fit="XYZ", top=780)
                sheet.addOutlineEntry(line, "title", level=0)
            sheet.drawString(72, 760 - 14 * index, line)
        for index, line in enumerate(foot):
            sheet.drawString(72, 90 - 12 * index, line)
        sheet.showPage()
    sheet.save()
    return buffer.getvalue()


def failures(pages: list[Page], source: str = SOURCE) -> set[str]:
    """The checks that fail for the drawn ``pages`` against ``source`` (the source-words check included)."""
    report = verify(drawn(pages), convert.read_text(source), "pdf", source_text=source)
    assert "source words" in {f.check for f in report.findings}
    return {f.check for f in report.failures}


def test_the_drawn_head_reads_back_one_word_a_line() -> None:
    """The layout under test: pypdf gives page 3 as the head a word a line, the number, then the word's tail."""
    text = PdfReader(io.BytesIO(drawn([PAGE_1, PAGE_2, PAGE_3]))).pages[2].extract_text()
    assert text.split("\n")[:3] == ["Governance", ",", "Engagement"]
    assert "3\nists make" in text


def test_a_word_over_a_page_with_footnotes_and_a_word_per_line_head_between_reads_as_one() -> None:
    assert failures([PAGE_1, PAGE_2, PAGE_3]) == set()


@pytest.mark.parametrize("tail", ["ist make outputs public.", "make outputs public."], ids=["wrong-tail", "no-tail"])
def test_the_wrong_tail_or_none_still_fails(tail: str) -> None:
    assert failures([PAGE_1, PAGE_2, ([tail], [])]) == {"body paragraph in reading order (3)", "source words"}


def test_a_lost_hyphen_head_still_fails() -> None:
    """Page 2 ends "by which" and page 3 starts "ists": no hyphen, so no join: the word "scientists" is lost."""
    head = ([PAGE_2_HEAD.removesuffix(" scient-")], PAGE_2[1])
    assert failures([PAGE_1, head, PAGE_3]) == {"body paragraph in reading order (3)", "source words"}


def test_notes_with_the_same_text_are_each_at_their_own_page_foot() -> None:
    """Notes 2 and 3 cite the same source: note 2 at page 1's foot (after note 1's DOI, whose last digit loose
    text runs into the number "2."), note 3 at page 2's."""
    report = verify(drawn([PAGE_1, PAGE_2, PAGE_3]), convert.read_text(SOURCE), "pdf")
    places = {f.check: f.where for f in report.findings if f.check in {"note 1", "note 2", "note 3"}}
    assert places == {"note 1": "foot of page 1", "note 2": "foot of page 1", "note 3": "foot of page 2"}


@pytest.mark.parametrize(("pages", "lost"), [
    ([(PAGE_1[0], [f"1. {BRAA}"]), PAGE_2, PAGE_3], {"note 2", "source words"}),
    ([PAGE_1, (PAGE_2[0], []), PAGE_3], {"note 3", "source words"}),
    ([(PAGE_1[0], [f"1. {BRAA}"]), (PAGE_2[0], [f"2. {TILSON}", f"3. {TILSON}"]), PAGE_3], {"note 2"}),
], ids=["first-lost", "second-lost", "first-on-the-wrong-page"])
def test_a_note_with_the_same_text_lost_or_misplaced_still_fails(pages: list[Page], lost: set[str]) -> None:
    """The other note's text is no stand-in: the missing one fails (its words are missing once), the one shown
    keeps its own page; note 2 at the foot of page 2 (its reference on page 1) fails."""
    assert failures(pages) == lost


def test_a_note_shown_without_its_number_is_the_earliest_with_its_text() -> None:
    """No numbers read at the feet: of two notes saying the same, the one not yet placed and numbered lowest is
    the one on the earlier page."""
    pages = [(PAGE_1[0], [BRAA, TILSON]), (PAGE_2[0], [TILSON]), PAGE_3]
    report = verify(drawn(pages), convert.read_text(SOURCE), "pdf")
    places = {f.check: (f.where, f.ok) for f in report.findings if f.check in {"note 2", "note 3"}}
    assert places == {"note 2": ("foot of page 1", True), "note 3": ("foot of page 2", True)}
