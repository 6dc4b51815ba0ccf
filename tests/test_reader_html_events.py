"""The raw-HTML events the Markdown reader pairs, embeds, and HTML that is broken or hostile."""

from __future__ import annotations

import logging
from typing import cast

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import convert
from convert.model import (
    Attr,
    BlockQuote,
    Div,
    Emph,
    Figure,
    Inline,
    InlineImage,
    LineBreak,
    Link,
    Paragraph,
    Span,
    Strong,
    Text,
    block_inlines,
    plain_text,
    walk,
    walk_inlines,
)
from convert.reader import html
from convert.reader.context import ReadContext

from .conftest import WriteArticle
from .test_reader_html import all_text, read, warnings


class FakeContext:
    """What the HTML reader asks of a context: warnings and images (recorded; every image is 'remote')."""

    name = "<fake>"

    def __init__(self) -> None:
        self.warnings: list[tuple[int | None, str]] = []
        self.images: list[tuple[str, int]] = []

    def warn(self, message: str, line: int | None) -> None:
        self.warnings.append((line, message))

    def image(self, ref: str, line: int, attr: object = None) -> None:
        self.images.append((ref, line))

    def legal(self, text: str, line: int | None) -> str:
        return ReadContext.legal(cast(ReadContext, self), text, line)


def context(fake: FakeContext | None = None) -> ReadContext:
    return cast(ReadContext, fake or FakeContext())


# --- inline events ---------------------------------------------------------------------------


def test_inline_tags_come_one_at_a_time() -> None:
    fake = FakeContext()
    assert html.inline_event("<sub>", context(fake), 3) == html.Open("sub", Attr(), 3)
    assert html.inline_event("</sub>", context(fake), 3) == html.Close("sub")
    assert html.inline_event("<br/>", context(fake), 3) == html.Inlines((LineBreak(),))
    assert html.inline_event("<!-- note to self -->", context(fake), 3) == html.Inlines(())
    image = html.inline_event('<img src="/img/x.png" alt="x" onerror="boom()">', context(fake), 3)
    assert isinstance(image, html.Inlines) and isinstance(image.spans[0], InlineImage)
    assert fake.images == [("/img/x.png", 3)] and any("onerror" in m for _, m in fake.warnings)
    anchor = html.inline_event('<a name="top"/>', context(fake), 3)
    assert anchor == html.Inlines((Span(Attr("top"), ()),))
    opened = html.inline_event('<a href="https://e.org" target="_blank">', context(fake), 3)
    assert isinstance(opened, html.Open)
    assert html.inline_element("a", opened.attr, (Text("e"),), context(fake), 3) == [Link("https://e.org", (Text("e"),))]


# --- block events ------------------------------------------------------------------------------


def test_an_element_left_open_and_closed_later() -> None:
    fake = FakeContext()
    opened = html.block_events('<div dir="rtl" markdown="1">\n', context(fake), 13)
    assert opened == [html.Open("div", Attr(pairs=(("dir", "rtl"), ("markdown", "1"))), 13)]
    assert html.block_events("</div>\n", context(fake), 118) == [html.Close("div")]
    tail = html.block_events("<p>last words\n</div>\n", context(fake), 20)
    assert isinstance(tail[0], html.Blocks) and tail[1:] == [html.Close("div")]
    note = html.block_events('<div class="note">\n<p>intro</p>\n', context(fake), 5)
    assert note[0] == html.Open("div", Attr(classes=("note",)), 5) and isinstance(note[1], html.Blocks)
    assert html.block_events("<figure>\n", context(fake), 1) == [html.Open("figure", Attr(), 1)]


def test_markdown_inside_an_element_closed_in_the_same_block() -> None:
    fake = FakeContext()
    piece = ('<aside markdown="1" class="pquote">\n  <img src="a.png" alt="avatar">\n  Quoted words.\n'
             '  <p markdown="1" class="pquote-credit">— @arfon, ["Title"](https://example.org)</p>\n</aside>\n')
    events = html.block_events(piece, context(fake), 99)
    assert [type(e) for e in events] == [html.Open, html.Markdown, html.Close]
    inner = events[1]
    assert isinstance(inner, html.Markdown) and inner.line == 99  # the text starts right after the start tag
    assert inner.text.startswith("\n<img") and '["Title"](https://example.org)' in inner.text  # dedented
    assert fake.images == []  # the HTML reading of that text is made only if asked for
    fallback = inner.blocks  # a reader that does not read Markdown here loses nothing
    assert "Quoted words." in " ".join(plain_text(block_inlines(b)) for b in walk(fallback))
    assert fake.images == [("a.png", 100)]
    closed = html.block_element("aside", cast(html.Open, events[0]).attr, fallback, context(fake), 99)
    assert isinstance(closed[0], Div) and closed[0].attr.classes == ("aside", "pquote")


def test_the_content_of_an_element_left_open_is_markdown_like_what_follows() -> None:
    events = html.block_events('<div class="note">\nSome *words*\n', context(), 5)
    assert events[0] == html.Open("div", Attr(classes=("note",)), 5)
    assert isinstance(events[1], html.Markdown) and events[1].text == "\nSome *words*\n" and events[1].line == 5
    nested = html.block_events('<section>\n<div class="inner">\n*a*\n', context(), 1)
    assert [type(e).__name__ for e in nested] == ["Open", "Open", "Markdown"]
    closed = html.block_events('<div class="note">\nSome *words*\n</div>\n', context(), 1)
    assert [type(e).__name__ for e in closed] == ["Blocks"]  # a closed element is HTML (CommonMark's HTML block)


@pytest.mark.parametrize("source", [
    '<div class="note">\nSome *md* here\n\nMore *md*\n</div>\n',
    '<div markdown="1">\n<div class="note">\nSome *md* here\n\nMore *md*\n</div>\n</div>\n',
    '<section markdown="1">\n<aside class="note">Some *md* here\n\nMore *md*\n</aside>\n</section>\n',
])
def test_markdown_after_an_element_left_open_is_read_as_markdown(source: str) -> None:
    article = read(source)
    paragraphs = [b for b in walk(article.blocks) if isinstance(b, Paragraph)]
    assert [plain_text(p.inlines) for p in paragraphs] == ["Some md here", "More md"]
    assert all(any(isinstance(s, Emph) for s in p.inlines) for p in paragraphs)
    assert any(isinstance(b, Div) and "note" in b.attr.classes for b in walk(article.blocks))


def test_markdown_element_nested_in_a_closed_container() -> None:
    events = html.block_events('<div class="x"><p>a</p><div markdown="1">*b*</div></div>\n', context(), 1)
    assert [type(e).__name__ for e in events] == ["Open", "Blocks", "Open", "Markdown", "Close", "Close"]


def test_markdown_between_html_blocks_is_read_into_the_element(write_article: WriteArticle) -> None:
    article = read('<div class="note" markdown="1">\n\n**Bold** words.\n\n</div>\n\n'
                   "<details>\n<summary>More</summary>\n\nHidden *text*.\n\n</details>\n")
    note, details = article.blocks
    assert isinstance(note, Div) and note.attr.classes == ("note",)
    assert isinstance(note.blocks[0], Paragraph) and any(isinstance(s, Strong) for s in note.blocks[0].inlines)
    assert isinstance(details, Div) and details.attr.classes == ("details",)
    assert [plain_text(block_inlines(b)) for b in details.blocks] == ["More", "Hidden text."]
    source = write_article("# T\n\n<figure>\n\n![Alt text](photo.jpg)\n\n<figcaption>The caption</figcaption>\n</figure>\n")
    figure = convert.read(source).blocks[0]
    # pandoc shows both the image's description and the figcaption (html.with_caption)
    assert isinstance(figure, Figure) and figure.alt == "Alt text"
    assert figure.caption == (Text("Alt text"), LineBreak(), Text("The caption"))


def test_block_element_assembles_what_was_read_inside() -> None:
    picture = Figure(None, (Text("md caption"),), "alt", None, 3, Attr(), "x.png")
    caption = Div(Attr(classes=("caption",)), (Paragraph((Text("Real caption "), Span(Attr(classes=("credit",)),
                                                                                      (Text("AP"),))), 5),), 5)
    merged = html.block_element("figure", Attr("f"), (picture, caption), context(), 2)
    assert len(merged) == 1 and isinstance(merged[0], Figure)
    assert merged[0].caption == (Text("md caption"), LineBreak(), Text("Real caption"))  # both shown, as pandoc does
    assert (merged[0].alt, merged[0].credit, merged[0].attr.identifier) == ("alt", "AP", "f")
    quote = html.block_element("blockquote", Attr(), (Paragraph((Text("q"),), 2),), context(), 1)
    assert isinstance(quote[0], BlockQuote)
    assert html.block_element("div", Attr(), (Paragraph((Text("q"),), 2),), context(), 1) == [Paragraph((Text("q"),), 2)]


def test_warnings_name_the_line_of_the_element_inside_the_block(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="convert"):
        read('<div class="a">\n<p>one</p>\n\n<p>two <blink>x</blink></p>\n<script>x()</script>\n</div>\n')
    found = warnings(caplog)
    assert any(where == "<string>:8" and "raw HTML <blink> is not modelled; kept its text" in m for where, m in found)
    assert any(where == "<string>:9" and "<script>" in message for where, message in found)


# --- embeds ----------------------------------------------------------------------------------


def _embeds(article: convert.Article) -> list[Div]:
    return [b for b in walk(article.blocks) if isinstance(b, Div) and b.attr.classes[:1] == ("embed",)]


def embed_parts(article: convert.Article, kind: str) -> list[tuple[Inline, ...]]:
    """The content of each embed of ``kind``: a Div's paragraph, or a Span's children inside a paragraph."""
    found: list[tuple[Inline, ...]] = []
    for block in walk(article.blocks):
        if isinstance(block, Div) and block.attr.classes == ("embed", kind):
            found.append(tuple(s for b in block.blocks for s in block_inlines(b)))
        found += [s.children for s in walk_inlines(block_inlines(block))
                  if isinstance(s, Span) and s.attr.classes == ("embed", kind)]
    return found


def _links(blocks: object) -> list[str]:
    return [s.target for b in walk(blocks) for s in walk_inlines(block_inlines(b)) if isinstance(s, Link)]  # type: ignore[arg-type]


def test_media_embeds_become_their_title_and_a_link(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="convert"):
        article = read('<iframe src="//www.youtube.com/embed/abc" title="The keynote"></iframe>\n\n'
                       '<video controls>\n<source src="clip.mp4" type="video/mp4"><p>Your browser cannot play '
                       '<a href="clip.mp4">the clip</a>.</p>\n</video>\n\n<audio src="https://example.org/a.mp3">\n</audio>\n\n'
                       '<object data="chart.svg" type="image/svg+xml">\n</object>\n\n<embed src="https://example.org/x.swf">\n\n'
                       '<iframe src="https://www.google.com/maps/embed?pb=1"></iframe>\n')
    kinds = [d.attr.classes for d in _embeds(article)]
    assert kinds == [("embed", "video"), ("embed", "video"), ("embed", "audio"), ("embed", "object"),
                     ("embed", "object"), ("embed", "map")]
    first = _embeds(article)[0]
    assert plain_text(block_inlines(first.blocks[0])).startswith("The keynote")
    assert _links(first.blocks) == ["https://www.youtube.com/embed/abc"]
    assert "the clip" in all_text(article) and "clip.mp4" in _links(_embeds(article)[1].blocks)
    assert sum("cannot play in a document" in m for _, m in warnings(caplog)) == 6


TWEET = ('<blockquote class="twitter-tweet"><p lang="en" dir="ltr">Big news today '
         '<a href="https://t.co/abc">pic.twitter.com/abc</a></p>&mdash; Jane (@jane) '
         '<a href="https://twitter.com/jane/status/1">March 1, 2020</a></blockquote>\n'
         '<script async src="https://platform.twitter.com/widgets.js" charset="utf-8"></script>\n')
INSTAGRAM = ('<blockquote class="instagram-media" data-instgrm-permalink="https://www.instagram.com/p/XYZ/" '
             'style="x"><div style="p"><div><div></div></div><p><a href="https://www.instagram.com/p/XYZ/">A post shared by '
             'Ann</a></p></div></blockquote> <script async src="//www.instagram.com/embed.js"></script>\n')


def test_embedded_posts_keep_their_text_and_links(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="convert"):
        article = read(TWEET + "\n" + INSTAGRAM + "\nText.\n\n"
                       '<a data-flickr-embed="true" href="https://www.flickr.com/photos/x/1" title="Dublin">'
                       '<img src="https://farm2.staticflickr.com/1.jpg" alt="Dublin"></a>'
                       '<script async src="//embedr.flickr.com/assets/client-code.js"></script>\n')
    tweet, instagram = (d for d in _embeds(article) if d.attr.classes[1] != "flickr")
    flickr, = embed_parts(article, "flickr")  # inline HTML: a Span, or the Div of a paragraph holding only it
    assert tweet.attr.classes == ("embed", "twitter") and "Big news today" in plain_text(block_inlines(tweet.blocks[0]))
    assert "https://twitter.com/jane/status/1" in _links(tweet.blocks) and "Jane (@jane)" in all_text(article)
    assert instagram.attr.classes == ("embed", "instagram") and _links(instagram.blocks) == ["https://www.instagram.com/p/XYZ/"]
    assert all(isinstance(b, Paragraph) for b in instagram.blocks)  # the embed code's nested divs are gone
    assert isinstance(flickr[0], Link) and flickr[0].target == "https://www.flickr.com/photos/x/1"
    assert plain_text(flickr) == "Dublin"
    messages = [m for _, m in warnings(caplog)]
    assert sum("<script src=" in m for m in messages) == 3
    assert any("embedded twitter post" in m for m in messages) and any("Flickr" in m for m in messages)


# --- broken and hostile HTML ----------------------------------------------------------------------


def test_flickr_in_an_html_block_and_alone_in_a_paragraph_is_a_div() -> None:
    article = read('<div>\n<a data-flickr-embed="true" href="https://www.flickr.com/photos/x/1" title="Dublin">'
                   '<img src="https://farm2.staticflickr.com/1.jpg" alt="Dublin"></a>\n</div>\n\n'
                   '<a data-flickr-embed="true" href="https://www.flickr.com/photos/x/2" title="Cork"></a>\n')
    div = article.blocks[0]
    assert isinstance(div, Div) and div.attr.classes == ("embed", "flickr") and _links(div.blocks) == [
        "https://www.flickr.com/photos/x/1"]
    spans = embed_parts(article, "flickr")[1]  # a Markdown paragraph: the Markdown reader may ask html.embed_alone
    alone = html.embed_alone((Span(Attr(classes=("embed", "flickr")), spans),), 9)
    assert isinstance(alone, Div) and alone.attr.classes == ("embed", "flickr") and plain_text(
        block_inlines(alone.blocks[0])) == "Cork"
    assert html.embed_alone((Text("text "), *spans), 9) is None


def test_deep_nesting_keeps_the_text(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="convert"):
        article = read("<div>" * 3000 + "deep <b>words</b><script>x()</script>" + "</div>" * 3000 + "\n\n<p>after</p>\n")
    assert all_text(article) == "deep words after"
    assert any("levels deep" in m for _, m in warnings(caplog))


def test_broken_html_keeps_its_text() -> None:
    article = read("<table><tr><td>cell<p>para<div>block</td>\n<ul><li>one<li>two</ul>\n<p>a</div></span>b\n")
    assert sorted(all_text(article).split()) == ["ab", "block", "cell", "one", "para", "two"]  # "a</div>b" is "ab"


PIECES = st.sampled_from([
    "<div>", "</div>", '<div markdown="1">', "<p>", "</p>", "<table>", "<tr>", "<td>", "</td>", "<figure>",
    "</figure>", "<figcaption>", '<img src="a.png">', "<iframe src=x>", "</iframe>", "<script>", "</script>",
    "<!--", "-->", "<b>", "</b>", '<a href="javascript:x()">', "</a>", "text", "\n", "\n\n", "&amp;", "<", ">", "<br>",
    '<blockquote class="twitter-tweet">', "</blockquote>", "<ul>", "<li>", "<dl>", "<dd>", "<pre>", '<p onclick="y()">',
])


@settings(max_examples=60, deadline=None)
@given(st.lists(PIECES, max_size=30).map("".join))
def test_any_html_gives_events_never_an_exception(piece: str) -> None:
    events = html.block_events(piece, context(), 1)
    for event in events:
        blocks = event.blocks if isinstance(event, html.Blocks) else ()
        for block in walk(blocks):
            attr = getattr(block, "attr", Attr())
            assert not any(name.startswith("on") for name, _ in attr.pairs)
            assert not any(isinstance(s, Link) and "javascript" in s.target for s in walk_inlines(block_inlines(block)))
    for tag in ("<b>", "</b>", '<img src="a.png">', "<!-- x -->", "<script>", '<a href="javascript:x()">'):
        html.inline_event(tag, context(), 1)
