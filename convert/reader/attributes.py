"""pandoc's attribute syntax, one parser for every place it is written.

``{#id .class key=value key2="a} b" key3='x' -}`` after a heading, a fenced
code block's or a fenced div's opening line, a bracketed span, a link, an
image or inline code (pandoc's ``attributes`` parser, Markdown reader):

* ``#id`` sets the identifier (the last one wins), ``.class`` adds a class,
  ``-`` adds the class ``unnumbered``;
* ``key=value``: the value is double-quoted, single-quoted or bare (up to a
  space or ``}``); quoted values may hold spaces, braces and the other quote,
  backslash escapes (``\\"``) and character references (``&amp;``), and run over
  several lines (a line break becomes a space; a blank line ends the attempt);
  ``id=`` and ``class=`` set the identifier and add the classes;
* an identifier (after ``#``, ``.`` or as a key) starts with a letter, then
  letters, digits and ``-_:.`` (any script's letters and digits count).

Anything else makes the whole ``{...}`` ordinary text, as in pandoc.
"""

from __future__ import annotations

import html

from ..model import Attr

_ID_PUNCTUATION = "-_:."
_ASCII_PUNCTUATION = frozenset("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")


def parse_attributes(text: str, start: int = 0, end: int | None = None) -> tuple[Attr, int] | None:
    """The attributes written at ``text[start]`` (a ``{``) and the index just after the closing ``}``.

    ``None`` when ``text[start:end]`` does not open with a well-formed
    attribute block. Linear in the length of the block.
    """
    stop = len(text) if end is None else end
    if start >= stop or text[start] != "{":
        return None
    builder = _AttrBuilder()
    pos = _skip_space(text, start + 1, stop)
    while pos is not None and pos < stop and text[pos] != "}":
        pos = _attribute(text, pos, stop, builder)
        if pos is None or (pos < stop and text[pos] not in " \t\n}"):
            return None
        pos = _skip_space(text, pos, stop)
    if pos is None or pos >= stop:
        return None
    return builder.build(), pos + 1


def parse_word_or_attributes(text: str) -> Attr | None:
    """A fenced div's or code block's info: ``{attributes}`` or a single word (taken as a class)."""
    info = text.strip()
    if info.startswith("{"):
        parsed = parse_attributes(info)
        return parsed[0] if parsed is not None and parsed[1] == len(info) else None
    if info and not any(c.isspace() for c in info):
        return Attr(classes=(info,))
    return None


def trailing_attributes(text: str, max_tries: int = 16) -> tuple[str, Attr] | None:
    """``text`` without an attribute block that ends it (``Heading {#id}``), and that block.

    The block must follow a space (or start the text). Tries the last
    ``max_tries`` opening braces only, so a line full of braces stays linear.
    """
    stripped = text.rstrip()
    if not stripped.endswith("}"):
        return None
    pos = len(stripped)
    for _ in range(max_tries):
        pos = stripped.rfind("{", 0, pos)
        if pos < 0:
            return None
        if pos == 0 or stripped[pos - 1] in " \t\n":
            parsed = parse_attributes(stripped, pos)
            if parsed is not None and parsed[1] == len(stripped):
                return stripped[:pos].rstrip(), parsed[0]
    return None


class _AttrBuilder:
    def __init__(self) -> None:
        self.identifier = ""
        self.classes: list[str] = []
        self.pairs: list[tuple[str, str]] = []

    def add(self, key: str, value: str) -> None:
        if key == "id":
            self.identifier = value
        elif key == "class":
            self.classes.extend(value.split())
        else:
            self.pairs.append((key, value))

    def build(self) -> Attr:
        return Attr(self.identifier, tuple(dict.fromkeys(self.classes)), tuple(self.pairs))


def _skip_space(text: str, pos: int, stop: int) -> int | None:
    """After spaces and line breaks; ``None`` at a blank line (it ends any attribute block)."""
    newlines = 0
    while pos < stop and text[pos] in " \t\n":
        if text[pos] == "\n":
            newlines += 1
            if newlines > 1:
                return None
        pos += 1
    return pos


def _identifier(text: str, pos: int, stop: int) -> int:
    """The end of the identifier starting at ``pos`` (``pos`` itself when there is none)."""
    if pos >= stop or not text[pos].isalpha():
        return pos
    pos += 1
    while pos < stop and (text[pos].isalnum() or text[pos] in _ID_PUNCTUATION):
        pos += 1
    return pos


def _attribute(text: str, pos: int, stop: int, builder: _AttrBuilder) -> int | None:
    char = text[pos]
    if char in "#.":
        end = _identifier(text, pos + 1, stop)
        if end == pos + 1:
            return None
        if char == "#":
            builder.identifier = text[pos + 1 : end]
        else:
            builder.classes.append(text[pos + 1 : end])
        return end
    if char == "-":
        builder.classes.append("unnumbered")
        return pos + 1
    end = _identifier(text, pos, stop)
    if end == pos or end >= stop or text[end] != "=":
        return None
    parsed = _value(text, end + 1, stop)
    if parsed is None:
        return None
    value, after = parsed
    builder.add(text[pos:end], value)
    return after


def _value(text: str, pos: int, stop: int) -> tuple[str, int] | None:
    if pos < stop and text[pos] in "\"'":
        return _quoted(text, pos, stop)
    out: list[str] = []
    while pos < stop and text[pos] not in " \t\n\r}":
        if text[pos] == "\\" and pos + 1 < stop and text[pos + 1] in _ASCII_PUNCTUATION:
            pos += 1
        out.append(text[pos])
        pos += 1
    return "".join(out), pos


def _quoted(text: str, pos: int, stop: int) -> tuple[str, int] | None:
    quote = text[pos]
    pos += 1
    out: list[str] = []
    while pos < stop:
        char = text[pos]
        if char == quote:
            return "".join(out), pos + 1
        if char == "\\" and pos + 1 < stop and text[pos + 1] in _ASCII_PUNCTUATION:
            out.append(text[pos + 1])
            pos += 2
            continue
        if char == "&":
            reference = _character_reference(text, pos, stop)
            if reference is not None:
                out.append(reference[0])
                pos = reference[1]
                continue
        if char == "\n":
            next_end = text.find("\n", pos + 1, stop)
            if not text[pos + 1 : next_end if next_end >= 0 else stop].strip():
                return None  # a blank line ends the block: not attributes
            out.append(" ")
            pos += 1
            while pos < stop and text[pos] in " \t":
                pos += 1
            continue
        out.append(char)
        pos += 1
    return None


def _character_reference(text: str, pos: int, stop: int) -> tuple[str, int] | None:
    """``&amp;``, ``&#38;``, ``&#x26;`` at ``pos``: the character(s) and the index after ``;``."""
    semicolon = text.find(";", pos, min(stop, pos + 34))
    if semicolon < 0:
        return None
    reference = text[pos : semicolon + 1]
    decoded = html.unescape(reference)
    return (decoded, semicolon + 1) if decoded != reference else None
