"""pandoc's fancy_lists and startnum: letters, roman numerals, ``#.`` and ``(1)`` as list markers.

Each expectation is what pandoc 3 makes of the same input (``pandoc -t native``).
"""

from __future__ import annotations

from pathlib import Path

import pytest

import convert
from convert.model import Block, ListBlock, Paragraph, block_inlines, plain_text, walk

CORPUS = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus"


def _shape(blocks: tuple[Block, ...]) -> list[str]:
    """``"lower-alpha 3: one | two"`` per list, ``"P: text"`` per paragraph (nested lists as ``[style start]``)."""
    out = []
    for block in blocks:
        if isinstance(block, ListBlock):
            items = [" ".join(f"[{b.style} {b.start}]" if isinstance(b, ListBlock) else plain_text(block_inlines(b))
                              for b in item) for item in block.items]
            out.append(f"{block.style if block.ordered else 'bullet'} {block.start}: {' | '.join(items)}")
        else:
            out.append(f"P: {plain_text(block_inlines(block))}")
    return out


def _read(body: str) -> list[str]:
    return _shape(convert.read_text("---\ntitle: T\n---\n\n" + body).blocks)


@pytest.mark.parametrize(("body", "expected"), [
    ("a. one\nb. two\n", ["lower-alpha 1: one | two"]),
    ("c. three\nd. four\n", ["lower-alpha 3: three | four"]),
    ("a) one\n", ["lower-alpha 1: one"]),
    ("(a) one\n(b) two\n", ["lower-alpha 1: one | two"]),
    ("A)  one\nB) two\n", ["upper-alpha 1: one | two"]),
    ("i. one\nii. two\n", ["lower-roman 1: one | two"]),
    ("(iv) four\n(v) five\n", ["lower-roman 4: four | five"]),
    ("II. Two\nIII. Three\n", ["upper-roman 2: Two | Three"]),
    ("(1) one\n(2) two\n", ["decimal 1: one | two"]),
    ("#. one\n#. two\n", ["decimal 1: one | two"]),
    ("3. three\n4. four\n", ["decimal 3: three | four"]),  # CommonMark's own, with its start
])
def test_fancy_markers_give_style_and_start(body: str, expected: list[str]) -> None:
    assert _read(body) == expected


@pytest.mark.parametrize(("body", "expected"), [
    ("h. eight\ni. nine\n", ["lower-alpha 8: eight | nine"]),  # in an alphabetic list, i is a letter
    ("ix. nine\nx. ten\n", ["lower-roman 9: nine | ten"]),  # in a roman list, x is a numeral
    ("i. one\nj. two\n", ["lower-roman 1: one", "lower-alpha 10: two"]),  # alone, i is roman
    ("v. five\nvi. six\n", ["lower-alpha 22: five", "lower-roman 6: six"]),  # alone, v is a letter
])
def test_letters_and_numerals_are_told_apart_as_pandoc_does(body: str, expected: list[str]) -> None:
    assert _read(body) == expected


@pytest.mark.parametrize(("body", "expected"), [
    ("B. Russell wrote it.\n", ["P: B. Russell wrote it."]),
    ("I. Newton too.\n", ["P: I. Newton too."]),
    ("B.  Russell wrote it.\n", ["upper-alpha 2: Russell wrote it."]),
    ("A.  one\nB. two\n", ["upper-alpha 1: one B. two"]),  # every item needs the two spaces
    ("a.one\n", ["P: a.one"]),
    ("aa. not a marker\n", ["P: aa. not a marker"]),
    ("Text\na. not a list\n", ["P: Text a. not a list"]),  # a list does not interrupt a paragraph
])
def test_what_is_not_a_list_marker(body: str, expected: list[str]) -> None:
    assert _read(body) == expected


def test_a_change_of_style_or_delimiter_starts_a_new_list() -> None:
    assert _read("a. one\nb. two\n1. three\n") == ["lower-alpha 1: one | two", "decimal 1: three"]
    assert _read("c) one\nd. two\n") == ["lower-alpha 3: one", "lower-alpha 4: two"]


def test_items_hold_blocks_and_lazy_lines() -> None:
    assert _read("a. one\n\n    more\n\nb. two\n") == ["lower-alpha 1: one more | two"]
    assert _read("a. one\nlazy\nb. two\n") == ["lower-alpha 1: one lazy | two"]


def test_a_sublist_may_start_right_under_an_item() -> None:
    assert _read("- item\n  a. sub\n  b. sub2\n") == ["bullet 1: item [lower-alpha 1]"]
    (outer,) = convert.read_text("---\ntitle: T\n---\n\n- item\n  a. sub\n  b. sub2\n").blocks
    assert isinstance(outer, ListBlock) and _shape(outer.items[0][1:]) == ["lower-alpha 1: sub | sub2"]


def test_markers_in_code_stay_code() -> None:
    blocks = convert.read_text("---\ntitle: T\n---\n\n```\na. one\n(ii) two\n```\n\n    b. indented\n").blocks
    assert not any(isinstance(b, ListBlock) for b in blocks)


@pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared/corpus is not beside the repository")
def test_05_tab_indented_letters_under_a_bullet_are_a_lower_alpha_sublist() -> None:
    blocks = convert.read(next(CORPUS.glob("05-*")) / "article.md").blocks
    bullets = next(b for b in blocks if isinstance(b, ListBlock))
    last = bullets.items[-1]
    assert isinstance(last[0], Paragraph) and plain_text(last[0].inlines).startswith("RQ2:")
    sublist = last[1]
    assert isinstance(sublist, ListBlock) and (sublist.ordered, sublist.style, sublist.start) == (True, "lower-alpha", 1)
    texts = [plain_text(block_inlines(item[0])) for item in sublist.items]
    assert [t.split()[:3] for t in texts] == [["To", "what", "extent"], ["By", "what", "mechanisms"],
                                              ["What", "are", "the"]]
    assert not any("a. To what" in plain_text(block_inlines(b)) for b in walk(blocks))
