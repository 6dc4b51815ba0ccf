"""The source-words check: the source's visible text from an independent rendering must all be in the output."""

from __future__ import annotations

import dataclasses
from collections import Counter
from pathlib import Path

import pytest

import convert
from convert.cli import main
from convert.model import Paragraph
from convert.readback import Report
from convert.readback import source as source_module
from convert.readback import verify as verify_output
from convert.readback.source import MAX_LISTED, check, parse, visible_text
from convert.readback.words import missing, words

from .conftest import WriteArticle

FORMATS = ("docx", "epub", "html", "pdf")
STORY = """---
title: The council
author: Ann Writer
---

The council met twice in May, said the mayor.

A paragraph about the harbour dredging budget and its overruns.

The last paragraph thanks everyone.
"""


def keys(text: str) -> list[str]:
    return [w.key for w in words(text)]


@pytest.mark.parametrize(("markdown", "counted", "not_counted"), [
    ("Text\n\n```\nsecret_code_word()\n```\n", ["text"], ["secret"]),
    ("Run `inline_code` now.\n", ["inline", "code", "run", "now"], []),
    ("See https://example.org/hidden/path and <https://example.com/x> or me@example.net.\n", ["see", "and", "or"],
     ["hidden", "example", "net"]),
    ("Keep <!-- a comment --> this <script>alert('x')</script><style>p{}</style>\n", ["keep", "this"],
     ["comment", "alert", "p"]),
    ("## Options {#options .wide}\n\nA [span]{.smallcaps key=\"val\"}.\n", ["options", "span"], ["wide", "smallcaps", "val"]),
    ("| a | b |\n|---|---|\n| c | d |\n\nTable: Bus fares\n", ["a", "d", "bus", "fares"], ["table"]),
    ("Met.[^1]\n\n[^1]: The minutes.\n", ["met", "the", "minutes"], ["1"]),
    ("<figure><img src=x.jpg alt=\"Alt words\"><figcaption>Raw caption</figcaption></figure>\n", ["raw", "caption"],
     ["alt", "words"]),
    ("Water is H~2~O, the 19^th^ century, ~~old~~ new.\n", ["h2o", "19th", "old", "new"], ["h", "th"]),
    ("Term\n:   Its definition.\n", ["term", "its", "definition"], []),
    ("::: credit\nWith reporting by us\n:::\n", ["with", "reporting"], ["credit"]),
    ("{{< legacy-img src=\"x.png\" caption=\"Shown\" >}}\n\nBody.\n", ["body"], ["legacy", "shown"]),
], ids=["code-block", "inline-code", "urls", "comment-script-style", "attributes", "table-caption", "note-marks",
        "raw-figure", "sub-super-strike", "definitions", "fenced-div", "shortcode"])
def test_what_counts(markdown: str, counted: list[str], not_counted: list[str]) -> None:
    found = keys(visible_text(markdown))
    assert all(word in found for word in counted), found
    assert not any(word in found for word in not_counted), found


@pytest.mark.parametrize("front", [
    "---\ntitle: Metadata words\n---\n", "+++\ntitle = \"Metadata words\"\n+++\n", "% Metadata words\n% Author\n",
])
def test_metadata_blocks_are_not_body_text(front: str) -> None:
    assert keys(visible_text(front + "\nBody.\n")) == ["body"]


def test_a_rule_then_a_blank_line_is_not_front_matter() -> None:
    assert keys(visible_text("---\n\nEditor's note: updated.\n\n---\n")) == ["editor", "s", "note", "updated"]


def test_words_forgive_only_what_formats_change() -> None:
    assert keys("Don\u2019t ﬁnd") == keys("Don't find")  # curly quotes, ligatures (NFKC)
    assert keys("می\u200cکند") == ["می", "کند"]  # a zero-width non-joiner splits, as a PDF draws the parts apart
    assert keys("東京タワー") == ["東", "京", "タ", "ワ", "ー"]
    assert keys("لماذاCode") == ["لماذا", "code"]
    assert keys("colour") != keys("color")


def test_missing_words_are_listed_as_phrases_with_their_line() -> None:
    report = Report("html")
    check(report, STORY, ["The council met twice in May, said the mayor. The last paragraph thanks everyone."], name="story.md")
    assert [(f.where, f.expected) for f in report.failures] == [
        ("story.md:8", "A paragraph about the harbour dredging budget and its overruns")]


def test_many_missing_places_are_summed_up() -> None:
    markdown = "\n\n".join(f"Kept{n}. Unique{n} word{n}." for n in range(MAX_LISTED + 5))
    report = Report("html")
    check(report, markdown, [" ".join(f"Kept{n}" for n in range(MAX_LISTED + 5))], name="x.md")
    assert len(report.failures) == MAX_LISTED + 1 and report.failures[-1].expected == "10 more words in 5 more places"


def _drop_second_paragraph(article: convert.Article) -> convert.Article:
    paragraphs = [b for b in article.blocks if isinstance(b, Paragraph)]
    return dataclasses.replace(article, blocks=tuple(b for b in article.blocks if b is not paragraphs[1]))


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_lossy_reader_fails_verification(write_article: WriteArticle, fmt: str) -> None:
    """The model checks trust the model, so they pass; the source words do not, so they fail."""
    text = STORY
    article = convert.read_text(text)
    lossy = _drop_second_paragraph(article)
    faithful = verify_output(convert.render(article, fmt), article, fmt, source_text=text)
    assert faithful.ok, [str(f) for f in faithful.failures]
    report = verify_output(convert.render(lossy, fmt), lossy, fmt, source_text=text)
    assert {f.check for f in report.failures} == {"source words"}
    assert [f.expected for f in report.failures] == ["A paragraph about the harbour dredging budget and its overruns"]


def test_the_cli_verify_catches_a_lossy_reader(write_article: WriteArticle, workdir: Path, monkeypatch: pytest.MonkeyPatch,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    source = write_article(STORY)
    from convert.reader import read as real_read
    monkeypatch.setattr(convert.api, "_read", lambda *a, **k: _drop_second_paragraph(real_read(*a, **k)))
    assert main(["--to", "docx", "--verify", str(source), "--out-dir", str(workdir / "out")]) == 1
    err = capsys.readouterr().err
    assert "source words [story.md:8]" in err and "harbour dredging budget" in err


def test_without_the_source_the_check_is_skipped() -> None:
    article = convert.read_text(STORY)
    report = verify_output(convert.render(article, "html"), article, "html")
    assert "source words" not in {f.check for f in report.findings}
    report = verify_output(convert.render(article, "html"), article, "html", source_text=STORY.encode(), source_words=False)
    assert "source words" not in {f.check for f in report.findings}


@pytest.mark.parametrize(("markdown", "found"), [
    ("Body caf\udce9 text.\n", ["body", "caf", "text"]),  # a lone surrogate: the reader removes it, as here
    ("| a |\n|---|\n| 1 |\n\nTable: Cap\x04tion\n", ["a", "1", "caption"]),  # a control character in a caption
    ("t\x00a b\n", ["ta", "b"]),  # the reader removes U+0000: "ta", not "t a" nor "t\ufffda"
    ("See <ps:%00>.\n", ["see", "ps"]),  # an escape markdown-it decodes into a character XML cannot hold
], ids=["lone-surrogate", "control-in-caption", "nul", "decoded-nul"])
def test_the_source_is_cleaned_as_the_reader_cleans_it(markdown: str, found: list[str]) -> None:
    assert keys(visible_text(markdown)) == found
    article = convert.read_text(markdown)
    for fmt in FORMATS:
        report = verify_output(convert.render(article, fmt), article, fmt, source_text=markdown)
        assert report.ok, (fmt, [str(f) for f in report.failures])


def test_an_inline_picture_may_or_may_not_split_a_word() -> None:
    """``e<img>f``: "ef" in DOCX and XHTML, "e f" in a PDF that keeps the picture's room with spaces; never "e" alone."""
    markdown = 'It is e<img src="x.png">f and x![](y.png)y.\n'
    source = parse(markdown)
    assert [(w.key, w.parts) for w in source.words if w.parts] == [("ef", ("e", "f")), ("xy", ("x", "y"))]
    for reading, ok in (("It is ef and xy.", True), ("It is e f and x y.", True), ("It is e and xy.", False)):
        report = Report("pdf")
        check(report, source, [reading], name="x.md")
        assert report.ok is ok, reading


def test_a_word_split_by_a_tilde_may_come_back_in_visual_order() -> None:
    """pypdf reads 'العرب~ية' drawn right to left as 'ية ~ العرب': both pieces are there."""
    wanted = words("Text and العرب~ية.")
    assert missing(wanted, Counter(w.key for w in words("Text and . ية ~ العرب"))) == Counter()
    assert missing(wanted, Counter(w.key for w in words("Text and . ية"))) == Counter({"العربية": 1})
    assert keys("H~2~O 19^th^") == ["h2o", "19th"]  # glued as before: one rendering's marks are another's text


def test_pandoc_list_markers_are_not_words() -> None:
    """pandoc's fancy_lists read "a." and "(3)" as list markers the writers number; CommonMark reads text."""
    assert keys(visible_text("- RQ2\n\n\ta. To what\n\n\tb. By what\n\n(3) three\n\n- iv) four\n")) == [
        "rq2", "to", "what", "by", "what", "three", "four"]
    assert keys(visible_text("An a. b.\n")) == ["an", "a", "b"]  # only at a paragraph's start


def test_the_source_is_parsed_once_for_every_output(monkeypatch: pytest.MonkeyPatch) -> None:
    """api.verify, the CLI and batch verify one format at a time: the source's rendering is made once for all."""
    article = convert.read_text(STORY)
    outputs = {fmt: convert.render(article, fmt) for fmt in FORMATS}
    renders: list[str] = []
    real = source_module._renderer

    def counting() -> object:
        renders.append("render")
        return real()

    monkeypatch.setattr(source_module, "_renderer", counting)
    source_module._cached_parse.cache_clear()
    for fmt, data in outputs.items():
        assert verify_output(data, article, fmt, source_text=STORY.encode()).ok
    assert len(renders) == 1
    parsed = parse(STORY)  # a caller may also hold the parse and pass it for several outputs
    for fmt, data in outputs.items():
        assert verify_output(data, article, fmt, source_text=parsed).ok
    assert len(renders) == 1
