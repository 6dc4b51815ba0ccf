"""Structure: titles, heading levels and ids, links within the article, divs, definition lists, nesting, limits."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import pytest

import convert
from convert.model import (
    Attr,
    BlockQuote,
    CodeBlock,
    CreditLine,
    DefinitionList,
    Div,
    Link,
    ListBlock,
    Paragraph,
    Text,
    plain_text,
    walk,
)
from convert.reader.context import ReadContext
from convert.reader.identifiers import auto_identifier


def _messages(caplog: pytest.LogCaptureFixture) -> list[tuple[str, str]]:
    return [(getattr(r, "where", ""), getattr(r, "text", r.getMessage())) for r in caplog.records]


def _levels(source: str, **options: Any) -> list[tuple[int, str]]:
    article = convert.read_text(source, **options)
    return [(h.level, plain_text(h.inlines)) for h in article.subheadings()]


# --- titles and levels ----------------------------------------------------------------


def test_sections_written_with_hash_keep_their_shape() -> None:
    assert _levels("# Title\n\n# A\n\n# B\n\n## C\n\n# D\n") == [(2, "A"), (2, "B"), (3, "C"), (2, "D")]
    assert _levels("---\ntitle: T\n---\n# A\n\n## B\n\n### C\n") == [(2, "A"), (3, "B"), (4, "C")]
    assert _levels("# Title\n\n## A\n\n### B\n") == [(2, "A"), (3, "B")]


def test_levels_beyond_six_are_capped_with_a_warning(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="convert"):
        levels = _levels("---\ntitle: T\n---\n# A\n\n###### F\n")
    assert levels == [(2, "A"), (6, "F")]
    assert ("<string>:6", "heading level 7 is deeper than 6; made level 6") in _messages(caplog)


def test_an_explicit_shift_applies_to_every_heading() -> None:
    assert _levels("---\ntitle: T\n---\n## A\n\n### B\n", shift_heading_level_by=1) == [(3, "A"), (4, "B")]
    article = convert.read_text("## Top\n\n### A\n\n#### B\n", shift_heading_level_by=-1)
    assert article.meta.title == "Top"  # pandoc: a heading shifted to level 1 at the top is the title
    assert [(h.level, plain_text(h.inlines)) for h in article.subheadings()] == [(2, "A"), (3, "B")]


def test_no_title_stays_empty_with_one_warning(caplog: pytest.LogCaptureFixture, tmp_path: Path) -> None:
    path = tmp_path / "field-notes.md"
    path.write_text("Just text.\n\n## A section\n", encoding="utf-8")
    with caplog.at_level(logging.WARNING, logger="convert"):
        article = convert.read(path)
    assert article.meta.title == "" and article.document_title == "field-notes"
    assert [m for _, m in _messages(caplog) if "no title" in m] == [
        "no title (no front matter 'title', no leading '# Heading'); formats that need one use 'field-notes'"]


def test_metadata_keeps_the_text_of_images_and_raw_html(monkeypatch: pytest.MonkeyPatch,
                                                        caplog: pytest.LogCaptureFixture) -> None:
    def no_loading(*args: object) -> None:
        raise AssertionError("metadata text must not load an image")

    monkeypatch.setattr(ReadContext, "image", no_loading)
    source = ("---\ntitle: 'H<sub>2</sub>O ![the logo](missing.png) <img src=\"x.png\" alt=\"the  sea\"> & more<br>now'\n"
              "subtitle: '*Not* <em>bold</em>'\nauthor: \"<b>Ann</b> Writer\"\n---\n\nText\n")
    with caplog.at_level(logging.WARNING, logger="convert"):
        meta = convert.read_text(source).meta
    assert (meta.title, meta.subtitle, meta.author) == ("H2O the logo the sea & more now", "Not bold", ("Ann Writer",))
    assert caplog.records == []
    title = convert.read_text('# H<sub>2</sub>O <img src="x.png" alt="sea">\n\nText\n').meta.title
    assert title == "H2O sea"  # a leading heading taken as the title: the same text


def test_front_matter_title_equal_to_the_leading_heading_is_not_repeated() -> None:
    article = convert.read_text("---\ntitle: It's here\n---\n# It's here\n\nText\n")
    assert article.meta.title == "It\u2019s here" and [type(b) for b in article.blocks] == [Paragraph]


# --- identifiers ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [  # pandoc 3.9's results for the same headings
        ("Hello, World!", "hello-world"),
        ("1. Intro", "intro"),
        ("  Spaces  here", "spaces-here"),
        ("Über Größe", "über-größe"),
        ("C++ & Python", "c-python"),
        ("a_b-c.d", "a_b-c.d"),
        ("日本語", "日本語"),
        ("émoji 😀 x", "émoji-x"),
        ("Foo \u2013 Bar", "foo-bar"),
        ("123", "section"),
    ],
)
def test_auto_identifiers_as_pandoc(text: str, expected: str) -> None:
    assert auto_identifier(text) == expected


def test_heading_ids_unique_explicit_and_with_classes() -> None:
    article = convert.read_text(
        "# T\n\n## Hello, World!\n\n## Hello, World!\n\n## hello-world-1\n\n## Title\n\n"
        "## Options {#opts .wide key=v}\n\n## Method ##\n\n- ## In a list\n"
    )
    attrs = [h.attr for h in article.subheadings()]
    assert [a.identifier for a in attrs] == [
        "hello-world", "hello-world-1", "hello-world-1-1", "title-1", "opts", "method", "in-a-list"]
    assert attrs[4] == Attr("opts", ("wide",), (("key", "v"),))
    assert plain_text(article.subheadings()[4].inlines) == "Options"


def test_written_ids_are_reserved_and_duplicates_renamed(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="convert"):
        article = convert.read_text("# T\n\n## Setup\n\nSee [x]{#setup} and [y]{#setup}.\n")
    assert article.subheadings()[0].attr.identifier == "setup-2"  # written ids are reserved first
    spans = [s.attr.identifier for s in article.blocks[1].inlines if hasattr(s, "attr")]  # type: ignore[union-attr]
    assert spans == ["setup", "setup-1"]
    assert any("used twice" in m for _, m in _messages(caplog))


def test_links_within_the_article(caplog: pytest.LogCaptureFixture) -> None:
    source = ("# T\n\n## The method\n\n[a](#the-method) [b](#nowhere) [c](#title) [d](#caf%C3%A9) [e]{#café}\n\n"
              "Note.^[[back](#the-method)]\n")
    with caplog.at_level(logging.WARNING, logger="convert"):
        article = convert.read_text(source)
    spans = article.blocks[1].inlines  # type: ignore[union-attr]
    links = [s for s in spans if isinstance(s, Link)]
    assert [link.target for link in links] == ["#the-method", "#title", "#café"]
    assert Text(" b ") in spans  # the dangling link kept its text
    assert ("<string>:5", "link to '#nowhere': no heading or other part has that identifier; kept its text") \
        in _messages(caplog)


# --- divs, definition lists, code -------------------------------------------------------


def test_fenced_divs_nest_and_ignore_fences_inside_code() -> None:
    # mdit-py-plugins' container rule closes at the first fence as long as the opening (even inside code);
    # pandoc closes the innermost div and skips code: pandoc wins.
    source = ("::: outer\n::: inner\nx\n:::\ny\n:::\n\n"
              "::: {#d .note lang=fr}\n```\n:::\n```\n:::\n\n"
              ":::::::::: {.wide}\n::: {.narrow}\nz\n:::\n::::::::::::::::\n")
    blocks = convert.read_text(source).blocks
    assert blocks[0] == Div(Attr(classes=("outer",)), (
        Div(Attr(classes=("inner",)), (Paragraph((Text("x"),), 3),), 2), Paragraph((Text("y"),), 5)), 1)
    assert blocks[1] == Div(Attr("d", ("note",), (("lang", "fr"),)), (CodeBlock(":::", "", 9),), 8)
    assert isinstance(blocks[2], Div) and isinstance(blocks[2].blocks[0], Div)


def test_an_unclosed_div_ends_with_its_container_and_warns(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="convert"):
        blocks = convert.read_text("> ::: note\n> inside\n\nafter\n").blocks
    assert isinstance(blocks[0], BlockQuote) and isinstance(blocks[0].blocks[0], Div)
    assert blocks[1] == Paragraph((Text("after"),), 4)
    assert any("never closed" in m for _, m in _messages(caplog))


def test_a_div_opening_does_not_interrupt_a_paragraph_but_a_closing_does() -> None:
    blocks = convert.read_text("::: note\ntext\n:::\n\npara\n::: x\n").blocks
    assert blocks[0] == Div(Attr(classes=("note",)), (Paragraph((Text("text"),), 2),), 1)
    assert plain_text(blocks[1].inlines) == "para ::: x"  # type: ignore[union-attr]


def test_the_credit_div_is_the_credit_line() -> None:
    blocks = convert.read_text("Body\n\n::: {.credit}\nWith reporting by *us*\n:::\n").blocks
    assert isinstance(blocks[-1], CreditLine) and plain_text(blocks[-1].inlines) == "With reporting by us"


def test_definition_lists_as_pandoc() -> None:
    source = ("Term\n\n:   First definition\n\n    more of it\n\n~   Second definition\n\n"
              "Term 2\n: lazy\ncontinuation\n")
    (dl,) = convert.read_text(source).blocks
    assert isinstance(dl, DefinitionList)
    first, second = dl.items
    assert plain_text(first.term) == "Term" and len(first.definitions) == 2
    assert [plain_text(p.inlines) for p in first.definitions[0]] == ["First definition", "more of it"]  # type: ignore[union-attr]
    assert plain_text(second.definitions[0][0].inlines) == "lazy continuation"  # type: ignore[union-attr]


def test_fenced_code_languages_and_raw_blocks(caplog: pytest.LogCaptureFixture) -> None:
    source = "```{.python #c .numberLines}\na\n```\n\n```r {x=1}\nb\n```\n\n```{r}\nc\n```\n\n```{=latex}\n\\newpage\n```\n"
    with caplog.at_level(logging.WARNING, logger="convert"):
        blocks = convert.read_text(source).blocks
    assert [(b.language, b.text) for b in blocks if isinstance(b, CodeBlock)] == [
        ("python", "a"), ("r", "b"), ("r", "c"), ("latex", "\\newpage")]  # a raw block for another format: its text kept
    assert ("<string>:13", "raw latex block (```{=latex}) is for another format; kept as a code block") in _messages(caplog)


# --- nothing lost -----------------------------------------------------------------------


def test_a_hundred_nested_quotes_keep_their_text(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="convert"):
        article = convert.read_text("> " * 100 + "deep text\n")
    texts = [plain_text(b.inlines) for b in walk(article.blocks) if isinstance(b, Paragraph)]
    assert texts == ["deep text"]
    assert ("<string>:1", "content nested too deeply (quotes or lists); kept as plain paragraphs") in _messages(caplog)


def test_fifty_nested_list_levels_keep_every_item() -> None:
    source = "\n".join("  " * i + f"- item {i}" for i in range(50)) + "\n"
    article = convert.read_text(source)
    texts = [plain_text(b.inlines) for b in walk(article.blocks) if isinstance(b, Paragraph)]
    assert texts == [f"item {i}" for i in range(50)]
    assert isinstance(article.blocks[0], ListBlock)


def test_unknown_tokens_keep_their_text(caplog: pytest.LogCaptureFixture) -> None:
    from markdown_it.token import Token

    from convert.reader.inlines import InlineBuilder

    builder = InlineBuilder(_context(), 7, None, lambda tokens: [], False)  # type: ignore[arg-type]
    with caplog.at_level(logging.WARNING, logger="convert"):
        spans = builder.convert([Token("mystery", "", 0, content="kept"), Token("odd_open", "", 1),
                                 Token("text", "", 0, content=" inside"), Token("odd_close", "", -1)])
    assert plain_text(spans) == "kept inside"
    assert ("<string>:7", "unsupported Markdown (mystery) kept as its text") in _messages(caplog)


def _context() -> convert.reader.ReadContext:
    from convert.reader import ReadContext, ReadOptions
    from convert.reader.images import AssetPolicy

    options = ReadOptions()
    return ReadContext(name="<string>", base_dir=Path.cwd(), policy=AssetPolicy.for_source(Path.cwd(), options),
                       options=options)


def test_source_size_limit(tmp_path: Path) -> None:
    with pytest.raises(convert.SourceError, match="larger than 1,000 bytes") as caught:
        convert.read_text("x" * 1001, max_source_bytes=1000)
    assert "max_source_bytes" in (caught.value.hint or "")
    path = tmp_path / "big.md"
    path.write_text("y" * 2000, encoding="utf-8")
    with pytest.raises(convert.SourceError, match="larger than"):
        convert.read(path, max_source_bytes=1000)
    assert convert.read_text("# T\n\nok\n", max_source_bytes=1000).meta.title == "T"


def test_markdown_inside_a_markdown_html_element_is_read_as_markdown() -> None:
    article = convert.read_text('# T\n\n## Intro\n\n<div markdown="1">\n## Intro\n\n**bold** and [^1]\n</div>\n\n[^1]: note\n')
    ids = [h.attr.identifier for h in article.subheadings()]
    assert ids == ["intro", "intro-1"]  # one namespace for the whole article
    paragraph = next(b for b in walk(article.blocks) if isinstance(b, Paragraph))
    assert plain_text(paragraph.inlines) == "bold and " and paragraph.line == 8
