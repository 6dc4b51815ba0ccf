"""Bidi marks and controls in PDF paragraphs: they order the text as UAX #9 says and are never drawn.

Pages are read back with poppler (pdftoppm pixels, pdftotext's logical text) and pypdf
(content-stream order, which is the order glyphs are drawn in: visual order).
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import unicodedata

import pytest
from pypdf import PdfReader

import convert

pytestmark = pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="poppler-utils is not installed")

RLM, LRM, ALM, ZWJ = "\u200f", "\u200e", "\u061c", "\u200d"
LRE, RLE, PDF, LRO, RLO = "\u202a", "\u202b", "\u202c", "\u202d", "\u202e"
#: Default ignorable characters: what pdftotext may copy out besides the text.
IGNORABLE = re.compile("[\u034f\u061c\u200b-\u200f\u202a-\u202e\u2060-\u206f\ufe00-\ufe0f\ufeff]")


def render(body: str, title: str = "T") -> bytes:
    return convert.render(convert.read_text(f"---\ntitle: {title}\n---\n\n{body}\n"), "pdf")


def pixels(pdf: bytes) -> bytes:
    return subprocess.run(["pdftoppm", "-r", "60", "-gray", "-f", "1", "-l", "1", "-"], input=pdf,
                          capture_output=True, check=True).stdout


def drawn(pdf: bytes) -> str:
    """The first page's glyphs in the order they are drawn, without spaces (pypdf ignores actual text)."""
    return "".join(IGNORABLE.sub("", PdfReader(io.BytesIO(pdf)).pages[0].extract_text()).split())


def copied(pdf: bytes) -> str:
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", "-", "-"], input=pdf, capture_output=True, check=True).stdout
    return " ".join(IGNORABLE.sub("", unicodedata.normalize("NFKC", text.decode())).split())


# marks placed where they change no order: the page must be the page without them, pixel for pixel
SAME_ORDER = [
    (f"שלום {RLM}2024{RLM} עולם", "Hebrew, RLM around a number"),
    (f"שלום {LRE}David Ben{PDF} עולם", "Hebrew, LRE…PDF around a Latin name"),
    (f"שלום {LRM}David{LRM} 42 עולם", "Hebrew, LRM around a Latin name"),
    (f"مرحبا {LRM}John{LRM} 42 سلام", "Arabic, LRM after a Latin name"),
    (f"مرحبا {RLE}سلام 2024{PDF} نص", "Arabic, RLE…PDF in a right-to-left paragraph"),
    (f"Ali {LRO}Baba{PDF} and {ZWJ}x\u034fy\u2060z{ALM}", "Latin, LRO, ZWJ, CGJ, word joiner, ALM"),
]


@pytest.mark.parametrize(("text", "case"), SAME_ORDER, ids=[c for _, c in SAME_ORDER])
def test_marks_draw_nothing(text: str, case: str) -> None:
    pdf = render(text)
    assert pixels(pdf) == pixels(render(IGNORABLE.sub("", text))), case
    assert copied(pdf) == copied(render(IGNORABLE.sub("", text))), case  # the same words copy out


def test_lrm_keeps_a_latin_name_with_trailing_punctuation_left_to_right_in_hebrew() -> None:
    # UAX #9: without the mark "C++" ends a right-to-left run and its "++" is set to the left of the C
    assert "++C" in drawn(render("אני כותב C++ היום"))
    marked = render(f"אני כותב C++{LRM} היום")
    assert "C++" in drawn(marked) and "++C" not in drawn(marked)
    assert "C++" in copied(marked)


def test_rlo_overrides_a_latin_name_and_copies_out_as_written() -> None:
    pdf = render(f"שלום ו{RLO}ABC{PDF} 2024")
    assert "2024CBAו" in drawn(pdf)  # an override sets Latin letters right to left; the space parts the runs
    assert "ABC" in copied(pdf) and "2024" in copied(pdf)


def test_rlo_in_an_english_paragraph_draws_reversed_and_copies_out_and_verifies_as_written() -> None:
    source = f"---\ntitle: T\n---\n\nRun `{RLO}inline{PDF}` and x {RLO}ABC{PDF} y.\n"
    article = convert.read_text(source)
    pdf = convert.render(article, "pdf")
    assert "enilni" in drawn(pdf) and "CBA" in drawn(pdf)  # the override applied, as a browser shows it
    assert "inline" in copied(pdf) and "ABC" in copied(pdf)  # copied out in logical order
    assert convert.verify(pdf, article, "pdf", source_text=source).ok


def test_rlm_after_a_number_in_an_english_paragraph_is_invisible() -> None:
    plain = render("Total 100 dollars")
    marked = render(f"Total 100{RLM} dollars")
    assert pixels(marked) == pixels(plain)
    assert "100" in drawn(marked)


def test_arabic_letter_mark_is_one_right_to_left_character_only() -> None:
    pdf = render(f"x {ALM}ABC y")
    assert "ABC" in drawn(pdf) and pixels(pdf) == pixels(render("x ABC y"))


def test_title_heading_and_running_head_draw_no_marks() -> None:
    body = f"# A {LRE}heading{PDF} {LRM}x\n\n" + "\n\n".join(["Text " * 200] * 4)
    title = f"Title {LRO}with{PDF} marks{ZWJ}"
    marked, plain = render(body, title), render(IGNORABLE.sub("", body), IGNORABLE.sub("", title))
    reader_marked, reader_plain = PdfReader(io.BytesIO(marked)), PdfReader(io.BytesIO(plain))
    assert len(reader_marked.pages) == len(reader_plain.pages) > 1  # a second page: the running head
    for page in (1, 2):
        assert subprocess.run(["pdftoppm", "-r", "50", "-gray", "-f", str(page), "-l", str(page), "-"], input=marked,
                              capture_output=True, check=True).stdout == subprocess.run(
            ["pdftoppm", "-r", "50", "-gray", "-f", str(page), "-l", str(page), "-"], input=plain,
            capture_output=True, check=True).stdout
