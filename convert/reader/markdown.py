"""Markdown → blocks: the only module that sees markdown-it-py tokens.

The dialect is pandoc's where the two overlap (see the README): CommonMark,
front matter, figures as lone images with ``{alt= credit=}`` attributes,
``::: credit`` / ``::: {.credit}`` fenced divs, and pandoc's ``smart``
typography. Raw HTML is handed to :mod:`.html`, which answers with events;
the builders here keep the stacks that pair HTML opening and closing tags
across Markdown.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.rules_core.smartquotes import process_inlines
from markdown_it.token import Token
from mdit_py_plugins.attrs import attrs_plugin
from mdit_py_plugins.container import container_plugin

from ..model import (
    NO_ATTR,
    Article,
    Block,
    BlockQuote,
    Code,
    CodeBlock,
    CreditLine,
    Emph,
    Figure,
    Inline,
    LineBreak,
    Link,
    ListBlock,
    Paragraph,
    Rule,
    Strong,
    Subheading,
    Text,
    plain_text,
)
from ..text import is_safe_link
from . import frontmatter, html
from .context import ReadContext

_CREDIT_INFO = re.compile(r"^\s*(credit|\{[^}]*(?<![\w-])\.credit(?![\w-])[^}]*\})\s*$")

#: Block nesting markdown-it will follow (a list level takes two); deeper content is dropped.
_MAX_NESTING = 100


def parse_article(text: str, context: ReadContext) -> Article:
    """The whole article from cleaned Markdown ``text`` (front matter included)."""
    meta_fields, body = frontmatter.extract(text, name=context.name)
    tokens = _parser(context.options.smart).parse(body)
    blocks = _Builder(context).blocks(tokens)
    title_text = meta_fields.get("title")
    if not str(title_text or "").strip():  # absent, or empty: every format needs a title
        title_text, blocks = _title_from_heading(blocks, context)
    elif _is_title_heading(blocks, _inline_text(str(title_text), context)):
        blocks = blocks[1:]  # the same title twice would show twice
    meta = frontmatter.to_meta(meta_fields, title=str(title_text), typography=lambda s: _inline_text(s, context))
    return Article(meta=meta, blocks=tuple(_demote_h1(blocks)), source=context.name)


# --- the parser ------------------------------------------------------------


@functools.lru_cache(maxsize=2)
def _parser(smart: bool) -> MarkdownIt:
    """A configured parser; immutable once built, so it is safe to share."""
    # maxNesting: the preset's 20 silently drops list items below the ninth level.
    md = MarkdownIt("commonmark", {"html": True, "typographer": smart, "maxNesting": _MAX_NESTING})
    container_plugin(md, "div", validate=lambda params, *_: True)
    attrs_plugin(md, after=("image",))
    if smart:
        md.enable("smartquotes")
        md.core.ruler.after("smartquotes", "pandoc_smart", _pandoc_smart)
    return md


_DASHES = (("---", "\u2014"), ("--", "\u2013"), ("...", "\u2026"))


def _typography(text: str) -> str:
    for plain, fancy in _DASHES:
        text = text.replace(plain, fancy)
    return text


def _pandoc_smart(state: StateCore) -> None:
    """pandoc's ``smart``: dashes and ellipses (and nothing else), also inside captions."""
    for token in state.tokens:
        if token.type == "inline" and token.children:
            _smarten(token.children, state)


def _smarten(children: list[Token], state: StateCore) -> None:
    for child in children:
        if child.type == "text":
            child.content = _typography(child.content)
        elif child.type == "image" and child.children:
            process_inlines(child.children, state)  # markdown-it skips image descriptions
            _smarten(child.children, state)


def _inline_text(text: str, context: ReadContext) -> str:
    """Plain text of one line of Markdown, with the same typography as the body."""
    tokens = _parser(context.options.smart).parseInline(text)
    return plain_text(tuple(_InlineBuilder(context, 0).convert(tokens[0].children or [])))


# --- tokens → blocks --------------------------------------------------------

#: A frame of the raw-HTML stack: the element left open (None: the container itself) and what was read inside.
_BlockFrame = tuple[html.Open | None, list[Block]]


@dataclass
class _Builder:
    context: ReadContext

    def blocks(self, tokens: Sequence[Token]) -> list[Block]:
        """The blocks of a token sequence; HTML elements left open enclose the Markdown that follows them."""
        frames: list[_BlockFrame] = [(None, [])]
        i = 0
        while i < len(tokens):
            end = _matching_close(tokens, i)
            if tokens[i].type == "html_block":
                self._html(tokens[i], frames)
            else:
                frames[-1][1].extend(self._block(tokens[i], tokens[i + 1 : end]) or ())
            i = end + 1
        while len(frames) > 1:  # never closed: the element ends with its container
            self._fold(frames)
        return frames[0][1]

    def _html(self, token: Token, frames: list[_BlockFrame]) -> None:
        for event in html.block_events(token.content, self.context, _line(token)):
            if isinstance(event, html.Blocks):
                frames[-1][1].extend(event.blocks)
            elif isinstance(event, html.Open):
                frames.append((event, []))
            else:
                depth = next((d for d in range(len(frames) - 1, 0, -1)
                              if (opened := frames[d][0]) is not None and opened.tag == event.tag), None)
                while depth is not None and len(frames) > depth:
                    self._fold(frames)

    def _fold(self, frames: list[_BlockFrame]) -> None:
        opened, children = frames.pop()
        assert opened is not None
        frames[-1][1].extend(html.block_element(opened.tag, opened.attr, tuple(children), self.context, opened.line))

    def _block(self, opening: Token, inner: Sequence[Token]) -> list[Block] | None:
        line = _line(opening)
        kind = opening.type
        if kind == "paragraph_open":
            return [self._paragraph(inner[0], line)]
        if kind == "heading_open":
            return [Subheading(int(opening.tag[1]), self._inlines(inner[0], line), line)]
        if kind == "blockquote_open":
            return [BlockQuote(tuple(self.blocks(inner)), line)]
        if kind in ("bullet_list_open", "ordered_list_open"):
            return [self._list(opening, inner, line)]
        if kind in ("fence", "code_block"):
            return [CodeBlock(opening.content.rstrip("\n"), opening.info.strip(), line)]
        if kind == "hr":
            return [Rule(line)]
        if kind == "container_div_open":
            return self._div(opening, inner, line)
        self.context.warn(f"ignored unsupported Markdown ({kind})", line)
        return None

    def _inlines(self, token: Token, line: int) -> tuple[Inline, ...]:
        return tuple(_InlineBuilder(self.context, line).convert(token.children or []))

    def _paragraph(self, inline: Token, line: int) -> Block:
        children = [c for c in inline.children or [] if not _is_blank(c)]
        if len(children) == 1 and children[0].type == "image":
            return self._figure(children[0], line)
        return Paragraph(self._inlines(inline, line), line)

    def _figure(self, image: Token, line: int) -> Figure:
        caption = tuple(_InlineBuilder(self.context, line).convert(image.children or []))
        src = str(image.attrs.get("src", ""))
        picture = self.context.image(src, line)
        alt = str(image.attrs.get("alt") or "").strip() or plain_text(caption).strip()
        if not alt:
            self.context.warn("figure has no caption and no alt text", line)
        credit = image.attrs.get("credit")
        return Figure(picture, caption, alt, str(credit) if credit else None, line, NO_ATTR, src)

    def _list(self, opening: Token, inner: Sequence[Token], line: int) -> ListBlock:
        items: list[tuple[Block, ...]] = []
        i = 0
        while i < len(inner):
            end = _matching_close(inner, i)
            items.append(tuple(self.blocks(inner[i + 1 : end])))
            i = end + 1
        start = int(opening.attrs.get("start", 1)) if opening.type == "ordered_list_open" else 1
        return ListBlock(opening.type == "ordered_list_open", tuple(items), start, line)

    def _div(self, opening: Token, inner: Sequence[Token], line: int) -> list[Block]:
        content = self.blocks(inner)
        if not _CREDIT_INFO.match(opening.info):
            return content  # other divs are transparent, as in most pandoc writers
        spans: list[Inline] = []
        for block in content:
            if not isinstance(block, Paragraph):
                self.context.warn(f"only paragraphs belong in a credit div; dropped a {type(block).__name__}", line)
                continue
            if spans:
                spans.append(LineBreak())
            spans.extend(block.inlines)
        return [CreditLine(tuple(spans), line)]


def _line(token: Token) -> int:
    return (token.map[0] + 1) if token.map else 0


def _matching_close(tokens: Sequence[Token], i: int) -> int:
    """Index of the token closing ``tokens[i]`` (itself for a self-contained token)."""
    if tokens[i].nesting != 1:
        return i
    depth = 0
    for j in range(i, len(tokens)):
        depth += tokens[j].nesting
        if depth == 0:
            return j
    return len(tokens) - 1


def _is_blank(token: Token) -> bool:
    return token.type == "softbreak" or (token.type == "text" and not token.content.strip())


#: A frame of the inline stack: the Markdown token or HTML element that opened it, and its children so far.
_InlineFrame = tuple[Token | html.Open | None, list[Inline]]


class _InlineBuilder:
    """Turns an inline token stream into nested spans with one explicit stack for Markdown and HTML."""

    def __init__(self, context: ReadContext, line: int) -> None:
        self.context = context
        self.line = line

    def convert(self, tokens: Sequence[Token]) -> list[Inline]:
        stack: list[_InlineFrame] = [(None, [])]
        for token in tokens:
            if token.type == "html_inline":
                self._html(token.content, stack)
            elif token.nesting == 1:
                stack.append((token, []))
            elif token.nesting == -1:
                while len(stack) > 1 and isinstance(stack[-1][0], html.Open):
                    self._fold(stack)  # an HTML element left open inside *this*: it ends here
                if len(stack) > 1:
                    self._fold(stack)
            else:
                stack[-1][1].extend(self._leaf(token, token.type))
        while len(stack) > 1:  # unbalanced input: keep the text
            self._fold(stack)
        return _merge(stack[0][1])

    def _html(self, fragment: str, stack: list[_InlineFrame]) -> None:
        event = html.inline_event(fragment, self.context, self.line)
        if isinstance(event, html.Inlines):
            stack[-1][1].extend(event.spans)
        elif isinstance(event, html.Open):
            stack.append((event, []))
        else:
            depth = next((d for d in range(len(stack) - 1, 0, -1)
                          if isinstance(opened := stack[d][0], html.Open) and opened.tag == event.tag), None)
            if depth is not None and all(isinstance(f[0], html.Open) for f in stack[depth:]):
                while len(stack) > depth:
                    self._fold(stack)

    def _fold(self, stack: list[_InlineFrame]) -> None:
        opening, children = stack.pop()
        stack[-1][1].extend(self._close(opening, _merge(children)))

    def _close(self, opening: Token | html.Open | None, children: list[Inline]) -> list[Inline]:
        if isinstance(opening, html.Open):
            return html.inline_element(opening.tag, opening.attr, tuple(children), self.context, self.line)
        assert opening is not None
        if opening.type == "link_open":
            target = str(opening.attrs.get("href", ""))
            if not is_safe_link(target):
                self.context.warn(f"unsafe link target {target!r} dropped; kept its text", self.line)
                return children
            return [Link(target, tuple(children))]
        if opening.type == "strong_open":
            return [Strong(tuple(children))]
        return [Emph(tuple(children))]  # em_open, and any other wrapper a plugin may add

    def _leaf(self, token: Token, kind: str) -> list[Inline]:
        if kind in ("text", "text_special"):
            return [Text(token.content)]
        if kind == "softbreak":
            return [Text(" ")]
        if kind == "hardbreak":
            return [LineBreak()]
        if kind == "code_inline":
            return [Code(token.content)]
        if kind == "image":
            self.context.warn("an image inside text is not a figure; kept its caption as text", self.line)
            return self.convert(token.children or [])
        return [Text(token.content)]


def _merge(spans: list[Inline]) -> list[Inline]:
    merged: list[Inline] = []
    for span in spans:
        if isinstance(span, Text) and merged and isinstance(merged[-1], Text):
            merged[-1] = Text(merged[-1].text + span.text)
        else:
            merged.append(span)
    return merged


def _title_from_heading(blocks: list[Block], context: ReadContext) -> tuple[str, list[Block]]:
    if blocks and isinstance(blocks[0], Subheading) and blocks[0].level == 1:
        if plain_text(blocks[0].inlines).strip():
            return plain_text(blocks[0].inlines), blocks[1:]
        blocks = blocks[1:]  # an empty '#' line is no title
    name = context.name
    stem = "Untitled" if name.startswith("<") else Path(name).stem
    context.warn(f"no title in the front matter and no leading '# Heading' with text; using {stem!r}", 1)
    return stem, blocks


def _is_title_heading(blocks: list[Block], title: str) -> bool:
    first = blocks[0] if blocks else None
    return isinstance(first, Subheading) and first.level == 1 and plain_text(first.inlines) == title


def _demote_h1(blocks: list[Block]) -> list[Block]:
    """Level 1 belongs to the title; a later ``#`` heading is a top-level subheading."""
    return [Subheading(2, b.inlines, b.line) if isinstance(b, Subheading) and b.level == 1 else b for b in blocks]
