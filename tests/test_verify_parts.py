"""verify() and the parts the writers write this round: the title block's description and keywords, a figure's
description in place of a picture not loaded, pictures wherever they sit (captions, headings, links), a note
holding a list (Word's ``Footnote List Bullet``, a PDF's bullets), and the empty things (a heading, a header
cell, a note) that have nothing to show.

The end-to-end cases render with every writer and verify against the model and the source's words; each new
check is also shown to fail when its part is missing (an output of the article without it).
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

import convert
from convert.model import Article, Figure, Image, InlineImage, Link, Meta, Paragraph, Subheading, Text
from convert.readback import Report, verify
from convert.readback.expected import Expected, Passage

from .conftest import WriteArticle, image_bytes
from .test_verify_model import PIXEL, para

FORMATS = ("docx", "epub", "html", "pdf")

STORY = """---
title: Fares in May
description: |
  What the council decided.

  And what it costs.
keywords: [buses, "fares  and routes", ""]
---

The council met.^[ ] It decided e<img src="dot.png" alt="">f and more.

![A map x![](dot.png)y of routes](photo.jpg)

![Remote caption](https://example.org/remote.jpg){alt="A different description"}

## Routes ![](dot.png) today

##

| Route | |
|---|---|
| A^[In a cell.] | 2.50 |

| |
|---|
| 1 |

See [![Remote icon](https://example.org/icon.png)](https://example.org/page) and [![](dot.png)](https://example.org/named).

The t\x00a b end.[^list]

[^list]: Two things.

    - one thing
    - another

::: credit
By X^[m]
:::
"""
#: Checks each format must have made on STORY (PDF's flow checks are numbered by their place in the reading order).
MUST_CHECK = {
    "docx": {"description", "keywords", "figure 2 description", "inline image 5", "credit line 1", "table 2 row 1",
             "note 3", "source words"},
    "epub": {"description", "keywords", "figure 2 description", "inline image 5", "credit line 1",
             "table 1 header row 1", "table 2 row 1", "note 3", "source words"},
    "pdf": {"description in reading order (2)", "keyword in reading order (3)", "keyword in reading order (4)",
            "figure description in reading order (7)", "pictures drawn", "table 2 row 1", "note 2", "note 3",
            "source words"},
}
MUST_CHECK["html"] = MUST_CHECK["epub"]


@pytest.fixture
def story(write_article: WriteArticle) -> Path:
    path = write_article(STORY)
    (path.parent / "dot.png").write_bytes(image_bytes(12, 10, "PNG"))
    return path


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_part_arrives_in_every_format(story: Path, fmt: str) -> None:
    article = convert.read(story)
    report = verify(convert.render(article, fmt), article, fmt)
    assert report.ok, [str(f) for f in report.failures]
    assert MUST_CHECK[fmt] <= {f.check for f in report.findings}


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_missing_description_keyword_or_figure_description_fails(story: Path, fmt: str) -> None:
    article = convert.read(story)
    meta = dataclasses.replace(article.meta, description=None, keywords=("buses",))
    remote = next(b for b in article.blocks if isinstance(b, Figure) and b.image is None)
    blocks = tuple(dataclasses.replace(b, alt="Remote caption") if b is remote else b for b in article.blocks)
    poorer = dataclasses.replace(article, meta=meta, blocks=blocks)
    failed = {f.check for f in verify(convert.render(poorer, fmt), article, fmt, source_words=False).failures}
    if fmt == "pdf":
        assert {"description in reading order (2)", "keyword in reading order (4)",
                "figure description in reading order (7)"} <= failed
    else:
        assert {"description", "keywords", "figure 2 description"} <= failed


def test_the_expected_title_block_and_figure_description() -> None:
    article = Article(Meta(title="T", description=" Two\n\n  paragraphs ", keywords=("a  b", " ", "c")), (
        Figure(None, (Text("Cap"),), "Cap", src="https://x.org/1.jpg"),
        Figure(None, (Text("Cap"),), "Other  words", src="https://x.org/2.jpg"),
        Figure(PIXEL, (Text("Cap"),), "Loaded alt"),
    ))
    expected = Expected.of(article)
    assert (expected.description, expected.keywords) == ("Two paragraphs", ("a b", "c"))
    assert [f.description for f in expected.figures] == ["", "Other words", ""]
    passages = [(p.kind, p.text) for p in expected.flow if isinstance(p, Passage)]
    assert passages[:4] == [("title", "T"), ("description", "Two paragraphs"), ("keyword", "a b"), ("keyword", "c")]
    assert ("figure description", "Other words") in passages


def test_pictures_are_expected_wherever_they_sit_in_reading_order() -> None:
    def image(name: str) -> InlineImage:
        return InlineImage(PIXEL, name, name)

    article = Article(Meta(title="T"), (
        Subheading(2, (Text("Head "), image("heading"))),
        Figure(PIXEL, (Text("a "), image("caption")), "alt"),
        Paragraph((Link("https://x.org", (InlineImage(None, "https://x.org/i.png", "linked"),)), image("body"))),
        Paragraph((Link("https://x.org/empty", (InlineImage(None, "https://x.org/j.png", ""),)),)),
    ))
    expected = Expected.of(article)
    assert [(i.src, i.linked) for i in expected.images] == [
        ("heading", True), ("caption", True), ("https://x.org/i.png", False), ("body", True), ("https://x.org/j.png", False)]
    assert expected.nameless_links == {"https://x.org/empty"}


def _xhtml(markup: str) -> bytes:
    return (f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"/><title>T</title></head>'
            f"<body><article><header><h1>T</h1></header>{markup}</article></body></html>").encode()


def _failed(data: bytes, article: Article) -> set[str]:
    return {f.check for f in verify(data, article, "html").failures}


def test_xhtml_note_marks_are_not_text_anywhere() -> None:
    """A note's mark glued to the credit line's last word, or to a cell's text, is not part of the text."""
    from convert.model import Cell, ColumnSpec, CreditLine, Note, Row, Table

    note = Note((para("m"),))
    table = Table((), (ColumnSpec(),), (), (Row((Cell((para("x", Note((para("n"),))),)),)),))
    article = Article(Meta(title="T"), (table, CreditLine((Text("By X"), note))))

    def ref(n: int) -> str:
        return f'<a role="doc-noteref" href="#fn{n}">{n}</a>'

    notes = ('<section role="doc-endnotes"><ol><li id="fn1"><p>n</p></li><li id="fn2"><p>m</p></li></ol></section>')
    markup = f'<table><tbody><tr><td>x{ref(1)}</td></tr></tbody></table><footer class="credit"><p>By X{ref(2)}</p></footer>'
    assert _failed(_xhtml(markup + notes), article) == set()
    assert _failed(_xhtml(markup.replace("By X", "By Y") + notes), article) == {"credit line 1"}


def test_xhtml_an_empty_header_cell_may_be_a_td() -> None:
    from convert.model import Cell, ColumnSpec, Row, Table

    head = Row((Cell((para("Route"),)), Cell(())))
    article = Article(Meta(title="T"), (Table((), (ColumnSpec(), ColumnSpec()), (head,), ()),))
    markup = '<table><thead><tr><th scope="col">Route</th><td></td></tr></thead></table>'
    assert _failed(_xhtml(markup), article) == set()
    assert _failed(_xhtml(markup.replace("<th scope=\"col\">Route</th>", "<td>Route</td>")), article) == {
        "table 1 header row 1"}


def test_xhtml_a_link_with_no_text_may_be_named_by_its_address() -> None:
    picture = Image(source="d.png", data=b"\x89PNG", format="png", width=1, height=1)
    article = Article(Meta(title="T"), (para("See ", Link("https://x.org/p", (InlineImage(picture, "d.png", ""),)), "."),))
    named = '<p>See <a href="https://x.org/p"><img src="d.png" alt=""/>https://x.org/p</a>.</p>'
    assert _failed(_xhtml(named), article) == set()
    assert _failed(_xhtml(named.replace(">https://x.org/p<", ">https://x.org/other<")), article) == {"body paragraph 1"}


def test_xhtml_a_picture_inside_a_caption_is_an_inline_image() -> None:
    article = Article(Meta(title="T"), (
        Figure(PIXEL, (Text("x"), InlineImage(PIXEL, "in.png", "in caption"), Text("y")), "alt"),
        para("e", InlineImage(PIXEL, "after.png", "after"), "f"),
    ))
    markup = ('<figure><img src="a.png" alt="alt"/><figcaption>x<img src="in.png" alt="in caption"/>y</figcaption></figure>'
              '<p>e<img src="after.png" alt="after"/>f</p>')
    assert _failed(_xhtml(markup), article) == set()  # "xy" and "ef": a picture does not split a word
    assert _failed(_xhtml(markup.replace('alt="after"', 'alt=""')), article) == {"inline image 2 alt text"}


def test_reports_say_what_the_new_checks_compared() -> None:
    article = Article(Meta(title="T", keywords=("a", "b")), (para("Body."),))
    report = verify(_xhtml("<ul class=\"keywords\"><li>b</li><li>a</li></ul><p>Body.</p>"), article, "html")
    assert [(f.expected, f.found) for f in report.failures] == [("a | b", "b | a")]
    assert isinstance(report, Report)


def test_a_description_repeating_the_articles_start_need_not_show() -> None:
    """Hugo's automatic summary is the article's first words, cut short: a title block may leave it out."""
    body = (para("The council met twice in May, said the mayor."),)
    cut = Expected.of(Article(Meta(title="T", description="The council met twice in Ma\u2026"), body))
    own = Expected.of(Article(Meta(title="T", description="Why the council met twice."), body))
    assert (cut.description, own.description) == ("", "Why the council met twice.")
    assert "description" not in [p.kind for p in cut.flow if isinstance(p, Passage)]


@pytest.mark.parametrize("fmt", FORMATS)
def test_fuzzed_corners_verify_clean(write_article: WriteArticle, fmt: str) -> None:
    """Display math inside a line (DOCX breaks the line around it), TeX dollars glued to a word, a right-to-left
    mark turning a title around, a title longer than Word's core properties and a PDF outline entry hold, a
    heading's picture whose alt text the outline shows."""
    long_title = " ".join(["word"] * 600)
    markdown = (f"---\ntitle: {long_title}\n---\n\nBefore $$x^2$$ after, 9$a$ and \u2026 \u200f _ here.\n\n"
                "## Head ![alt words](photo.jpg) end\n\n![Cap [$$\U0001f600$$]{.x}](photo.jpg)\n")
    article = convert.read(write_article(markdown))
    report = verify(convert.render(article, fmt), article, fmt)
    assert report.ok, [str(f) for f in report.failures]
    assert {"document title", "source words"} <= {f.check for f in report.findings}


def test_display_math_is_apart_from_its_line() -> None:
    from convert.model import Math

    article = Article(Meta(title="T"), (para("a", Math("x", display=True), "b"),))
    assert Expected.of(article).paragraphs == ["a x b"]
    assert _failed(_xhtml('<p>a<code class="math display">x</code>b</p>'), article) == set()
    assert _failed(_xhtml('<p>a<code class="math display">y</code>b</p>'), article) == {"body paragraph 1"}


def test_a_note_inside_a_note_may_show_inline_or_as_a_note() -> None:
    from convert.model import Note

    article = Article(Meta(title="T"), (para("Text", Note((para("Outer", Note((para("inner"),))),)), "."),))
    assert Expected.of(article).holding_notes == {1}

    def page(note: str) -> bytes:
        return _xhtml('<p>Text<a role="doc-noteref" href="#fn1">1</a>.</p><section role="doc-endnotes"><ol>'
                      f'<li id="fn1"><p>{note}</p></li></ol></section>')

    assert _failed(page('Outer<a role="doc-noteref" href="#fn2">2</a>'), article) == set()  # a note of its own
    assert _failed(page("Outer [inner]"), article) == set()  # inline (DOCX)
    assert _failed(page("Other [inner]"), article) == {"note 1"}
