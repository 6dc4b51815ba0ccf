"""Headings from raw HTML get what Markdown headings get: levels, the body shift, ids, #links; nesting is bounded."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

import convert
from convert.model import Div, Link, Paragraph, Subheading, Text, block_inlines, plain_text, walk, walk_inlines
from convert.reader.finish import MAX_NESTING

CORPUS = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus"


def _messages(caplog: pytest.LogCaptureFixture) -> list[tuple[str, str]]:
    return [(getattr(r, "where", ""), getattr(r, "text", r.getMessage())) for r in caplog.records]


def _headings(article: convert.Article) -> list[tuple[int, str, str]]:
    return [(h.level, h.attr.identifier, plain_text(h.inlines)) for h in article.subheadings()]


def test_raw_html_headings_get_auto_ids_and_levels_anywhere() -> None:
    source = ("# T\n\n<h2>First part</h2>\n\n## Second part\n\n<div class=\"box\"><h3>In a box</h3></div>\n\n"
              "- <h3>In a list</h3>\n\n> <h4>In a quote</h4>\n")
    assert _headings(convert.read_text(source)) == [
        (2, "first-part", "First part"), (2, "second-part", "Second part"), (3, "in-a-box", "In a box"),
        (3, "in-a-list", "In a list"), (4, "in-a-quote", "In a quote")]


def test_one_namespace_for_markdown_and_html_headings_in_reading_order() -> None:
    source = "# T\n\n## Setup\n\n<h2>Setup</h2>\n\n## Setup\n\n<h2 id=\"setup-1\">Written</h2>\n"
    # the written id is reserved first (as {#setup-1} would be): the automatic ones step over it
    assert [i for _, i, _ in _headings(convert.read_text(source))] == ["setup", "setup-2", "setup-3", "setup-1"]


def test_an_html_id_used_twice_is_renamed_like_a_written_one(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="convert"):
        article = convert.read_text("# T\n\n## A {#x}\n\n<h2 id=\"x\">B</h2>\n")
    assert [i for _, i, _ in _headings(article)] == ["x", "x-1"]
    assert ("<string>:5", "identifier #x is used twice; this one became #x-1") in _messages(caplog)


def test_a_body_using_html_h1_shifts_every_heading_down() -> None:
    source = "---\ntitle: T\n---\n\n<h1>Part one</h1>\n\n## Detail\n\n<h1>Part two</h1>\n"
    assert [(level, text) for level, _, text in _headings(convert.read_text(source))] == [
        (2, "Part one"), (3, "Detail"), (2, "Part two")]


def test_html_headings_are_capped_at_six_with_a_warning(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="convert"):
        article = convert.read_text("# T\n\n# A\n\n<h6>Small</h6>\n")
    assert [level for level, _, _ in _headings(article)] == [2, 6]
    assert ("<string>:5", "heading level 7 is deeper than 6; made level 6") in _messages(caplog)


def test_an_explicit_shift_applies_to_html_headings_too() -> None:
    article = convert.read_text("---\ntitle: T\n---\n\n<h2>A</h2>\n\n<h3>B</h3>\n", shift_heading_level_by=1)
    assert [level for level, _, _ in _headings(article)] == [3, 4]


def test_links_reach_html_heading_ids(caplog: pytest.LogCaptureFixture) -> None:
    source = "# T\n\n<section><h2>Où aller</h2><p>Text</p></section>\n\n[there](#où-aller) [nowhere](#nope)\n"
    with caplog.at_level(logging.WARNING, logger="convert"):
        article = convert.read_text(source)
    last = article.blocks[-1]
    assert isinstance(last, Paragraph)
    assert [s.target for s in last.inlines if isinstance(s, Link)] == ["#où-aller"]
    assert ("<string>:5", "link to '#nope': no heading or other part has that identifier; kept its text") in \
        _messages(caplog)


def test_headings_in_markdown_inside_html_and_in_notes_share_the_namespace() -> None:
    source = ('# T\n\n## Notes\n\n<div markdown="1">\n\n## Notes\n\n</div>\n\nText.[^1]\n\n'
              "[^1]: A note.\n\n    ## Notes\n")
    article = convert.read_text(source)
    top = [i for _, i, _ in _headings(article)]
    assert top == ["notes", "notes-1"]
    note = next(s for b in walk(article.blocks) for s in walk_inlines(block_inlines(b)) if type(s).__name__ == "Note")
    inside = [b for b in note.blocks if isinstance(b, Subheading)]  # type: ignore[attr-defined]
    assert [(h.level, h.attr.identifier) for h in inside] == [(2, "notes-2")]


@pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared/corpus is not beside the repository")
def test_13_headings_inside_the_rtl_div_have_unique_ids() -> None:
    article = convert.read(next(CORPUS.glob("13-*")) / "article.md")
    ids = [i for _, i, _ in _headings(article)]
    assert len(ids) >= 5 and len(set(ids)) == len(ids) and all(ids)
    assert "لماذا-تحتاج-إلى-مدونة-سلوك-code-of-conduct" in ids  # pandoc's id: the vowel marks go
    assert all(2 <= level <= 6 for level, _, _ in _headings(article))


def test_a_thousand_divs_opened_across_blocks_are_bounded(caplog: pytest.LogCaptureFixture) -> None:
    source = "# T\n\n" + "<div class='a'>\n\n" * 1000 + "deep [x](#nowhere)\n\n" + "</div>\n\n" * 1000 + "after\n"
    with caplog.at_level(logging.WARNING, logger="convert"):
        article = convert.read_text(source)
    depth, blocks = 0, article.blocks
    while blocks and isinstance(blocks[0], Div):
        depth, blocks = depth + 1, blocks[0].blocks
    assert depth == MAX_NESTING
    assert blocks[0] == Paragraph((Text("deep x"),), 1 + 2 + 2 * 1000)  # nothing lost; the dangling link is its text
    assert article.blocks[-1] == Paragraph((Text("after"),), 4005)
    deep = [m for _, m in _messages(caplog) if "levels deep" in m]
    assert deep == [f"content nested more than {MAX_NESTING} levels deep (blocks in blocks); "
                    "kept its text without the extra levels"]
    for fmt in convert.formats():  # every writer follows what is left
        assert convert.render(article, to=fmt)


def test_tables_and_definition_lists_past_the_bound_keep_their_text() -> None:
    inner = "| a | b |\n|---|---|\n| 1 | 2 |\n\nTable: cap\n\nTerm\n:   Definition\n\n"
    source = "# T\n\n" + "<div class=\"a\">\n\n" * (MAX_NESTING + 5) + inner + "</div>\n\n" * (MAX_NESTING + 5)
    blocks = convert.read_text(source).blocks
    texts = [plain_text(block_inlines(b)) for b in walk(blocks) if isinstance(b, Paragraph)]
    assert texts == ["cap", "a", "b", "1", "2", "Term", "Definition"]


# --- notes in the heading taken as the title -------------------------------------------------------------------


def test_an_undefined_note_reference_in_the_title_heading_keeps_its_text(caplog: pytest.LogCaptureFixture) -> None:
    """``# A [^note]`` gave the title "A" without a word; the body keeps such a reference as text, so does the title."""
    with caplog.at_level(logging.WARNING, logger="convert"):
        article = convert.read_text("# A [^note]\n\nBody [^other].\n", name="t.md")
    assert article.meta.title == "A [^note]"
    assert plain_text(block_inlines(article.blocks[0])) == "Body [^other]."
    assert _messages(caplog) == [("t.md:1", "note reference [^note] has no definition; kept as text"),
                                 ("t.md:3", "note reference [^other] has no definition; kept as text")]


def test_a_note_in_the_title_heading_is_left_out_with_a_warning(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="convert"):
        defined = convert.read_text("# A [^n]\n\nB\n\n[^n]: The note.\n", name="t.md")
        inline = convert.read_text("# C ^[an inline note]\n\nD\n", name="u.md")
    assert (defined.meta.title, inline.meta.title) == ("A", "C")
    messages = _messages(caplog)
    assert ("t.md:1", "note [^n] in the heading taken as the title cannot be shown in a title; left out") in messages
    assert ("u.md:1", "a note in the heading taken as the title cannot be shown in a title; left out") in messages
    assert not any("never referenced" in text for _, text in messages)


def test_a_note_reference_in_the_front_matter_title_keeps_its_text() -> None:
    assert convert.read_text("---\ntitle: T [^x]\n---\n\nB\n").meta.title == "T [^x]"


def test_a_heading_under_a_front_matter_title_keeps_its_note_reference() -> None:
    """``# A [^x]`` under ``title: A`` no longer equals the title: it stays, and the reference with it."""
    article = convert.read_text("---\ntitle: A\n---\n# A [^x]\n\nB\n")
    assert article.meta.title == "A" and _headings(article) == [(2, "a-x", "A [^x]")]
