"""PDF fixes for what fuzzing found (fuzz/regressions/pdf-*.md), each read back with pypdf, pikepdf or poppler.

Each test is the finding's smallest form as a model (or Markdown) article, and checks what the reader of the
PDF sees, not only that the writer no longer fails.
"""

from __future__ import annotations

import io
import logging
import re
import shutil
import subprocess
import unicodedata
from pathlib import Path

import pikepdf
import pytest
from PIL import Image as PILImage
from pypdf import PdfReader

import convert
from convert.model import (
    Article,
    Attr,
    Cell,
    CodeBlock,
    ColumnSpec,
    Image,
    InlineImage,
    Meta,
    Note,
    Paragraph,
    Row,
    Subheading,
    Table,
    Text,
)

from .test_pdf_tagging import marked_content, structure

needs_poppler = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils is not installed")


def picture(width: int, height: int, fmt: str = "PNG") -> Image:
    buffer = io.BytesIO()
    PILImage.new("RGB", (width, height), (200, 30, 30)).save(buffer, fmt)
    return Image(f"p{width}x{height}", buffer.getvalue(), fmt.lower(), width, height)


def article(*blocks: object, title: str = "T", lang: str = "en") -> Article:
    return Article(Meta(title=title, lang=lang), tuple(blocks), source="t.md")  # type: ignore[arg-type]


def para(*spans: object) -> Paragraph:
    return Paragraph(tuple(Text(s) if isinstance(s, str) else s for s in spans), line=3)  # type: ignore[misc]


def pdftotext(data: bytes, tmp_path: Path, *args: str) -> str:
    path = tmp_path / "x.pdf"
    path.write_bytes(data)
    return subprocess.run(["pdftotext", "-enc", "UTF-8", *args, str(path), "-"], capture_output=True, text=True,
                          check=True).stdout


def images_drawn(data: bytes, tmp_path: Path) -> int:
    path = tmp_path / "i.pdf"
    path.write_bytes(data)
    listing = subprocess.run(["pdfimages", "-list", str(path)], capture_output=True, text=True, check=True).stdout
    return len([line for line in listing.splitlines()[2:] if line.strip()])


def outline_titles(reader: PdfReader) -> list[str]:
    def flat(items: list[object]) -> list[str]:
        return [t for item in items for t in (flat(item) if isinstance(item, list) else [str(item.title)])]  # type: ignore[attr-defined]
    return flat(reader.outline)


def test_a_heading_that_is_only_a_picture_is_a_destination_and_an_outline_entry() -> None:
    """fuzz pdf-heading-only-image: ``## ![](good.jpg)`` named a destination nothing drew (the writer failed)."""
    heading = Subheading(2, (InlineImage(picture(600, 300), "big.png", "A chart"),), line=3, attr=Attr("section"))
    reader = PdfReader(io.BytesIO(convert.render(article(heading, para("Text")), "pdf")))
    assert outline_titles(reader) == ["T", "A chart"]
    _, (entry,) = reader.outline
    assert reader.get_destination_page_number(entry) == 0  # type: ignore[arg-type]
    assert float(entry["/Top"]) < float(reader.outline[0]["/Top"])  # type: ignore[index,call-overload]  # below the title
    assert len(reader.pages[0].images) == 1


def test_a_title_longer_than_a_page_keeps_its_outline_entry_and_the_headings_nest_under_it() -> None:
    """fuzz pdf-long-title-outline: a title split across pages lost its entry, and the next heading's level failed."""
    title = " ".join(["word"] * 200)  # 999 characters at 24 pt: more than a page
    reader = PdfReader(io.BytesIO(convert.render(article(Subheading(2, (Text("Sub"),), attr=Attr("sub")),
                                                         para("Text"), title=title), "pdf")))
    top, nested = reader.outline
    assert top.title == title  # type: ignore[union-attr]
    assert [item.title for item in nested] == ["Sub"]  # type: ignore[union-attr]
    assert len(reader.pages) >= 2


@needs_poppler
def test_tiny_pictures_sit_in_table_cells_of_any_alignment(tmp_path: Path) -> None:
    """fuzz pdf-tiny-image-in-table: a cell's alignment and the inline picture's flush-left setting collided."""
    def cell(*spans: object) -> Cell:
        return Cell((para(*spans),))

    icons = (InlineImage(picture(1, 1), "a.png", "dot"), InlineImage(picture(10, 10, "GIF"), "b.gif", "icon"))
    table = Table((), (ColumnSpec("left"), ColumnSpec("right")), (Row((cell("h"), cell("right"))),),
                  (Row((cell("a ", icons[0], " b"), cell("x ", icons[1], " y"))),))
    data = convert.render(article(table), "pdf")
    assert images_drawn(data, tmp_path) == 2
    boxes = pdftotext(data, tmp_path, "-bbox")
    right = {w: float(x) for x, w in re.findall(r'xMin="[\d.]+" yMin="[\d.]+" xMax="([\d.]+)" yMax="[\d.]+">([^<]+)<', boxes)}
    assert abs(right["y"] - right["right"]) < 1  # the right-aligned cell stays right-aligned


@needs_poppler
def test_a_table_wider_than_any_page_is_set_in_parts_without_losing_a_cell(tmp_path: Path,
                                                                           caplog: pytest.LogCaptureFixture) -> None:
    """fuzz pdf-200-column-table: 200 columns got negative widths (the writer failed)."""
    count = 200
    head = Row(tuple(Cell((para(f"h{i}"),)) for i in range(count)))
    body = Row(tuple(Cell((para(f"c{i}"),)) for i in range(count)))
    table = Table((Text("Wide"),), tuple(ColumnSpec() for _ in range(count)), (head,), (body,), line=7)
    with caplog.at_level(logging.WARNING, logger="convert"):
        data = convert.render(article(table), "pdf")
    assert any("200 columns" in r.getMessage() and "parts" in r.getMessage() for r in caplog.records)
    words = pdftotext(data, tmp_path).split()
    assert {f"h{i}" for i in range(count)} <= set(words) and {f"c{i}" for i in range(count)} <= set(words)
    assert words.count("Wide") == 1  # the caption once, above the first part
    page_width = float(PdfReader(io.BytesIO(data)).pages[0].mediabox.width)
    boxes = pdftotext(data, tmp_path, "-bbox")
    edges = [(float(a), float(b)) for a, b in re.findall(r'xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)"', boxes)]
    assert all(left >= 0 and right <= page_width for left, right in edges)


def test_a_column_of_one_letter_keeps_room_for_its_letter_beside_long_words() -> None:
    """Columns squeezed to share the page never go under their padding (the cause of negative widths)."""
    long = "Antidisestablishmentarianism"
    table = Table((), tuple(ColumnSpec() for _ in range(20)), (Row(tuple(Cell((para("x" if i % 2 else long),))
                                                                         for i in range(20))),), ())
    text = PdfReader(io.BytesIO(convert.render(article(table), "pdf"))).pages[0].extract_text()
    assert text.count("x") >= 10


@pytest.mark.parametrize("filler", [3, 5])
def test_a_right_to_left_paragraph_split_across_pages_keeps_its_note_at_the_foot(filler: int) -> None:
    """fuzz pdf-layout-error-rtl-table: a split piece fitted without its notes, then not with them (LayoutError)."""
    note = Note(tuple(para("Note text " * 30) for _ in range(3)))
    body = [para("Filler line of body text that goes on for a while. " * 8) for _ in range(filler)]
    long = para("كلمة " * 20, note, "كلمة " * 300)
    reader = PdfReader(io.BytesIO(convert.render(article(*body, long), "pdf")))
    pages = [unicodedata.normalize("NFKC", page.extract_text()) for page in reader.pages]  # Arabic presentation forms
    reference = next(i for i, text in enumerate(pages) if "كلمة" in text)
    assert "Note text" in pages[reference]  # the note at the foot of its reference's page


@needs_poppler
def test_a_small_picture_between_right_to_left_words_is_drawn_and_tagged(tmp_path: Path) -> None:
    """fuzz pdf-inline-picture-in-rtl: the picture was silently left out of right-to-left paragraphs."""
    spans = (Text("ل "), InlineImage(picture(30, 20), "good.png", "a dot"), Text(" ل "),
             InlineImage(picture(12, 12), "deco.png", ""), Text(" ل"))
    data = convert.render(article(Paragraph(spans, line=3), lang="ar"), "pdf")
    assert images_drawn(data, tmp_path) == 2
    with pikepdf.open(io.BytesIO(data)) as pdf:
        figures = [node for node in structure(pdf).walk() if node.role == "Figure"]
        assert [str(node.obj.Alt) for node in figures] == ["a dot"]  # the other is decorative
        assert len(figures[0].mcids) == 1  # drawn into its own element
    assert marked_content(data).unmarked_paint == 0  # the decorative one is an artifact, nothing unmarked


def test_invisible_format_characters_copy_out_as_themselves_in_every_face() -> None:
    """fuzz pdf-bidi-controls-in-code and corpus 08: U+202E/U+202C in code and U+200B in Armenian copied out as NUL."""
    blocks = (CodeBlock("\u202eevil\u202c code"), para("`x`"), para("Եթե \u200b\u200bցանկանում եք"),
              para("in\u200bline ", Text("\u2066isolate\u2069")))
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(convert.render(article(*blocks), "pdf"))).pages)
    assert "\x00" not in text
    assert "\u202eevil\u202c code" in text
    assert "Եթե \u200b\u200bցանկանում" in text
    assert "in\u200bline" in text


@needs_poppler
def test_empty_mail_and_phone_addresses_are_text_not_links(tmp_path: Path) -> None:
    """fuzz pdf-empty-mailto-tel: ``<mailto:>`` and ``<tel:>`` became links to nothing."""
    from convert.model import Link

    spans = ("Write ", Link("mailto:", (Text("mailto:"),)), " or call ", Link("tel:", (Text("tel:"),)), " or ",
             Link("mailto:desk@example.org", (Text("the desk"),)), ".")
    data = convert.render(article(para(*spans)), "pdf")
    page = PdfReader(io.BytesIO(data)).pages[0]
    uris = [a.get_object()["/A"]["/URI"] for a in page.get("/Annots", []) if "/A" in a.get_object()]
    assert uris == ["mailto:desk@example.org"]
    assert "Write mailto: or call tel: or the desk." in pdftotext(data, tmp_path)


def test_a_character_no_font_has_is_a_box_that_copies_out_as_itself(caplog: pytest.LogCaptureFixture) -> None:
    """Corpus 06, 07 and 13: an emoji (no emoji font) was drawn as code 0 and copied out as NUL; it stays an empty
    box, with a warning, and copies out as written, in text, in a heading, in right-to-left text and twice over."""
    blocks = (para("Done 👌 and 👌."), Subheading(2, (Text("Use 📊 to learn"),), attr=Attr("use")),
              para("نحن 👌 ملتزمون"))
    with caplog.at_level(logging.WARNING, logger="convert"):
        data = convert.render(article(*blocks), "pdf")
    assert any("U+1F44C" in r.getMessage() for r in caplog.records)
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
    assert "\x00" not in text
    assert "Done 👌 and 👌." in text and "Use 📊 to learn" in text and text.count("👌") == 3
    assert convert.render(article(*blocks), "pdf") == data  # the same bytes again


def one_column(*blocks: object, head: bool = False) -> Table:
    row = Row((Cell(tuple(blocks)),))  # type: ignore[arg-type]
    return Table((), (ColumnSpec(),), (row,) if head else (), () if head else (row,), line=5)


@needs_poppler
def test_a_table_in_a_cell_makes_its_column_as_wide_as_the_nested_words(tmp_path: Path) -> None:
    """fuzz pdf-nested-table-width: a cell holding only a table measured 0 wide (text of paragraphs only), the
    nested table got 1 pt and the writer failed ('flowable given negative availWidth')."""
    inner = Table((), (ColumnSpec(), ColumnSpec()), (), (Row((Cell((para("nested"),)), Cell((para("words"),)))),))
    data = convert.render(article(one_column(inner), para("After")), "pdf")
    assert pdftotext(data, tmp_path).split() == ["T", "nested", "words", "After", "1"]  # no word broken


@needs_poppler
def test_a_table_nested_in_a_cell_too_narrow_for_it_keeps_every_word_with_a_warning(
        tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    """Tables nested twice in the last of 31 columns of long words: the innermost got 0.2 pt (the writer failed);
    it is now set one least column wide, over its cell's edge, with a warning naming the table's line."""
    innermost = Table((), (ColumnSpec(), ColumnSpec()), (), (Row((Cell((para("x"),)), Cell((para("yyyy"),)))),),
                      line=9)
    middle = Table((), (ColumnSpec(), ColumnSpec()), (), (Row((Cell((para("a"), innermost)), Cell((para("b"),)))),),
                   line=8)
    cells = (*(Cell((para(f"averyveryverylongword{i}"),)) for i in range(30)), Cell((middle,)))
    table = Table((), tuple(ColumnSpec() for _ in cells), (), (Row(cells),))
    with caplog.at_level(logging.WARNING, logger="convert"):
        data = convert.render(article(table), "pdf")
    narrow = [r for r in caplog.records if "a table nested in a cell" in r.getMessage()]
    assert sorted(r.getMessage().split(": ")[0] for r in narrow) == ["t.md:8", "t.md:9"]  # once each
    text = "".join(pdftotext(data, tmp_path).split())
    assert all(word in text for word in ("x", "yyyy", "a", "b", "averyveryverylongword29"))


def test_a_header_row_taller_than_a_page_splits_across_pages_with_every_word() -> None:
    """fuzz pdf-tall-header-row: a pipe table of only a header row longer than a page could not split (reportlab
    never splits repeated rows): 'LayoutError: Flowable <RowTable ...> too large on page 2'."""
    words = [f"w{i}" for i in range(900)]
    reader = PdfReader(io.BytesIO(convert.render(article(one_column(para(" ".join(words)), head=True)), "pdf")))
    assert len(reader.pages) >= 2
    found = [w for page in reader.pages for w in page.extract_text().split() if re.fullmatch(r"w\d+", w)]
    assert found == words
