"""One piece of raw HTML → where its elements start and end, which stay open, which close earlier ones.

lxml builds good trees but hides what this reader must know about a *piece*
of HTML cut out of a Markdown document: which elements are left open for the
Markdown that follows (``<div markdown="1">`` alone), which closing tags close
an element opened in an earlier piece (``</div>`` alone), and where, in the
source text, the content of a ``markdown="1"`` element starts and ends. So
the piece is first tokenized with the standard library's HTML tokenizer
(:class:`html.parser.HTMLParser`, which follows HTML's tokenization rules:
comments, ``<script>``/``<style>`` raw text, quoted attributes), and its tags
are paired here into a tree of :class:`Element` spans. The content itself is
parsed later by lxml (:mod:`.walk`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser

#: Elements that never have content or a closing tag (HTML's void elements, and obsolete ones).
VOID = frozenset({
    "area", "base", "basefont", "bgsound", "br", "col", "command", "embed", "frame", "hr", "img", "input",
    "keygen", "link", "meta", "param", "source", "track", "wbr",
})
#: Elements whose closing tag HTML lets an author leave out: a closing tag further out closes them.
OPTIONAL_END = frozenset({
    "p", "li", "dt", "dd", "option", "optgroup", "tr", "td", "th", "thead", "tbody", "tfoot", "colgroup",
    "caption", "rt", "rp",
})

Attributes = list[tuple[str, str | None]]
_RAW_TEXT = ("script", "style")  # the tokenizer reads their content as raw text


@dataclass
class Element:
    """A start tag in the piece, and the span of its content.

    Offsets index the piece's text: ``start`` is its ``<``, ``inner`` the first
    character after the start tag, ``end`` the ``<`` of its closing tag (or
    where an enclosing element's closing tag or the piece ended), ``after``
    the first character after the closing tag. ``closed``: a closing tag for
    it (or for an element around it) is in this piece.
    """

    tag: str
    attrs: Attributes
    start: int
    inner: int
    end: int = -1
    after: int = -1
    closed: bool = False
    children: list[Element | Stray] = field(default_factory=list)


@dataclass(frozen=True)
class Stray:
    """A closing tag with no start tag in this piece: it closes an element opened in an earlier one."""

    tag: str
    start: int
    after: int


@dataclass
class Scan:
    """The piece's top-level elements and stray closing tags, its deepest nesting and its text."""

    top: list[Element | Stray]
    depth: int
    texts: list[str]


@dataclass(frozen=True)
class Token:
    """One token of a single tag (what :func:`one_tag` returns)."""

    kind: str  # "start", "empty" (a void or self-closed tag), "end", "comment", "other"
    tag: str = ""
    attrs: Attributes = field(default_factory=list)
    text: str = ""


class _Tokenizer(HTMLParser):
    """Collects tags with their offsets; text only as text."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self._text = text
        self._line_starts = [0] + [i + 1 for i, c in enumerate(text) if c == "\n"]
        self.tokens: list[tuple[str, str, Attributes, int, int]] = []  # kind, tag, attrs, start, after
        self.texts: list[str] = []
        self.others: list[Token] = []
        self._raw: str | None = None  # inside <script> or <style>

    def _offset(self) -> int:
        line, column = self.getpos()
        return self._line_starts[line - 1] + column

    def handle_starttag(self, tag: str, attrs: Attributes) -> None:
        start = self._offset()
        self.tokens.append(("start", tag, attrs, start, start + len(self.get_starttag_text() or "")))
        self._raw = tag if tag in _RAW_TEXT else self._raw

    def handle_startendtag(self, tag: str, attrs: Attributes) -> None:
        start = self._offset()
        self.tokens.append(("empty", tag, attrs, start, start + len(self.get_starttag_text() or "")))

    def handle_endtag(self, tag: str) -> None:
        self._raw = None if tag == self._raw else self._raw
        start = self._offset()
        close = self._text.find(">", start)
        self.tokens.append(("end", tag, [], start, close + 1 if close >= 0 else len(self._text)))

    def handle_data(self, data: str) -> None:
        if self._raw is None:  # a script's or style's source is no text of the article
            self.texts.append(data)

    def handle_comment(self, data: str) -> None:
        self.others.append(Token("comment", text=data))

    def handle_decl(self, decl: str) -> None:
        self.others.append(Token("other", text=decl))

    def handle_pi(self, data: str) -> None:
        self.others.append(Token("other", text=data))

    def unknown_decl(self, data: str) -> None:
        self.others.append(Token("other", text=data))


def _tokenize(text: str) -> _Tokenizer:
    tokenizer = _Tokenizer(text)
    tokenizer.feed(text)
    tokenizer.close()
    return tokenizer


def scan(text: str) -> Scan:
    """Pair the tags of ``text`` (HTML's rules for void elements and omitted closing tags)."""
    tokenizer = _tokenize(text)
    root = Element("#piece", [], 0, 0)
    stack = [root]
    depth = 0
    for kind, tag, attrs, start, after in tokenizer.tokens:
        if kind == "end":
            _close(stack, tag, start, after)
            continue
        element = Element(tag, attrs, start, after)
        stack[-1].children.append(element)
        if kind == "empty" or tag in VOID:
            element.end, element.after, element.closed = after, after, True
        else:
            stack.append(element)
            depth = max(depth, len(stack) - 1)
    for element in stack[1:]:  # never closed in this piece
        element.end = element.after = len(text)
    return Scan(root.children, depth, tokenizer.texts)


def _close(stack: list[Element], tag: str, start: int, after: int) -> None:
    match = next((i for i in range(len(stack) - 1, 0, -1) if stack[i].tag == tag), None)
    if match is None:
        if all(e.tag in OPTIONAL_END for e in stack[1:]):  # "<p>last words</div>": the p ends, the div was earlier
            _pop(stack, 1, start)
            stack[0].children.append(Stray(tag, start, after))
        return  # otherwise a stray inside content: ignored, as HTML parsers do
    _pop(stack, match + 1, start)
    element = stack.pop()
    element.end, element.after, element.closed = start, after, True


def _pop(stack: list[Element], keep: int, at: int) -> None:
    """Elements above ``keep`` end at ``at``, closed implicitly by a closing tag further out."""
    while len(stack) > keep:
        element = stack.pop()
        element.end = element.after = at
        element.closed = True


def one_tag(html: str) -> Token:
    """The single tag (or comment) that Markdown met inline, e.g. ``<sup>``, ``</sup>``, ``<br/>``."""
    tokenizer = _tokenize(html)
    if tokenizer.tokens:
        kind, tag, attrs, _, _ = tokenizer.tokens[0]
        return Token(kind, tag, attrs)
    if tokenizer.others:
        return tokenizer.others[0]
    return Token("other", text="".join(tokenizer.texts))


def line_of(text: str, offset: int, first_line: int) -> int:
    """The source line of ``text[offset]`` when ``text`` starts on ``first_line``."""
    return first_line + text.count("\n", 0, offset)

