"""Raw HTML in an article → the same model nodes Markdown makes (never passed through).

The Markdown reader meets raw HTML in pieces: a block (``html_block`` token)
may hold whole elements, or only an opening tag whose content is Markdown that
follows (``<div markdown="1">`` ... ``</div>``); inline HTML comes one tag at a
time (``H<sub>``, ``2``, ``</sub>O``). So this module answers with *events*,
and :mod:`.markdown` keeps the stack that pairs openings and closings:

* :func:`block_events` — one raw HTML block → :class:`Blocks` (complete
  content), :class:`Open` (an element left open: a container such as ``<div>``,
  ``<section>``, ``<figure>``, ``<details>`` whose closing tag comes later, or
  any element with kramdown's ``markdown="1"``), :class:`Markdown` (source
  text to read as Markdown, in place: inside a ``markdown="1"`` element, or
  after the start tag of an element left open, whose content goes on as
  Markdown in the blocks that follow), :class:`Close` (a closing tag whose
  opening came earlier, or that ends an element this block opened);
* :func:`block_element` — an element that was open across Markdown, with the
  blocks read inside it → blocks;
* :func:`inline_event` and :func:`inline_element` — the same for inline HTML.

The pieces are tokenized with the standard library's HTML tokenizer
(:mod:`.scan`, to pair tags and find offsets) and parsed with lxml
(:mod:`.walk`, :mod:`.inlines`, :mod:`.figures`, :mod:`.tables`,
:mod:`.embeds`: what each element becomes is written there). Nothing live ever
reaches the model: scripts, styles and event attributes go, embeds become
their text and a link, unknown elements keep their text, and every change is
a warning naming the line of the element; comments go without a word.
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from html import unescape

from markdown_it.common.html_re import HTML_TAG_RE

from ...model import Attr, Block, BlockQuote, Div, Inline, LineBreak, Paragraph, Text
from ..context import ReadContext
from . import attrs, embeds, figures, inlines, scan
from .embeds import alone as embed_alone
from .figures import caption_parts, merge_captions
from .walk import CONTAINERS, Walker

__all__ = [
    "RAW_FORMATS", "Blocks", "Close", "Inlines", "Markdown", "Open", "block_element", "block_events", "caption_parts",
    "embed_alone", "inline_element", "inline_event", "inline_pieces", "merge_captions", "tag_text",
    "text_of",
]

#: pandoc's ``raw_attribute`` formats that are HTML (```{=html}`` blocks, ```...`{=html}`` inlines).
RAW_FORMATS = frozenset({"html", "html4", "html5"})
#: Deeper HTML is kept as its plain text (with a warning): lxml would silently drop text below 255 levels,
#: and nothing a writer can show needs this many.
MAX_DEPTH = 48
#: Elements whose content may follow as Markdown when their closing tag is in a later block.
OPENABLE = CONTAINERS - {"li", "dt", "dd", "caption", "summary", "form"} | {"blockquote", "figure", "figcaption"}


@dataclass(frozen=True)
class Open:
    """An element opened and not closed in this piece of HTML (its content follows as Markdown)."""

    tag: str
    attr: Attr
    line: int


@dataclass(frozen=True)
class Close:
    """A closing tag whose opening tag came in an earlier piece (or event)."""

    tag: str


@dataclass(frozen=True)
class Blocks:
    """Complete content read from this piece."""

    blocks: tuple[Block, ...]


class Markdown(Blocks):
    """Markdown source inside a ``markdown="1"`` element of this piece: read ``text`` as Markdown, here.

    ``line`` is the source line ``text`` starts on. It is a :class:`Blocks`
    whose ``blocks`` are the same text read as HTML (Markdown syntax kept as
    typed), computed only when asked: a Markdown reader that does not read
    Markdown inside HTML still loses nothing.
    """

    def __init__(self, text: str, line: int, as_html: Callable[[], list[Block]]) -> None:
        object.__setattr__(self, "text", text)
        object.__setattr__(self, "line", line)
        object.__setattr__(self, "_as_html", as_html)

    text: str
    line: int
    _as_html: Callable[[], list[Block]]

    @property
    def blocks(self) -> tuple[Block, ...]:
        return tuple(self._as_html())

    def __repr__(self) -> str:
        return f"Markdown(text={self.text!r}, line={self.line})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Markdown) and (self.text, self.line) == (other.text, other.line)

    def __hash__(self) -> int:
        return hash((self.text, self.line))


BlockEvent = Open | Close | Blocks


@dataclass(frozen=True)
class Inlines:
    spans: tuple[Inline, ...]


InlineEvent = Open | Close | Inlines


def block_events(html: str, context: ReadContext, line: int) -> list[BlockEvent]:
    """Read one raw HTML block (``line``: its first line in the source)."""
    scanned = scan.scan(html)
    if scanned.depth > MAX_DEPTH:
        context.warn(f"raw HTML nested {scanned.depth} levels deep (more than {MAX_DEPTH}); kept as plain text", line)
        text = " ".join("".join(scanned.texts).split())
        return [Blocks((Paragraph((Text(text),), line),))] if text else []
    return _Events(html, context, line).read(scanned.top)


class _Events:
    def __init__(self, html: str, context: ReadContext, first_line: int) -> None:
        self.html, self.context, self.first_line = html, context, first_line
        self.events: list[BlockEvent] = []

    def read(self, nodes: Sequence[scan.Element | scan.Stray]) -> list[BlockEvent]:
        self._nodes(nodes, 0, len(self.html))
        return self.events

    def _line(self, offset: int) -> int:
        return scan.line_of(self.html, offset, self.first_line)

    def _nodes(self, nodes: Sequence[scan.Element | scan.Stray], start: int, end: int, *, markdown: bool = False) -> None:
        """The events of ``nodes``, the content between them read as Markdown when ``markdown``, else as HTML."""
        cursor = start
        for node in nodes:
            if isinstance(node, scan.Stray):
                self._content(cursor, node.start, markdown)
                self.events.append(Close(node.tag))
                cursor = node.after
            elif _eventful(node):
                self._content(cursor, node.start, markdown)
                self._element(node)
                cursor = node.after
        self._content(cursor, end, markdown)

    def _element(self, node: scan.Element) -> None:
        """An element told as events. Left open, it encloses the Markdown blocks that follow this piece, so
        its content in this piece is Markdown too (as with ``markdown="1"``; pandoc reads both as Markdown)."""
        line = self._line(node.start)
        attr = attrs.read(node.tag, node.attrs, self.context, line)
        self.events.append(Open(node.tag, attr, line))
        if attrs.markdown_inside(attr):
            self._markdown(node.inner, node.end)
        else:
            self._nodes(node.children, node.inner, node.end, markdown=not node.closed and node.tag not in _VERBATIM)
        if node.closed:
            self.events.append(Close(node.tag))

    def _content(self, start: int, end: int, markdown: bool = False) -> None:
        if markdown:
            self._markdown(start, end)
            return
        text = self.html[start:end]
        if text.strip():
            blocks = Walker(self.context, self._line(start)).content(text)
            if blocks:
                self.events.append(Blocks(tuple(blocks)))

    def _markdown(self, start: int, end: int) -> None:
        text = self.html[start:end]
        if text.strip():
            line = self._line(start)
            walker = Walker(self.context, line)
            self.events.append(Markdown(textwrap.dedent(text), line, lambda: walker.content(text)))


#: Elements whose content is never Markdown, open or not.
_VERBATIM = frozenset({"pre", "script", "style", "textarea", "code"})


def _eventful(node: scan.Element) -> bool:
    """Whether ``node`` must be told as events: Markdown inside, left open, or holding such an element."""
    if any(name.lower() == "markdown" and (value or "").strip().lower() in ("1", "block", "span")
           for name, value in node.attrs):
        return True
    if node.tag not in OPENABLE:
        return False
    return not node.closed or any(isinstance(c, scan.Element) and _eventful(c) for c in node.children)


def block_element(tag: str, attr: Attr, children: tuple[Block, ...], context: ReadContext, line: int) -> list[Block]:
    """An element opened at ``line`` with ``children`` read from the Markdown inside it."""
    blocks = merge_captions(children)
    if tag == "figure":
        return figures.assemble(attr, blocks, line)
    if tag == "figcaption" or attrs.is_caption(attr):
        return [Div(attrs.shown(attr, "caption"), tuple(blocks), line)] if blocks else []
    if tag == "blockquote":
        kind = embeds.post_kind(attr)
        return embeds.post(kind, attr, blocks, context, line) if kind else [BlockQuote(tuple(blocks), line)]
    if tag in inlines.REMOVED:
        inlines.removed(tag, attr, context, line)
        return []
    if tag not in CONTAINERS and tag not in ("p", "span"):
        inlines.unknown(tag, bool(blocks), context, line)
    shown = attrs.shown(attr, *(() if tag in ("div", "p", "span") or tag not in CONTAINERS else (tag,)))
    return [Div(shown, tuple(blocks), line)] if blocks and not attrs.is_empty(shown) else blocks


def inline_pieces(html: str) -> list[tuple[str, bool]]:
    """A run of inline raw HTML (pandoc's ```<b>x</b>`{=html}``) cut as Markdown cuts it: ``(piece, is_tag)``.

    Tags and comments (``is_tag``) are read with :func:`inline_event`; the text
    between them is HTML text (character references decoded, see :func:`text_of`).
    """
    pieces: list[tuple[str, bool]] = []
    cursor = 0
    for match in HTML_TAG_RE.finditer(html):
        if match.start() > cursor:
            pieces.append((html[cursor : match.start()], False))
        pieces.append((match.group(), True))
        cursor = match.end()
    if cursor < len(html):
        pieces.append((html[cursor:], False))
    return pieces


def text_of(piece: str) -> str:
    """HTML text between tags, character references decoded (``AT&amp;T`` → ``AT&T``)."""
    return unescape(piece)


def tag_text(html: str) -> str:
    """What one inline tag adds to plain text (metadata, a title): an image its alt text, a line break a space.

    Nothing is loaded and nothing is warned about: plain text shows no markup.
    """
    token = scan.one_tag(html)
    if token.kind in ("start", "empty", "end") and token.tag == "br":
        return " "
    if token.kind in ("start", "empty") and token.tag == "img":
        return " ".join(next((value or "" for name, value in token.attrs if name == "alt"), "").split())
    return ""


def inline_event(html: str, context: ReadContext, line: int) -> InlineEvent:
    """Read one inline HTML tag (or comment) met at ``line``."""
    token = scan.one_tag(html)
    if token.kind in ("comment", "other"):
        return Inlines(())  # comments, <!DOCTYPE>, <?...?>: not content
    if token.kind == "end":
        return Inlines((LineBreak(),)) if token.tag == "br" else Close(token.tag)
    attr = attrs.read(token.tag, token.attrs, context, line)
    if token.kind == "empty" or token.tag in scan.VOID:
        return Inlines(tuple(_empty(token.tag, attr, context, line)))
    return Open(token.tag, attr, line)


def _empty(tag: str, attr: Attr, context: ReadContext, line: int) -> list[Inline]:
    """An element without content: ``<br>``, ``<img>``, ``<embed>``, ``<a name="x"/>``..."""
    if tag == "br":
        return [LineBreak()]
    if tag == "img":
        return figures.inline_image(attr, context, line)
    return inlines.element(tag, attr, (), context, line)


def inline_element(tag: str, attr: Attr, children: tuple[Inline, ...], context: ReadContext, line: int) -> list[Inline]:
    """An inline element opened and closed around ``children`` (``<sup>2</sup>``)."""
    return inlines.element(tag, attr, children, context, line)
