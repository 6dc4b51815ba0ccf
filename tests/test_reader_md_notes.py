"""Footnotes read as pandoc reads them: each reference carries its note's blocks."""

from __future__ import annotations

import logging

import pytest

import convert
from convert.model import CodeBlock, Link, ListBlock, Note, Paragraph, Text, notes, plain_text


def _warnings(caplog: pytest.LogCaptureFixture) -> list[tuple[str, str]]:
    return [(getattr(r, "where", ""), getattr(r, "text", r.getMessage())) for r in caplog.records]


def test_issue_11_reference_and_inline_note() -> None:
    article = convert.read_text("The council met twice in May.[^1] A second note.^[Checked twice.]\n\n"
                                "[^1]: The minutes were published a week later.\n")
    assert article.blocks == (
        Paragraph((
            Text("The council met twice in May."),
            Note((Paragraph((Text("The minutes were published a week later."),), 3),)),
            Text(" A second note."),
            Note((Paragraph((Text("Checked twice."),), 1),)),
        ), 1),
    )


def test_a_note_with_paragraphs_a_list_code_and_a_link() -> None:
    source = ("Text.[^long]\n\n[^long]: First paragraph, with [a link](https://x.org)\n"
              "lazily continued.\n\n    Second paragraph.\n\n    - one\n    - two\n\n    ```\n    code here\n    ```\n\nAfter.\n")
    article = convert.read_text(source)
    (note,) = notes(article)
    kinds = [type(b) for b in note.blocks]
    assert kinds == [Paragraph, Paragraph, ListBlock, CodeBlock]
    assert plain_text(note.blocks[0].inlines) == "First paragraph, with a link lazily continued."  # type: ignore[union-attr]
    assert any(isinstance(s, Link) for s in note.blocks[0].inlines)  # type: ignore[union-attr]
    assert plain_text(article.blocks[-1].inlines) == "After."  # type: ignore[union-attr]


def test_a_note_that_is_only_a_link_stays_a_note() -> None:
    article = convert.read_text("Source.[^1]\n\n[^1]: https://example.org/report\n")
    (note,) = notes(article)
    assert plain_text(note.blocks[0].inlines) == "https://example.org/report"  # type: ignore[union-attr]
    assert len(article.blocks) == 1  # not a link reference definition, not a paragraph


def test_a_note_referenced_twice_appears_twice() -> None:
    article = convert.read_text("A[^n] and B[^n].\n\n[^n]: Same note.\n")
    assert [plain_text(n.blocks[0].inlines) for n in notes(article)] == ["Same note.", "Same note."]  # type: ignore[union-attr]


def test_undefined_reference_keeps_its_text_and_warns(caplog: pytest.LogCaptureFixture) -> None:
    # mdit-py-plugins' footnote rule matches only defined labels; pandoc keeps "[^x]" as text and warns: pandoc wins.
    with caplog.at_level(logging.WARNING, logger="convert"):
        article = convert.read_text("# T\n\nSee[^missing].\n")
    assert plain_text(article.blocks[0].inlines) == "See[^missing]."  # type: ignore[union-attr]
    assert ("<string>:3", "note reference [^missing] has no definition; kept as text") in _warnings(caplog)


def test_unused_and_doubly_defined_notes_warn(caplog: pytest.LogCaptureFixture) -> None:
    # pandoc: the last definition of a label wins, an unused one is dropped; both with a warning.
    with caplog.at_level(logging.WARNING, logger="convert"):
        article = convert.read_text("# T\n\nA[^1].\n\n[^1]: first\n\n[^1]: second\n\n[^u]: unused\n")
    assert [plain_text(n.blocks[0].inlines) for n in notes(article)] == ["second"]  # type: ignore[union-attr]
    messages = _warnings(caplog)
    assert any(where == "<string>:7" and "defined twice" in m for where, m in messages)
    assert any(where == "<string>:9" and "never referenced" in m for where, m in messages)


@pytest.mark.parametrize("source", ["A^[outer ^[inner] end].", "A[^1].\n\n[^1]: one[^2]\n\n[^2]: two\n"])
def test_a_note_inside_a_note_is_flattened_with_a_warning(source: str, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="convert"):
        article = convert.read_text(source)
    (note,) = notes(article)
    assert not any(isinstance(s, Note) for s in note.blocks[0].inlines)  # type: ignore[union-attr]
    assert "(inner)" in plain_text(note.blocks[0].inlines) or "(two)" in plain_text(note.blocks[0].inlines)  # type: ignore[union-attr]
    assert any("note inside a note" in m for _, m in _warnings(caplog))


def test_a_note_that_refers_to_itself_does_not_loop() -> None:
    article = convert.read_text("A[^1].\n\n[^1]: see[^1]\n")
    assert len(notes(article)) == 1


def test_notes_get_smart_typography() -> None:
    article = convert.read_text("A^[it's \"quoted\" -- here].\n")
    assert plain_text(notes(article)[0].blocks[0].inlines) == "it\u2019s \u201cquoted\u201d \u2013 here"  # type: ignore[union-attr]


def test_many_notes_read_in_order() -> None:
    body = " ".join(f"w{i}[^{i}]" for i in range(100)) + "\n\n" + "\n\n".join(f"[^{i}]: note {i}" for i in range(100))
    found = notes(convert.read_text(body))
    assert [plain_text(n.blocks[0].inlines) for n in found] == [f"note {i}" for i in range(100)]  # type: ignore[union-attr]


def test_deeply_nested_inline_notes_do_not_exhaust_the_stack() -> None:
    # mdit-py-plugins' inline-note rule starts a fresh parse per level (unbounded recursion); ours nests within maxNesting.
    article = convert.read_text("^[" * 10000 + "x" + "]" * 10000)
    assert article.blocks
