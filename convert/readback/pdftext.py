"""PDF text as verify compares it: loose (no whitespace, hyphenated line ends joined), the regexes expected text
is looked for with, and footnotes taken off the foot of each page.

Loose text forgives where lines break (:func:`.compare.normal` with ``loose``,
:func:`.pages.join_lines`); in a pattern a hyphen between word characters is
optional (a word's own hyphen at a line's end is joined like a hyphenation
break) and small caps (:data:`.modeltext.CASE_FREE`) match in any case.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from .compare import normal
from .modeltext import CASE_FREE, CASE_FREE_END
from .pages import BREAK, join_lines, word_character

#: What a format may print before a list item's text (in a note, where the items are not passages of their own).
_BULLET = r"[\u2022\u25e6\u25aa\u25ab\u2023\u2043\u2013\u2014\u00b7*-]"
_ITEM_MARK = rf"(?:{_BULLET}|(?:\d{{1,4}}|[a-zA-Z]|[ivxlcdmIVXLCDM]{{1,8}})[.)])"
_HYPHEN = re.compile(r"\\-")


def loose(text: str) -> str:
    """Loose text; a NUL (a glyph without a character, reported once as "text copies out") is dropped."""
    return normal(join_lines(text.replace("\x00", "")), loose=True)


def loose_pattern(text: str) -> str:
    """A regex for ``text`` as found in loose PDF text: whitespace gone, a hyphen between word characters
    optional (see :func:`.pages.join_lines`), a page's :data:`.pages.BREAK` after any hyphen (footnotes are taken
    off marked pages), small caps (:data:`CASE_FREE`) in any case."""
    escaped = re.escape(normal(text, loose=True))

    def hyphen(match: re.Match[str]) -> str:
        between = word_character(escaped[match.start() - 1:match.start()]) and word_character(
            escaped[match.end():match.end() + 1])
        return f"(?:-{BREAK}?)?" if between else f"-{BREAK}?"

    return _HYPHEN.sub(hyphen, escaped).replace(CASE_FREE, "(?i:").replace(CASE_FREE_END, ")")


def note_pattern(parts: tuple[str, ...]) -> str:
    """A regex for a note's text in loose PDF text: its blocks in order, each perhaps after a list item's mark
    (the first only after a bullet: a number there is the note's own)."""
    return "".join(f"{_BULLET if index == 0 else _ITEM_MARK}?{loose_pattern(part)}" for index, part in enumerate(parts))


def split_footnotes(pages: list[str], notes: list[tuple[str, ...]]) -> tuple[list[str], dict[int, int]]:
    """Take the notes off the foot of each page: the pages' body text, and each footnote's page.

    Notes are peeled off a page's end one by one, each numbered below the one
    peeled before it (a page's footnotes are in order, so a note cited again
    later with the same text is not taken for an earlier one). The note shown
    after its own number goes first: after a character that is no digit, else
    after one (the note before it may end with a digit, a DOI or a page range,
    which loose text runs into the number: "…25148796" "2."). A note whose
    number is not read is found by its text alone: the longest such text, of
    the same texts the lowest number (the earliest note not yet placed). So of
    two notes that say the same (a source cited twice) each is found at its
    own mark. An empty note shows only its number there: it goes with the note
    after it (its number just before that note's) or before it (its number
    after that note's text, at the page's end).
    """
    empty = {number for number, parts in enumerate(notes, start=1) if not loose(" ".join(parts))}
    wanted = []
    for number, parts in enumerate(notes, start=1):
        if number not in empty:
            text = note_pattern(parts) + "".join(f"(?:{_footnote_mark(k)})?" for k in _run(number + 1, 1, empty))
            wanted.append(_Wanted(number, re.compile(rf"(?<!\d){_footnote_mark(number)}(?P<text>{text})\Z"),
                                  re.compile(rf"{_footnote_mark(number)}(?P<text>{text})\Z"),
                                  re.compile(rf"(?P<text>{text})\Z")))
    placed: dict[int, int] = {}
    bodies = []
    for page_number, page in enumerate(pages):
        below = len(notes) + 1
        while (found := _last_note(page, [w for w in wanted if w.number < below and w.number not in placed]))\
                is not None:
            below, start = found
            page = re.sub(_footnote_mark(below) + "$", "", page[:start], count=1)
            for before in _run(below - 1, -1, empty):
                page, stripped = re.subn(_footnote_mark(before) + "$", "", page, count=1)
                if not stripped:
                    break
            placed[below] = page_number
        bodies.append(page)
    return bodies, placed


@dataclass(frozen=True)
class _Wanted:
    """A note's number and its text at a page's end: after its number (no digit before it, or any), or alone."""

    number: int
    numbered: re.Pattern[str]
    after_digit: re.Pattern[str]
    alone: re.Pattern[str]


def _last_note(page: str, candidates: list[_Wanted]) -> tuple[int, int] | None:
    """Which of ``candidates`` ``page`` ends with, and where its text starts (see :func:`split_footnotes`)."""
    for numbered in (True, False):
        for wanted in reversed(candidates):  # "11." before "1."
            found = (wanted.numbered if numbered else wanted.after_digit).search(page)
            if found is not None:
                return wanted.number, found.start("text")
    alone = [(found.start("text"), wanted.number) for wanted in candidates
             if (found := wanted.alone.search(page)) is not None]
    if not alone:
        return None
    start, number = min(alone)
    return number, start


def _footnote_mark(number: int) -> str:
    return rf"[\[(]?{number}[\]).:]?"


def _run(start: int, step: int, members: set[int]) -> Iterator[int]:
    """``start``, ``start + step``... while they are in ``members``."""
    while start in members:
        yield start
        start += step
