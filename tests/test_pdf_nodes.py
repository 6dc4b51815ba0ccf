"""Every model node in the PDF, read back with pypdf and poppler: tables, notes, lists, links, destinations."""

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
from convert.model import (
    Article,
    Attr,
    Block,
    BlockQuote,
    Cell,
    CodeBlock,
    ColumnSpec,
    DefinitionItem,
    DefinitionList,
    Div,
    Emph,
    Figure,
    Inline,
    InlineImage,
    Link,
    ListBlock,
    Math,
    Meta,
    Note,
    Paragraph,
    Row,
    SmallCaps,
    Span,
    Strikeout,
    Strong,
    Subheading,
    Subscript,
    Superscript,
    Table,
    Text,
    Underline,
)

needs_poppler = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils is not installed")


def article(*blocks: Block, title: str = "Results", lang: str = "en") -> Article:
    return Article(Meta(title=title, lang=lang), tuple(blocks), source="test.md")


def para(*spans: Inline | str) -> Paragraph:
    return Paragraph(tuple(Text(s) if isinstance(s, str) else s for s in spans), line=3)


def cell(text: str) -> Cell:
    return Cell((para(text),))


def table(rows: list[list[str]], head: list[str], aligns: tuple[str, ...] = (), caption: str = "") -> Table:
    columns = tuple(ColumnSpec(aligns[i] if i < len(aligns) else "default") for i in range(len(head)))  # type: ignore[arg-type]
    return Table((Text(caption),) if caption else (), columns, (Row(tuple(cell(h) for h in head)),),
                 tuple(Row(tuple(cell(c) for c in r)) for r in rows), line=5)


def pages_text(data: bytes, tmp_path: Path, layout: bool = False) -> list[str]:
    path = tmp_path / "x.pdf"
    path.write_bytes(data)
    args = ["pdftotext", "-enc", "UTF-8"] + (["-layout"] if layout else []) + [str(path), "-"]
    return subprocess.run(args, capture_output=True, text=True, check=True).stdout.split("\f")


def render(a: Article) -> bytes:
    return convert.render(a, "pdf")


@needs_poppler
def test_table_cells_in_reading_order_with_caption_and_right_alignment(tmp_path: Path) -> None:
    data = render(article(table([["A", "2.50"], ["B", "3.10"]], ["Route", "Fare"], ("left", "right"),
                                caption="Bus fares in May")))
    text = pages_text(data, tmp_path)[0]
    flat = re.sub(r"\s+", " ", text)
    assert "Bus fares in May" in flat
    assert "Route Fare A 2.50 B 3.10" in flat
    boxes = subprocess.run(["pdftotext", "-bbox", str(tmp_path / "x.pdf"), "-"], capture_output=True, text=True).stdout
    right = {w: float(x) for x, w in re.findall(r'xMax="([\d.]+)"[^>]*>([\d.]+)</word>', boxes)}
    assert abs(right["2.50"] - right["3.10"]) < 0.5  # right-aligned: the numbers end at the same x


@needs_poppler
@pytest.mark.parametrize("count", [150, pytest.param(2000, marks=pytest.mark.slow)])
def test_long_table_repeats_its_header_on_every_page(count: int, tmp_path: Path) -> None:
    rows = [[f"row {i}", f"{i * 3}"] for i in range(count)]
    data = render(article(table(rows, ["Name", "Value"])))
    pages = [p for p in pages_text(data, tmp_path) if p.strip()]
    assert len(pages) > count // 100
    assert all("Name" in p and "Value" in p for p in pages)
    flat = re.sub(r"\s+", " ", " ".join(pages))
    assert "row 0 0" in flat and f"row {count - 1} {(count - 1) * 3}" in flat


@needs_poppler
def test_wide_table_stays_inside_the_page(tmp_path: Path) -> None:
    head = [f"Column{i}" for i in range(40)]
    data = render(article(table([[f"v{i}x{j}" for i in range(40)] for j in range(5)], head)))
    (tmp_path / "x.pdf").write_bytes(data)
    boxes = subprocess.run(["pdftotext", "-bbox", str(tmp_path / "x.pdf"), "-"], capture_output=True, text=True).stdout
    width = float(re.search(r'<page width="([\d.]+)"', boxes).group(1))  # type: ignore[union-attr]
    words = [(float(a), float(b)) for a, b in re.findall(r'<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)"', boxes)]
    assert words and all(left >= 0 and right <= width for left, right in words)
    sizes = re.findall(rb"/F\d+\+\d+ ([\d.]+) Tf", _content(data))
    assert sizes and min(float(s) for s in sizes) >= 7.5


def internal_links(reader: PdfReader) -> list[tuple[int, int]]:
    """(page of the link, page it points at) for every link to a place in the document."""
    pages = {page.indirect_reference.idnum: index for index, page in enumerate(reader.pages)}  # type: ignore[union-attr]
    found = []
    for index, page in enumerate(reader.pages):
        for annotation in page.get("/Annots", []):
            annotation = annotation.get_object()
            if "/Dest" in annotation:
                found.append((index, pages[annotation["/Dest"][0].idnum]))
    return found


def _content(data: bytes) -> bytes:
    reader = PdfReader(io.BytesIO(data))
    return b"".join(page.get_contents().get_data() for page in reader.pages)  # type: ignore[union-attr]


@needs_poppler
def test_footnote_text_is_on_the_page_of_its_reference(tmp_path: Path) -> None:
    filler = [para(f"Filler paragraph number {i} with enough words to fill some of the page.") for i in range(60)]
    note = Note((para("The minutes were published a week later."),))
    blocks = [*filler, para("The council met twice in May.", note, " More."), *filler]
    pages = pages_text(render(article(*blocks)), tmp_path)
    with_ref = [i for i, p in enumerate(pages) if "The council met twice in May." in re.sub(r"\s+", " ", p)]
    with_note = [i for i, p in enumerate(pages) if "The minutes were published a week later." in re.sub(r"\s+", " ", p)]
    assert with_ref and with_ref == with_note
    assert len(with_ref) == 1 and with_ref[0] > 0


def test_notes_link_both_ways_and_nested_notes_are_kept() -> None:
    inner = Note((para("Inner note."),))
    data = render(article(para("Text", Note((para("Outer note", inner, "."),)), " and ", Note((para("Second."),)), ".")))
    reader = PdfReader(io.BytesIO(data))
    text = " ".join(p.extract_text() for p in reader.pages)
    for piece in ("Outer note", "Inner note.", "Second."):
        assert piece in text
    assert len(internal_links(reader)) == 6  # three references and three notes, each linked to the other


def test_a_very_long_note_goes_to_the_end_and_nothing_is_lost() -> None:
    long_note = Note(tuple(para(f"Long note paragraph {i} " + "word " * 60) for i in range(40)))
    data = render(article(para("Reference here", long_note, "."), para("After.")))
    text = re.sub(r"\s+", " ", " ".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages))
    assert "Long note paragraph 0" in text and "Long note paragraph 39" in text
    assert "Notes" in text


def test_definition_list_has_a_hanging_indent() -> None:
    deflist = DefinitionList((DefinitionItem((Text("Turnout"),), ((para("The share of registered voters who voted."),),)),),
                             line=3)
    data = render(article(deflist))
    content = _content(data).decode("latin-1")
    positions = [float(x) for x in re.findall(r"BT 1 0 0 1 ([\d.]+) [\d.]+ Tm", content)]
    assert len(set(round(p) for p in positions)) >= 2  # the definition starts right of the term
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages)
    assert "Turnout" in text and "The share of registered voters who voted." in text


def test_inline_extensions_and_math_keep_their_text() -> None:
    spans = (Text("Water is H"), Subscript((Text("2"),)), Text("O, the 19"), Superscript((Text("th"),)),
             Text(" century, "), Strikeout((Text("old"),)), Text(" new, "), SmallCaps((Text("Small Caps"),)),
             Text(", "), Underline((Text("under"),)), Text(" and "), Math("x^2"), Text("."))
    data = render(article(Paragraph(spans, line=3)))
    text = re.sub(r"\s+", " ", " ".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages))
    for piece in ("Water is H", "2", "century", "old", "new", "SMALL CAPS", "under", "x^2"):
        assert piece in text, piece
    names = {str(f.get_object()["/BaseFont"]).split("+")[1] for p in PdfReader(io.BytesIO(data)).pages
             for f in p["/Resources"]["/Font"].values()}
    assert any("Mono" in n for n in names)  # math in the mono face


def test_internal_links_point_at_destinations_and_dangling_ones_are_text(caplog: pytest.LogCaptureFixture) -> None:
    blocks = (
        para(Link("#title", (Text("top"),)), " ", Link("#method", (Text("the method"),)), " ",
             Link("#nowhere", (Text("dangling"),)), " ", Link("javascript:alert(1)", (Text("script"),)), " ",
             Link("//host/x", (Text("no scheme"),)), " ", Link("mailto:a@b.org", (Text("mail"),))),
        para(Link("#here", (Text("to span"),)), " ", Link("#box", (Text("to div"),))),
        Subheading(2, (Text("Method"),), line=4, attr=Attr("method")),
        para("A ", Span(Attr("here"), (Text("span"),)), "."),
        Div(Attr("box"), (para("In a div."),), line=7),
    )
    with caplog.at_level(logging.WARNING, logger="convert"):
        data = render(article(*blocks))
    reader = PdfReader(io.BytesIO(data))
    assert len(internal_links(reader)) == 4  # title, method, span, div (reportlab writes them as explicit /Dest)
    links = [a.get_object() for p in reader.pages for a in p.get("/Annots", [])]
    uris = {str(a["/A"]["/URI"]) for a in links if "/A" in a}
    assert uris == {"mailto:a@b.org"}
    messages = [r.getMessage() for r in caplog.records]
    assert any("#nowhere" in m for m in messages) and any("javascript:" in m for m in messages)
    assert any("//host/x" in m for m in messages)
    text = " ".join(p.extract_text() for p in reader.pages)
    assert "dangling" in text and "script" in text and "no scheme" in text


def test_heading_levels_nest_in_the_outline_and_headings_in_lists_get_bookmarks() -> None:
    blocks = [Subheading(level, (Text(f"Level {level}"),), line=level, attr=Attr(f"l{level}")) for level in range(2, 7)]
    item = (Subheading(2, (Text("In a list"),), line=9, attr=Attr("in-list")), para("Item text."))
    blocks.append(ListBlock(False, (item,), line=9))
    reader = PdfReader(io.BytesIO(render(article(*blocks))))
    outline = reader.outline
    assert outline[0].title == "Results"  # type: ignore[union-attr]

    def titles(entries: list[object]) -> list[str]:
        found: list[str] = []
        for entry in entries:
            found.extend(titles(entry) if isinstance(entry, list) else [entry.title])  # type: ignore[attr-defined]
        return found

    assert titles(outline) == ["Results", "Level 2", "Level 3", "Level 4", "Level 5", "Level 6", "In a list"]
    assert isinstance(outline[1], list) and isinstance(outline[1][1], list)  # Level 3 nests under Level 2


def test_outline_root_count_is_right() -> None:
    reader = PdfReader(io.BytesIO(render(article(Subheading(2, (Text("One"),), attr=Attr("one")), para("x")))))
    root = reader.trailer["/Root"]["/Outlines"].get_object()
    assert root["/Count"] == 2  # the title and its subheading (reportlab writes 3)


def test_no_title_means_no_headline_but_a_document_title() -> None:
    data = render(Article(Meta(title=""), (para("Body only."),), source="/tmp/story.md"))
    reader = PdfReader(io.BytesIO(data))
    assert reader.metadata is not None and reader.metadata.title == "story"
    text = reader.pages[0].extract_text()
    assert "Body only." in text and "story" not in text and "Untitled" not in text


def test_figure_without_picture_shows_caption_and_address_link() -> None:
    figure = Figure(None, (Text("A remote photo"),), "alt", src="https://example.org/p.jpg", line=3, attr=Attr("fig1"))
    reader = PdfReader(io.BytesIO(render(article(para(Link("#fig1", (Text("see the photo"),))), figure))))
    text = reader.pages[0].extract_text()
    assert "A remote photo" in text and "https://example.org/p.jpg" in text
    uris = [a.get_object()["/A"]["/URI"] for a in reader.pages[0]["/Annots"] if "/A" in a.get_object()]
    assert uris == ["https://example.org/p.jpg"]
    assert internal_links(reader) == [(0, 0)]


@needs_poppler
def test_small_pictures_sit_in_the_line_and_large_ones_on_their_own(tmp_path: Path) -> None:
    from PIL import Image as PILImage

    from convert.model import Image

    def picture(width: int, height: int) -> Image:
        buffer = io.BytesIO()
        PILImage.new("RGB", (width, height), (200, 30, 30)).save(buffer, "PNG")
        return Image("x.png", buffer.getvalue(), "png", width, height)

    spans = (Text("An icon "), InlineImage(picture(16, 16), "icon.png", "icon"), Text(" and a chart "),
             InlineImage(picture(600, 400), "chart.png", "chart"), Text(" end."))
    data = render(article(Paragraph(spans, line=3)))
    reader = PdfReader(io.BytesIO(data))
    assert len(reader.pages[0].images) == 2
    (tmp_path / "x.pdf").write_bytes(data)
    boxes = subprocess.run(["pdftotext", "-bbox", str(tmp_path / "x.pdf"), "-"], capture_output=True, text=True).stdout
    y = {w: float(top) for top, w in re.findall(r'yMin="([\d.]+)" xMax="[\d.]+" yMax="[\d.]+">([^<]+)</word>', boxes)}
    assert y["icon"] == y["chart"]  # the icon sits in the line, the text goes on after it
    assert y["end."] > y["chart"] + 100  # the chart has a line of its own between


def test_quotes_lists_code_and_emphasis_render_with_code_first_in_a_list() -> None:
    item = (CodeBlock("make install"), para("then run it"))
    blocks = (BlockQuote((para("Quoted ", Emph((Text("words"),)), " and ", Strong((Text("more"),)), "."),)),
              ListBlock(True, (item, (para("second"),)), start=3, style="lower-roman"),
              ListBlock(False, ((para("bullet"),),)))
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(render(article(*blocks)))).pages)
    for piece in ("Quoted words and more.", "make install", "then run it", "iii.", "iv.", "second", "\u2022", "bullet"):
        assert piece in text, piece


def test_deep_nesting_keeps_its_text() -> None:
    block: Block = para("deepest words")
    for depth in range(30):
        block = BlockQuote((block,)) if depth % 2 else ListBlock(False, ((block,),))
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(render(article(block)))).pages)
    assert "deepest words" in text


@needs_poppler
def test_issue_11_inputs_from_markdown(tmp_path: Path) -> None:
    source = ("# Fares\n\n| Route | Fare |\n|-------|-----:|\n| A     | 2.50 |\n| B     | 3.10 |\n\nTable: Bus fares in May\n\n"
              "The council met twice in May.[^1] A second note.^[Checked twice.]\n\n"
              "[^1]: The minutes were published a week later.\n\nTurnout\n:   The share of registered voters who voted.\n\n"
              "Water is H~2~O, the 19^th^ century, ~~old~~ new, [Small Caps]{.smallcaps} and "
              "[a site](https://example.org){.external}.\n")
    text = re.sub(r"\s+", " ", " ".join(pages_text(render(convert.read_text(source)), tmp_path)))
    for piece in ("Bus fares in May", "Route Fare A 2.50 B 3.10", "The minutes were published a week later.",
                  "Checked twice.", "Turnout", "The share of registered voters who voted.", "Small Caps", "a site"):
        assert piece in text, piece
    for leak in ("[^1]", "^[", "~~", "|---", "{.smallcaps}", "{.external}"):
        assert leak not in text, leak


@needs_poppler
def test_a_figure_not_loaded_reads_alike_in_every_format(tmp_path: Path) -> None:
    """writers/_common.figure_description: the description (unless the caption says it, spaces aside), the address,
    then the caption, in the PDF, the DOCX and the page alike."""
    import docx
    from lxml import html as lxml_html

    shown = Figure(None, (Text("The count, late"),), "Volunteers  count\nballots", line=3, src="https://example.org/p.jpg")
    repeated = Figure(None, (Text("Same words"),), " Same   words ", line=5, src="https://example.org/q.jpg")
    art = article(shown, repeated, para("After."))
    expected = ["Volunteers count ballots", "https://example.org/p.jpg", "The count, late",
                "https://example.org/q.jpg", "Same words", "After."]
    pdf_lines = [line.strip() for line in pages_text(render(art), tmp_path)[0].splitlines() if line.strip()]
    assert pdf_lines[1:-1] == expected  # the title before, the page number after
    document = docx.Document(io.BytesIO(convert.render(art, "docx")))
    docx_lines = [line for p in document.paragraphs[1:] for line in p.text.split("\n") if line.strip()]
    assert docx_lines == expected
    page = lxml_html.fromstring(convert.render(art, "html"))
    html_lines = [" ".join(e.text_content().split()) for e in page.iter("p", "figcaption")]
    assert html_lines == expected
