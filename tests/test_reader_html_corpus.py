"""Real articles that use raw HTML (../shared/corpus): what their HTML becomes in the model.

Images are recorded instead of loaded (``ReadContext.image`` is replaced), so these
tests see what reaches the image loader without depending on its folder rules.
"""

from __future__ import annotations

import itertools
import logging
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

import convert
from convert.model import (
    Block,
    BlockQuote,
    Code,
    CodeBlock,
    Div,
    Figure,
    LineBreak,
    Link,
    Span,
    Superscript,
    Text,
    block_inlines,
    plain_text,
    walk,
    walk_inlines,
)
from convert.reader import html
from convert.reader.context import ReadContext

from .test_reader_html import TAG
from .test_reader_html_events import context, embed_parts

CORPUS = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus"
pytestmark = pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared/corpus is not beside the repository")


@pytest.fixture
def images(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, int]]:
    """Every image reference the reader asks for, with its line (nothing is loaded: each is 'remote')."""
    asked: list[tuple[str, int]] = []

    def record(self: ReadContext, ref: str, line: int, attr: object = None) -> None:
        asked.append((ref, line))

    monkeypatch.setattr(ReadContext, "image", record)
    return asked


def article(number: str) -> convert.Article:
    return convert.read(next(CORPUS.glob(f"{number}-*")) / "article.md")


def text_of(blocks: tuple[Block, ...] | list[Block]) -> str:
    return " ".join(" ".join(plain_text(block_inlines(b)) for b in walk(tuple(blocks))).split())


def visible_text(blocks: tuple[Block, ...]) -> str:
    """The text outside code, where a leftover tag would be a leak."""
    spans = (s for b in walk(blocks) if not isinstance(b, CodeBlock) for s in walk_inlines(block_inlines(b)))
    return " ".join(getattr(s, "text", "") for s in spans if not isinstance(s, Code))


def siblings(blocks: tuple[Block, ...]) -> Iterator[tuple[Block, ...]]:
    yield blocks
    for block in walk(blocks):
        if isinstance(block, (Div, BlockQuote)):
            yield block.blocks


def captions(blocks: tuple[Block, ...]) -> set[str]:
    """Each figure's caption and each line of it, or that of the caption Div right after it (the Markdown reader
    merges it, after a line break when the image's description says something else)."""
    found = {plain_text(f.caption).strip() for f in walk(blocks) if isinstance(f, Figure)}
    for figure in (f for f in walk(blocks) if isinstance(f, Figure)):
        lines = [list(group) for br, group in itertools.groupby(figure.caption, lambda s: isinstance(s, LineBreak))
                 if not br]
        found.update(plain_text(tuple(line)).strip() for line in lines)
    for group in siblings(blocks):
        for before, after in itertools.pairwise(group):
            if isinstance(before, Figure) and isinstance(after, Div) and "caption" in after.attr.classes:
                found.add(text_of(after.blocks))
    return found


def divs(blocks: tuple[Block, ...], *classes: str) -> list[Div]:
    return [b for b in walk(blocks) if isinstance(b, Div) and b.attr.classes[: len(classes)] == classes]


@pytest.mark.parametrize("number", ["01", "02", "03", "04", "05", "07", "10", "12", "13", "14"])
def test_no_tag_is_left_in_the_text(number: str, images: list[tuple[str, int]]) -> None:
    leftovers = TAG.findall(visible_text(article(number).blocks))
    assert leftovers == []


def test_02_caption_paragraphs(images: list[tuple[str, int]]) -> None:
    found = captions(article("02").blocks)
    for text in ("Citizenship test centre in Ottawa, Ontario", "The family checkbox keeps family groups together",
                 "The radio button checklist reassures people their needs are valid (travel, study, work)"):
        assert text in found


def test_03_figcaptions_after_markdown_images(images: list[tuple[str, int]]) -> None:
    found = captions(article("03").blocks)
    for text in ("A sneak peak at the initial research", "An example of a mid-fidelity grayscale screen",
                 "A sneak peek at the color scheme", "Before and after", "Some design system components"):
        assert text in found


@pytest.mark.parametrize(("number", "description", "caption"), [
    ("02", "A Canadian flag with a sign showing where Citizenship Ceremonies and Test Sessions take place.",
     "Citizenship test centre in Ottawa, Ontario"),
    ("03", "a sneak peak at the initial research", "A sneak peak at the initial research"),
    ("03", "An example of a mid-fidelity, grayscale screen", "An example of a mid-fidelity grayscale screen"),
])
def test_a_caption_after_a_described_image_keeps_both(number: str, description: str, caption: str,
                                                      images: list[tuple[str, int]]) -> None:
    """As pandoc: the description stays the figure's caption, the raw caption follows it (every word is kept)."""
    figures = [f for f in walk(article(number).blocks) if isinstance(f, Figure)]
    merged = [f for f in figures if f.alt == description]
    assert len(merged) == 1
    assert merged[0].caption[0] == Text(description) and plain_text(merged[0].caption).endswith(caption)
    assert LineBreak() in merged[0].caption


def test_04_flickr_embeds_and_videos(images: list[tuple[str, int]], caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="convert"):
        blocks = article("04").blocks
    flickr = embed_parts(convert.Article(convert.Meta(""), blocks), "flickr")
    assert len(flickr) == 4
    assert all(isinstance(s[0], Link) and "flickr.com/photos/" in s[0].target for s in flickr)
    videos = divs(blocks, "embed", "video")
    targets = [s.target for d in videos for b in d.blocks for s in walk_inlines(block_inlines(b)) if isinstance(s, Link)]
    assert targets == ["https://www.youtube.com/embed/EhNisFJPfrs?rel=0", "https://www.youtube.com/embed/7xR50ty5DZ0?rel=0",
                       "https://youtube.com/embed/h9cK5Ky0_T0?rel=0"]
    scripts = sorted(getattr(r, "where", "") for r in caplog.records if "<script" in r.getMessage())
    assert [w.rsplit(":", 1)[1] for w in scripts] == ["119", "47", "76", "92"]


def test_05_superscript_commas_and_the_comment(images: list[tuple[str, int]], caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="convert"):
        blocks = article("05").blocks
    commas = [s for b in walk(blocks) for s in walk_inlines(block_inlines(b)) if isinstance(s, Superscript)]
    assert len(commas) == 5 and {plain_text(s.children) for s in commas} == {","}
    assert "references" not in text_of(blocks).split()  # <!-- references --> is no content
    assert not [r for r in caplog.records if "comment" in r.getMessage() or "<!--" in r.getMessage()]


def test_07_pull_quote(images: list[tuple[str, int]]) -> None:
    quote, = divs(article("07").blocks, "aside", "pquote")
    assert "Открытый исходный код — это больше, чем просто код." in text_of(quote.blocks)
    assert "@arfon" in text_of(quote.blocks)
    assert ("https://avatars.githubusercontent.com/arfon?s=180", 100) in images


def test_10_grid_of_images(images: list[tuple[str, int]], caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="convert"):
        blocks = article("10").blocks
    site_root = [ref for ref, _ in images if ref.startswith("/img/")]
    assert len(site_root) == 15
    grids = divs(blocks, "grid-container")
    assert len(grids) == 5 and all(len(divs(g.blocks, "grid-item")) == 2 for g in grids)
    assert "All of the talks are worth checking out" in text_of(blocks)
    assert any(getattr(r, "where", "").endswith(":114") and "<style>" in r.getMessage() for r in caplog.records)


def test_12_iframe_in_a_raw_html_fence() -> None:
    piece = next(line for line in (next(CORPUS.glob("12-*")) / "article.md").read_text().splitlines()
                 if line.startswith("<iframe"))
    events = html.block_events(piece + "\n", context(), 148)
    assert len(events) == 1 and isinstance(events[0], html.Blocks)
    embed, = events[0].blocks
    assert isinstance(embed, Div) and embed.attr.classes == ("embed", "iframe")
    links = [s.target for s in walk_inlines(block_inlines(embed.blocks[0])) if isinstance(s, Link)]
    assert links == ["example/example-basic.html"]


def test_13_right_to_left_wrapper_and_pull_quotes(images: list[tuple[str, int]]) -> None:
    blocks = article("13").blocks
    wrapper = next(d for d in divs(blocks) if d.attr.get("dir") == "rtl")
    assert "لماذا تحتاج إلى مُدوّنة سلوك" in text_of(wrapper.blocks)
    quotes = divs(wrapper.blocks, "aside", "pquote")
    assert len(quotes) == 2 and "مبادرة آدا" in text_of(quotes[0].blocks)


def test_14_keys(images: list[tuple[str, int]]) -> None:
    keys = [s for b in walk(article("14").blocks) for s in walk_inlines(block_inlines(b))
            if isinstance(s, Span) and s.attr.classes == ("kbd",)]
    assert [plain_text(k.children) for k in keys] == ["Return", "Return"]


def test_link_syntax_inside_markdown_1_is_handed_back_as_markdown() -> None:
    source = (next(CORPUS.glob("13-*")) / "article.md").read_text().splitlines()
    start = next(i for i, line in enumerate(source) if line.startswith("<aside"))
    piece = "\n".join(source[start:start + 6]) + "\n"
    events = html.block_events(piece, context(), start + 1)
    inner = events[1]
    assert isinstance(inner, html.Markdown) and "[مبادرة آدا](https://webcache" in inner.text


def test_no_event_attribute_or_live_link_anywhere(images: list[tuple[str, int]]) -> None:
    for number in ("04", "07", "10", "13"):
        for block in walk(article(number).blocks):
            for span in walk_inlines(block_inlines(block)):
                assert not (isinstance(span, Link) and re.match(r"\s*(javascript|data|vbscript):", span.target, re.I))
            attr = getattr(block, "attr", None)
            assert attr is None or not any(name.startswith("on") or name == "style" for name, _ in attr.pairs)
