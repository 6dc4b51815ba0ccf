"""Right-to-left and complex scripts in the PDF: shaped, set right to left, copied out in logical order."""

from __future__ import annotations

import re
import shutil
import subprocess
import unicodedata
from pathlib import Path

import pytest

import convert
from convert.model import Article, Meta, Paragraph, Text
from convert.writers.pdf.shaping import Word, visual_order

needs_poppler = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils is not installed")

PERSIAN = ("اینترنت یک شبکهٔ جهانی است که میلیون‌ها رایانه را به هم وصل می‌کند. "
           "در سال 2024 بیش از ۵ میلیارد نفر از آن استفاده کردند و New York Times در آن فعال است.")
ARABIC = "نحن ملتزمون بتوفير بيئة ترحيبية لجميع الأشخاص، بغض النظر عن خلفيتهم. لا نتسامح مع التحرش، والله ولي التوفيق."
HEBREW = "שלום עולם, זהו מבחן של טקסט עברי עם המספר 42 והשם Tel Aviv."


def words(text: str) -> list[str]:
    """Words as a reader compares them: NFKC (Arabic presentation forms become letters), no direction marks."""
    text = unicodedata.normalize("NFKC", text)
    text = re.sub("[\u200e\u200f\u202a-\u202e]", "", text)
    return re.findall(r"\w+", text)


def pdf_text(data: bytes, tmp_path: Path) -> str:
    path = tmp_path / "x.pdf"
    path.write_bytes(data)
    return subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout


@needs_poppler
@pytest.mark.parametrize(("title", "body", "lang"), [("اینترنت چگونه کار می‌کند؟", PERSIAN, "fa"),
                                                      ("مدونة السلوك", ARABIC, "ar"), ("מבחן", HEBREW, "he")])
def test_right_to_left_article_round_trips_in_logical_order(title: str, body: str, lang: str, tmp_path: Path) -> None:
    article = Article(Meta(title=title, lang=lang), (Paragraph((Text(body),), line=3),) * 3)
    text = pdf_text(convert.render(article, "pdf"), tmp_path)
    assert words(text) == words(title) + words(body) * 3 + ["1"]  # the page number last


@needs_poppler
def test_right_to_left_lines_are_right_aligned(tmp_path: Path) -> None:
    article = Article(Meta(title="T", lang="fa"), (Paragraph((Text(PERSIAN),), line=3),))
    path = tmp_path / "x.pdf"
    path.write_bytes(convert.render(article, "pdf"))
    boxes = subprocess.run(["pdftotext", "-bbox-layout", str(path), "-"], capture_output=True, text=True,
                           check=True).stdout
    rights = [float(x) for x in re.findall(r'<line xMin="[\d.]+" yMin="[\d.]+" xMax="([\d.]+)"', boxes)][1:-1]
    assert len(rights) >= 2 and max(rights) - min(rights) < 1.5  # body lines (not the title, not the page number)


def test_arabic_is_joined_by_the_shaper() -> None:
    from convert.writers.pdf.fonts import find_family
    from convert.writers.pdf.shaping import Run, words_of

    font = find_family("Noto Naskh Arabic").ensure()
    shaped = words_of([Run("سلام", font, 11)])[0].pieces[0].shaped
    assert shaped != "سلام" and "\ufe8e" not in shaped  # contextual forms, in display order


def test_words_are_ordered_by_the_bidi_algorithm() -> None:
    from convert.writers.pdf.fonts import find_family
    from convert.writers.pdf.shaping import Run, words_of

    font = find_family("Noto Sans Hebrew").ensure()

    def indexes(words: list[Word], order: list[Word]) -> list[int]:
        return [next(i for i, w in enumerate(words) if w is o) for o in order]

    line = words_of([Run("א ב New York 2024 ג", font, 11)], rtl=True)
    assert indexes(line, visual_order(line, rtl=True)) == [5, 2, 3, 4, 1, 0]  # "New York 2024" stays left to right
    ltr = words_of([Run("x ד ה y", font, 11)], rtl=False)
    assert indexes(ltr, visual_order(ltr, rtl=False)) == [0, 2, 1, 3]


@needs_poppler
def test_mixed_script_paragraph_in_an_english_article(tmp_path: Path) -> None:
    body = "The Persian word شبکه means network, and the Arabic سلام means peace."
    article = Article(Meta(title="Words"), (Paragraph((Text(body),), line=3),))
    text = pdf_text(convert.render(article, "pdf"), tmp_path)
    assert set(words(body)) <= set(words(text))


@needs_poppler
def test_running_head_is_shaped_and_in_logical_order(tmp_path: Path) -> None:
    title = "اینترنت چگونه کار می‌کند؟ Հայաստան"
    article = Article(Meta(title=title, lang="fa"), (Paragraph((Text(PERSIAN * 6),), line=3),) * 4)
    path = tmp_path / "x.pdf"
    path.write_bytes(convert.render(article, "pdf"))
    second = subprocess.run(["pdftotext", "-f", "2", "-l", "2", str(path), "-"], capture_output=True, text=True,
                            check=True).stdout
    assert words(second.splitlines()[0]) == words(title)


@needs_poppler
def test_punctuation_takes_the_direction_around_it(tmp_path: Path) -> None:
    """'the word سلام.' ends with its full stop on the right; brackets in Persian text face the right way."""
    article = Article(Meta(title="T"), (Paragraph((Text("Then (سلام) end. Also سلام."),), line=3),
                                        Paragraph((Text("این یک (آزمایش) است."),), line=5)))
    path = tmp_path / "x.pdf"
    path.write_bytes(convert.render(article, "pdf"))
    boxes = subprocess.run(["pdftotext", "-bbox", str(path), "-"], capture_output=True, text=True, check=True).stdout
    found = [(float(y), float(x1), w) for y, x1, w in
             re.findall(r'<word xMin="[\d.]+" yMin="([\d.]+)" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)</word>', boxes)]
    line = next(y for y, _, w in found if w == "Also")
    rightmost = max((x1, w) for y, x1, w in found if y == line)[1]
    assert rightmost.endswith(".") and rightmost != "Also"  # the full stop ends the line, right of the Arabic word
    text = pdf_text(path.read_bytes(), tmp_path)
    assert "(آزمایش)" in unicodedata.normalize("NFKC", text)  # logical order, brackets as written


def test_characters_beyond_the_bmp_copy_out() -> None:
    import io

    from pypdf import PdfReader

    data = convert.render(Article(Meta(title="T"), (Paragraph((Text("Smile \U0001F600 here."),), line=3),)), "pdf")
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(data), strict=True).pages)
    assert "\U0001F600" in text
