"""verify() on PDFs whose words are hyphenated over a page break, with the next page's furniture (and this page's
footnotes) between the halves: the word reads as one, in any script, in the text checks and in the source-words
check; a word's own hyphen still reads as the compound; a hyphen that breaks no word ("flag -", a lone "-") glues
nothing; the wrong tail or none fails. The PDFs are drawn with reportlab's canvas; corpus 07 (Russian, "тра-" on
one page and "фик" on the next) verifies end to end.
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

import convert
from convert.model import Article, Meta, Note
from convert.readback import verify
from convert.readback.pages import join_pages, mark_breaks, whole_text
from convert.readback.pdftext import loose, split_footnotes
from convert.readback.words import words

from .test_verify_model import para

TITLE = "Fares in May"
CORPUS = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus"


def drawn(pages: list[tuple[list[str], list[str]]], *, furniture_first: bool = True, title: str = TITLE) -> bytes:
    """A PDF of ``pages`` (body lines, footnote lines); from page 2 a running header (the title) and the page number,
    drawn before the body (pypdf reads them first) or after the footnotes (pypdf reads them last)."""
    buffer = io.BytesIO()
    sheet = canvas.Canvas(buffer, pagesize=A4, invariant=1)
    sheet.setTitle(title)
    for number, (lines, foot) in enumerate(pages, start=1):
        sheet.setFont("Helvetica", 10)
        if number > 1 and furniture_first:
            sheet.drawString(72, 810, title)
            sheet.drawString(500, 810, str(number))
        for index, line in enumerate(lines):
            if line == title:
                sheet.bookmarkPage("title", fit="XYZ", top=780)
                sheet.addOutlineEntry(line, "title", level=0)
            sheet.drawString(72, 780 - 14 * index, line)
        for index, line in enumerate(foot):
            sheet.drawString(72, 90 - 12 * index, line)
        if number > 1 and not furniture_first:
            sheet.drawString(300, 40, str(number))
            sheet.drawString(72, 810, title)
        sheet.showPage()
    sheet.save()
    return buffer.getvalue()


def failures(data: bytes, source: str) -> set[str]:
    """The checks that fail for ``data`` against ``source`` read as an article (the source-words check included)."""
    report = verify(data, convert.read_text(source), "pdf", source_text=source)
    assert "source words" in {f.check for f in report.findings}
    return {f.check for f in report.failures}


REGION = f"""---
title: {TITLE}
---

The council met twice in May,[^1] and the region voted.

[^1]: The minutes were published a week later.
"""
HEAD = "The council met twice in May,1 and the re-"
NOTE = "1 The minutes were published a week later."


@pytest.mark.parametrize("furniture_first", [True, False], ids=["furniture-first", "furniture-last"])
@pytest.mark.parametrize("foot", [False, True], ids=["no-footnote", "footnote-between"])
def test_a_word_hyphenated_over_a_page_break_reads_as_one_word(furniture_first: bool, foot: bool) -> None:
    """"re-" at the foot of page 1, "gion" after page 2's running header and number (and page 1's footnote)."""
    pages = [([TITLE, HEAD], [NOTE] if foot else []), (["gion voted."], [] if foot else [NOTE])]
    if not foot:  # the note after the body: its reference's page is page 1, so an endnote
        pages = [([TITLE, HEAD], []), (["gion voted.", "Notes", NOTE], [])]
    assert failures(drawn(pages, furniture_first=furniture_first), REGION) == set()


@pytest.mark.parametrize(("tail", "lost"), [("gin voted.", {"body paragraph in reading order (2)", "source words"}),
                                            ("voted.", {"body paragraph in reading order (2)", "source words"})],
                         ids=["wrong-tail", "no-tail"])
def test_the_wrong_tail_or_none_still_fails(tail: str, lost: set[str]) -> None:
    assert failures(drawn([([TITLE, HEAD], [NOTE]), ([tail], [])]), REGION) == lost


COMPOUND = f"""---
title: {TITLE}
---

Armenia-backed forces held the town.

The vote was held.
"""


@pytest.mark.parametrize("pages", [
    [([TITLE, "Armenia-"], []), (["backed forces held the town.", "The vote was held."], [])],
    [([TITLE, "Armenia-", "backed forces held the town.", "The vote was held."], [])],
], ids=["over-a-page", "over-a-line"])
def test_a_compound_broken_at_its_own_hyphen_reads_as_the_compound(pages: list[tuple[list[str], list[str]]]) -> None:
    assert failures(drawn(pages), COMPOUND) == set()
    changed = COMPOUND.replace("Armenia-backed", "Armenia-based")
    assert failures(drawn(pages), changed) == {"body paragraph in reading order (2)", "source words"}


FLAG = f"""---
title: {TITLE}
---

Use the flag -

verbose prints more.
"""


@pytest.mark.parametrize("last_lines", [["Use the flag -"], ["Use the flag", "-"]], ids=["after-a-space", "alone"])
def test_a_hyphen_that_breaks_no_word_glues_nothing(last_lines: list[str]) -> None:
    """A page ending with a hyphen after a space or on a line of its own (a marker): the next page's word stays
    apart, so the paragraph that ends with the hyphen is found whole."""
    assert failures(drawn([([TITLE, *last_lines], []), (["verbose prints more."], [])]), FLAG) == set()


def _joined(*pages: str) -> list[str]:
    return join_pages([loose(mark_breaks(page)) for page in pages])[0]


@pytest.mark.parametrize(("pages", "body"), [
    (("реферальный тра-\n", "фик с сайта"), "реферальныйтрафикссайта"),  # Cyrillic, corpus 07
    (("η Βου-", "λή ψήφισε"), "ηΒουλήψήφισε"),  # Greek
    (("मराठी कि-\n", "ताब"), "मराठीकिताब"),  # Devanagari: the head ends with a vowel sign (a combining mark)
    (("मराठी कि-\nताब",), "मराठीकिताब"),  # the same over a line
    (("the re-\n", "gion"), "theregion"),
    (("one item\n-", "verbose"), "oneitem-verbose"),  # a lone marker
    (("the flag -", "verbose"), "theflag-verbose"),  # after a space
    (("COVID-", "19 cases"), "COVID-19cases"),  # before a digit: a word's own hyphen, kept
    (("the re-", ""), "there-"),  # nothing after it
    (("a well-\nknown re-", "gion"), "awellknownregion"),  # inside a page as before
], ids=["cyrillic", "greek", "devanagari", "devanagari-line", "latin", "lone-marker", "after-space", "before-digit", "last-page",
        "line-and-page"])
def test_page_joins_in_any_script(pages: tuple[str, ...], body: str) -> None:
    assert "".join(_joined(*pages)) == body


def test_the_source_reading_moves_the_tail_past_the_footnotes() -> None:
    """The words of the PDF for the source-words check: "re-" then "gion" (joined as a hyphenated line end), the
    footnote kept, no marker left."""
    raw = [mark_breaks("and the re-\n1 The minutes."), mark_breaks("gion voted.")]
    bodies, placed = split_footnotes([loose(page) for page in raw], [("The minutes.",)])
    pages, joins = join_pages(bodies)
    assert placed == {1: 0} and pages == ["andthere", "gionvoted."]
    assert joins == {0: 1}
    text = whole_text(raw, joins)
    assert text == "and the re-\ngion\n1 The minutes.\n voted."
    assert "\x01" not in "".join(pages)
    assert [w.key for w in words(text)] == ["and", "the", "re", "gion", "1", "the", "minutes", "voted"]


def test_an_empty_note_shows_only_its_number_at_the_foot() -> None:
    """An empty note's number at the foot goes with the note beside it, first or last, not into the body (where
    "more2" + "1." would read as the mark 21)."""
    checked = Note((para("Checked twice."),))
    empty = Note((para(" "),))
    first_empty = Article(Meta(title="T"), (para("Text", empty, " more", checked),))
    last_empty = Article(Meta(title="T"), (para("Text", checked, " more", empty),))

    def failed(foot: list[str], article: Article) -> set[str]:
        return {f.check for f in verify(drawn([(["T", "Text1 more2"], foot)], title="T"), article, "pdf").failures}

    assert failed(["1.", "2. Checked twice."], first_empty) == set()
    assert failed(["1. Checked twice.", "2."], last_empty) == set()
    assert failed(["1.", "2. Checked once."], first_empty) == {"note 2", "note 2 reference"}
    assert failed(["1. Checked twice.", "2."], first_empty) == {"note 2 reference"}  # the numbers swapped


@pytest.mark.skipif(not (CORPUS / "07-osg-ru-metrics").is_dir(), reason="the shared corpus is not beside the checkout")
def test_corpus_07_verifies_with_a_word_hyphenated_over_a_page() -> None:
    path = CORPUS / "07-osg-ru-metrics" / "article.md"
    article = convert.read(path)
    report = verify(convert.render(article, "pdf"), article, "pdf")
    assert report.ok, [str(f) for f in report.failures]
    assert "source words" in {f.check for f in report.findings}
