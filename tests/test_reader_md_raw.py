"""pandoc's ``raw_attribute``: ```` ```{=html} ```` fences and ```...`{=html}`` read as raw HTML; other formats kept as code."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

import convert
from convert.model import (
    Code,
    CodeBlock,
    Div,
    Emph,
    Link,
    Paragraph,
    Strong,
    Text,
    block_inlines,
    plain_text,
    walk,
    walk_inlines,
)

CORPUS = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus"


def _warnings(caplog: pytest.LogCaptureFixture) -> list[tuple[str, str]]:
    return [(getattr(r, "where", ""), getattr(r, "text", r.getMessage())) for r in caplog.records if r.levelno == logging.WARNING]


def test_raw_inline_html_becomes_nodes() -> None:
    (paragraph,) = convert.read_text("# T\n\nA `<b>bold</b> &amp; <i>it</i>`{=html} end.\n").blocks
    assert isinstance(paragraph, Paragraph)
    assert paragraph.inlines == (Text("A "), Strong((Text("bold"),)), Text(" & "), Emph((Text("it"),)), Text(" end."))


def test_raw_inline_html_pairs_with_the_markdown_around_it() -> None:
    (paragraph,) = convert.read_text("# T\n\nH`<sub>`{=html}2`</sub>`{=html}O and `<br>`{=html}next\n").blocks
    assert isinstance(paragraph, Paragraph)
    assert plain_text(paragraph.inlines) == "H2O and  next"
    assert "<" not in "".join(s.text for s in walk_inlines(paragraph.inlines) if isinstance(s, Text))


def test_a_raw_inline_script_is_removed_with_a_warning(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="convert"):
        (paragraph,) = convert.read_text("# T\n\nA `<script>steal()</script>`{=html} b\n").blocks
    assert isinstance(paragraph, Paragraph) and "steal" not in plain_text(paragraph.inlines)
    assert any(where == "<string>:3" and "<script>" in message for where, message in _warnings(caplog))


def test_a_raw_inline_for_another_format_stays_code(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="convert"):
        (paragraph,) = convert.read_text("# T\n\nThe `\\LaTeX{}`{=latex} logo, `x`{=typst}\n").blocks
    assert isinstance(paragraph, Paragraph)
    assert [s for s in paragraph.inlines if isinstance(s, Code)] == [Code("\\LaTeX{}"), Code("x")]
    assert ("<string>:3", "raw latex inline (`...`{=latex}) is for another format; kept as code") in _warnings(caplog)
    assert ("<string>:3", "raw typst inline (`...`{=typst}) is for another format; kept as code") in _warnings(caplog)


@pytest.mark.parametrize("fence", ["```{=html}", "~~~ {=html5}", "```{ =html }"])
def test_a_raw_html_fence_is_read_as_html(fence: str) -> None:
    closing = fence[:3]
    source = f"# T\n\n{fence}\n<p>Some <em>words</em></p>\n<p>More</p>\n{closing}\n"
    first, second = convert.read_text(source).blocks
    assert first == Paragraph((Text("Some "), Emph((Text("words"),))), 4)
    assert second == Paragraph((Text("More"),), 5)


def test_raw_html_fences_may_open_and_close_an_element_around_markdown() -> None:
    source = "# T\n\n```{=html}\n<div class=\"note\">\n```\n\nInside *md*\n\n```{=html}\n</div>\n```\n\nAfter\n"
    div, after = convert.read_text(source).blocks
    assert isinstance(div, Div) and div.attr.classes == ("note",) and div.line == 4
    assert div.blocks == (Paragraph((Text("Inside "), Emph((Text("md"),))), 7),)
    assert after == Paragraph((Text("After"),), 13)


def test_raw_blocks_for_other_formats_keep_their_text_as_code(caplog: pytest.LogCaptureFixture) -> None:
    source = "# T\n\n```{=latex}\n\\newpage\n```\n\n~~~ {=openxml}\n<w:p><w:r><w:br w:type=\"page\"/></w:r></w:p>\n~~~\n"
    with caplog.at_level(logging.WARNING, logger="convert"):
        blocks = convert.read_text(source).blocks
    assert blocks == (CodeBlock("\\newpage", "latex", 3), CodeBlock('<w:p><w:r><w:br w:type="page"/></w:r></w:p>', "openxml", 7))
    assert _warnings(caplog) == [
        ("<string>:3", "raw latex block (```{=latex}) is for another format; kept as a code block"),
        ("<string>:7", "raw openxml block (```{=openxml}) is for another format; kept as a code block"),
    ]


@pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared/corpus is not beside the repository")
def test_12_the_iframe_in_a_raw_html_fence_is_an_embed_with_its_link() -> None:
    source = next(CORPUS.glob("12-*")) / "article.md"
    blocks = walk(convert.read(source).blocks)
    embeds = [b for b in blocks if isinstance(b, Div) and b.attr.classes[:1] == ("embed",)]
    targets = [s.target for d in embeds for b in walk(d.blocks) for s in walk_inlines(block_inlines(b)) if isinstance(s, Link)]
    assert "example/example-basic.html" in targets
    assert all(d.line != 147 for d in embeds)  # the line of the iframe, not of the fence
    leftovers = [b for b in blocks if isinstance(b, CodeBlock) and "<iframe" in b.text]
    assert leftovers == []


def test_raw_inline_html_in_a_title_keeps_its_text() -> None:
    source = "# Cats `<b>&amp;</b> <img src=\"x.png\" alt=\"dogs\">`{=html} `x`{=latex}\n\nText\n"
    article = convert.read_text(source)
    assert article.meta.title == "Cats & dogs x"
    assert article.blocks == (Paragraph((Text("Text"),), 3),)
