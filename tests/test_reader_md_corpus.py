"""Real articles from ../shared/corpus read into the right nodes (skipped where the corpus is absent)."""

from __future__ import annotations

import functools
import logging
from pathlib import Path

import pytest

import convert
from convert.model import (
    CodeBlock,
    DefinitionList,
    Div,
    Figure,
    Link,
    Span,
    Subheading,
    Table,
    block_inlines,
    notes,
    plain_text,
    walk,
    walk_inlines,
)

CORPUS = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus"


@functools.cache
def corpus_article(prefix: str) -> convert.Article:
    folders = sorted(CORPUS.glob(f"{prefix}-*"))
    if not folders:
        pytest.skip("the shared corpus is not beside the checkout")
    logging.getLogger("convert").disabled = True
    try:
        return convert.read(folders[0] / "article.md")
    finally:
        logging.getLogger("convert").disabled = False


def _inlines(article: convert.Article) -> list[object]:
    return [s for b in walk(article.blocks) for s in walk_inlines(block_inlines(b))]


def test_05_footnotes_referenced_again_appear_again() -> None:
    article = corpus_article("05")
    found = notes(article)
    assert len(found) == 15  # 12 notes, referenced 15 times (pandoc: 15)
    texts = [plain_text(n.blocks[0].inlines) for n in found]  # type: ignore[union-attr]
    assert texts[0].startswith("Braa, J., Hanseth, O.")
    assert texts.count(texts[1]) == 3  # [^2] is referenced three times
    assert not any("[^" in plain_text(block_inlines(b)) for b in walk(article.blocks))


def test_11_glossary_definition_list_spans_ids_and_internal_links() -> None:
    article = corpus_article("11")
    lists = [b for b in walk(article.blocks) if isinstance(b, DefinitionList)]
    assert len(lists) == 1 and len(lists[0].items) == 40
    first = lists[0].items[0]
    assert first.term == (Span(convert.model.Attr("absolute-path"), (convert.model.Text("absolute path"),)),)
    assert "Absolute paths are usually written" in plain_text(first.definitions[0][0].inlines)  # type: ignore[union-attr]
    links = [s for s in _inlines(article) if isinstance(s, Link) and s.internal]
    assert len(links) >= 40
    ids = {s.attr.identifier for s in _inlines(article) if isinstance(s, Span)}
    assert {link.target[1:] for link in links} <= ids | {h.attr.identifier for h in article.subheadings()}
    figure = next(b for b in walk(article.blocks) if isinstance(b, Figure))
    assert figure.alt == "Linux filesystem hierarchy" and figure.image is not None  # {alt='...'} read, not printed
    assert sum(isinstance(b, Table) for b in walk(article.blocks)) == 1


def test_12_quarto_divs_keep_their_classes_and_raw_html_is_not_code() -> None:
    article = corpus_article("12")
    divs = [b for b in walk(article.blocks) if isinstance(b, Div)]
    classes = [c for d in divs for c in d.attr.classes]
    assert {"callout-note", "callout-tip", "column-screen-inset-right"} <= set(classes)
    callout = next(d for d in divs if d.attr.has_class("callout-note"))
    assert isinstance(callout.blocks[0], Subheading) and plain_text(callout.blocks[0].inlines) == "tl;dr"
    assert not any(isinstance(b, CodeBlock) and "<iframe" in b.text for b in walk(article.blocks))
    widths = [f for f in article.figures() if f.attr.has_class("img-border")]
    assert len(widths) == 2 and widths[0].attr.get("width") == "80%"


def test_14_fenced_divs_with_many_colons_and_heading_attributes() -> None:
    article = corpus_article("14")
    divs = [b for b in walk(article.blocks) if isinstance(b, Div)]
    assert [d.attr.classes for d in divs] == [("callout",), ("callout",), ("solution",), ("solution",), ("solution",)]
    ids = [h.attr.identifier for h in article.subheadings()]
    assert {"windows", "macos", "linux"} <= set(ids)
    assert "download-files" in ids
    assert not any("{#" in plain_text(h.inlines) for h in article.subheadings())


def test_every_corpus_article_reads_and_keeps_no_table_or_note_syntax() -> None:
    for folder in sorted(CORPUS.glob("[0-9][0-9]-*")):
        article = corpus_article(folder.name[:2])
        for block in walk(article.blocks):
            text = plain_text(block_inlines(block))
            assert "[^" not in text and "|---" not in text, (folder.name, text[:80])
