"""markdown-it inline rules for pandoc's inline extensions (tokens only; :mod:`.inlines` makes the nodes).

* ``[text]{#id .class key=value}`` — pandoc's ``bracketed_spans``: ``span_open``/``span_close``;
* ``{...}`` right after a link, an image or inline code — pandoc's ``link_attributes``:
  stored on the link's closing token, the image or the code token as ``meta["attr"]``,
  never printed; ``{=format}`` after inline code (pandoc's ``raw_attribute``) is
  stored as the code token's ``meta["raw"]``;
* ``[^label]`` — a note reference (``note_ref``, ``meta["label"]``), matched even
  when no definition exists so the reader can keep its text and warn;
* ``^[text]`` — pandoc's ``inline_notes``: ``note_open``/``note_close`` around the note's inlines;
* ``$tex$`` and ``$$tex$$`` — pandoc's ``tex_math_dollars``: ``math_inline`` with
  ``meta["display"]``. The opening ``$`` must have a non-space character on its
  right, the closing ``$`` one on its left and no digit right after it
  (``$20,000 and $30,000`` is not math); ``$$...$$`` may hold spaces and line breaks;
* ``{{< name args >}}``, ``{{% name args %}}`` — a Hugo shortcode (Hugo expands it
  when it builds the site; it is not Markdown): one ``hugo_shortcode`` token whose
  content is the shortcode as written, so nothing inside it is read as Markdown or
  smartened (``user="citydesk"`` keeps its straight quotes); ``meta["name"]`` is its name.

Each rule that nests pushes an opening token, so markdown-it's ``maxNesting``
bounds the recursion (10,000 nested ``[`` or ``^[`` never exhaust the stack).
"""

from __future__ import annotations

import re

from markdown_it.common.utils import normalizeReference
from markdown_it.helpers import parseLinkLabel
from markdown_it.rules_inline import StateInline

from .attributes import parse_attributes

#: pandoc's ``raw_attribute`` after inline code: ```<b>`{=html}``.
_RAW_FORMAT = re.compile(r"\{\s*=([\w-]+)\s*\}")
#: A Markdown backslash escape (CommonMark: any ASCII punctuation character).
_ESCAPED = re.compile(r"\\([!-/:-@\[-`{-~])")
#: The longest Hugo shortcode looked for (its closing ``>}}`` within this many characters: linear on junk).
_MAX_SHORTCODE = 4096
#: Tokens a following ``{...}`` belongs to (the link's closing token stands for the link).
_TAKES_ATTRIBUTES = frozenset({"link_close", "image", "code_inline"})


def attributes_after(state: StateInline, silent: bool) -> bool:
    """``{...}`` glued to the link, image or code just before it."""
    start = state.pos
    if silent or state.src[start] != "{" or state.pending or not state.tokens:
        return False
    last = state.tokens[-1]
    if last.type not in _TAKES_ATTRIBUTES:
        return False
    raw = _RAW_FORMAT.match(state.src, start, state.posMax) if last.type == "code_inline" else None
    if raw is not None:
        last.meta = {**(last.meta or {}), "raw": raw.group(1)}
        state.pos = raw.end()
        return True
    parsed = parse_attributes(state.src, start, state.posMax)
    if parsed is None:
        return False
    last.meta = {**(last.meta or {}), "attr": parsed[0]}
    state.pos = parsed[1]
    return True


def bracketed_span(state: StateInline, silent: bool) -> bool:
    """``[text]{attributes}``; ``[ref]{...}`` naming a link reference stays a link (with attributes)."""
    start = state.pos
    if silent:
        return False  # inside a link label a span counts as brackets, so a link may hold a span (pandoc)
    if state.src[start] != "[" or state.src.startswith("[^", start) or _next(state, "]{", start) < 0:
        return False  # the quick test keeps runs of '[' as fast as markdown-it's own link rule
    label_end = parseLinkLabel(state, start)
    if label_end < 0 or label_end + 1 >= state.posMax or state.src[label_end + 1] != "{":
        return False
    parsed = parse_attributes(state.src, label_end + 1, state.posMax)
    if parsed is None:
        return False
    references = state.env.get("references", {}) if isinstance(state.env, dict) else {}
    if normalizeReference(state.src[start + 1 : label_end]) in references:
        return False
    opening = state.push("span_open", "span", 1)
    opening.meta = {"attr": parsed[0]}
    _tokenize_between(state, start + 1, label_end)
    state.push("span_close", "span", -1)
    state.pos = parsed[1]
    return True


def _next(state: StateInline, needle: str, start: int) -> int:
    """Where the next ``needle`` is at or after ``start`` (before ``posMax``), or -1.

    Remembered on the state with where the search began: a later ``start`` up to the one found (or any,
    when none was) has the same answer, so a paragraph of 100,000 ``[`` or ``{{<`` is searched once, not
    once per opener (which was quadratic: 500 KB of ``[{{< `` took 41 s).
    """
    memos: dict[str, tuple[int, int, int]] | None = getattr(state, "_convert_next", None)
    if memos is None:
        memos = {}
        state._convert_next = memos  # type: ignore[attr-defined]
    memo = memos.get(needle)
    if memo is not None:
        limit, searched_from, found = memo
        if limit == state.posMax and searched_from <= start and (found < 0 or found >= start):
            return found
    found = state.src.find(needle, start, state.posMax)
    memos[needle] = (state.posMax, start, found)
    return found


def note_reference(state: StateInline, silent: bool) -> bool:
    """``[^label]`` (no spaces, ``[``, ``]`` or ``^`` in the label)."""
    start = state.pos
    if not state.src.startswith("[^", start):
        return False
    end = start + 2
    while end < state.posMax and state.src[end] not in "] \t\n[^":
        end += 1
    if end == start + 2 or end >= state.posMax or state.src[end] != "]":
        return False
    if end + 1 < state.posMax and state.src[end + 1] in "([":
        return False  # [^x](url) is a link, as in CommonMark
    if not silent:
        token = state.push("note_ref", "", 0)
        token.meta = {"label": state.src[start + 2 : end]}
        token.content = state.src[start : end + 1]
    state.pos = end + 1
    return True


def inline_note(state: StateInline, silent: bool) -> bool:
    """``^[text]``: a note written where it belongs."""
    start = state.pos
    if not state.src.startswith("^[", start) or state.src.find("]", start, state.posMax) < 0:
        return False
    label_end = parseLinkLabel(state, start + 1)
    if label_end < 0:
        return False
    if not silent:
        state.push("note_open", "", 1)
        _tokenize_between(state, start + 2, label_end)
        state.push("note_close", "", -1)
    state.pos = label_end + 1
    return True


def hugo_shortcode(state: StateInline, silent: bool) -> bool:
    """``{{< name ... >}}`` or ``{{% name ... %}}`` (also closing ``{{< /name >}}`` and ``{{</* x */>}}``)."""
    start = state.pos
    src = state.src
    if not src.startswith("{{", start) or start + 2 >= state.posMax or src[start + 2] not in "<%":
        return False
    end = _next(state, (">" if src[start + 2] == "<" else "%") + "}}", start + 3)
    if end < 0 or end >= start + _MAX_SHORTCODE:
        return False
    if not silent:
        token = state.push("hugo_shortcode", "", 0)
        # as pandoc shows it (it reads the shortcode as text): Markdown's backslash escapes undone (src="a\_b")
        token.content = _ESCAPED.sub(r"\1", src[start : end + 3])
        inside = src[start + 3 : end].strip().lstrip("/*").strip()
        token.meta = {"name": inside.split()[0] if inside.split() else "", "line_offset": _lines_before(state, start)}
    state.pos = end + 3
    return True


def _lines_before(state: StateInline, pos: int) -> int:
    """How many line breaks the inline text has before ``pos`` (the token's line within its paragraph),
    counted on from the last position asked about, so many tokens in one paragraph cost one pass."""
    last, count = getattr(state, "_convert_lines", (0, 0))
    count = count + state.src.count("\n", last, pos) if pos >= last else state.src.count("\n", 0, pos)
    state._convert_lines = (pos, count)  # type: ignore[attr-defined]
    return count


def dollar_math(state: StateInline, silent: bool) -> bool:
    """``$inline$`` and ``$$display$$`` TeX, by pandoc's ``tex_math_dollars`` rules."""
    src, start, stop = state.src, state.pos, state.posMax
    if src[start] != "$":
        return False
    if src.startswith("$$", start):
        end = src.find("$$", start + 2, stop)
        if end < 0 or not src[start + 2 : end].strip():
            return False
        content, after, display = src[start + 2 : end].strip(), end + 2, True
    else:
        found = _closing_dollar(src, start, stop)
        if found is None:
            return False
        content, after, display = src[start + 1 : found], found + 1, False
    if not silent:
        token = state.push("math_inline", "math", 0)
        token.content = content
        token.meta = {"display": display}
    state.pos = after
    return True


def _closing_dollar(src: str, start: int, stop: int) -> int | None:
    if start + 1 >= stop or src[start + 1].isspace() or src[start + 1] == "$":
        return None
    pos = start + 1
    while True:
        end = src.find("$", pos, stop)
        if end < 0:
            return None
        if src[end - 1] == "\\":  # an escaped dollar belongs to the TeX
            pos = end + 1
            continue
        if src[end - 1].isspace() or (end + 1 < stop and src[end + 1].isdigit()):
            return None
        return end


def _tokenize_between(state: StateInline, start: int, end: int) -> None:
    """Tokenize ``src[start:end]`` into the current stream (inside an opening token just pushed)."""
    old_max = state.posMax
    state.pos, state.posMax = start, end
    state.md.inline.tokenize(state)
    state.posMax = old_max
