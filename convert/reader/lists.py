"""pandoc's ``fancy_lists`` and ``startnum``: ordered lists numbered with letters, roman numerals, ``#`` or ``(1)``.

markdown-it reads CommonMark's ``1.`` and ``1)`` lists; this block rule reads
the markers pandoc adds, by pandoc's rules (its manual, "Extension:
fancy_lists", and what pandoc 3 does):

* a marker is a number, ``#``, one letter or a roman numeral, followed by
  ``.`` or ``)``, or enclosed in ``(...)``; then a space, a tab or the end of
  the line;
* a single letter is alphabetic (``a.`` → lower-alpha 1, ``c)`` → 3), except
  ``i``/``I``, which starts a roman list; several letters that make a roman
  numeral are roman (``iv.`` → lower-roman 4). Inside a list, the next marker
  is read in the list's style (``h.`` then ``i.`` is alphabetic, ``ix.`` then
  ``x.`` roman);
* a capital letter followed by a period needs two spaces after it (``B. Russell``
  is a paragraph, ``B.  Russell`` a list item), and so do the roman ``I.``,
  ``V.``, ``X.``, ``L.``, ``C.``, ``D.``, ``M.``, which could be initials too;
* ``#.`` counts as the decimal style (pandoc's ``DefaultStyle``);
* a list ends where a marker of another style or delimiter begins (a new list
  starts there), and, as in pandoc, such a list does not interrupt a paragraph
  except inside a list item (a sublist right under the item's first line).

Item content follows CommonMark's indentation rule, as markdown-it's lists do.
Tokens: markdown-it's ``ordered_list_open`` (``attrs["start"]`` unless 1, and
``meta["style"]``: ``lower-alpha``, ``upper-alpha``, ``lower-roman``,
``upper-roman`` or ``decimal``), ``list_item_open``/``list_item_close``,
``ordered_list_close``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from markdown_it.rules_block import StateBlock

_MARKER = re.compile(
    r"(?:\((?P<enclosed>[0-9]{1,9}|#|[A-Za-z]{1,12})\)|(?P<bare>[0-9]{1,9}|#|[A-Za-z]{1,12})(?P<delim>[.)]))(?=[ \t]|$)"
)
_ROMAN = {"i": 1, "v": 5, "x": 10, "l": 50, "c": 100, "d": 500, "m": 1000}
#: Upper-case roman numerals that could also be an initial ("I. Newton"): like letters, they need two spaces.
_INITIAL_ROMANS = frozenset({1, 5, 10, 50, 100, 500, 1000})


@dataclass(frozen=True)
class Marker:
    """One list marker: its style, its delimiter (``"."``, ``")"``, ``"()"``), its number, where the text starts."""

    style: str
    delim: str
    number: int
    after: int  # the source offset right after the marker


def fancy_list(state: StateBlock, start_line: int, end_line: int, silent: bool) -> bool:
    """The block rule (after markdown-it's ``list``, which keeps ``1.`` and ``1)``)."""
    if state.is_code_block(start_line) or _too_indented(state, start_line):
        return False
    first = marker_at(state, start_line, None)
    if first is None:
        return False
    if silent:  # asked whether it ends a paragraph: an outer list's next item does; a new list only as a sublist
        return state.sCount[start_line] < state.blkIndent or state.listIndent >= 0
    _read_list(state, start_line, end_line, first)
    return True


def _too_indented(state: StateBlock, line: int) -> bool:
    """markdown-it's rule: four columns past the enclosing list's marker, outside the item, is not a new item."""
    return state.listIndent >= 0 and state.sCount[line] - state.listIndent >= 4 and state.sCount[line] < state.blkIndent


def _read_list(state: StateBlock, line: int, end_line: int, first: Marker) -> None:
    opening = state.push("ordered_list_open", "ol", 1)
    opening.attrs = {"start": first.number} if first.number != 1 else {}
    opening.meta = {"style": first.style}
    opening.map = lines = [line, 0]
    old_parent, state.parentType = state.parentType, "list"
    terminators = state.md.block.ruler.getRules("list")
    marker: Marker | None = first
    while marker is not None:
        line = _read_item(state, line, end_line, marker)
        if line >= end_line or state.sCount[line] < state.blkIndent or state.is_code_block(line):
            break
        if any(rule(state, line, end_line, True) for rule in terminators):
            break
        marker = marker_at(state, line, first)
    lines[1] = line
    state.push("ordered_list_close", "ol", -1)
    state.parentType = old_parent
    state.line = line


def _read_item(state: StateBlock, line: int, end_line: int, marker: Marker) -> int:
    """Tokenize one item whose marker is on ``line``; the line after it."""
    start = state.bMarks[line] + state.tShift[line]
    initial = offset = state.sCount[line] + marker.after - start
    pos, end = marker.after, state.eMarks[line]
    while pos < end and state.src[pos] in " \t":
        offset += 4 - (offset + state.bsCount[line]) % 4 if state.src[pos] == "\t" else 1
        pos += 1
    gap = 1 if pos >= end or offset - initial > 4 else offset - initial  # more than 4: the rest is indented code
    item = state.push("list_item_open", "li", 1)
    item.map = item_lines = [line, 0]
    saved = (state.tight, state.tShift[line], state.sCount[line], state.listIndent, state.blkIndent)
    state.listIndent, state.blkIndent = state.blkIndent, initial + gap
    state.tight = True
    state.tShift[line] = pos - state.bMarks[line]
    state.sCount[line] = offset
    state.line = line
    if pos >= end and state.isEmpty(line + 1):
        state.line = min(line + 2, end_line)  # an empty item: what follows a blank line is not in it
    else:
        state.md.block.tokenize(state, line, end_line)
    state.tight, state.tShift[line], state.sCount[line], state.listIndent, state.blkIndent = saved
    state.push("list_item_close", "li", -1)
    item_lines[1] = state.line
    return state.line


def marker_at(state: StateBlock, line: int, expected: Marker | None) -> Marker | None:
    """The fancy marker opening ``line`` (in ``expected``'s style and delimiter, when given), else ``None``.

    Markers markdown-it reads itself (``1.``, ``1)``) count only inside a list that expects them.
    """
    start = state.bMarks[line] + state.tShift[line]
    found = _MARKER.match(state.src, start, state.eMarks[line])
    if found is None:
        return None
    text = found.group("enclosed") or found.group("bare")
    delim = "()" if found.group("enclosed") else found.group("delim")
    kind = _read(text, expected.style if expected is not None else None)
    if kind is None:
        return None
    style, number = kind
    if expected is None and style == "decimal" and delim != "()" and text != "#":
        return None  # CommonMark's own list: markdown-it's rule
    if expected is not None and (style, delim) != (expected.style, expected.delim):
        return None
    if delim == "." and _needs_two_spaces(style, number) and not _two_spaces(state.src, found.end(), state.eMarks[line]):
        return None
    return Marker(style, delim, number, found.end())


def _read(text: str, style: str | None) -> tuple[str, int] | None:
    """``(style, number)`` of a marker's text, read in ``style`` when a list expects one."""
    if text == "#" or text.isdigit():
        return "decimal", int(text) if text.isdigit() else 1
    case = "lower" if text.islower() else "upper" if text.isupper() else ""
    if not case:
        return None
    roman = _roman(text.lower())
    if style == f"{case}-alpha" and len(text) == 1:
        return style, ord(text.lower()) - ord("a") + 1
    if style == f"{case}-roman":
        return (style, roman) if roman else None
    if style is not None:
        return None
    if len(text) == 1 and text.lower() != "i":
        return f"{case}-alpha", ord(text.lower()) - ord("a") + 1
    return (f"{case}-roman", roman) if roman else None


def _roman(text: str) -> int | None:
    """The value of a roman numeral (leniently, as pandoc: ``iiii`` is 4); ``None`` if it has other letters."""
    if not text or any(c not in _ROMAN for c in text):
        return None
    values = [_ROMAN[c] for c in text]
    total = sum(-v if i + 1 < len(values) and v < values[i + 1] else v for i, v in enumerate(values))
    return total if total > 0 else None


def _needs_two_spaces(style: str, number: int) -> bool:
    return style == "upper-alpha" or (style == "upper-roman" and number in _INITIAL_ROMANS)


def _two_spaces(src: str, pos: int, end: int) -> bool:
    return pos >= end or src.startswith("  ", pos) or src.startswith("\t", pos) or src.startswith(" \t", pos)
