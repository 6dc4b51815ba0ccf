"""Raw HTML in Markdown: each element lands in the model node Markdown would make, nothing live gets through."""

from __future__ import annotations

import logging
import re
from pathlib import Path

import pytest

import convert
from convert.model import (
    Article,
    Block,
    BlockQuote,
    Code,
    CodeBlock,
    DefinitionList,
    Div,
    Emph,
    Figure,
    InlineImage,
    LineBreak,
    Link,
    ListBlock,
    Paragraph,
    Rule,
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
    block_inlines,
    plain_text,
    walk,
    walk_inlines,
)

from .conftest import WriteArticle


def read(text: str) -> Article:
    return convert.read_text("---\ntitle: T\n---\n\n" + text)  # the body starts on line 5


def first(article: Article, kind: type[Block]) -> Block:
    return next(b for b in walk(article.blocks) if isinstance(b, kind))


def spans_of(article: Article) -> list[object]:
    return [s for b in walk(article.blocks) for s in walk_inlines(block_inlines(b))]


def warnings(caplog: pytest.LogCaptureFixture) -> list[tuple[str, str]]:
    return [(getattr(r, "where", ""), r.getMessage()) for r in caplog.records]


TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>")  # what a leftover tag looks like (checking, not parsing)


def all_text(article: Article) -> str:
    """Every text of the article, white space normalised."""
    return " ".join(" ".join(plain_text(block_inlines(b)) for b in walk(article.blocks)).split())


# --- pictures ------------------------------------------------------------------------


def test_figure_with_caption_and_credit(write_article: WriteArticle) -> None:
    source = write_article('# T\n\n<figure id="f1" class="wide">\n  <img src="photo.jpg" alt="A bus" width="640">\n'
                           '  <figcaption>Route <em>7</em> at dawn <span class="photo-credit">AP/Jane Doe</span>'
                           '</figcaption>\n</figure>\n')
    figure = first(convert.read(source), Figure)
    assert isinstance(figure, Figure) and figure.image is not None and figure.image.format == "jpeg"
    assert figure.caption == (Text("Route "), Emph((Text("7"),)), Text(" at dawn"))
    assert (figure.alt, figure.credit, figure.src, figure.line) == ("A bus", "AP/Jane Doe", "photo.jpg", 3)
    assert figure.attr.identifier == "f1" and figure.attr.classes == ("wide",) and figure.attr.get("width") == "640"


def test_lone_img_is_a_figure_and_img_in_text_an_inline_image(write_article: WriteArticle) -> None:
    source = write_article('# T\n\n<p><img src="photo.jpg" alt="Alone"></p>\n\nSee <img src="photo.jpg" alt="icon"> here.\n')
    article = convert.read(source)
    figure, paragraph = article.blocks
    assert isinstance(figure, Figure) and figure.image is not None and figure.alt == "Alone" and figure.caption == ()
    assert isinstance(paragraph, Paragraph)
    image = paragraph.inlines[1]
    assert isinstance(image, InlineImage) and image.image is not None and image.alt == "icon"


def test_remote_img_is_a_figure_without_image(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="convert"):
        article = read('<figure><img src="https://example.org/a.jpg" alt="Far"><figcaption>Far away</figcaption></figure>\n')
    figure = article.blocks[0]
    assert isinstance(figure, Figure) and figure.image is None and figure.src == "https://example.org/a.jpg"
    assert plain_text(figure.caption) == "Far away"
    assert any(where == "<string>:5" and "remote image not fetched" in message for where, message in warnings(caplog))


def test_html_images_obey_the_same_rules(write_article: WriteArticle) -> None:
    with pytest.raises(convert.AssetError) as missing:
        convert.read(write_article('# T\n\n<p>\n<img src="nowhere.jpg">\n</p>\n'))
    assert missing.value.line == 4
    with pytest.raises(convert.AssetError):
        convert.read(write_article('# T\n\n<img src="../../../etc/passwd" alt="x">\n'))


def test_unsafe_and_data_image_addresses_keep_their_alt_text(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="convert"):
        article = read('<p>A <img src="javascript:alert(1)" alt="one"> and <img src="data:image/png;base64,AAAA" '
                       'alt="two"></p>\n')
    assert all_text(article) == "A one and two"
    assert not [s for s in spans_of(article) if isinstance(s, InlineImage)]
    assert sum("is not read" in message for _, message in warnings(caplog)) == 2


def test_stray_figcaption_and_caption_paragraph_are_caption_divs() -> None:
    from convert.reader import html

    from .test_reader_html_events import context

    for piece in ('<figcaption class="text-center">\n  Before and after\n</figcaption>\n',
                  '<p class="translation-caption">Citizenship test centre</p>\n'):
        events = html.block_events(piece, context(), 10)
        assert len(events) == 1 and isinstance(events[0], html.Blocks)
        div = events[0].blocks[0]
        assert isinstance(div, Div) and "caption" in div.attr.classes and div.line == 10
        assert plain_text(html.caption_parts(div)[0]) in ("Before and after", "Citizenship test centre")


def test_caption_div_after_an_image_in_the_same_html_is_its_caption(write_article: WriteArticle) -> None:
    source = write_article('# T\n\n<div class="wp-caption"><img src="photo.jpg" alt="Bus">'
                           '<p class="wp-caption-text">The 7 bus <small class="credit">Photo: Ann</small></p></div>\n')
    figure = first(convert.read(source), Figure)
    assert isinstance(figure, Figure) and plain_text(figure.caption) == "The 7 bus" and figure.credit == "Photo: Ann"


# --- tables --------------------------------------------------------------------------


TABLE = """<table id="fares" class="data">
<caption>Bus <b>fares</b></caption>
<colgroup><col width="60%"><col></colgroup>
<thead><tr><th>Route</th><th align="right">Fare</th></tr></thead>
<tbody>
<tr><td>A</td><td style="text-align: right">2.50</td></tr>
<tr><td rowspan="2">B</td><td style="text-align:right">3.10</td></tr>
<tr><td align="right"><ul><li>night</li><li>day</li></ul></td></tr>
</tbody>
<tfoot><tr><td colspan="2">Prices in euros</td></tr></tfoot>
</table>
"""


def test_table_parts_spans_and_alignment() -> None:
    table = read(TABLE).blocks[0]
    assert isinstance(table, Table) and table.line == 5
    assert plain_text(table.caption) == "Bus fares" and table.attr.identifier == "fares"
    assert [c.width for c in table.columns] == [0.6, None]
    assert [c.align for c in table.columns] == ["default", "right"]
    assert [[plain_text(block_inlines(c.blocks[0])) for c in row.cells] for row in table.head] == [["Route", "Fare"]]
    assert len(table.body) == 3 and table.body[1].cells[0].row_span == 2 and len(table.body[2].cells) == 1
    nested = table.body[2].cells[0].blocks[0]
    assert isinstance(nested, ListBlock) and len(nested.items) == 2  # a cell holds blocks
    assert table.foot[0].cells[0].col_span == 2


def test_table_header_from_th_row_and_ragged_rows_padded(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="convert"):
        table = read("<table>\n<tr><th>a</th><th>b</th><th>c</th></tr>\n<tr><td>1</td></tr>\n</table>\n").blocks[0]
    assert isinstance(table, Table) and len(table.head) == 1 and len(table.columns) == 3
    assert [len(r.cells) for r in table.body] == [3] and table.body[0].cells[1].blocks == ()
    assert any("padded" in message and where == "<string>:5" for where, message in warnings(caplog))


def test_row_span_never_runs_past_its_group() -> None:
    table = read("<table><tr><td rowspan=5>x</td><td>1</td></tr><tr><td>2</td></tr></table>\n").blocks[0]
    assert isinstance(table, Table) and table.body[0].cells[0].row_span == 2 and len(table.columns) == 2


# --- text ----------------------------------------------------------------------------


def test_inline_tags_inside_markdown() -> None:
    paragraph = read("H<sub>2</sub>O, 19<sup>th</sup>, <s>old</s> <del>x</del> <strike>y</strike>, <u>u</u> <ins>i</ins>, "
                     "<em>e</em> <i>i</i> <strong>s</strong> <b>b</b> <code>a  b</code> <kbd>Ctrl</kbd><br>"
                     '<a href="https://example.org" title="Ex">site</a>\n').blocks[0]
    assert isinstance(paragraph, Paragraph)
    kinds = [type(s) for s in paragraph.inlines if not isinstance(s, Text)]
    assert kinds == [Subscript, Superscript, Strikeout, Strikeout, Strikeout, Underline, Underline, Emph, Emph, Strong,
                     Strong, Code, Span, LineBreak, Link]
    code = next(s for s in paragraph.inlines if isinstance(s, Code))
    kbd = next(s for s in paragraph.inlines if isinstance(s, Span))
    link = paragraph.inlines[-1]
    assert code.text == "a b" and kbd.attr.classes == ("kbd",) and plain_text(kbd.children) == "Ctrl"
    assert isinstance(link, Link)
    assert (link.target, link.title, plain_text(link.children)) == ("https://example.org", "Ex", "site")


def test_html_paragraphs_collapse_white_space_and_decode_entities() -> None:
    article = read("<p>AT&amp;T &eacute;t&eacute;\n   &#8220;quoted&#8221; &lt;b&gt; a<br>\n  b <span lang=\"fr\" dir=\"ltr\" "
                   'id="s1" class="x">oui</span></p>\n')
    paragraph = article.blocks[0]
    assert isinstance(paragraph, Paragraph)
    assert paragraph.inlines[:3] == (Text("AT&T été “quoted” <b> a"), LineBreak(), Text("b "))
    span = paragraph.inlines[3]
    assert isinstance(span, Span) and span.attr.identifier == "s1" and span.attr.classes == ("x",)
    assert dict(span.attr.pairs) == {"lang": "fr", "dir": "ltr"}


def test_unsafe_link_keeps_its_text_with_a_warning(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="convert"):
        article = read('<p><a href="javascript:alert(1)">click</a> and <a href=" JaVaScRiPt:x">me</a></p>\n\n'
                       'Inline <a href="vbscript:x">too</a>\n')
    assert not [s for s in spans_of(article) if isinstance(s, Link)]
    assert "click and me" in all_text(article) and "too" in all_text(article)
    assert sum("unsafe link" in m for _, m in warnings(caplog)) == 3


def test_anchor_small_caps_and_quotes() -> None:
    paragraph = read('<p><a id="here"></a><span style="font-variant: small-caps">NATO</span> said <q>no</q>.</p>\n').blocks[0]
    assert isinstance(paragraph, Paragraph)
    anchor, caps = paragraph.inlines[:2]
    assert isinstance(anchor, Span) and anchor.attr.identifier == "here"
    assert isinstance(caps, SmallCaps) and plain_text(paragraph.inlines) == "NATO said \u201cno\u201d."


def test_block_elements() -> None:
    article = read('<h2 id="method" class="x">The <em>method</em></h2>\n<blockquote><p>Quoted</p></blockquote>\n'
                   '<ol start="3" type="a"><li>three</li><li><p>four</p><ul><li>nested</li></ul></li></ol>\n'
                   "<dl><dt>Turnout</dt><dd>The share who voted.</dd><dd>Or not.</dd><div><dt>B</dt><dd>b</dd></div></dl>\n"
                   '<pre><code class="language-python">\nif x &lt; 1:\n    pass\n</code></pre>\n<hr>\n<h6>Six</h6>\n')
    heading, quote, numbered, definitions, code, rule, six = article.blocks
    assert isinstance(heading, Subheading) and heading.level == 2 and heading.attr.identifier == "method"
    assert plain_text(heading.inlines) == "The method"
    assert isinstance(quote, BlockQuote) and plain_text(block_inlines(quote.blocks[0])) == "Quoted"
    assert isinstance(numbered, ListBlock) and (numbered.ordered, numbered.start, numbered.style) == (True, 3, "lower-alpha")
    assert isinstance(numbered.items[1][1], ListBlock) and not numbered.items[1][1].ordered
    assert isinstance(definitions, DefinitionList) and len(definitions.items) == 2
    assert [plain_text(i.term) for i in definitions.items] == ["Turnout", "B"] and len(definitions.items[0].definitions) == 2
    assert code == CodeBlock("if x < 1:\n    pass", "python", 9)
    assert isinstance(rule, Rule) and isinstance(six, Subheading) and six.level == 6


def test_containers_become_divs_keeping_id_classes_dir_and_lang() -> None:
    article = read('<section id="s" class="a b" dir="rtl" lang="ar" style="color:red" data-x="1">\n<p>one</p>\n</section>\n\n'
                   "<aside><p>two</p></aside>\n\n<div><p>three</p></div>\n\n<article><main><p>four</p></main></article>\n")
    section, aside, three, article_div = article.blocks
    assert isinstance(section, Div) and section.attr.identifier == "s" and section.attr.classes == ("section", "a", "b")
    assert dict(section.attr.pairs) == {"dir": "rtl", "lang": "ar"}
    assert isinstance(aside, Div) and aside.attr.classes == ("aside",)
    assert isinstance(three, Paragraph)  # a <div> without attributes groups nothing worth keeping
    assert isinstance(article_div, Div) and isinstance(article_div.blocks[0], Div)
    assert article_div.blocks[0].attr.classes == ("main",)


# --- what never gets through ---------------------------------------------------------------


def test_comments_go_without_a_word(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="convert"):
        article = read("Before <!-- hidden --> after\n\n<!-- more -->\n\n<p>x<!-- y --></p>\n")
    assert [plain_text(block_inlines(b)) for b in article.blocks] == ["Before  after", "x"]
    assert caplog.records == []


def test_scripts_styles_templates_and_event_attributes_removed_with_warnings(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="convert"):
        article = read('<div class="box">\n<p onclick="steal()">Text</p>\n<script>alert(1)</script>\n'
                       "<style>p { color: red }</style>\n<template><p>later</p></template>\n</div>\n\n"
                       'Inline <script src="https://evil.example/x.js"></script> <span onmouseover="x()">hover</span>\n')
    found = warnings(caplog)
    for line, what in ((6, "onclick"), (7, "<script>"), (8, "<style>"), (9, "<template>"), (12, "evil.example"),
                       (12, "onmouseover")):
        assert any(where == f"<string>:{line}" and what in message for where, message in found), (line, what, found)
    assert all_text(article) == "Text Inline hover"
    assert "steal" not in repr(article) and "alert" not in repr(article) and "evil" not in repr(article)


def test_unknown_elements_keep_their_text_with_a_warning(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="convert"):
        article = read("<p>a\n<font color=red>red</font></p>\n\nInline <blink>blinking</blink> text\n\n"
                       "<marquee>\n<p>moving</p><p>on</p>\n</marquee>\n\n<marquee><p>in</p><p>text</p></marquee>\n")
    texts = [" ".join(plain_text(block_inlines(b)).split()) for b in article.blocks]
    assert texts == ["a red", "Inline blinking text", "moving", "on", "in text"]
    found = warnings(caplog)
    for line, tag in ((6, "<font>"), (8, "<blink>"), (10, "<marquee>"), (14, "<marquee>")):
        assert any(where == f"<string>:{line}" and tag in message and "kept its text" in message for where, message in found)


def test_nothing_live_reaches_any_output(tmp_path: Path) -> None:
    source = tmp_path / "x.md"
    source.write_text('# T\n\n<div onload="a()"><p style="x" onclick="b()">Hi <a href="javascript:c()">l</a></p>'
                      '<iframe src="javascript:d()" onload="e()"></iframe><script>f()</script>'
                      '<object data="javascript:g()"></object></div>\n\n'
                      '<img src="https://example.org/p.png" onerror=h() alt=A hidden>\n')
    article = convert.read(source)
    for name in ("a()", "b()", "c()", "d()", "e()", "f()", "g()", "h()"):
        assert name not in repr(article)
    page = convert.render(article, "html").decode()
    assert "<script" not in page and "onclick" not in page and "javascript:" not in page and "onerror" not in page


def test_layout_table_around_markdown_leaves_no_empty_table() -> None:
    article = read("<table>\n<tr><td>\n\n**Inside** a layout table.\n\n</td></tr>\n</table>\n\n"
                   "<table><caption>Only a caption</caption></table>\n")
    assert [type(b) for b in article.blocks] == [Paragraph, Paragraph]
    assert all_text(article) == "Inside a layout table. Only a caption"


def test_paragraph_lines_inside_a_block() -> None:
    article = read('<div class="a">\nFirst words\n<p>one\ntwo</p>\nTail words\n<hr>\n\n</div>\n')
    div = article.blocks[0]
    assert isinstance(div, Div)
    assert [(plain_text(block_inlines(b)), b.line) for b in div.blocks] == [  # type: ignore[union-attr]
        ("First words", 6), ("one two", 7), ("Tail words", 9), ("", 10)]
