"""A heading kept with the first lines of the paragraph after it: wherever the heading falls near a page's foot,
the paragraph continues on the next page as one block of evenly spaced lines (read back with pypdf's text
positions). Corpus 05 had two lines, a paragraph's gap, then the rest: the heading's space before was
measured as overlapping the space above it, which the outline entry before the heading undoes."""

from __future__ import annotations

import io
import itertools

import pytest
from pypdf import PdfReader

import convert

LONG = " ".join(f"tok{i:03d}" for i in range(260))
FILLER = ("A paragraph of filler text that takes a few lines of the page, with enough words to wrap twice over "
          "in the text block of the page.")


def _line_tops(pdf: bytes) -> dict[int, list[float]]:
    """Per page, the baselines of the lines holding the long paragraph's tokens."""
    tops: dict[int, list[float]] = {}
    for number, page in enumerate(PdfReader(io.BytesIO(pdf)).pages):
        found: set[float] = set()

        def visit(text: str, cm: list[float], tm: list[float], _font: object, _size: object,
                  found: set[float] = found) -> None:
            if "tok" in text:
                found.add(round(tm[5] + cm[5], 1))
        page.extract_text(visitor_text=visit)
        if found:
            tops[number] = sorted(found, reverse=True)
    return tops


@pytest.mark.parametrize("fillers", range(6, 22))
def test_the_paragraph_after_a_heading_runs_on_evenly_over_the_page_break(fillers: int) -> None:
    source = "# T\n\n" + "\n\n".join([FILLER] * fillers) + f"\n\n## A heading near the foot\n\n{LONG}\n"
    tops = _line_tops(convert.render(convert.read_text(source), "pdf"))
    assert tops
    for page, baselines in tops.items():
        steps = {round(a - b, 1) for a, b in itertools.pairwise(baselines)}
        assert len(steps) <= 1, (page, baselines)  # one leading: no gap inside the paragraph


def test_no_notes_left_take_no_room_on_a_page_filled_to_its_foot() -> None:
    from reportlab.pdfgen.canvas import Canvas

    from convert.writers.pdf.document import EndNotes
    from convert.writers.pdf.notes import NoteFrame, Notes
    from convert.writers.pdf.tagging.tree import Tags

    notes = Notes()
    frame = NoteFrame(0, 0, 300, 400, notes=notes)
    frame._y = frame._y1p  # the last paragraph filled the page to its foot
    frame._atTop = 0
    tags = Tags("en")
    end = EndNotes(notes, frame, [], tags, tags.element("Sect"))
    assert frame.add(end, Canvas(io.BytesIO())) == 1  # placed here: no blank page for an empty "Notes"


@pytest.mark.parametrize("source", [
    "# T\n\n" + " ".join(["word"] * 3000) + "\n:   The definition.\n",  # a definition term taller than a page
    "# T\n\nIntro.\n\n" + " ".join(["term"] * 3000) + "\n:   The definition.\n",
], ids=["first", "after-text"])
def test_a_lead_taller_than_a_page_is_split_not_a_layout_error(source: str) -> None:
    article = convert.read_text(source)
    pdf = convert.render(article, "pdf")  # a LayoutError (the fuzzer's 'Splitting error') before
    assert len(PdfReader(io.BytesIO(pdf)).pages) >= 3
    assert convert.verify(pdf, article, "pdf", source_text=source).ok
