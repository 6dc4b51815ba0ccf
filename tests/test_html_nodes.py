"""Every model node in the EPUB's XHTML and the HTML page, read back with lxml (articles built from model nodes).

The Markdown-driven cases at the end go through the reader.
"""

from __future__ import annotations

import io
import zipfile

import pytest
from lxml import etree, html

import convert
from convert.model import (
    Article,
    Attr,
    BlockQuote,
    Cell,
    CodeBlock,
    ColumnSpec,
    DefinitionItem,
    DefinitionList,
    Div,
    Emph,
    Figure,
    Image,
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
    Subheading,
    Subscript,
    Superscript,
    Table,
    Text,
    Underline,
)

from .conftest import image_bytes

X = "{http://www.w3.org/1999/xhtml}"
EPUB_TYPE = "{http://www.idpf.org/2007/ops}type"
NS = {"x": "http://www.w3.org/1999/xhtml", "epub": "http://www.idpf.org/2007/ops"}


def picture(width: int = 120, height: int = 80, fmt: str = "png") -> Image:
    data = image_bytes(width, height, "PNG" if fmt == "png" else "JPEG")
    return Image(source=f"p{width}x{height}.{fmt}", data=data, format=fmt, width=width, height=height)


def article(*blocks: object, title: str = "T", **meta: object) -> Article:
    return Article(Meta(title=title, **meta), tuple(blocks), source="story.md")  # type: ignore[arg-type]


def epub_doc(art: Article) -> etree._Element:
    data = convert.render(art, "epub")
    return etree.fromstring(zipfile.ZipFile(io.BytesIO(data)).read("EPUB/article.xhtml"))


def html_doc(art: Article) -> html.HtmlElement:
    return html.fromstring(convert.render(art, "html"))


def text(element: etree._Element) -> str:
    return " ".join("".join(element.itertext()).split())


def both(art: Article) -> list[tuple[str, etree._Element]]:
    """The article element of each format, with XHTML names turned into plain tag names for one set of asserts."""
    docs: list[tuple[str, etree._Element]] = []
    for name, doc in (("epub", epub_doc(art)), ("html", html_doc(art))):
        for element in doc.iter():
            if isinstance(element.tag, str) and element.tag.startswith(X):
                element.tag = element.tag[len(X):]
        docs.append((name, doc))
    return docs


# --- tables ----------------------------------------------------------------------

def cell(content: str, **kw: object) -> Cell:
    return Cell((Paragraph((Text(content),)),), **kw)  # type: ignore[arg-type]


FARES = Table(
    caption=(Text("Bus fares in "), Emph((Text("May"),))),
    columns=(ColumnSpec("left", 0.6), ColumnSpec("right", 0.4)),
    head=(Row((cell("Route"), cell("Fare"))),),
    body=(Row((cell("A"), cell("2.50"))), Row((cell("B"), cell("3.10", align="center")))),
    foot=(Row((cell("Both", col_span=2),)),),
    attr=Attr("fares"),
)


@pytest.mark.parametrize("fmt", ["epub", "html"])
def test_table_structure(fmt: str) -> None:
    doc = dict(both(article(FARES)))[fmt]
    table = doc.find(".//table")
    assert table is not None and table.get("id") == "fares"
    assert text(table.find("caption")) == "Bus fares in May" and table.find("caption/em") is not None
    assert [(th.get("scope"), text(th)) for th in table.iterfind("thead/tr/th")] == [("col", "Route"), ("col", "Fare")]
    rows = [[(td.get("class"), text(td)) for td in tr.iterfind("td")] for tr in table.iterfind("tbody/tr")]
    assert rows == [[("align-left", "A"), ("align-right", "2.50")], [("align-left", "B"), ("align-center", "3.10")]]
    foot = table.find("tfoot/tr/td")
    assert foot is not None and foot.get("colspan") == "2" and text(foot) == "Both"
    assert not [e for e in doc.iter() if e.get("style") and e.tag != "col"]  # alignment by class only
    wrapper = table.getparent()
    assert wrapper.get("class") == "table-wrap" and wrapper.get("tabindex") == "0"


def test_table_spans_and_block_cells() -> None:
    body = Row((Cell((Paragraph((Text("one"),)), Paragraph((Text("two"),))), row_span=2), cell("x")))
    table = Table((), (ColumnSpec(), ColumnSpec()), (Row((cell("Wide", col_span=2),)),), (body, Row((cell("y"),))))
    doc = dict(both(article(table)))["html"]
    assert doc.find(".//thead/tr/th").get("scope") == "colgroup"
    first = doc.find(".//tbody/tr/td")
    assert first.get("rowspan") == "2" and [text(p) for p in first.iterfind("p")] == ["one", "two"]
    assert doc.find(".//table/caption") is None and doc.find(".//tfoot") is None


def test_row_header_cells_from_row_head_columns() -> None:
    """pandoc's RowHeadColumns: the first N cells of each body row are <th scope="row">; head and foot rows are not."""
    table = Table((), (ColumnSpec(), ColumnSpec(), ColumnSpec()), (Row((cell("Route"), cell("Stop"), cell("Fare"))),),
                  (Row((cell("A"), cell("Main St"), cell("2.50"))), Row((cell("B", col_span=2), cell("3.10"))),
                   Row((Cell(()), cell("Depot"), cell("0")))),
                  foot=(Row((cell("All"), cell(""), cell("5.60"))),), row_head_columns=2)
    for fmt, doc in both(article(table)):
        rows = [[(c.tag, c.get("scope"), text(c)) for c in tr] for tr in doc.iterfind(".//tbody/tr")]
        assert rows == [
            [("th", "row", "A"), ("th", "row", "Main St"), ("td", None, "2.50")],
            [("th", "row", "B"), ("td", None, "3.10")],  # a header cell spanning both row-head columns
            [("td", None, ""), ("th", "row", "Depot"), ("td", None, "0")],  # an empty one names nothing
        ], fmt
        assert [c.tag for c in doc.find(".//tfoot/tr")] == ["td", "td", "td"]
        assert [c.get("scope") for c in doc.find(".//thead/tr")] == ["col", "col", "col"]


def test_no_row_headers_without_row_head_columns() -> None:
    for _, doc in both(article(FARES)):
        assert doc.find(".//tbody//th") is None


def test_empty_header_cell_is_not_an_empty_th() -> None:
    table = Table((), (ColumnSpec(), ColumnSpec()), (Row((Cell(()), cell("B"))),), (Row((cell("1"), cell("2"))),))
    doc = dict(both(article(table)))["epub"]
    assert [e.tag for e in doc.find(".//thead/tr")] == ["td", "th"]  # axe: empty-table-header


# --- notes -------------------------------------------------------------------------

NOTES = article(
    Paragraph((Text("Met twice."), Note((Paragraph((Text("Minutes "), Link("https://example.org", (Text("here"),)))),)),
               Text(" Again."), Note((Paragraph((Text("Checked"), Note((Paragraph((Text("inner"),)),)))),))), line=3),
    Paragraph((Text("Later."), Note((Paragraph((Text("Third."),)), ListBlock(False, ((Paragraph((Text("item"),)),),))))),),
)


def test_epub_notes_are_popup_footnotes_with_back_links() -> None:
    doc = epub_doc(NOTES)
    refs = doc.xpath("//x:a[@epub:type='noteref']", namespaces=NS)
    # numbered in reading order: the note inside note 2 is 3, and its mark sits in note 2's aside, after the body
    assert [text(a) for a in refs] == ["1", "2", "4", "3"]
    refs.sort(key=text)
    asides = doc.xpath("//x:aside[@epub:type='footnote']", namespaces=NS)
    assert [a.get("role") for a in asides] == ["doc-footnote"] * 4
    for ref, aside in zip(refs, asides, strict=True):
        assert ref.get("role") == "doc-noteref" and ref.get("href") == "#" + aside.get("id")
        back = aside.find(".//x:a[@role='doc-backlink']", NS)
        assert back is not None and back.get("href") == "#" + ref.get("id")
    assert [text(a) for a in asides] == ["1. Minutes here", "2. Checked3", "3. inner", "4. Third. item"]
    assert asides[0].find(".//x:a[@href='https://example.org']", NS) is not None


def test_html_notes_are_an_endnotes_section() -> None:
    doc = html_doc(NOTES)
    section = doc.find(".//section[@role='doc-endnotes']")
    assert section is not None and section.getparent().tag == "main"
    items = section.findall("ol/li")
    refs = sorted(doc.xpath("//a[@role='doc-noteref']"), key=text)
    assert len(items) == len(refs) == 4
    for ref, item in zip(refs, items, strict=True):
        assert ref.get("href") == "#" + item.get("id")
        back = item.find(".//a[@role='doc-backlink']")
        assert back.get("href") == "#" + ref.get("id")
    assert text(items[3]).startswith("Third. item")
    assert "epub:type" not in html.tostring(doc, encoding="unicode")


def test_note_ids_do_not_clash_with_article_ids() -> None:
    art = article(Subheading(2, (Text("Notes"),), attr=Attr("fn-1")),
                  Paragraph((Text("x"), Note((Paragraph((Text("n"),)),)))))
    for _, doc in both(art):
        ids = [e.get("id") for e in doc.iter() if e.get("id")]
        assert len(ids) == len(set(ids)) and doc.find(".//h2").get("id") == "fn-1"


# --- definition lists, inline extensions, spans, divs ---------------------------------------

def test_definition_list() -> None:
    entry = DefinitionItem((Text("Turnout"),), ((Paragraph((Text("The share who voted."),)),), (Paragraph((Text("Or not."),)),)))
    for _, doc in both(article(DefinitionList((entry,)))):
        dl = doc.find(".//dl")
        assert [(e.tag, text(e)) for e in dl] == [("dt", "Turnout"), ("dd", "The share who voted."), ("dd", "Or not.")]


def test_inline_extensions() -> None:
    spans = (Text("H"), Subscript((Text("2"),)), Text("O, 19"), Superscript((Text("th"),)), Strikeout((Text("old"),)),
             SmallCaps((Text("Small Caps"),)), Underline((Text("under"),)), Math("x^2 < y"), Math("E=mc^2", display=True))
    for _, doc in both(article(Paragraph(spans))):
        p = doc.find(".//article/p")
        assert [(e.tag, e.get("class"), text(e)) for e in p] == [
            ("sub", None, "2"), ("sup", None, "th"), ("del", None, "old"), ("span", "smallcaps", "Small Caps"),
            ("u", None, "under"), ("code", "math inline", "x^2 < y"), ("code", "math display", "E=mc^2")]


def test_span_and_div_attributes_are_kept_safely() -> None:
    span = Span(Attr("s1", ("note", "bad class", "x\"y", "ok-2"), (("lang", "ar"), ("dir", "RTL"), ("onclick", "x()"),
                                                                  ("data-x", "1"), ("style", "color:red"))), (Text("مرحبا"),))
    div = Div(Attr("box", ("callout-note",), (("dir", "evil"),)), (Paragraph((span,)),))
    for _, doc in both(article(div)):
        d = doc.find(".//div[@id='box']")
        assert d is not None and d.get("class") == "callout-note" and d.get("dir") is None
        s = d.find(".//span")
        assert (s.get("id"), s.get("class"), s.get("lang"), s.get("dir")) == ("s1", "note ok-2", "ar", "rtl")
        assert s.get("onclick") is None and s.get("style") is None and s.get("data-onclick") == "x()"


def test_bare_span_adds_no_element() -> None:
    for _, doc in both(article(Paragraph((Span(Attr(), (Text("plain"),)),)))):
        assert doc.find(".//article/p/span") is None and text(doc.find(".//article/p")) == "plain"


# --- headings, ids, links ---------------------------------------------------------------

HEADINGS = article(
    Subheading(2, (Text("One"),), attr=Attr("one")), Subheading(3, (Text("Two"),), attr=Attr("two", ("wide",))),
    Subheading(4, (Text("Three"),), attr=Attr("3rd")), Subheading(5, (Text("Four"),), attr=Attr("four")),
    Subheading(6, (Text("Five"),), attr=Attr("five")), Subheading(2, (Text("Six"),), attr=Attr("one")),
    Paragraph((Link("#two", (Text("to two"),)), Text(" "), Link("#3rd", (Text("to three"),)), Text(" "),
               Link("#missing", (Text("nowhere"),)), Text(" "), Link("#title", (Text("top"),)))),
)


def test_heading_levels_ids_and_internal_links() -> None:
    for fmt, doc in both(HEADINGS):
        found = [(e.tag, e.get("id"), e.get("class")) for e in doc.iter("h2", "h3", "h4", "h5", "h6")]
        assert found == [("h2", "one", None), ("h3", "two", "wide"), ("h4", "id-3rd", None), ("h5", "four", None),
                         ("h6", "five", None), ("h2", "section-6", None)], fmt  # a repeated id is not repeated
        links = {text(a): a.get("href") for a in doc.iter("a")}
        assert links == {"to two": "#two", "to three": "#id-3rd", "top": "#title"}, fmt
        assert "nowhere" in text(doc.find(".//article"))
        ids = {e.get("id") for e in doc.iter() if e.get("id")}
        assert {h[1:] for h in links.values()} <= ids


def test_nested_nav_and_ncx() -> None:
    data = convert.render(HEADINGS, "epub")
    package = zipfile.ZipFile(io.BytesIO(data))
    nav = etree.fromstring(package.read("EPUB/nav.xhtml"))
    toc = nav.find(".//x:nav[@epub:type='toc']", NS)

    def tree(ol: etree._Element) -> list[object]:
        return [(text(li.find("x:a", NS) if li.find("x:a", NS) is not None else li.find("x:span", NS)),
                 tree(li.find("x:ol", NS)) if li.find("x:ol", NS) is not None else []) for li in ol.iterfind("x:li", NS)]

    assert tree(toc.find("x:ol", NS)) == [
        ("T", []), ("One", [("Two", [("Three", [("Four", [("Five", [])])])])]), ("Six", [])]
    hrefs = [a.get("href") for a in toc.iter(f"{X}a")]
    assert hrefs[1:] == ["article.xhtml#one", "article.xhtml#two", "article.xhtml#id-3rd", "article.xhtml#four",
                         "article.xhtml#five", "article.xhtml#section-6"]
    ncx = etree.fromstring(package.read("EPUB/toc.ncx"))
    ncx_ns = "{http://www.daisy.org/z3986/2005/ncx/}"
    depth = max(len(list(p.iterancestors(f"{ncx_ns}navPoint"))) for p in ncx.iter(f"{ncx_ns}navPoint"))
    assert depth == 4  # One > Two > Three > Four > Five
    landmarks = nav.find(".//x:nav[@epub:type='landmarks']", NS)
    assert landmarks is not None and [a.get(EPUB_TYPE) for a in landmarks.iter(f"{X}a")] == ["bodymatter"]


def test_relative_links_become_text_in_the_book_but_not_in_html() -> None:
    art = article(Paragraph((Text("See "), Link("photo.jpg", (Text("the photo"),)), Text(", "),
                             Link("#nowhere", (Text("this"),)), Text(" and "), Link("https://example.org/", (Text("the web"),)),
                             Text(" "), Link("javascript:alert(1)", (Text("bad"),)), Text("."))))
    docs = dict(both(art))
    assert [a.get("href") for a in docs["epub"].iter("a")] == ["https://example.org/"]
    assert [a.get("href") for a in docs["html"].iter("a")] == ["photo.jpg", "https://example.org/"]
    for doc in docs.values():
        assert text(doc.find(".//article/p")) == "See the photo, this and the web bad."


def test_nothing_nests_inside_a_link() -> None:
    """A linked remote picture (a video thumbnail) or a note inside a link's text never makes an <a> inside an <a>."""
    note = Note((Paragraph((Link("https://n.example", (Text("src"),)),)),))
    thumbnail = InlineImage(None, "https://img.example/t.jpg", "Watch")
    art = article(Paragraph((Link("https://video.example/v", (thumbnail, Link("https://x.example", (Text(" inner"),)), note)),)))
    for fmt, doc in both(art):
        outer = doc.find(".//article/p/a")
        assert outer.get("href") == "https://video.example/v" and outer.find(".//a") is None, fmt
        assert text(outer) == "Watch inner"
        mark = outer.getnext()  # the note's mark follows the link, and is a link to the note
        assert mark.get("role") == "doc-noteref" and text(mark) == "1"
        assert doc.find(f".//*[@id='{mark.get('href')[1:]}']") is not None
        note_link = doc.find(".//*[@href='https://n.example']")
        assert note_link is not None  # the note keeps its own link
        back = doc.find(".//a[@role='doc-backlink']")
        assert doc.find(f".//*[@id='{back.get('href')[1:]}']") is not None


def test_note_marks_in_link_text_follow_the_link_in_order() -> None:
    """Notes in a link's text (``[a^[one]](url)``) are reachable: their marks follow the link, numbered in reading
    order, and a note's own link keeps its mark inside the note."""
    inner = Note((Paragraph((Link("https://n.example", (Text("src"), Note((Paragraph((Text("deep"),)),)))),)),))
    art = article(Paragraph((Link("https://e.org/", (Text("a"), Note((Paragraph((Text("one"),)),)), Text("b"), inner)),
                             Text(" then"), Note((Paragraph((Text("three"),)),)))))
    for fmt, doc in both(art):
        p = doc.find(".//article/p")
        assert [(c.tag, c.get("role"), text(c)) for c in p] == [
            ("a", None, "ab"), ("a", "doc-noteref", "1"), ("a", "doc-noteref", "2"), ("a", "doc-noteref", "4")], fmt
        assert text(p) == "ab12 then4"
        refs = {a.get("href")[1:]: a for a in doc.iter("a") if a.get("role") == "doc-noteref"}
        assert len(refs) == 4 and all(doc.find(f".//*[@id='{ref}']") is not None for ref in refs)
        note_link = doc.find(".//*[@href='https://n.example']")
        assert note_link.find(".//a") is None and note_link.getnext().get("role") == "doc-noteref"


def test_empty_link_text_shows_its_address() -> None:
    art = article(Paragraph((Link("https://example.org/x", ()), Link("https://example.org/y", (InlineImage(picture(), "p", ""),)),
                             Link("https://example.org/z", (InlineImage(picture(), "p", "Named"),)))))
    for _, doc in both(art):
        assert [text(a) for a in doc.iterfind(".//article/p/a")] == [  # axe: link-name
            "https://example.org/x", "https://example.org/y", ""]


# --- figures and images --------------------------------------------------------------------

def test_figure_without_image_shows_caption_and_address() -> None:
    remote = Figure(None, (Text("A remote chart"),), "chart", credit="Photo: X", src="https://example.org/c.png")
    local = Figure(None, (Text("A local one"),), "", src="missing/c.png")
    docs = dict(both(article(remote, local)))
    for fmt, doc in docs.items():
        first, second = doc.iter("figure")
        assert first.find("img") is None and text(first.find("figcaption")) == "A remote chart Photo: X"
        link = first.find("p/a")
        assert link is not None and link.get("href") == "https://example.org/c.png" and text(link) == link.get("href")
        assert text(second.find("p")) == "missing/c.png"
        assert (second.find("p/a") is None) == (fmt == "epub")  # a relative address is a link only in HTML


def test_figure_without_image_shows_its_description_before_its_caption() -> None:
    """pandoc shows the description of a picture it could not load: when the caption does not already say it."""
    src = "https://example.org/photos/remote.jpg"
    described = Figure(None, (Text("The count, late"),), "Volunteers count\n ballots by lamplight", "Photo: AFP", src=src)
    repeated = Figure(None, (Text("The count, "), Emph((Text("late"),))), " The count,  late ", src=src + "?2")
    blank = Figure(None, (Text("Cap"),), "   ", src=src + "?3")
    uncaptioned = Figure(None, (), "A lone picture", src=src + "?4")
    for fmt, doc in both(article(described, repeated, blank, uncaptioned)):
        figures = list(doc.iter("figure"))
        shown = [[(child.tag, child.get("class"), text(child)) for child in figure] for figure in figures]
        assert shown[0] == [("p", "image-description", "Volunteers count ballots by lamplight"), ("p", None, src),
                            ("figcaption", None, "The count, late Photo: AFP")], fmt
        assert shown[1] == [("p", None, src + "?2"), ("figcaption", None, "The count, late")]
        assert shown[2] == [("p", None, src + "?3"), ("figcaption", None, "Cap")]
        assert shown[3] == [("p", "image-description", "A lone picture"), ("p", None, src + "?4")]
        assert [a.get("href") for figure in figures for a in figure.iter("a")] == [
            src, src + "?2", src + "?3", src + "?4"]  # the address is the link; the description is text
        assert all(figure.find(".//img") is None and "no-image" in figure.get("class") for figure in figures)


def test_inline_image_not_loaded_inside_a_link_is_only_its_alt() -> None:
    src = "https://example.org/chart.png"
    art = article(Paragraph((Link("https://example.org/story", (Text("Read "), InlineImage(None, src, "the chart"))),
                             Text(" or "), InlineImage(None, src, "this"))))
    for fmt, doc in both(art):
        links = [(a.get("href"), text(a)) for a in doc.iter("a")]
        assert links == [("https://example.org/story", "Read the chart"), (src, "this")], fmt
        assert text(doc.find(".//article/p")) == "Read the chart or this"


def test_images_sized_by_their_pixels_and_inline_images() -> None:
    art = article(Figure(picture(300, 600), (Text("Tall"),), "A tall picture"),
                  Paragraph((Text("Icon "), InlineImage(picture(10, 10), "i.png", "an icon"), Text(" and "),
                             InlineImage(None, "https://example.org/r.png", "remote"))))
    for fmt, doc in both(art):
        img = doc.find(".//figure/img")
        assert (img.get("width"), img.get("height"), img.get("class")) == ("300", "600", "portrait"), fmt
        inline = doc.find(".//article/p/img")
        assert (inline.get("alt"), inline.get("width"), inline.get("height")) == ("an icon", "10", "10")
        remote = doc.find(".//article/p/a")
        assert remote.get("href") == "https://example.org/r.png" and text(remote) == "remote"


def test_alt_text_equal_to_caption_is_read_once() -> None:
    """pandoc's rule: the caption is hidden from assistive technology when the alt text repeats it."""
    same = Figure(picture(), (Text("Two  leaders"),), "Two leaders", credit="Photo: AP")
    other = Figure(picture(), (Text("Caption"),), "Different alt text")
    linked = Figure(picture(), (Link("https://example.org", (Text("Linked"),)),), "Linked")
    for _, doc in both(article(same, other, linked)):
        first, second, third = doc.iter("figcaption")
        hidden = first.find("span[@aria-hidden='true']")
        assert hidden is not None and text(hidden) == "Two leaders"
        assert first.find("small").get("class") == "photo-credit" and first.find("small").get("aria-hidden") is None
        assert second.find(".//*[@aria-hidden]") is None and third.find(".//*[@aria-hidden]") is None


def test_images_are_embedded_once_as_renditions_epub_takes() -> None:
    tiff = Image("x.tif", b"II*\x00", "tiff", 120, 80, renditions=(picture().original,))
    art = article(Figure(tiff, (Text("T"),), "t"), Figure(tiff, (Text("again"),), "t"))
    data = convert.render(art, "epub", cover=False)
    names = [n for n in zipfile.ZipFile(io.BytesIO(data)).namelist() if n.startswith("EPUB/images/")]
    assert names == ["EPUB/images/figure-1.png"]
    page = convert.render(art, "html").decode()
    assert page.count("data:image/png;base64,") == 2 and "image/tiff" not in page


# --- the header --------------------------------------------------------------------------

def test_no_title_means_no_headline() -> None:
    art = Article(Meta(title=""), (Paragraph((Link("#title", (Text("top"),)),)),), source="/x/my-story.md")
    for fmt, doc in both(art):
        assert doc.find(".//h1") is None, fmt
        assert doc.find(".//article").get("id") == "title" and doc.find(".//a").get("href") == "#title"
        assert text(doc.find(".//title")) == "my-story"


def test_html_landmarks_and_author_meta() -> None:
    art = article(Paragraph((Text("x"),)), author=("Ann Writer", "Bob Reporter"), publisher="RFE/RL",
                  subtitle="Sub", date="0999-05-05")
    doc = html_doc(art)
    assert doc.find("body/main/article/header/h1") is not None
    assert [m.get("content") for m in doc.iterfind(".//meta[@name='author']")] == ["Ann Writer", "Bob Reporter"]
    assert doc.find(".//time").get("datetime") == "0999-05-05"
    no_author = html_doc(article(Paragraph((Text("x"),)), publisher="RFE/RL"))
    assert no_author.find(".//meta[@name='author']") is None


def test_rtl_article_sets_direction() -> None:
    art = article(Paragraph((Text("مرحبا بالعالم"),)), title="عنوان", lang="ar")
    assert html_doc(art).get("dir") == "rtl"
    assert epub_doc(art).get("dir") == "rtl"


def test_block_nodes_in_quotes_lists_and_code() -> None:
    art = article(BlockQuote((Paragraph((Text("q"),)), ListBlock(True, ((Paragraph((Text("a"),)),),), start=3,
                                                                 style="lower-roman"))),
                  CodeBlock("if a < b:\n    pass", language="python"), CodeBlock("x", language='py" onload="x'))
    for _, doc in both(art):
        ol = doc.find(".//blockquote/ol")
        assert (ol.get("start"), ol.get("type")) == ("3", "i")
        codes = [c.get("class") for c in doc.iter("code")]
        assert codes == ["language-python", None] and text(doc.find(".//pre")) == "if a < b: pass"


# --- from Markdown, through the reader --------------------------------------------------

MARKDOWN = """---
title: Results
---

| Route | Fare |
|-------|-----:|
| A     | 2.50 |

Table: Bus fares in May

The council met twice in May.[^1] A second note.^[Checked twice.]

[^1]: The minutes were published a week later.

Turnout
:   The share of registered voters who voted.

Water is H~2~O, the 19^th^ century, ~~old~~ new, [Small Caps]{.smallcaps} and [a site](https://example.org){.external}.

## Method {#method}

See [the method](#method).
"""


@pytest.mark.parametrize("fmt", ["epub", "html"])
def test_markdown_constructs(fmt: str) -> None:
    art = convert.read_text(MARKDOWN)
    doc = dict(both(art))[fmt]
    assert text(doc.find(".//table/caption")) == "Bus fares in May"
    assert doc.find(".//thead/tr/th[2]").get("scope") == "col" and doc.find(".//tbody/tr/td[2]").get("class") == "align-right"
    assert len(doc.xpath("//a[@role='doc-noteref']")) == 2
    assert text(doc.find(".//dl/dt")) == "Turnout"
    assert [e.tag for e in doc.find(".//p[sub]")] == ["sub", "sup", "del", "span", "a"]
    assert doc.find(".//h2").get("id") == "method" and doc.find(".//a[@href='#method']") is not None
