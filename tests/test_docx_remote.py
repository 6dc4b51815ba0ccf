"""Pictures that were not loaded (a remote address not fetched), in DOCX.

A figure shows its description when its caption does not already say it (pandoc
shows the description of an image it cannot fetch), then its address as a
link, then its caption in ``Caption``; an inline image shows its alt text as a
link to its address, or as plain text inside a link (Word cannot nest links).
Read back with python-docx and lxml.
"""

from __future__ import annotations

import io
import logging

import docx
import pytest
from lxml import etree

import convert
from convert.model import (
    Article,
    Attr,
    BlockQuote,
    Figure,
    InlineImage,
    Link,
    Meta,
    Note,
    Paragraph,
    Text,
)

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
R_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
FOOTNOTES = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes"
SRC = "https://example.org/photos/remote.jpg"


def render(*blocks: object) -> docx.document.Document:
    article = Article(Meta(title="T"), tuple(blocks), source="story.md")  # type: ignore[arg-type]
    return docx.Document(io.BytesIO(convert.render(article, "docx")))


def style_of(p: etree._Element) -> str:
    style = p.find(f"{W}pPr/{W}pStyle")
    return style.get(f"{W}val") if style is not None else ""


def text_of(element: etree._Element) -> str:
    return "".join(t.text or "" for t in element.iter(f"{W}t"))


def lines_of(p: etree._Element) -> list[str]:
    """The paragraph's text split at its line breaks (``w:br``)."""
    lines = [""]
    for element in p.iter(f"{W}t", f"{W}br"):
        if element.tag == f"{W}br":
            lines.append("")
        else:
            lines[-1] += element.text or ""
    return lines


def links(document: docx.document.Document, root: etree._Element | None = None) -> list[tuple[str, str]]:
    """(address, text) of every external hyperlink under ``root`` (the body by default)."""
    rels = document.part.rels
    found = []
    for link in (root if root is not None else document.element.body).iter(f"{W}hyperlink"):
        if link.get(R_ID):
            found.append((rels[link.get(R_ID)].target_ref, text_of(link)))
    return found


def figure_paragraphs(document: docx.document.Document) -> list[etree._Element]:
    body = list(document.element.body.iterchildren(f"{W}p"))
    start = next(i for i, p in enumerate(body) if style_of(p) == "Figure")
    return body[start:start + 3]


def test_described_figure_shows_its_description_then_address_then_caption() -> None:
    document = render(Figure(None, (Text("The count, late"),), "Volunteers count ballots by lamplight", "Photo: AFP",
                             line=5, src=SRC))
    holder, caption, credit = figure_paragraphs(document)
    assert style_of(holder) == "Figure" and lines_of(holder) == ["Volunteers count ballots by lamplight", SRC]
    assert holder.find(f"{W}hyperlink/{W}r/{W}t").text == SRC  # the address is the link, the description is text
    assert text_of(holder.find(f"{W}hyperlink")) == SRC
    assert (style_of(caption), text_of(caption)) == ("Caption", "The count, late")
    assert (style_of(credit), text_of(credit)) == ("PhotoCredit", "Photo: AFP")
    assert links(document) == [(SRC, SRC)]
    assert not document.inline_shapes


@pytest.mark.parametrize("alt", ["The count, late", "  The count,\nlate ", "", "   "])
def test_description_equal_to_caption_or_empty_is_not_repeated(alt: str) -> None:
    document = render(Figure(None, (Text("The count, "), Text("late")), alt, line=5, src=SRC))
    holder, caption = figure_paragraphs(document)[:2]
    assert lines_of(holder) == [SRC] and (style_of(caption), text_of(caption)) == ("Caption", "The count, late")
    assert links(document) == [(SRC, SRC)]


def test_figure_without_caption_shows_description_and_link() -> None:
    document = render(Figure(None, (), "A lone picture", line=5, src=SRC), Paragraph((Text("After."),)))
    holder, after = figure_paragraphs(document)[:2]
    assert lines_of(holder) == ["A lone picture", SRC]
    assert (style_of(after), text_of(after)) == ("BodyText", "After.")


def test_figure_with_an_unsafe_address_keeps_it_as_text(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="convert"):
        document = render(Figure(None, (Text("Cap"),), "Described", line=5, src="file:///etc/passwd"))
    holder = figure_paragraphs(document)[0]
    assert lines_of(holder) == ["Described", "file:///etc/passwd"]
    assert holder.find(f".//{W}hyperlink") is None and links(document) == []
    assert [getattr(r, "where", "") for r in caplog.records if "kept as text" in r.getMessage()] == ["story.md:5"]


def test_figure_identifier_stays_a_bookmark_around_the_stand_in() -> None:
    document = render(Figure(None, (Text("Cap"),), "Described", line=5, src=SRC, attr=Attr("fig-remote")),
                      Paragraph((Link("#fig-remote", (Text("see the figure"),)),)))
    holder = figure_paragraphs(document)[0]
    start = holder.find(f"{W}bookmarkStart")
    assert start is not None and lines_of(holder) == ["Described", SRC]
    assert holder.find(f"{W}bookmarkEnd").get(f"{W}id") == start.get(f"{W}id")
    anchors = [h.get(f"{W}anchor") for h in document.element.body.iter(f"{W}hyperlink") if h.get(f"{W}anchor")]
    assert anchors == [start.get(f"{W}name")]


def test_remote_figure_in_a_quote_and_in_a_note_links_from_its_own_part() -> None:
    note = Note((Figure(None, (Text("Noted"),), "In the note", line=9, src=SRC + "?n"),))
    document = render(BlockQuote((Figure(None, (Text("Quoted"),), "In the quote", line=7, src=SRC),)),
                      Paragraph((Text("Text"), note)))
    assert lines_of(figure_paragraphs(document)[0]) == ["In the quote", SRC]
    part = next(rel.target_part for rel in document.part.rels.values() if rel.reltype == FOOTNOTES)
    root = etree.fromstring(part.blob)
    holder = next(p for p in root.iter(f"{W}p") if style_of(p) == "Figure")
    assert [line.strip() for line in lines_of(holder)] == ["In the note", SRC + "?n"]  # after the note's mark
    link = holder.find(f"{W}hyperlink")
    assert part.rels[link.get(R_ID)].target_ref == SRC + "?n"


def test_inline_image_not_loaded_is_its_alt_linked_to_its_address() -> None:
    document = render(Paragraph((Text("See "), InlineImage(None, SRC, "the chart"), Text(" here."))))
    p = document.paragraphs[1]
    assert p.text == "See the chart here."
    assert links(document) == [(SRC, "the chart")]
    link = p._p.find(f"{W}hyperlink")
    assert link.find(f"{W}r/{W}rPr/{W}rStyle").get(f"{W}val") == "Hyperlink"


def test_inline_image_without_alt_shows_its_address() -> None:
    document = render(Paragraph((InlineImage(None, SRC, ""),)))
    assert links(document) == [(SRC, SRC)]


def test_inline_image_inside_a_link_is_text_of_that_link() -> None:
    outer = "https://example.org/story"
    document = render(Paragraph((Link(outer, (Text("Read "), InlineImage(None, SRC, "the chart"))),)))
    hyperlinks = list(document.element.body.iter(f"{W}hyperlink"))
    assert len(hyperlinks) == 1 and hyperlinks[0].find(f".//{W}hyperlink") is None  # no link in a link
    assert links(document) == [(outer, "Read the chart")]
    assert SRC not in {rel.target_ref for rel in document.part.rels.values() if rel.is_external}


def test_verify_passes_for_remote_pictures() -> None:
    article = Article(Meta(title="T"), (
        Figure(None, (Text("Cap"),), "Described otherwise", line=3, src=SRC),
        Paragraph((Text("See "), InlineImage(None, SRC + "?i", "the chart")), line=5)), source="story.md")
    report = convert.verify(convert.render(article, "docx"), article, "docx", source_words=False)
    assert report.ok, report.failures
