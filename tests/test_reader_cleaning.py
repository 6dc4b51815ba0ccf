"""What the reader removes before anything else sees the text: characters no document can hold or show."""

from __future__ import annotations

import logging

import pytest

import convert
from convert.model import Figure, Paragraph, plain_text
from convert.text import XML_ILLEGAL, XML_ILLEGAL_OR_CONTROL

_INVISIBLE = "\x7f\x80\x85\x9f"


def _warnings(caplog: pytest.LogCaptureFixture) -> list[tuple[str, str]]:
    return [(getattr(r, "where", ""), r.getMessage()) for r in caplog.records if "no document can hold" in r.getMessage()]


def test_del_and_c1_controls_are_removed_with_the_control_character_warning(caplog: pytest.LogCaptureFixture) -> None:
    source = "# Head\x85line\n\nDEL\x7f and C1\x80 controls\x9f, kept: tab\there, NBSP\u00a0and \u00a1\n"
    with caplog.at_level(logging.WARNING, logger="convert"):
        article = convert.read_text(source, name="c1.md")
    assert article.meta.title == "Headline"
    (paragraph,) = article.blocks
    assert isinstance(paragraph, Paragraph)
    assert plain_text(paragraph.inlines) == "DEL and C1 controls, kept: tab\there, NBSP\u00a0and \u00a1"
    assert _warnings(caplog) == [("c1.md:1", "c1.md:1: removed 1 character(s) no document can hold (U+0085)"),
                                 ("c1.md:3", "c1.md:3: removed 3 character(s) no document can hold "
                                             "(U+007F, U+0080, U+009F)")]


def test_front_matter_escapes_that_decode_to_c1_are_removed(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="convert"):
        meta = convert.read_text('---\ntitle: "A\\x85B\\NC\\x7fD"\nauthor: ["\\x9fAnn"]\n---\nText\n').meta
    assert (meta.title, meta.author) == ("ABCD", ("Ann",))
    assert [where for where, _ in _warnings(caplog)] == ["<string>:2", "<string>:3"]


def test_raw_html_character_references_to_controls_are_removed(caplog: pytest.LogCaptureFixture) -> None:
    source = '<p>a&#x7f;b&#1;c</p>\n\n<figure><img src="https://example.org/x.png" alt="d&#127;e"></figure>\n'
    with caplog.at_level(logging.WARNING, logger="convert"):
        paragraph, figure = convert.read_text(source).blocks
    assert isinstance(paragraph, Paragraph) and plain_text(paragraph.inlines) == "abc"
    assert isinstance(figure, Figure) and figure.alt == "de"
    assert [where for where, _ in _warnings(caplog)] == ["<string>:1", "<string>:3"]


def test_no_output_carries_them() -> None:
    article = convert.read_text("# T\n\nA\x85B\x7fC\n")
    page = convert.render(article, "html").decode("utf-8")
    assert "ABC" in page and not XML_ILLEGAL_OR_CONTROL.search(page.replace("\n", "").replace("\t", ""))


def test_xml_illegal_still_means_illegal_in_xml() -> None:
    """DEL and C1 are legal in XML 1.0: XML_ILLEGAL keeps its meaning; the wider pattern is its own name."""
    for char in _INVISIBLE:
        assert not XML_ILLEGAL.search(char) and XML_ILLEGAL_OR_CONTROL.search(char)
    for char in "\x00\x01\x1f\ufffe\ud800":
        assert XML_ILLEGAL.search(char) and XML_ILLEGAL_OR_CONTROL.search(char)
    for char in "\t\n\r \u00a0\u00a1~":
        assert not XML_ILLEGAL_OR_CONTROL.search(char)
