"""Pages filled before a paragraph that carries footnotes, and headings after a pull quote (a Div), read back
with pypdf's text positions.

Corpus 05's first page was 40 % blank: the next paragraph fits the page whole without its notes but not with
them, and kept free for its notes it splits before its references; the split went round between the two and
the paragraph went whole to page 2 with its notes. The pull-quote test is a guard: corpus 07's heading after
its ``<aside class="pquote">`` was reported going to the next page with room left; it did not reproduce (the
page held 41 pt, less than the heading and two lines need), and a Div lays out as its blocks would."""

from __future__ import annotations

import io
import re

import pytest
from pypdf import PdfReader

import convert

FILLER = ("A paragraph of filler text that takes a few lines of the page, with enough words to wrap twice over "
          "in the text block of the page.")
#: A4 with our margins: the text block's foot is 68 pt above the paper's (styles.BOTTOM_MARGIN); a body line
#: is about 14.5 pt.
FOOT = 68.0
LINE = 14.5


def _noted_paragraph(tokens: int, references: dict[int, int]) -> str:
    """``tokens`` words ``tok000``..., note ``n``'s reference after word ``references[n]``."""
    after = {word: number for number, word in references.items()}
    return " ".join(f"tok{i:03d}" + (f"[^{after[i]}]" if i in after else "") for i in range(tokens))


def _notes(numbers: list[int], words: int = 21) -> str:
    return "\n".join(f"[^{n}]: note{n}text " + " ".join(["note"] * words) for n in numbers)


def _words(pdf: bytes) -> list[dict[str, float]]:
    """Per page, each word's lowest baseline (points above the paper's foot)."""
    pages: list[dict[str, float]] = []
    for page in PdfReader(io.BytesIO(pdf)).pages:
        found: dict[str, float] = {}

        def visit(text: str, cm: list[float], tm: list[float], _font: object, _size: object,
                  found: dict[str, float] = found) -> None:
            for word in re.findall(r"(?:tok\d{3}|note\d+text|end\d+)", text):
                found[word] = min(found.get(word, 1e9), round(tm[5] + cm[5], 1))
        page.extract_text(visitor_text=visit)
        pages.append(found)
    return pages


def _page_of(pages: list[dict[str, float]], word: str) -> int:
    return next(i for i, words in enumerate(pages) if word in words)


@pytest.mark.parametrize("fillers", range(3, 17))
def test_a_page_before_a_long_noted_paragraph_is_filled_and_notes_stay_with_their_reference(fillers: int) -> None:
    references = {1: 170, 2: 180, 3: 190, 4: 200}  # all in the paragraph's last lines, as corpus 05's notes 1-4
    source = ("# T\n\n" + "\n\n".join([FILLER] * fillers) + "\n\n" + _noted_paragraph(210, references)
              + " end1\n\n" + _notes(list(references), 3) + "\n")
    pages = _words(convert.render(convert.read_text(source), "pdf"))
    first = pages[0]
    assert "tok000" in first  # the paragraph starts on page 1 (it went whole to page 2)
    body = min(v for k, v in first.items() if k.startswith("tok"))
    notes_top = max((v for k, v in first.items() if k.startswith("note")), default=FOOT)
    if "end1" not in first:  # it runs on: page 1 filled to within a few lines of its notes (or its foot); a
        # line short for the rule's gap, one for the widow kept with the last and one for a note of a line
        assert body - notes_top < 5 * LINE, (body, notes_top)
    for number, word in references.items():
        assert _page_of(pages, f"tok{word:03d}") == _page_of(pages, f"note{number}text"), number


@pytest.mark.parametrize("fillers", range(11, 17))
def test_a_paragraph_whose_notes_cannot_fit_with_it_splits_before_them(fillers: int) -> None:
    """A page with room for a few lines: the lines before the reference stay there, the note goes with the rest."""
    source = ("# T\n\n" + "\n\n".join([FILLER] * fillers) + "\n\n" + _noted_paragraph(90, {1: 80}) + "\n\n"
              + _notes([1]) + "\n")
    pages = _words(convert.render(convert.read_text(source), "pdf"))
    assert _page_of(pages, "tok080") == _page_of(pages, "note1text")
    assert _page_of(pages, "tok000") == 0


@pytest.mark.parametrize("fillers", [13, 14, 15, 16])
def test_a_heading_after_a_pull_quote_div_follows_it_when_there_is_room(fillers: int) -> None:
    """Corpus 07's ``<aside class="pquote">`` (a Div): the heading after it goes on the page it ends on
    when the heading and two lines of the paragraph after it fit there, as after a plain paragraph."""
    quote = '::: pquote\nA pulled quote of a line or two. end1\n\n::: pquote-credit\n— someone end2\n:::\n:::'
    plain = "A pulled quote of a line or two. end1\n\n— someone end2"
    after = "\n\n## A heading end3\n\n" + " ".join(f"tok{i:03d}" for i in range(40)) + "\n"
    layouts = []
    for middle in (quote, plain):
        source = "# T\n\n" + "\n\n".join([FILLER] * fillers) + "\n\n" + middle + after
        pages = _words(convert.render(convert.read_text(source), "pdf"))
        heading = _page_of(pages, "end3")
        layouts.append((_page_of(pages, "end2"), heading, pages[heading]["end3"], _page_of(pages, "tok000")))
    assert layouts[0] == layouts[1]
