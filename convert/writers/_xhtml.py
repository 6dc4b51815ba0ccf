"""Semantic (X)HTML for an article, shared by the EPUB and HTML writers.

The markup is polyglot: well-formed XML that is also valid HTML5, so the EPUB
writer can package it and the HTML writer can serve it unchanged. Every piece
of text is escaped; links are emitted only for safe targets; nothing from the
source can become an element, an attribute or a script.
"""

from __future__ import annotations

import functools
import html
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from importlib.resources import files
from typing import assert_never

from ..model import (
    Article,
    Block,
    BlockQuote,
    Code,
    CodeBlock,
    CreditLine,
    DefinitionList,
    Div,
    Emph,
    Figure,
    Inline,
    InlineImage,
    LineBreak,
    Link,
    ListBlock,
    Math,
    Note,
    Paragraph,
    Rule,
    SmallCaps,
    Span,
    Strikeout,
    Strong,
    Subheading,
    Subscript,
    Superscript,
    Table,
    Text,
    Underline,
    plain_text,
)
from ..text import is_safe_link, xml_safe
from . import _common, _meta

#: Gives each figure's image its ``src``: (figure, 1-based number) → URL.
ImageSource = Callable[[Figure, int], str]


@functools.lru_cache(maxsize=1)
def stylesheet() -> str:
    """The stylesheet both writers use (``article.css`` beside this module)."""
    return files("convert.writers").joinpath("article.css").read_text(encoding="utf-8")


def esc(text: str) -> str:
    """Text or attribute value, escaped and stripped of what XML cannot hold."""
    return html.escape(xml_safe(text), quote=True)


@dataclass(frozen=True)
class Heading:
    """A heading the navigation links to."""

    anchor: str
    level: int  # 1 for the title
    text: str


def headings(article: Article) -> list[Heading]:
    """The title and every subheading, with the anchors :func:`article_markup` gives them."""
    found = [Heading("title", 1, article.meta.title)]
    for number, sub in enumerate(article.subheadings(), start=1):
        found.append(Heading(f"section-{number}", min(sub.level, 6), plain_text(sub.inlines)))
    return found


def article_markup(article: Article, image_source: ImageSource, link_allowed: Callable[[str], bool] = is_safe_link) -> str:
    """The ``<article>`` element: header, body blocks, credit line.

    A link whose target ``link_allowed`` refuses is rendered as its text.
    """
    return "".join(_Renderer(article, image_source, link_allowed).render())


@dataclass
class _Renderer:
    article: Article
    image_source: ImageSource
    link_allowed: Callable[[str], bool]
    figures: int = 0
    sections: int = 0

    def render(self) -> Iterator[str]:
        meta = self.article.meta
        yield '<article>\n<header>\n<h1 id="title">' + esc(meta.title) + "</h1>\n"
        if meta.subtitle:
            yield f'<p class="subtitle">{esc(meta.subtitle)}</p>\n'
        byline = _meta.byline(meta)
        if byline:
            yield f'<p class="byline">{esc(byline)}</p>\n'
        date = _meta.display_date(meta)
        if date and meta.date:
            yield f'<p class="date"><time datetime="{esc(meta.date)}">{esc(date)}</time></p>\n'
        yield "</header>\n"
        for block in self.article.blocks:
            yield from self.block(block)
        yield "</article>\n"

    def block(self, block: Block) -> Iterator[str]:
        match block:
            case Paragraph(inlines=inlines):
                yield f"<p>{self.inlines(inlines)}</p>\n"
            case Subheading(level=level, inlines=inlines):
                self.sections += 1
                tag = f"h{min(max(level, 2), 6)}"
                yield f'<{tag} id="section-{self.sections}">{self.inlines(inlines)}</{tag}>\n'
            case Figure(image=None):
                for child in _common.lower_block(block):
                    yield from self.block(child)
            case Figure():
                yield self.figure(block)
            case CreditLine(inlines=inlines):
                yield f'<footer class="credit"><p>{self.inlines(inlines)}</p></footer>\n'
            case BlockQuote(blocks=blocks):
                yield "<blockquote>\n" + "".join(b for child in blocks for b in self.block(child)) + "</blockquote>\n"
            case ListBlock(ordered=ordered, items=items, start=start):
                tag = "ol" if ordered else "ul"
                opening = f'<ol start="{start}">' if ordered and start != 1 else f"<{tag}>"
                body = "".join("<li>" + "".join(b for child in item for b in self.block(child)) + "</li>\n"
                               for item in items)
                yield f"{opening}\n{body}</{tag}>\n"
            case CodeBlock(text=text):
                yield f"<pre><code>{esc(text)}</code></pre>\n"
            case Rule():
                yield "<hr/>\n"
            case Table() | DefinitionList() | Div():
                for child in _common.lower_block(block):
                    yield from self.block(child)
            case _:
                assert_never(block)

    def figure(self, figure: Figure) -> str:
        assert figure.image is not None  # a figure without a picture is lowered before
        self.figures += 1
        src = self.image_source(figure, self.figures)
        credit = f' <small class="photo-credit">{esc(figure.credit)}</small>' if figure.credit else ""
        return (
            f'<figure id="figure-{self.figures}">\n<img src="{esc(src)}" alt="{esc(figure.alt)}" '
            f'width="{figure.image.width}" height="{figure.image.height}"/>\n'
            f"<figcaption>{self.inlines(figure.caption)}{credit}</figcaption>\n</figure>\n"
        )

    def inlines(self, spans: tuple[Inline, ...]) -> str:
        return "".join(self.inline(span) for span in spans)

    def inline(self, span: Inline) -> str:
        match span:
            case Text(text=text):
                return esc(text)
            case Emph(children=children):
                return f"<em>{self.inlines(children)}</em>"
            case Strong(children=children):
                return f"<strong>{self.inlines(children)}</strong>"
            case Code(text=text):
                return f"<code>{esc(text)}</code>"
            case LineBreak():
                return "<br/>"
            case Link(target=target, children=children):
                if not (is_safe_link(target) and self.link_allowed(target)):
                    return self.inlines(children)
                return f'<a href="{esc(target)}">{self.inlines(children)}</a>'
            case (Strikeout() | Superscript() | Subscript() | SmallCaps() | Underline() | Span() | Math() | InlineImage()
                  | Note()):
                return self.inlines(_common.lower_inline(span))
            case _:
                assert_never(span)
