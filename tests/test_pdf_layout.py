"""PDF page layout read back with pypdf and poppler: long tables split in linear time, headings kept with what
follows them, footnotes at the foot of their reference's page."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from pathlib import Path

import pikepdf
import pytest
from PIL import Image as PILImage
from pypdf import PdfReader

import convert
from convert.model import (
    Article,
    Block,
    Cell,
    ColumnSpec,
    Figure,
    Image,
    Meta,
    Note,
    Paragraph,
    Row,
    Subheading,
    Table,
    Text,
)
from convert.writers.pdf.notes import NotedParagraph

from .test_pdf_tagging import structure

needs_poppler = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils is not installed")


def article(*blocks: Block, title: str = "Layout") -> Article:
    return Article(Meta(title=title), tuple(blocks), source="t.md")


def para(*spans: str | Note) -> Paragraph:
    return Paragraph(tuple(Text(s) if isinstance(s, str) else s for s in spans), line=3)


def filler(count: int) -> list[Block]:
    return [para(f"Filler {i} runs on for a line or so, to take up the page.") for i in range(count)]


def picture(width: int = 800, height: int = 500) -> Image:
    buffer = io.BytesIO()
    PILImage.new("RGB", (width, height), (30, 90, 160)).save(buffer, "PNG")
    return Image("photo.png", buffer.getvalue(), "png", width, height)


def grid(rows: int, columns: int = 4, caption: str = "") -> Table:
    head = Row(tuple(Cell((para(f"Head {c}"),)) for c in range(columns)))
    body = tuple(Row(tuple(Cell((para(f"r{r}c{c}"),)) for c in range(columns))) for r in range(rows))
    return Table((Text(caption),) if caption else (), tuple(ColumnSpec() for _ in range(columns)), (head,), body,
                 line=5)


def page_texts(data: bytes) -> list[str]:
    return [re.sub(r"\s+", " ", page.extract_text()) for page in PdfReader(io.BytesIO(data)).pages]


def page_of(texts: list[str], needle: str) -> int:
    return next(i for i, text in enumerate(texts) if needle in text)


def words(data: bytes, tmp_path: Path) -> list[tuple[int, float, float, str]]:
    """(page, xMin, xMax, word) of every word, by poppler."""
    path = tmp_path / "x.pdf"
    path.write_bytes(data)
    boxes = subprocess.run(["pdftotext", "-bbox", str(path), "-"], capture_output=True, text=True, check=True).stdout
    found = []
    for number, page in enumerate(boxes.split("<page ")[1:]):
        found += [(number, float(a), float(b), w)
                  for a, b, w in re.findall(r'<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)"[^>]*>([^<]*)<', page)]
    return found


# --- long tables -----------------------------------------------------------------------------------------


def test_a_long_table_measures_each_cell_about_twice_whatever_its_length(monkeypatch: pytest.MonkeyPatch) -> None:
    """Linear: reportlab's LongTable measured the rest of the table again at every page break (O(n^2))."""
    calls = 0
    wrap = NotedParagraph.wrap

    def counting(self: NotedParagraph, width: float, height: float) -> tuple[float, float]:
        nonlocal calls
        calls += 1
        return wrap(self, width, height)  # type: ignore[no-any-return]

    monkeypatch.setattr(NotedParagraph, "wrap", counting)
    rows = 600
    data = convert.render(article(grid(rows)), "pdf")
    cells = (rows + 1) * 4
    assert calls <= 2.2 * cells  # measured once, wrapped once more to be drawn (headers repeat: a few more)
    texts = page_texts(data)
    assert len(texts) > 10 and all("Head 0 Head 1 Head 2 Head 3" in t for t in texts)
    assert "r0c0" in texts[0] and f"r{rows - 1}c3" in texts[-1]


@needs_poppler
def test_every_piece_of_a_long_table_has_the_same_columns_and_one_table_element(tmp_path: Path) -> None:
    data = convert.render(article(grid(150, caption="Many rows")), "pdf")
    starts: dict[str, set[float]] = {}
    for _page, left, _, word in words(data, tmp_path):
        if re.fullmatch(r"r\d+c\d", word):
            starts.setdefault(word[-1], set()).add(round(left))
    assert len(starts) == 4 and all(len(xs) == 1 for xs in starts.values())  # each column at one x on every page
    found = [node.role for node in structure(pikepdf.open(io.BytesIO(data))).walk()]
    assert found.count("Table") == 1 and found.count("THead") == 1 and found.count("TH") == 4
    assert found.count("TD") == 150 * 4


def test_a_table_row_taller_than_a_page_is_split_across_pages() -> None:
    """It was a LayoutError (the writer failed)."""
    tall = Row((Cell((para("x"),)), Cell((para(" ".join(f"w{i}" for i in range(5000))),))))
    table = Table((), (ColumnSpec(), ColumnSpec()), (Row((Cell((para("A"),)), Cell((para("B"),)))),),
                  (tall, Row((Cell((para("last"),)), Cell((para("row"),))))), line=5)
    texts = page_texts(convert.render(article(table), "pdf"))
    joined = " ".join(texts)
    assert len(texts) > 3 and "w0 " in joined and "w4999" in joined and "last row" in joined


def test_a_table_after_its_caption_starts_where_it_stands() -> None:
    """A captioned table longer than the page left: it began on the next page, leaving this one empty."""
    texts = page_texts(convert.render(article(para("Intro."), grid(120, caption="Fares")), "pdf"))
    assert "Fares" in texts[0] and "r0c0" in texts[0]


# --- headings kept with what follows -------------------------------------------------------------------------


@pytest.mark.parametrize("what", ["figure", "table", "paragraph"])
def test_a_heading_is_never_alone_at_the_foot_of_a_page(what: str) -> None:
    """Corpus 03 ("Initial Research" above a figure) and 04 ("Gratitude" above a short quote)."""
    following: dict[str, Block] = {
        "figure": Figure(picture(), (Text("The picture's caption"),), alt="A picture"),
        "table": grid(3, caption="The table's caption"),
        "paragraph": para("Two lines of the paragraph after the heading, which cannot be split. " * 2),
    }
    first = {"figure": "The picture's caption", "table": "r0c0", "paragraph": "Two lines"}[what]
    moved = 0
    for count, extra in ((count, extra) for count in range(24, 30) for extra in range(3)):
        lines = para("Lines of varying number. " * (1 + 3 * extra))  # moves the heading by a line's height
        blocks = [*filler(count), lines, Subheading(2, (Text("The Heading"),)), following[what], *filler(5)]
        texts = page_texts(convert.render(article(*blocks), "pdf"))
        heading = page_of(texts, "The Heading")
        assert heading == page_of(texts, first), (count, extra)
        moved += heading > page_of(texts, "Lines of varying")
    assert moved  # some of the cases put the heading at the top of the next page


# --- footnotes ----------------------------------------------------------------------------------------------


def test_a_note_referenced_in_a_paragraph_split_across_pages_is_at_the_foot_of_its_page() -> None:
    """Corpus 05 and 06: a paragraph split by the page break lost its notes to the end section."""
    long = para("Opening sentence", Note((para("The first note's text."),)), ". " + "More words follow. " * 400,
                "Closing", Note((para("The second note's text."),)), ".")
    texts = page_texts(convert.render(article(*filler(30), long), "pdf"))
    assert not any(re.search(r"\bNotes\b", t) for t in texts)  # no end section
    assert page_of(texts, "The first note's text.") == page_of(texts, "Opening sentence")
    assert page_of(texts, "The second note's text.") == page_of(texts, "Closing")
