"""A PDF page's text without its furniture (the running header, the page number), and words hyphenated over lines
and pages joined.

pypdf gives a page's text in the order it was drawn, so the furniture may come
first or last, and a header drawn word by word comes back a word a line. What
is dropped is only what is furniture on most pages, so a caption, a heading or
a table cell that happens to repeat the title or to be the page's number stays
text.

A hyphen after a word character (a letter, a combining mark or a digit, in any
script) at a line's end is a hyphenation break when a letter follows: on the
next line (:func:`join_lines`), or, after the furniture and the page's
footnotes, at the start of the next page's body (:func:`mark_breaks`, then
:func:`join_pages` once the notes are off). A hyphen after anything else (a
list marker "-" on a line of its own, "A -") and one before a digit
("COVID-" "19") are kept. A word's own hyphen at a line's end ("Armenia-"
"backed") reads as the compound without it, which the expected text's optional
hyphen between word characters matches; the source-words check gets both
readings (:func:`whole_text`).
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter

from .compare import normal, same_or_cut
from .words import RTL, words

_RTL = re.compile(f"[{RTL}]")

#: The page edges furniture sits at: the top (lines from the first) and the bottom (lines from the last).
_TOP, _BOTTOM = 0, 1
#: The lines a page number may be on, most likely first (pypdf reads what a writer draws first, often the footer).
_NUMBER_LINES = (0, -1, 1, -2)
#: A running header is found over at most this many lines (one word a line, a long title).
MAX_HEADER_LINES = 60
#: Stands after a hyphen ending a line whose word may go on on the next page (:func:`mark_breaks`): a control
#: character, which the reader removes from every source (``convert.text.XML_ILLEGAL``), so never expected text.
BREAK = "\x01"
#: A hyphen at a line's end (or the text's), with the spaces and the line break after it.
_LINE_END_HYPHEN = re.compile(r"-([ \t]*(?:\n[ \t]*|\Z))")


def page_bodies(texts: list[str], titles: set[str]) -> list[str]:
    """The pages' text (pypdf's, one string a page) without page numbers and running headers.

    A running header is one of ``titles`` (or its start cut with an ellipsis)
    on the lines at an edge of the pages after the first, or just after a page
    number there; an edge counts as the header's only when it holds the title on
    most (60 %) of those pages. A page number is the page's own number ("3",
    "Page 3", "3 / 12", "3 of 12") on one line of an edge once the header is
    gone, one line a page: the line where most pages have theirs, so a table
    cell or a paragraph "1" at the other edge of page 1 stays text.
    """
    pages = [text.splitlines() for text in texts]
    headers = [[_header(lines, edge, titles) for edge in (_TOP, _BOTTOM)] for lines in pages]
    later = headers[1:]
    running = [edge for edge in (_TOP, _BOTTOM)
               if later and sum(found[edge] is not None for found in later) >= max(1.0, 0.6 * len(later))]
    kept = []
    for number, lines in enumerate(pages):
        drop: set[int] = set()
        for edge in running if number else ():
            drop |= headers[number][edge] or set()
        kept.append([line for index, line in enumerate(lines) if index not in drop])
    numbered = [{i for i in _NUMBER_LINES if _is_page_number(lines, i, number)} for number, lines in enumerate(kept)]
    places = sorted(_NUMBER_LINES, key=lambda i: -sum(i in found for found in numbered))  # stable: ties keep the order
    bodies = []
    for number, lines in enumerate(kept):
        place = next((i for i in places if i in numbered[number]), None)
        drop = {place % len(lines)} if place is not None else set()
        bodies.append("\n".join(line for index, line in enumerate(lines) if index not in drop))
    return bodies


def _header(lines: list[str], edge: int, titles: set[str]) -> set[int] | None:
    """The indices of the lines at ``edge`` that show one of ``titles`` together, first or after one other line."""
    order = range(len(lines)) if edge == _TOP else range(len(lines) - 1, -1, -1)
    for skip in (0, 1):
        for length in range(1, min(MAX_HEADER_LINES, len(order) - skip) + 1):
            picked = sorted(order[skip:skip + length])
            text = " ".join(lines[i] for i in picked)
            if any(_shows(title, text) for title in titles):
                return set(picked)
            if len(normal(text, loose=True)) > max((len(normal(t, loose=True)) for t in titles), default=0):
                break  # longer than any title already
    return None


def _shows(title: str, text: str) -> bool:
    """Whether ``text`` is the running header of ``title``: the same (or cut short), or for a title with
    right-to-left letters, drawn in visual order, the same words in any order."""
    if same_or_cut(title, text):
        return True
    return _RTL.search(title) is not None and Counter(w.key for w in words(title)) == Counter(w.key for w in words(text))


def _is_page_number(lines: list[str], index: int, number: int) -> bool:
    return -len(lines) <= index < len(lines) and re.fullmatch(
        rf"\s*(?:page\s*)?{number + 1}(?:\s*(?:/|of)\s*\d+)?\s*", lines[index], re.IGNORECASE) is not None


def word_character(character: str) -> bool:
    """A letter, a combining mark (an Indic vowel sign ends many syllables) or a digit, in any script."""
    return len(character) == 1 and unicodedata.category(character)[0] in "LMN"


def _letter(character: str) -> bool:
    return len(character) == 1 and unicodedata.category(character)[0] in "LM"


def _around(text: str, match: re.Match[str]) -> tuple[str, str]:
    """The characters before a line-end hyphen and after its line break ("" at either end of ``text``)."""
    return text[match.start() - 1:match.start()], text[match.end():match.end() + 1]


def join_lines(text: str) -> str:
    """``text`` with each hyphenation break inside it joined: "re-\\ngion" is "region" (see the module)."""
    def joined(match: re.Match[str]) -> str:
        before, after = _around(text, match)
        return "" if word_character(before) and _letter(after) else match.group()

    return _LINE_END_HYPHEN.sub(joined, text)


def mark_breaks(text: str) -> str:
    """A page's ``text`` with :data:`BREAK` after each hyphen that may break a word over the page: after a word
    character at a line's end, with no letter starting the next line (the page's end, or its notes after the
    body's last line); :data:`BREAK` characters the page had are dropped."""
    text = text.replace(BREAK, "")

    def marked(match: re.Match[str]) -> str:
        before, after = _around(text, match)
        return "-" + BREAK + match.group(1) if word_character(before) and not _letter(after) else match.group()

    return _LINE_END_HYPHEN.sub(marked, text)


def join_pages(bodies: list[str]) -> tuple[list[str], dict[int, int]]:
    """The pages' bodies (loose text, notes off, from :func:`mark_breaks`) without :data:`BREAK`, a body that ends
    with a marked hyphen joined to the next one when that starts with a letter (the hyphen goes).

    Also returns, for each page so joined (by index), how many :data:`BREAK` its body held: the last of them, in
    the page's marked text, is where the word breaks (see :func:`whole_text`).
    """
    found, joins = [], {}
    for index, body in enumerate(bodies):
        following = bodies[index + 1] if index + 1 < len(bodies) else ""
        if body.endswith("-" + BREAK) and _letter(following[:1]):
            joins[index] = body.count(BREAK)
            body = body[:-2]
        found.append(body.replace(BREAK, ""))
    return found, joins


def whole_text(pages: list[str], joins: dict[int, int]) -> str:
    """The marked pages' text as one string, the tail of each word broken over a page (``joins``, from
    :func:`join_pages`) moved to the line after its head, before this page's notes: "re-" + notes + "gion" reads
    "re-", "gion" + notes, a hyphenated line end as :func:`join_lines` joins it. No :data:`BREAK` is left."""
    texts = list(pages)
    for index in sorted(joins, reverse=True):  # from the end: a page's tail moves before its own head does
        at = _nth(texts[index], BREAK, joins[index])
        tail = re.match(r"\s*(\S+)", texts[index + 1]) if index + 1 < len(texts) else None
        if at is not None and tail is not None:
            texts[index] = texts[index][:at] + "\n" + tail.group(1) + texts[index][at + 1:]
            texts[index + 1] = texts[index + 1][tail.end():]
    return "\n".join(texts).replace(BREAK, "")


def _nth(text: str, character: str, count: int) -> int | None:
    """The index of the ``count``-th (from 1) ``character`` in ``text``, or ``None``."""
    at = -1
    for _ in range(count):
        at = text.find(character, at + 1)
        if at < 0:
            return None
    return at if at >= 0 else None
