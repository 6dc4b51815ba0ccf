"""verify() on PDFs drawn line by line with reportlab's canvas: what a faithful writer makes passes, each loss fails.

Forgiven (as PDF legitimately changes them): line breaks and hyphenation inside
words, the running header and page numbers, note reference marks in the text,
table rows whose wrapped cells interleave, right-to-left text stored in visual
order. Not forgiven: a changed cell, a footnote on another page than its
reference, a missing reference mark, a heading without its outline entry.
"""

from __future__ import annotations

import contextlib
import io
import subprocess
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

import convert
from convert.model import Article, ColumnSpec, Figure, Meta, Table

from .conftest import WriteArticle, image_bytes
from .test_verify_model import ARTICLE, NOTE_1, NOTE_2, PIXEL, para, row

RED_PNG = image_bytes(20, 10, "PNG")


@dataclass
class Page:
    lines: list[str]
    foot: list[str] = field(default_factory=list)
    outline: dict[str, int] = field(default_factory=dict)  # line text -> outline level


@contextlib.contextmanager
def _font_registered(name: str, path: str) -> Iterator[None]:
    """``path`` registered with reportlab as ``name`` for a while: its registries are the whole process's, and a
    font left there would reach the writers' renders in later tests."""
    from reportlab.lib import fonts
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    registries: list[dict[Any, Any]] = [pdfmetrics._fonts, pdfmetrics._typefaces, pdfmetrics._encodings,
                                        pdfmetrics._dynFaceNames, fonts._tt2ps_map, fonts._ps2tt_map]
    saved = [dict(registry) for registry in registries]
    try:
        pdfmetrics.registerFont(TTFont(name, path))
        yield
    finally:
        for registry, before in zip(registries, saved, strict=True):
            registry.clear()
            registry.update(before)


def pdf(pages: list[Page], title: str = "Fares in May", font: tuple[str, str] | None = None) -> bytes:
    if font is not None:
        with _font_registered(*font):
            return _pdf(pages, title, font[0])
    return _pdf(pages, title, "Helvetica")


def _pdf(pages: list[Page], title: str, face: str) -> bytes:
    buffer = io.BytesIO()
    sheet = canvas.Canvas(buffer, pagesize=A4, invariant=1)
    sheet.setTitle(title)
    for number, page in enumerate(pages, start=1):
        sheet.setFont(face, 10)
        if number > 1:  # the running header and the page number
            sheet.drawString(72, 810, title)
            sheet.drawString(500, 810, str(number))
        for index, line in enumerate(page.lines):
            if line in page.outline:
                key = f"p{number}l{index}"
                sheet.bookmarkPage(key, fit="XYZ", top=780 - 14 * index)
                sheet.addOutlineEntry(line, key, level=page.outline[line])
            sheet.drawString(72, 780 - 14 * index, line)
        for index, line in enumerate(page.foot):
            sheet.drawString(72, 90 - 12 * index, line)
        sheet.showPage()
    sheet.save()
    return buffer.getvalue()


def pages(*, mark_1: str = "1", note_1_page: int = 0, fare: str = "2.50", routes_entry: bool = True) -> list[Page]:
    first = Page(["Fares in May", f"The council met twice in May.{mark_1} A second note.2", "Routes", "Bus fares in May",
                  "Route Fare", f"A {fare}", "B 3.10"],
                 outline={"Fares in May": 0, **({"Routes": 1} if routes_entry else {})})
    second = Page(["Terms", "Turnout", "The share of registered vot-", "ers who voted.", "Level four", "Level five"],
                  outline={"Terms": 1, "Level four": 2, "Level five": 3})
    third = Page(["Level six", "Water is H2O, really."], outline={"Level six": 4})
    notes = [f"1 {NOTE_1}", f"2 {NOTE_2}"]
    first.foot = notes if note_1_page == 0 else notes[1:]
    if note_1_page:
        [first, second, third][note_1_page].foot.append(notes[0])
    return [first, second, third]


def failed(data: bytes, article: Article = ARTICLE) -> set[str]:
    return {f.check for f in convert.verify(data, article).failures}


def test_a_faithful_pdf_verifies_clean() -> None:
    report = convert.verify(pdf(pages()), ARTICLE)
    assert report.format == "pdf" and report.ok, [str(f) for f in report.failures]
    checks = {f.check for f in report.findings}
    assert {"table 1 row 3", "note 1", "note 2 reference", "subheading 5 bookmark", "document title"} <= checks


@pytest.mark.parametrize(("options", "expected"), [
    ({"fare": "2.05"}, {"table 1 row 2"}),
    ({"mark_1": ""}, {"note 1 reference"}),
    ({"note_1_page": 1}, {"note 1"}),
    ({"routes_entry": False}, {"subheading 1 bookmark"}),
], ids=["cell", "reference-mark", "note-on-another-page", "outline"])
def test_each_loss_fails_its_check(options: dict[str, object], expected: set[str]) -> None:
    assert failed(pdf(pages(**options))) == expected  # type: ignore[arg-type]


def test_endnotes_after_the_body_are_accepted() -> None:
    drawn = pages()
    drawn[0].foot = []
    drawn.append(Page(["Notes", f"1 {NOTE_1}", f"2 {NOTE_2}"]))
    assert failed(pdf(drawn)) == set()


def test_wrapped_cells_may_interleave_but_not_lose_words() -> None:
    table = Table((), (ColumnSpec(), ColumnSpec()), (), (row("Central North Station", "2.50"),))  # the first cell wraps
    article = Article(Meta(title="T"), (para("Before."), table, para("After.")))
    wrapped = Page(["T", "Before.", "Central North 2.50", "Station", "After."], outline={"T": 0})
    assert failed(pdf([wrapped], title="T"), article) == set()
    wrapped.lines[2] = "Central 2.50"
    assert failed(pdf([wrapped], title="T"), article) == {"table 1 row 1"}


def _dejavu() -> str | None:
    try:
        found = subprocess.run(["fc-match", "-f", "%{file}", "DejaVu Sans"], capture_output=True, text=True, timeout=10)
    except (OSError, subprocess.SubprocessError):
        return None
    return found.stdout.strip() if found.returncode == 0 and found.stdout.strip().endswith(".ttf") else None


def test_right_to_left_text_in_visual_order_is_read_both_ways() -> None:
    font = _dejavu()
    if font is None:
        pytest.skip("no DejaVu Sans font")
    from bidi import get_display  # type: ignore[import-untyped]

    text = "مدونة السلوك الخاصة بمشروعك"
    article = Article(Meta(title="T"), (para(text),))
    visual = get_display(text)  # what a PDF stores: glyphs in visual order
    assert failed(pdf([Page(["T", visual], outline={"T": 0})], title="T", font=("VerifyTestDejaVu", font)), article) == set()
    lost = get_display("مدونة الخاصة بمشروعك")
    assert failed(pdf([Page(["T", lost], outline={"T": 0})], title="T", font=("VerifyTestDejaVu", font)), article) == {
        "body paragraph words (2)"}


def _furnished(pages: list[list[str]], title: str) -> bytes:
    """Pages as our writer draws them: the page number first (at the foot), the running header from page 2 one word
    at a time (pypdf then reads a word a line), the body last."""
    buffer = io.BytesIO()
    sheet = canvas.Canvas(buffer, pagesize=A4, invariant=1)
    sheet.setTitle(title)
    for number, lines in enumerate(pages, start=1):
        sheet.setFont("Helvetica", 10)
        sheet.drawString(300, 40, str(number))
        if number > 1:
            for index, word in enumerate(title.split()):
                sheet.drawString(72 + 60 * index, 810, word)
        for index, line in enumerate(lines):
            if line == title:
                sheet.bookmarkPage("title", fit="XYZ", top=780)
                sheet.addOutlineEntry(line, "title", level=0)
            sheet.drawString(72, 780 - 14 * index, line)
        sheet.showPage()
    sheet.save()
    return buffer.getvalue()


def test_page_furniture_is_dropped_once_a_page_wherever_pypdf_reads_it() -> None:
    """A cell "1" on page 1 is not its page number (that one came first), and a header read a word a line is a header:
    the paragraph across the page break reads on."""
    table = Table((), (ColumnSpec(),), (), (row("1"),))
    article = Article(Meta(title="Fares: in May"), (table, para("The council met twice in May, said the mayor.")))
    drawn = [["Fares: in May", "1", "The council met twice in"], ["May, said the mayor."]]
    assert failed(_furnished(drawn, "Fares: in May"), article) == set()
    drawn[0][1] = "2"
    assert failed(_furnished(drawn, "Fares: in May"), article) == {"table 1 row 1"}


def test_empty_headings_and_notes_have_nothing_to_find() -> None:
    """Writers leave an empty heading out of the outline; an empty note shows only its mark."""
    from convert.model import Note, Subheading

    article = Article(Meta(title="T"), (para("Text", Note((para(" "),)), " more."), Subheading(2, ()),
                                        para("After.")))
    assert failed(pdf([Page(["T", "Text1 more.", "After."], outline={"T": 0})], title="T"), article) == set()
    assert failed(pdf([Page(["T", "Text more.", "After."], outline={"T": 0})], title="T"), article) == {
        "note 1 reference"}


def _drawing(draw: Callable[[canvas.Canvas], None], body: str = "Body.") -> bytes:
    buffer = io.BytesIO()
    sheet = canvas.Canvas(buffer, pagesize=A4, invariant=1)
    sheet.setTitle("T")
    sheet.setFont("Helvetica", 10)
    sheet.bookmarkPage("title", fit="XYZ", top=780)
    sheet.addOutlineEntry("T", "title", level=0)
    sheet.drawString(72, 780, "T")
    sheet.drawString(72, 760, body)
    draw(sheet)
    sheet.showPage()
    sheet.save()
    return buffer.getvalue()


def test_pictures_drawn_as_images_vector_forms_or_forms_of_images() -> None:
    """An SVG drawn as a form is a picture; a form wrapping two images is two; a form drawing itself ends."""
    from reportlab.lib.utils import ImageReader

    two = Article(Meta(title="T"), (Figure(PIXEL, (), "One"), Figure(PIXEL, (), "Two"), para("Body.")))
    one = Article(Meta(title="T"), (Figure(PIXEL, (), "One"), para("Body.")))
    picture = ImageReader(io.BytesIO(RED_PNG))

    def vector(sheet: canvas.Canvas) -> None:
        sheet.beginForm("vector")
        sheet.rect(0, 0, 20, 10, fill=1)
        sheet.endForm()
        sheet.doForm("vector")

    def wrapped(sheet: canvas.Canvas) -> None:
        sheet.beginForm("pair")
        sheet.drawImage(picture, 0, 0, 20, 10)
        sheet.drawImage(picture, 30, 0, 20, 10)
        sheet.endForm()
        sheet.doForm("pair")

    def looping(sheet: canvas.Canvas) -> None:
        sheet.beginForm("loop")
        sheet.rect(0, 0, 20, 10, fill=1)
        sheet.doForm("loop")
        sheet.endForm()
        sheet.doForm("loop")

    assert failed(_drawing(vector), one) == set()
    assert failed(_drawing(vector), two) == {"pictures drawn"}
    assert failed(_drawing(wrapped), two) == set()
    assert failed(_drawing(looping), one) == set()


def test_rendered_svg_pictures_count_as_drawn(write_article: WriteArticle) -> None:
    path = write_article("# T\n\n![A chart](chart.svg)\n\nText ![](chart.svg) and more.\n")
    (path.parent / "chart.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20">'
                                           '<rect width="40" height="20" fill="teal"/></svg>')
    article = convert.read(path)
    report = convert.verify(convert.render(article, "pdf"), article, "pdf")
    assert report.ok and "pictures drawn" in {f.check for f in report.findings}, [str(f) for f in report.failures]


def test_a_note_holding_a_list_may_show_its_bullets() -> None:
    from convert.model import ListBlock, Note

    note = Note((para("First para."), ListBlock(True, ((para("item one"),), (para("item two"),)), style="lower-alpha")))
    article = Article(Meta(title="T"), (para("Text", note, " more."),))
    page = Page(["T", "Text1 more."], foot=["1 First para.", "a) item one", "b) item two"], outline={"T": 0})
    assert failed(pdf([page], title="T"), article) == set()  # (Helvetica's bullet copies out as DEL in pypdf)
    page.foot[2] = "b) item three"
    assert failed(pdf([page], title="T"), article) == {"note 1"}


def test_a_right_to_left_running_header_in_visual_order_is_a_header() -> None:
    font = _dejavu()
    if font is None:
        pytest.skip("no DejaVu Sans font")
    from bidi import get_display

    title = "العربية <b> news"
    article = Article(Meta(title=title), (para("The council met twice in May, said the mayor."),))
    buffer = io.BytesIO()
    with _font_registered("VerifyTestHeader", font):
        sheet = canvas.Canvas(buffer, pagesize=A4, invariant=1)
        sheet.setTitle(title)
        for number, lines in enumerate([[get_display(title), "The council met twice in"], ["May, said the mayor."]]):
            sheet.setFont("VerifyTestHeader", 10)
            if number:
                sheet.drawString(72, 810, get_display(title))  # drawn as shown: right to left, brackets mirrored
            for index, line in enumerate(lines):
                sheet.drawString(72, 780 - 14 * index, line)
            sheet.showPage()
        sheet.save()
    assert {f.check for f in convert.verify(buffer.getvalue(), article).failures} <= {"title"}  # no outline drawn
