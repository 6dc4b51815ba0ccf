"""pandoc's ``smart`` extension as a markdown-it core rule: curly quotes, apostrophes, dashes, ellipses.

Runs on the text tokens of every inline token (paragraphs, headings, table
cells, captions, notes, definition terms) and of image descriptions, never on
code, math, raw HTML or backslash-escaped characters, and never on table
syntax (tables are read before inline text exists). Linear in the text.

Rules (pandoc's; where markdown-it's ``smartquotes`` differs, pandoc's win):

* ``--`` is an en dash (U+2013), ``---`` an em dash (U+2014), ``...`` an
  ellipsis (U+2026); nothing else changes (``(c)`` stays, as in pandoc);
* a quote pairs with the nearest unmatched opening quote of the same kind at the
  same inline level (CommonMark flanking decides which can open or close);
* a single quote that opens nothing and closes nothing is an apostrophe
  (U+2019): ``'Tis``, ``'90s``, ``dogs'`` (pandoc: an unmatched single quote
  is an apostrophe);
* a quote that elides the start of a word is an apostrophe even when a closing
  quote follows later: before two digits (``'90s``, ``'20``) and before ``tis``,
  ``twas``, ``twere``, ``twill``, ``em``, ``cause``, ``til``, ``bout``; and
  ``'n'`` between words (``rock 'n' roll``) is two apostrophes (pandoc would pair
  these as quotations; typographers and style guides write apostrophes);
* a double quote left unmatched opens (U+201C) when it can, so a quotation
  continued into the next paragraph opens again there, as in pandoc; else it
  closes (U+201D).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

from markdown_it.rules_core import StateCore
from markdown_it.token import Token

_QUOTE = re.compile(r"['\"]")
_N_CONTRACTION = re.compile(r"(?<!\w)'n'(?!\w)")
#: A quote that elides the start of a word is an apostrophe, never an opening quote ('90s, 'Tis, 'em).
_ELISION = re.compile(r"(?<!\w)'(?=(?:\d\d(?!\d)|(?:tis|twas|twere|twill|em|cause|til|bout)(?!\w)))", re.IGNORECASE)
_DASHES = (("---", "\u2014"), ("--", "\u2013"), ("...", "\u2026"))
_OPEN = {"'": "\u2018", '"': "\u201c"}
_CLOSE = {"'": "\u2019", '"': "\u201d"}
APOSTROPHE = "\u2019"
#: How far back a closing quote looks for its opening one (keeps pathological input linear).
_SEARCH = 64


def smart_typography(state: StateCore) -> None:
    """The core rule: every inline token's children, and every image description inside them."""
    for token in state.tokens:
        if token.type == "inline" and token.children:
            smarten(token.children)


def smarten(children: Sequence[Token]) -> None:
    """Curly quotes, then dashes and ellipses, in ``children`` (image descriptions too)."""
    pending: list[Sequence[Token]] = [children]
    while pending:
        tokens = pending.pop()
        _quotes(tokens)
        for token in tokens:
            if token.type == "text":
                token.content = dashes(token.content)
            elif token.type == "image" and token.children:
                pending.append(token.children)


def dashes(text: str) -> str:
    for plain, fancy in _DASHES:
        if plain in text:
            text = text.replace(plain, fancy)
    return text


def _neighbours(tokens: Sequence[Token]) -> tuple[list[str], list[str]]:
    """For each token, the character just before it and just after it (a space at line breaks)."""
    before, after = [" "] * len(tokens), [" "] * len(tokens)
    last = " "
    for i, token in enumerate(tokens):
        before[i] = last
        if token.type in ("softbreak", "hardbreak"):
            last = " "
        elif token.content and token.type != "image":
            last = token.content[-1]
    following = " "
    for i in range(len(tokens) - 1, -1, -1):
        after[i] = following
        token = tokens[i]
        if token.type in ("softbreak", "hardbreak"):
            following = " "
        elif token.content and token.type != "image":
            following = token.content[0]
    return before, after


def _is_space(char: str) -> bool:
    return char.isspace()


def _is_punct(char: str) -> bool:
    return unicodedata.category(char).startswith(("P", "S"))


class _Quotes:
    """Pairing state for one inline sequence: the open quotes waiting and the replacements decided."""

    def __init__(self) -> None:
        self.stack: list[tuple[int, int, str, int]] = []  # (token, position, quote, level)
        self.edits: dict[int, dict[int, str]] = {}

    def put(self, token: int, pos: int, char: str) -> None:
        self.edits.setdefault(token, {})[pos] = char

    def quote(self, token: int, pos: int, quote: str, level: int, last: str, nxt: str) -> None:
        last_space, next_space = _is_space(last), _is_space(nxt)
        last_punct, next_punct = _is_punct(last), _is_punct(nxt)
        can_open = not next_space and (not next_punct or last_space or last_punct)
        can_close = not last_space and (not last_punct or next_space or next_punct)
        if can_open and can_close:  # inside a word or between punctuation
            can_open, can_close = last_punct, next_punct
        if can_close:
            for j in range(len(self.stack) - 1, max(-1, len(self.stack) - 1 - _SEARCH), -1):
                o_token, o_pos, o_quote, o_level = self.stack[j]
                if o_level < level:
                    break
                if o_quote == quote and o_level == level:
                    self.leftovers(self.stack[j + 1 :])
                    del self.stack[j:]
                    self.put(o_token, o_pos, _OPEN[quote])
                    self.put(token, pos, _CLOSE[quote])
                    return
        if can_open:
            self.stack.append((token, pos, quote, level))
        else:  # closes nothing: an apostrophe, or a closing double quote (pandoc)
            self.put(token, pos, _CLOSE[quote])

    def leftovers(self, waiting: list[tuple[int, int, str, int]]) -> None:
        """Quotes that opened and were never closed: an apostrophe, or an opening double quote."""
        for token, pos, quote, _level in waiting:
            self.put(token, pos, APOSTROPHE if quote == "'" else _OPEN['"'])


def _quotes(tokens: Sequence[Token]) -> None:
    before, after = _neighbours(tokens)
    quotes = _Quotes()
    for i, token in enumerate(tokens):
        while quotes.stack and quotes.stack[-1][3] > token.level:
            quotes.leftovers([quotes.stack.pop()])
        if token.type != "text" or not _QUOTE.search(token.content):
            continue
        text = token.content
        for match in _N_CONTRACTION.finditer(text):
            quotes.put(i, match.start(), APOSTROPHE)
            quotes.put(i, match.start() + 2, APOSTROPHE)
        for match in _ELISION.finditer(text):
            quotes.put(i, match.start(), APOSTROPHE)
        decided = quotes.edits.get(i, {})
        for match in _QUOTE.finditer(text):
            pos = match.start()
            if pos in decided:
                continue
            last = text[pos - 1] if pos > 0 else before[i]
            nxt = text[pos + 1] if pos + 1 < len(text) else after[i]
            quotes.quote(i, pos, match.group(), token.level, last, nxt)
            decided = quotes.edits.get(i, {})
    quotes.leftovers(quotes.stack)
    for index, edits in quotes.edits.items():
        text = tokens[index].content
        tokens[index].content = "".join(edits.get(p, c) for p, c in enumerate(text)) if edits else text
