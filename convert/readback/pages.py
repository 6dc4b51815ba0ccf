"""A PDF page's text without its furniture: the running header and the page number.

pypdf gives a page's text in the order it was drawn, so the furniture may come
first or last, and a header drawn word by word comes back a word a line. What
is dropped is only what is furniture on most pages, so a caption, a heading or
a table cell that happens to repeat the title or to be the page's number stays
text.
"""

from __future__ import annotations

import re
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
