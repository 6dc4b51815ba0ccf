"""Complete raw HTML → blocks: lxml parses it, :class:`Walker` turns its elements into model nodes.

Block elements: ``<p>`` → Paragraph (a ``caption`` class → a caption Div;
other ids, classes, ``dir`` or ``lang`` → a Div around it), ``<h1>``..``<h6>``
→ Subheading (level as written, id kept: the reader then shifts, caps and
names it with the Markdown headings, :mod:`convert.reader.finish`), ``<blockquote>`` → BlockQuote,
``<ul>``/``<ol>`` (``start``, ``type``) → ListBlock, ``<dl>`` → DefinitionList,
``<pre>`` → CodeBlock (language from a ``language-*`` class), ``<hr>`` → Rule,
``<figure>`` and a lone ``<img>`` → Figure, ``<table>`` → Table, ``<div>``,
``<section>``, ``<aside>``, ``<article>``, ``<main>``... → Div (the tag, when
not ``div``, as its first class). Text and inline elements between blocks
make paragraphs, white space collapsed as a browser does. Comments are
dropped without a word.
"""

from __future__ import annotations

from collections.abc import Callable

import lxml.html
from lxml import etree
from lxml.html import HtmlElement

from ...model import (
    Attr,
    Block,
    BlockQuote,
    CodeBlock,
    DefinitionItem,
    DefinitionList,
    Div,
    Inline,
    InlineImage,
    LineBreak,
    ListBlock,
    ListStyle,
    Paragraph,
    Rule,
    Subheading,
    Text,
)
from ...text import expand_tabs
from ..context import ReadContext
from . import attrs, embeds, figures, inlines, tables

#: Containers that become a Div.
CONTAINERS = frozenset({"div", "section", "article", "aside", "main", "header", "footer", "nav", "address", "center",
                        "hgroup", "details", "dialog", "fieldset", "summary", "li", "dt", "dd", "caption", "form"})
_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
_LIST_STYLES: dict[str, ListStyle] = {"1": "decimal", "a": "lower-alpha", "A": "upper-alpha", "i": "lower-roman",
                                      "I": "upper-roman"}
BLOCK_TAGS = frozenset({"p", "blockquote", "ul", "ol", "menu", "dl", "pre", "hr", "figure", "figcaption", "table",
                        *CONTAINERS, *_HEADINGS, *embeds.TAGS})
#: Transparent: their blocks, without a Div (list parts out of a list, a table caption out of a table...).
_TRANSPARENT = frozenset({"summary", "li", "dt", "dd", "caption", "form"})


class Walker:
    """Reads elements parsed from one piece of HTML whose first line is ``first_line`` of the source."""

    def __init__(self, context: ReadContext, first_line: int) -> None:
        self.context = context
        self.first_line = first_line
        self._blocks: dict[str, Callable[[HtmlElement, Attr, int], list[Block]]] = {
            "p": self._p, "blockquote": self._blockquote, "ul": self._list, "ol": self._list, "menu": self._list,
            "dl": self._definitions, "pre": self._pre, "hr": lambda e, a, n: [Rule(n)],
            "figure": lambda e, a, n: figures.figure(self, e, a, n),
            "figcaption": self._caption, "table": lambda e, a, n: tables.table(self, e, a, n),
            **{tag: self._heading for tag in _HEADINGS},
            **{tag: self._embed for tag in embeds.TAGS},
        }

    def content(self, html: str) -> list[Block]:
        """The blocks of ``html`` (complete elements and text)."""
        try:
            root = lxml.html.fragment_fromstring(html, create_parent="div")
        except (etree.ParserError, ValueError) as exc:  # a stray <?xml ... encoding?>: keep the text
            self.context.warn(f"raw HTML could not be parsed ({exc}); kept as text", self.first_line)
            return [Paragraph((Text(" ".join(html.split())),), self.first_line)]
        self._legal_text(root)
        return figures.merge_captions(self.blocks(root))

    def _legal_text(self, root: HtmlElement) -> None:
        """Text decoded from character references (``&#1;``, ``&#x7f;``) without what no document can hold."""
        for element in root.iter():
            if element.text:
                element.text = self.context.legal(element.text, self.line(element))
            if element.tail:
                element.tail = self.context.legal(element.tail, self.line(element))

    def line(self, element: HtmlElement) -> int:
        return self.first_line + (element.sourceline or 1) - 1

    def attr(self, element: HtmlElement) -> Attr:
        return attrs.read(str(element.tag), element.attrib.items(), self.context, self.line(element))

    # --- blocks -------------------------------------------------------------------

    def blocks(self, parent: HtmlElement) -> list[Block]:
        """What ``parent`` holds, as blocks: runs of text and inline elements become paragraphs."""
        out: list[Block] = []
        group: list[Inline] = []
        group_line = self._text_line(parent, parent.text)
        if parent.text:
            group.append(Text(parent.text))
        for child in parent:
            if self.is_block(child):
                out.extend(self.paragraph(group, group_line))
                group = []
                out.extend(self.block(child))
            else:
                if not group:
                    group_line = self.line(child)
                group.extend(self.inline(child))
            if child.tail:
                if not group:
                    group_line = self._text_line(child, child.tail, after=True)
                group.append(Text(child.tail))
        out.extend(self.paragraph(group, group_line))
        return out

    def _text_line(self, element: HtmlElement, text: str | None, *, after: bool = False) -> int:
        """The line where ``text`` (inside ``element``, or ``after`` it) has its first visible character.

        lxml knows where an element starts, not where it ends: the lines of its
        own text stand in for its height (a tag spread over lines is not counted).
        """
        inside = "".join(element.itertext()) if isinstance(element.tag, str) else (element.text or "")  # or a comment
        start = self.line(element) + (inside.count("\n") if after else 0)
        written = text or ""
        return start + written[: len(written) - len(written.lstrip())].count("\n")

    def is_block(self, element: HtmlElement) -> bool:
        tag = element.tag
        if not isinstance(tag, str):
            return False
        if tag in BLOCK_TAGS:
            return True
        known = tag in inlines.REMOVED or tag in inlines.SILENT or tag in ("a", "img", "br", "span")
        return not known and any(isinstance(d.tag, str) and d.tag in BLOCK_TAGS for d in element.iterdescendants())

    def paragraph(self, group: list[Inline], line: int) -> list[Block]:
        """A run of inlines → a Paragraph; an image alone → a Figure; an embed alone → its Div."""
        spans = inlines.tidy(group)
        if not spans:
            return []
        if len(spans) == 1 and isinstance(spans[0], InlineImage):
            return [figures.lone(spans[0], line, self.context)]
        embed = embeds.alone(spans, line)
        return [embed if embed is not None else Paragraph(tuple(spans), line)]

    def block(self, element: HtmlElement) -> list[Block]:
        tag = element.tag
        if not isinstance(tag, str):
            return []
        line, attr = self.line(element), self.attr(element)
        handler = self._blocks.get(tag)
        if handler is not None:
            return handler(element, attr, line)
        if tag in CONTAINERS:
            return self._container(element, attr, line)
        inlines.unknown(tag, bool(element.text_content().strip()), self.context, line)
        return self.blocks(element)

    def _p(self, element: HtmlElement, attr: Attr, line: int) -> list[Block]:
        blocks = self.blocks(element)
        if attrs.is_caption(attr):
            return self._caption(element, attr, line, blocks)
        shown = attrs.shown(attr)
        return [Div(shown, tuple(blocks), line)] if blocks and not attrs.is_empty(shown) else blocks

    def _caption(self, element: HtmlElement, attr: Attr, line: int, blocks: list[Block] | None = None) -> list[Block]:
        """A stray ``<figcaption>`` or caption-classed ``<p>`` → a Div with the class ``caption``."""
        content = self.blocks(element) if blocks is None else blocks
        return [Div(attrs.shown(attr, "caption"), tuple(content), line)] if content else []

    def _heading(self, element: HtmlElement, attr: Attr, line: int) -> list[Block]:
        spans = inlines.tidy(self.inlines(element))
        return [Subheading(int(str(element.tag)[1]), tuple(spans), line, attrs.shown(attr, keep=()))] if spans else []

    def _blockquote(self, element: HtmlElement, attr: Attr, line: int) -> list[Block]:
        kind = embeds.post_kind(attr)
        blocks = figures.merge_captions(self.blocks(element))
        if kind is not None:
            return embeds.post(kind, attr, blocks, self.context, line)
        return [BlockQuote(tuple(blocks), line)] if blocks else []

    def _container(self, element: HtmlElement, attr: Attr, line: int) -> list[Block]:
        tag = str(element.tag)
        blocks = figures.merge_captions(self.blocks(element))
        if tag in _TRANSPARENT:
            return blocks
        shown = attrs.shown(attr, *(() if tag == "div" else (tag,)))
        return [Div(shown, tuple(blocks), line)] if blocks and not attrs.is_empty(shown) else blocks

    def _list(self, element: HtmlElement, attr: Attr, line: int) -> list[Block]:
        items: list[tuple[Block, ...]] = []
        for child in element:
            if child.tag == "li":
                items.append(tuple(self.blocks(child)))
            elif isinstance(child.tag, str):  # not in an item: it joins the one before
                stray = tuple(self.block(child) if self.is_block(child) else self.paragraph(self.inline(child), line))
                items[-1:] = [(*(items[-1] if items else ()), *stray)]
        ordered = element.tag == "ol"
        start = attrs.whole(attr.get("start"), 1, least=-(10**9), most=10**9) if ordered else 1
        style = _LIST_STYLES.get((attr.get("type") or "1").strip(), "decimal")
        return [ListBlock(ordered, tuple(items), start, line, style)] if items else []

    def _definitions(self, element: HtmlElement, attr: Attr, line: int) -> list[Block]:
        entries: list[tuple[tuple[Inline, ...], list[tuple[Block, ...]]]] = []
        for child in _unwrap_divs(element):
            if child.tag == "dt":
                entries.append((tuple(inlines.tidy(self.inlines(child))), []))
            elif child.tag == "dd":
                if not entries:
                    entries.append(((), []))
                entries[-1][1].append(tuple(self.blocks(child)))
        items = tuple(DefinitionItem(term, tuple(definitions)) for term, definitions in entries)
        return [DefinitionList(items, line)] if items else []

    def _pre(self, element: HtmlElement, attr: Attr, line: int) -> list[Block]:
        text = element.text_content()
        text = text[1:] if text.startswith("\n") else text  # HTML drops the newline right after <pre>
        code = next(element.iter("code"), None)
        classes = [*attr.classes, *((code.get("class") or "").split() if code is not None else [])]
        language = next((c.split("-", 1)[1] for c in classes if c.startswith(("language-", "lang-"))), "")
        return [CodeBlock(expand_tabs(text.rstrip("\n")), language or (attr.get("data-lang") or "").strip(), line)]

    def _embed(self, element: HtmlElement, attr: Attr, line: int) -> list[Block]:
        tag = str(element.tag)
        fallback = [] if tag == "iframe" else self.blocks(element)  # a browser never shows an iframe's content
        return embeds.block(tag, attr, fallback, self._embed_source(element, attr), self.context, line)

    def _embed_source(self, element: HtmlElement, attr: Attr) -> str:
        src = embeds.source(str(element.tag), attr)
        inner = next(element.iter("source"), None)
        return src or ((inner.get("src") or "").strip() if inner is not None else "")

    # --- inlines ------------------------------------------------------------------

    def inlines(self, parent: HtmlElement) -> list[Inline]:
        """What ``parent`` holds, as inlines (block elements inside it end with a line break)."""
        out: list[Inline] = [Text(parent.text)] if parent.text else []
        for child in parent:
            out.extend(self.inline(child))
            if child.tail:
                out.append(Text(child.tail))
        return out

    def inline(self, element: HtmlElement) -> list[Inline]:
        tag = element.tag
        if not isinstance(tag, str):
            return []  # a comment or processing instruction: not content
        line, attr = self.line(element), self.attr(element)
        if tag == "br":
            return [LineBreak()]
        if tag == "img":
            return figures.inline_image(attr, self.context, line)
        if tag in inlines.REMOVED:
            inlines.removed(tag, attr, self.context, line)
            return []
        if tag in embeds.TAGS:
            kids = [] if tag == "iframe" else self.inlines(element)
            src = self._embed_source(element, attr)
            return embeds.inline(tag, Attr(attr.identifier, attr.classes, (*attr.pairs, ("src", src))), kids,
                                 self.context, line)
        spans = inlines.element(tag, attr, self.inlines(element), self.context, line)
        return [*spans, LineBreak()] if tag in BLOCK_TAGS else spans


def _unwrap_divs(element: HtmlElement) -> list[HtmlElement]:
    """A ``<dl>``'s children, with the ``<div>`` HTML allows around each term and its definitions opened."""
    out: list[HtmlElement] = []
    for child in element:
        out.extend(_unwrap_divs(child) if child.tag == "div" else [child])
    return out
