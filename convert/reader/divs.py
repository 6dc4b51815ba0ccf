"""Block rules for pandoc's fenced divs, and for content nested deeper than we keep.

**Fenced divs** (pandoc's ``fenced_divs``): an opening fence is three or more
colons followed by attributes (``{#id .class key=value}``) or a single word
(a class), optionally more colons; a closing fence is three or more colons
alone on a line and closes the innermost open div, whatever its length
(``:::::::: callout`` ... ``::::::::::::::``). A fence line inside a code fence
is code, never a div fence; an opening fence does not interrupt a paragraph;
a closing fence does. A div left open closes at the end of its container (as
pandoc does, with a warning). Tokens: ``div_open`` (``meta["attr"]``,
``meta["unclosed"]``) and ``div_close``.

**Deep nesting**: markdown-it drops whatever lies beyond ``maxNesting`` without
a word. :func:`flatten_deep` runs first at every block start; past
:data:`MAX_BLOCK_LEVEL` it reads the rest of the container as plain paragraphs
(quote and list markers removed, each list item its own paragraph); the first
is marked ``meta["flattened"]`` so the reader warns once per place, and nothing is lost.
"""

from __future__ import annotations

import re

from markdown_it.rules_block import StateBlock

from .attributes import parse_word_or_attributes

#: markdown-it nesting levels kept as structure (a list level takes two, a quote one).
MAX_BLOCK_LEVEL = 40

_OPEN_FENCE = re.compile(r":{3,}[ \t]*(?P<info>\{.*\}|[^\s:{][^\s]*)[ \t]*:*[ \t]*$")
_CLOSE_FENCE = re.compile(r":{3,}[ \t]*$")
_CODE_FENCE = re.compile(r"(?P<fence>`{3,}|~{3,})")
_LIST_MARKER = re.compile(r"[-+*]|\d[.)]")
_MARKERS = re.compile(r"^(?:[ \t]*(?:>|[-+*](?=[ \t]|$)|\d{1,9}[.)](?=[ \t]|$)))+[ \t]*")


def _text(state: StateBlock, line: int) -> str:
    return state.src[state.bMarks[line] + state.tShift[line] : state.eMarks[line]]


def fenced_div(state: StateBlock, start_line: int, end_line: int, silent: bool) -> bool:
    if state.is_code_block(start_line):
        return False
    match = _OPEN_FENCE.match(_text(state, start_line))
    if match is None:
        return False
    attr = parse_word_or_attributes(match.group("info"))
    if attr is None:
        return False
    if silent:
        return True
    close = _closing_line(state, start_line + 1, end_line)
    last = close if close is not None else _container_end(state, start_line + 1, end_line)
    opening = state.push("div_open", "div", 1)
    opening.map = [start_line, last]
    opening.meta = {"attr": attr, "unclosed": close is None}
    old_parent, old_max = state.parentType, state.lineMax
    state.parentType, state.lineMax = "div", last
    state.md.block.tokenize(state, start_line + 1, last)
    state.parentType, state.lineMax = old_parent, old_max
    state.push("div_close", "div", -1)
    state.line = last + 1 if close is not None else last
    return True


def _closing_line(state: StateBlock, line: int, end_line: int) -> int | None:
    """The line of the fence that closes the div opened just before ``line``, skipping code and nested divs."""
    depth, code_fence, after_blank = 1, "", True
    while line < end_line:
        text = _text(state, line)
        if text and state.sCount[line] < state.blkIndent:
            return None  # the container ended first
        indented = state.sCount[line] - state.blkIndent >= 4
        if code_fence:
            stripped = text.strip()
            if stripped.startswith(code_fence) and not stripped.strip(code_fence[0]):
                code_fence = ""
        elif (fence := _CODE_FENCE.match(text)) is not None and not indented:
            code_fence = fence.group("fence")
        elif not indented and _CLOSE_FENCE.match(text):
            depth -= 1
            if depth == 0:
                return line
        elif not indented and after_blank and (m := _OPEN_FENCE.match(text)) and parse_word_or_attributes(m["info"]):
            depth += 1
        after_blank = not text.strip() or text.startswith(":::")
        line += 1
    return None


def _container_end(state: StateBlock, line: int, end_line: int) -> int:
    while line < end_line and (state.isEmpty(line) or state.sCount[line] >= state.blkIndent):
        line += 1
    return line


def flatten_deep(state: StateBlock, start_line: int, end_line: int, silent: bool) -> bool:
    """Past :data:`MAX_BLOCK_LEVEL`, the rest of the container as paragraphs of plain lines."""
    if state.level < MAX_BLOCK_LEVEL or silent:
        return False
    last = _container_end(state, start_line, end_line)
    paragraph: list[str] = []
    first, warned = start_line, False
    for line in range(start_line, last + 1):
        raw = _text(state, line) if line < last else ""
        marker = _MARKERS.match(raw)
        text = raw[marker.end() :] if marker else raw
        starts_item = marker is not None and _LIST_MARKER.search(marker.group()) is not None
        if paragraph and (starts_item or not text.strip()):
            _push_paragraph(state, paragraph, first, line, warn=not warned)
            paragraph, warned = [], True
        if text.strip():
            if not paragraph:
                first = line
            paragraph.append(text.strip())
    state.line = max(last, start_line + 1)
    return True


def _push_paragraph(state: StateBlock, lines: list[str], first: int, end: int, *, warn: bool) -> None:
    opening = state.push("paragraph_open", "p", 1)
    opening.map = [first, end]
    opening.meta = {"flattened": warn}
    inline = state.push("inline", "", 0)
    inline.content = "\n".join(lines)
    inline.map = [first, end]
    inline.children = []
    state.push("paragraph_close", "p", -1)
