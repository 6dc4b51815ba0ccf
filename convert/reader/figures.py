"""Figures: an image alone in its paragraph, with its caption and photo credit.

The rules, as the README states them:

* **A figure** is an image alone in its paragraph. Its description
  (``![description](photo.jpg)``) is the caption; ``{alt="..."}`` sets the alt
  text (default: the caption's text), ``{credit="..."}`` the photo credit,
  ``{#id .class}`` its identifier and classes. An image that shares its
  paragraph with text stays in the text, as an inline image.
* **A caption or credit line under the image.** The image may be followed, on
  the next line of the same paragraph or as the next paragraph (one line), by:

  - a **credit line**: a line (in italics or not) starting with ``Photo:``,
    ``Photos:``, ``Photograph:``, ``Credit:``, ``Credits:``, ``Source:``,
    ``Sources:``, ``Image:``, ``Photo by``, ``Photograph by``, ``Image by``,
    ``Courtesy of`` or ``©`` becomes the photo credit, written as is
    (``*Source: city weather office*`` → credit "Source: city weather office"),
    unless ``{credit=...}`` already gives one;
  - a **caption line**: a line wholly in italics (``*...*`` or ``_..._``) becomes
    the caption when the image has no description (``![](chart.png)``); when the
    image has one, the description stays the caption and the italic line stays a
    paragraph, so no text is lost or moved.

  At most one caption line and one credit line are taken, each at most 300
  characters; anything else after the image keeps it an inline image in its
  paragraph (pandoc's reading).
* **A caption from HTML**: a block with a ``caption`` class right after a
  figure (``::: caption``, or what the HTML reader makes of a stray
  ``<figcaption>`` or ``<p class="...caption...">``) joins that figure's
  caption. As pandoc shows both, an image description that says something
  else stays first, then a line break, then the block's text; an empty or
  identical description gives way to the block. The alt text stays the
  description (or ``alt``); a credit-classed part of the block becomes the
  photo credit when there is none. The merge is
  :func:`convert.reader.html.merge_captions`, shared with the HTML reader.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Sequence

from markdown_it.token import Token

from ..model import NO_ATTR, Attr, Block, Figure, Inline, Paragraph, plain_text
from .context import ReadContext
from .tokens import attr_of, matching_close
from .tokens import plain_text as token_text

BuildInlines = Callable[[Sequence[Token]], tuple[Inline, ...]]

_CREDIT = re.compile(
    r"^\s*(?:(?:photos?|photograph|credits?|sources?|image)\s*:|(?:photo|photograph|image)\s+by\b|courtesy\s+of\b|©)",
    re.IGNORECASE,
)
_MAX_LINE = 300
#: Attribute keys that are figure fields, not attributes kept on the figure.
_FIELDS = ("alt", "credit")


class FigureMaker:
    """Builds figures for one article (``build`` reads inline tokens, ``typography`` smartens plain strings)."""

    def __init__(self, context: ReadContext, build: BuildInlines, typography: Callable[[str], str]) -> None:
        self.context = context
        self.build = build
        self.typography = typography

    def from_paragraph(self, inline: Token, line: int) -> list[Block] | None:
        """The figure a paragraph is (and the paragraph of its untaken caption-like lines), or ``None``."""
        lines = _lines(inline.children or [])
        if not lines or len(lines[0]) != 1 or lines[0][0].type != "image":
            return None
        figure = self.figure(lines[0][0], line)
        for index, following in enumerate(lines[1:], start=1):
            taken = self.follow(figure, following)
            if taken is not None:
                figure = taken
                continue
            if not all(_candidate(rest) for rest in lines[index:]):
                return None  # the image shares its paragraph with text: an inline image
            rest = [token for part in lines[index:] for token in (*part, Token("softbreak", "br", 0))][:-1]
            return [figure, Paragraph(self.build(rest), line + index)]
        return [figure]

    def figure(self, image: Token, line: int) -> Figure:
        caption = self.build(image.children or [])
        attr = attr_of(image) or NO_ATTR
        src = str(image.attrs.get("src", ""))
        alt = (attr.get("alt") or "").strip() or plain_text(caption).strip()
        credit = attr.get("credit")
        kept = Attr(attr.identifier, attr.classes, tuple((k, v) for k, v in attr.pairs if k not in _FIELDS))
        picture = self.context.image(src, line, attr)
        return Figure(picture, caption, alt, self.typography(credit) if credit else None, line, kept, src)

    def follow(self, figure: Figure, tokens: Sequence[Token]) -> Figure | None:
        """``figure`` with the caption or credit line ``tokens`` taken in, or ``None`` if it does not take it."""
        found = _candidate(tokens)
        if found is None:
            return None
        kind, inner = found
        if kind == "credit":
            return dataclasses.replace(figure, credit=token_text(inner).strip()) if figure.credit is None else None
        if plain_text(figure.caption).strip():
            return None  # the image's description is its caption; the italic line stays a paragraph
        caption = self.build(inner)
        return dataclasses.replace(figure, caption=caption, alt=figure.alt or plain_text(caption).strip())

    def follow_paragraph(self, figure: Figure, inline: Token) -> Figure | None:
        """``figure`` with the one-line paragraph ``inline`` taken in as its caption or credit, if it is one."""
        if "\n" in inline.content.strip():
            return None
        return self.follow(figure, inline.children or [])


def _candidate(tokens: Sequence[Token]) -> tuple[str, Sequence[Token]] | None:
    """``("credit", tokens)`` for a credit line, ``("caption", inner tokens)`` for a short italic line, else ``None``."""
    tokens = _trim(tokens)
    italic = bool(tokens) and tokens[0].type == "em_open" and matching_close(tokens, 0) == len(tokens) - 1
    inner = tokens[1:-1] if italic else tokens
    text = token_text(inner).strip()
    if not text or len(text) > _MAX_LINE or any(t.type in ("softbreak", "hardbreak") for t in inner):
        return None
    if _CREDIT.match(text):
        return "credit", inner
    return ("caption", inner) if italic else None


def _lines(children: Sequence[Token]) -> list[list[Token]]:
    """Inline tokens split at the line breaks outside any markup, blank ends removed."""
    lines: list[list[Token]] = [[]]
    depth = 0
    for token in children:
        if token.type == "softbreak" and depth == 0:
            lines.append([])
            continue
        depth += token.nesting
        lines[-1].append(token)
    return [trimmed for line in lines if (trimmed := _trim(line))]


def _trim(tokens: Sequence[Token]) -> list[Token]:
    items = list(tokens)
    while items and items[0].type == "text" and not items[0].content.strip():
        items.pop(0)
    while items and items[-1].type == "text" and not items[-1].content.strip():
        items.pop()
    return items
