"""The title block in the EPUB's XHTML and the HTML page, and the metadata it comes from, read back with lxml.

Headline, subtitle, description (Quarto's title block), byline, date line and
keywords (where Quarto shows categories), each only when present; the date line
through ``writers/_meta.display_date`` (the same words in every format); the
description and keywords also in the HTML ``<meta>`` tags and the EPUB package.
"""

from __future__ import annotations

import io
import zipfile

import pytest
from lxml import etree

import convert
from convert.model import Article, Meta, Paragraph, Text
from convert.writers import _meta

from .test_html_nodes import both, html_doc, text

NS = {"opf": "http://www.idpf.org/2007/opf", "dc": "http://purl.org/dc/elements/1.1/"}


def article(**meta: object) -> Article:
    fields: dict[str, object] = {"title": "Ballots Counted by Lamplight", **meta}
    return Article(Meta(**fields), (Paragraph((Text("Body."),)),), source="story.md")  # type: ignore[arg-type]


def header_lines(doc: etree._Element) -> list[tuple[str, str | None, str]]:
    header = doc.find(".//article/header")
    return [] if header is None else [(e.tag, e.get("class"), text(e)) for e in header]


def opf(art: Article) -> etree._Element:
    data = convert.render(art, "epub")
    return etree.fromstring(zipfile.ZipFile(io.BytesIO(data)).read("EPUB/content.opf"))


def test_every_line_in_order() -> None:
    art = article(subtitle="A long night", description="Volunteers kept counting\nafter the power failed.",
                  author=("Ann Writer",), date="2024-01-24", keywords=("elections", " Azerbaijan ", "", "NATO"))
    for fmt, doc in both(art):
        assert header_lines(doc) == [
            ("h1", None, "Ballots Counted by Lamplight"), ("p", "subtitle", "A long night"),
            ("p", "description", "Volunteers kept counting after the power failed."),
            ("p", "byline", "By Ann Writer"), ("p", "date", "January 24, 2024"),
            ("ul", "keywords", "elections Azerbaijan NATO"),
        ], fmt
        assert [text(li) for li in doc.iterfind(".//header/ul/li")] == ["elections", "Azerbaijan", "NATO"]
        assert doc.find(".//header/p/time").get("datetime") == "2024-01-24"


def test_no_description_no_keywords_no_lines() -> None:
    for fmt, doc in both(article(description="  \n ", keywords=(" ", ""))):
        assert header_lines(doc) == [("h1", None, "Ballots Counted by Lamplight")], fmt


def test_a_description_of_several_paragraphs() -> None:
    for _, doc in both(article(description="First part.\n\n  \nSecond\tpart.")):
        assert [line[2] for line in header_lines(doc) if line[1] == "description"] == ["First part.", "Second part."]


def test_description_and_keywords_without_a_title_make_the_header() -> None:
    art = Article(Meta(title="", description="Only a summary.", keywords=("one",)), (Paragraph((Text("x"),)),),
                  source="/news/no-title.md")
    for _, doc in both(art):
        header = doc.find(".//article/header")
        assert header.get("id") == "title" and header.find("h1") is None
        assert [line[1] for line in header_lines(doc)] == ["description", "keywords"]


def test_markup_in_description_and_keywords_stays_text() -> None:
    art = article(description="<script>alert(1)</script> & more", keywords=("<b>bold</b>",))
    for _, doc in both(art):
        assert doc.find(".//script") is None and doc.find(".//header//b") is None
        assert header_lines(doc)[1:] == [("p", "description", "<script>alert(1)</script> & more"),
                                         ("ul", "keywords", "<b>bold</b>")]


# --- the date line: display_date's words, the same in every format --------------------------

@pytest.mark.parametrize(("meta", "shown", "datetime"), [
    ({"date": "2024-01-24"}, "January 24, 2024", "2024-01-24"),
    ({"date": "2024-01-24", "lang": "az"}, "24 yanvar 2024", "2024-01-24"),
    ({"date_text": "Spring 2017"}, "Spring 2017", None),
    ({"date_text": "2017-11"}, "2017-11", None),
])
def test_date_line_is_display_date(meta: dict[str, str], shown: str, datetime: str | None) -> None:
    art = article(**meta)
    expected = _meta.display_date(art.meta)
    assert expected == shown
    for fmt, doc in both(art):
        date = doc.find(".//header/p[@class='date']")
        assert text(date) == expected, fmt
        time = date.find("time")
        assert (time.get("datetime") if time is not None else None) == datetime


@pytest.mark.parametrize("date", ["Tuesday last", "20240124", "2024-02-30"])
def test_a_date_that_is_not_an_html_date_string_gets_no_time_element(date: str) -> None:
    """``Meta.date`` is ISO when the reader made it; a model built by hand may hold anything (HTML page only:
    the EPUB's dcterms:modified parses the date in writers/_common.py)."""
    date_line = html_doc(article(date=date)).find(".//header/p[@class='date']")
    assert text(date_line) == _meta.display_date(Meta("T", date=date)) and date_line.find("time") is None


def test_no_date_no_date_line() -> None:
    for _, doc in both(article()):
        assert doc.find(".//header/p[@class='date']") is None and doc.find(".//time") is None


# --- metadata for machines ------------------------------------------------------------------

def test_html_meta_description_and_keywords() -> None:
    doc = html_doc(article(description="A summary.", subtitle="Sub", keywords=("a", "b c")))
    assert [m.get("content") for m in doc.iterfind(".//head/meta[@name='description']")] == ["A summary."]
    assert [m.get("content") for m in doc.iterfind(".//head/meta[@name='keywords']")] == ["a, b c"]
    bare = html_doc(article())
    assert bare.find(".//head/meta[@name='description']") is None and bare.find(".//head/meta[@name='keywords']") is None


def test_epub_description_and_subjects() -> None:
    package = opf(article(description="A summary.", subtitle="Sub", keywords=("a", "b c")))
    assert [e.text for e in package.iterfind("opf:metadata/dc:description", NS)] == ["A summary."]
    assert [e.text for e in package.iterfind("opf:metadata/dc:subject", NS)] == ["a", "b c"]
    assert package.find("opf:metadata/dc:description", NS) is not None
    bare = opf(article())
    assert bare.find("opf:metadata/dc:description", NS) is None and bare.find("opf:metadata/dc:subject", NS) is None


def test_front_matter_reaches_the_header() -> None:
    source = ("---\ntitle: From the front matter\ndescription: |\n  A summary\n  on two lines.\n"
              "keywords: [NATO, Azerbaijan]\ndate: Spring 2017\n---\nBody text.\n")
    art = convert.read_text(source)
    for fmt, doc in both(art):
        assert [line[1:] for line in header_lines(doc)[1:]] == [
            ("description", "A summary on two lines."), ("date", "Spring 2017"), ("keywords", "NATO Azerbaijan")], fmt


@pytest.mark.parametrize("summary", ["Body. And the start", "body and the start...", "Body. And the st…"])
def test_a_description_that_only_repeats_the_start_is_not_shown_but_kept_as_metadata(summary: str) -> None:
    """Hugo's automatic summary (corpus 01) is the article's first words; the page and the book show them once."""
    art = Article(Meta(title="T", description=summary),
                  (Paragraph((Text("Body."),)), Paragraph((Text("And the start of the story."),))), source="s.md")
    for _, doc in both(art):
        assert [line[1] for line in header_lines(doc)] == [None]  # the headline alone
    page = html_doc(art)
    assert page.find(".//meta[@name='description']").get("content") == summary
    assert opf(art).findtext(".//dc:description", namespaces=NS) == summary


def test_a_description_of_its_own_that_starts_like_the_article_is_shown() -> None:
    art = Article(Meta(title="T", description="Body. And a summary that goes elsewhere."),
                  (Paragraph((Text("Body."),)), Paragraph((Text("And the start of the story."),))), source="s.md")
    for _, doc in both(art):
        assert ("p", "description", "Body. And a summary that goes elsewhere.") in header_lines(doc)
