"""Markdown → article: the only module that walks markdown-it-py block tokens.

The dialect is pandoc's Markdown (see the README): CommonMark, front matter,
pipe/grid/simple tables, footnotes, definition lists, fenced divs, bracketed
spans, attributes, sub/superscript, strikeout, TeX math and smart typography.
The parser and its rules are in :mod:`.parser`; inline tokens are read by
:mod:`.inlines`, tables by :mod:`.tables`, notes by :mod:`.notes`, figures by
:mod:`.figures`; the title is chosen by :mod:`.headings` before the blocks
are built, and heading levels, identifiers, nesting and ``#links`` settled
by :mod:`.finish` after, over Markdown and raw-HTML headings alike. Raw HTML
is handed to :mod:`.html`, which answers with events; the builder here keeps
the stack that pairs HTML opening and closing tags across Markdown.

Any token the model has no node for keeps its text, with a warning naming the line.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from markdown_it.token import Token

from ..model import (
    NO_ATTR,
    Article,
    Block,
    BlockQuote,
    CodeBlock,
    CreditLine,
    DefinitionItem,
    DefinitionList,
    Div,
    Figure,
    Inline,
    LineBreak,
    ListBlock,
    ListStyle,
    Paragraph,
    Rule,
    Subheading,
    Text,
)
from ..text import expand_tabs
from . import baseurl, frontmatter, headings, html
from .attributes import parse_attributes
from .context import ReadContext
from .figures import FigureMaker
from .finish import finish
from .headings import Outline
from .inlines import InlineBuilder
from .notes import Notes
from .parser import parser
from .tables import build_table
from .tokens import all_tokens, attr_of, groups, legal_text, line_of, plain_text

_RAW_ATTRIBUTE = re.compile(r"^\{\s*=([\w-]+)\s*\}$")
_LIST_STYLES: dict[str, ListStyle] = {s: s for s in ("decimal", "lower-alpha", "upper-alpha", "lower-roman", "upper-roman")}
#: Markdown inside raw HTML inside Markdown, read as Markdown this many levels deep (then as HTML).
_MAX_MARKDOWN_IN_HTML = 4


def parse_article(text: str, context: ReadContext) -> Article:
    """The whole article from cleaned Markdown ``text`` (front matter included)."""
    fields, body = frontmatter.extract(text, name=context.name, context=context)
    tokens = parser(context.options.smart).parse(body, {})
    front_title = str(fields.get("title") or "").strip()
    notes = Notes(context)
    notes.collect(tokens)
    shown_title = inline_text(front_title, context) if front_title else ""
    outline = headings.plan(tokens, shown_title, context, notes)
    blocks = finish(tuple(BlockBuilder(context, notes, outline).blocks(tokens)), outline, context)
    blocks = baseurl.absolute_links(blocks, str(fields.get(baseurl.KEY) or "") or None)
    notes.report_unused()
    # A front title that shows nothing ("<font name=x>") is no title: the leading heading took its place above.
    meta = frontmatter.to_meta(fields, title=front_title if shown_title else outline.title,
                               typography=lambda s: inline_text(s, context))
    return Article(meta=meta, blocks=blocks, source=context.name, settings=frontmatter.to_settings(fields, context))


def inline_text(text: str, context: ReadContext) -> str:
    """Plain text of one line of Markdown (a title, an author, a credit) with the body's typography.

    Formatting goes and its text stays: an image gives its description, raw
    HTML its text (``<img>`` its alt text, ``<br>`` a space), a note reference
    and a Hugo shortcode their text (``[^1]``: metadata holds no notes). Nothing is loaded and nothing
    warned about: metadata has no line to point at and shows no markup.
    """
    tokens = parser(context.options.smart).parseInline(text, {})
    return plain_text(tokens[0].children or [], html=html.tag_text, special=_as_written) if tokens else text


def _as_written(token: Token) -> str:
    """A note reference and a Hugo shortcode in metadata text: as written; a ``^[note]``: nothing."""
    return "" if token.type == "note_open" else legal_text(token.content)


#: A frame of the raw-HTML stack: the element left open (None: the container itself) and what was read inside.
_BlockFrame = tuple[html.Open | None, list[Block]]


class BlockBuilder:
    """Builds the blocks of one article (``inside_note``: reading a footnote's own blocks)."""

    def __init__(
        self, context: ReadContext, notes: Notes, outline: Outline, *, inside_note: bool = False, depth: int = 0,
    ) -> None:
        self.context = context
        self.notes = notes
        self.outline = outline
        self.inside_note = inside_note
        self.depth = depth  # Markdown read inside raw HTML inside Markdown...
        self.figures = FigureMaker(context, self._inline_tokens, lambda s: inline_text(s, context))
        self._figure_lines: set[int] = set()  # figures made here from a paragraph (checked for alt text)

    def blocks(self, tokens: Sequence[Token]) -> list[Block]:
        """The blocks of a token sequence; HTML elements left open enclose the Markdown that follows them."""
        frames: list[_BlockFrame] = [(None, [])]
        after_figure = False
        for opening, inner in groups(tokens):
            raw_html = _raw_html(opening)
            if raw_html is not None:
                self._html(raw_html, frames)
                after_figure = False
                continue
            current = frames[-1][1]
            if after_figure and opening.type == "paragraph_open" and inner and isinstance(current[-1], Figure):
                merged = self.figures.follow_paragraph(current[-1], inner[0])
                if merged is not None:
                    current[-1] = merged
                    continue
            made = self._block(opening, inner)
            current.extend(made)
            after_figure = opening.type == "paragraph_open" and bool(made) and isinstance(made[-1], Figure)
        while len(frames) > 1:  # never closed: the element ends with its container
            self._fold(frames)
        blocks = html.merge_captions(frames[0][1])
        for block in blocks:
            if isinstance(block, Figure) and not block.alt and block.line in self._figure_lines:
                self.context.warn("figure has no caption and no alt text", block.line)
        return blocks

    def _html(self, token: Token, frames: list[_BlockFrame]) -> None:
        for event in html.block_events(token.content, self.context, line_of(token)):
            if isinstance(event, html.Markdown):
                frames[-1][1].extend(self._markdown_inside_html(event))
            elif isinstance(event, html.Blocks):
                frames[-1][1].extend(event.blocks)
            elif isinstance(event, html.Open):
                frames.append((event, []))
            else:
                depth = next((d for d in range(len(frames) - 1, 0, -1)
                              if (opened := frames[d][0]) is not None and opened.tag == event.tag), None)
                while depth is not None and len(frames) > depth:
                    self._fold(frames)

    def _markdown_inside_html(self, event: html.Markdown) -> list[Block]:
        """Markdown inside a ``markdown="1"`` element, read as Markdown in place (as HTML past a few levels)."""
        if self.depth >= _MAX_MARKDOWN_IN_HTML:
            return list(event.blocks)
        tokens = parser(self.context.options.smart).parse(event.text, {})
        for token in all_tokens(tokens):
            if token.map:
                token.map = [token.map[0] + event.line - 1, token.map[1] + event.line - 1]
        self.notes.collect(tokens)
        return self._child(self.inside_note, self.depth + 1).blocks(tokens)

    def _child(self, inside_note: bool, depth: int) -> BlockBuilder:
        return BlockBuilder(self.context, self.notes, self.outline, inside_note=inside_note, depth=depth)

    def _fold(self, frames: list[_BlockFrame]) -> None:
        opened, children = frames.pop()
        assert opened is not None
        frames[-1][1].extend(html.block_element(opened.tag, opened.attr, tuple(children), self.context, opened.line))

    def _block(self, opening: Token, inner: Sequence[Token]) -> list[Block]:
        line = line_of(opening)
        kind = opening.type
        if kind == "paragraph_open":
            return self._paragraph(opening, inner, line)
        if kind == "heading_open":
            return self._heading(opening, inner, line)
        if kind == "blockquote_open":
            return [BlockQuote(tuple(self.blocks(inner)), line)]
        if kind in ("bullet_list_open", "ordered_list_open"):
            return [self._list(opening, inner, line)]
        if kind in ("fence", "code_block"):
            return self._code(opening, line)
        if kind == "hr":
            return [Rule(line)]
        if kind == "div_open":
            return self._div(opening, inner, line)
        if kind == "table_open":
            table = build_table(opening, inner, self._inlines, self.blocks, self.context.warn)
            return [table] if table is not None else []
        if kind == "dl_open":
            return [self._definitions(inner, line)]
        if kind == "footnote_reference_open":
            return []  # a note definition: read where it is referenced (see .notes)
        return self._unknown(opening, inner, line)

    def _unknown(self, opening: Token, inner: Sequence[Token], line: int) -> list[Block]:
        self.context.warn(f"unsupported Markdown ({opening.type}) kept as its text", line)
        if opening.content:
            return [Paragraph((Text(opening.content),), line)]
        return self.blocks(inner)

    def _inline_tokens(self, tokens: Sequence[Token], line: int = 0) -> tuple[Inline, ...]:
        return InlineBuilder(self.context, line, self.notes, self._note_blocks, self.inside_note).convert(tokens)

    def _inlines(self, token: Token, line: int) -> tuple[Inline, ...]:
        return self._inline_tokens(token.children or [], line)

    def _note_blocks(self, tokens: Sequence[Token]) -> list[Block]:
        return self._child(True, self.depth).blocks(tokens)

    def _paragraph(self, opening: Token, inner: Sequence[Token], line: int) -> list[Block]:
        if opening.meta.get("flattened"):
            self.context.warn("content nested too deeply (quotes or lists); kept as plain paragraphs", line)
        inline = inner[0]
        figure = self.figures.from_paragraph(inline, line)
        if figure is None:
            spans = self._inlines(inline, line)
            embed = html.embed_alone(spans, line)  # a paragraph that is only an embed (a video link) is its block
            return [embed if embed is not None else Paragraph(spans, line)]
        self._figure_lines.add(line)
        return figure

    def _heading(self, opening: Token, inner: Sequence[Token], line: int) -> list[Block]:
        if opening is self.outline.title_token:
            return []
        spans = self._inlines(inner[0], line) if inner else ()
        return [Subheading(int(opening.tag[1]), spans, line, attr_of(opening) or NO_ATTR)]  # level and id: see .finish

    def _list(self, opening: Token, inner: Sequence[Token], line: int) -> ListBlock:
        items = tuple(tuple(self.blocks(content)) for token, content in groups(inner) if token.type == "list_item_open")
        ordered = opening.type == "ordered_list_open"
        start = int(opening.attrs.get("start", 1)) if ordered else 1
        style = _LIST_STYLES.get(str(opening.meta.get("style", "decimal")), "decimal") if ordered else "decimal"
        return ListBlock(ordered, items, start, line, style)

    def _code(self, opening: Token, line: int) -> list[Block]:
        info = opening.info.strip()
        text = expand_tabs(opening.content.rstrip("\n"))
        raw = _RAW_ATTRIBUTE.match(info)
        if raw is None:
            return [CodeBlock(text, _language(info), line)]
        self.context.warn(f"raw {raw.group(1)} block (```{{={raw.group(1)}}}) is for another format; "
                          "kept as a code block", line)
        return [CodeBlock(text, raw.group(1), line)]

    def _div(self, opening: Token, inner: Sequence[Token], line: int) -> list[Block]:
        attr = attr_of(opening) or NO_ATTR
        if opening.meta.get("unclosed"):
            self.context.warn("fenced div is never closed; it ends with its container", line)
        content = self.blocks(inner)
        if not attr.has_class("credit"):
            return [Div(attr, tuple(content), line)]
        spans: list[Inline] = []
        kept: list[Block] = []
        for block in content:
            if isinstance(block, Paragraph):
                if spans:
                    spans.append(LineBreak())
                spans.extend(block.inlines)
            else:
                kept.append(block)
        if kept:
            self.context.warn("only paragraphs belong in a credit div; the other blocks follow it", line)
        return [CreditLine(tuple(spans), line), *kept]

    def _definitions(self, inner: Sequence[Token], line: int) -> DefinitionList:
        items: list[DefinitionItem] = []
        for token, content in groups(inner):
            if token.type == "dt_open":
                items.append(DefinitionItem(self._inlines(content[0], line_of(token)) if content else (), ()))
            elif token.type == "dd_open" and items:
                last = items[-1]
                items[-1] = DefinitionItem(last.term, (*last.definitions, tuple(self.blocks(content))))
        return DefinitionList(tuple(items), line)


def _raw_html(token: Token) -> Token | None:
    """The raw HTML block ``token`` is: an ``html_block``, or pandoc's ```` ```{=html} ```` fence (its content)."""
    if token.type == "html_block":
        return token
    if token.type != "fence" or not (raw := _RAW_ATTRIBUTE.match(token.info.strip())):
        return None
    if raw.group(1).lower() not in html.RAW_FORMATS:
        return None
    first = token.map[0] + 1 if token.map else 0  # the content starts on the line after the fence
    return Token("html_block", "", 0, content=token.content, map=[first, first + 1] if token.map else None)


def _language(info: str) -> str:
    """A fenced code block's language: ``python``, ``{.python .numberLines}``, ``python {...}``, Quarto's ``{r}``."""
    if info.startswith("{"):
        parsed = parse_attributes(info)
        if parsed is not None:
            return parsed[0].classes[0] if parsed[0].classes else ""
        return info.strip("{}").split(",")[0].strip()
    return info.split()[0] if info else ""
