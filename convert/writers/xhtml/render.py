"""The visitor: one dispatch for blocks, one for inlines; the nodes' markup lives in the sibling modules.

Direction: the page runs in the article's direction (:func:`.._common.article_direction`, on
``<html dir>``); a block whose own text runs the other way (:func:`.._common.direction_of`, the
majority of its letters) gets its ``dir``, and the blocks inside a list, quote, table or definition
list that has one are measured against it. Code always runs left to right.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import assert_never

from ...model import (
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
    Image,
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
from ...model import notes as all_notes
from ...text import link_address
from .. import _common
from . import blocks, figures, inlines, notes, tables
from .attrs import Anchors, esc

#: Gives a picture its ``src`` (a file in the package, a data URI); ``None`` when it cannot be embedded.
ImageSource = Callable[[Image], "str | None"]


@dataclass(frozen=True)
class Flavour:
    """What differs between the EPUB and the HTML page (everything else is written once)."""

    epub: bool
    image_source: ImageSource

    def address(self, target: str) -> str | None:
        """Where a link to ``target`` points (:func:`convert.text.link_address`), or ``None``: kept as text.

        The page may link to files beside it; in the e-book a relative file would dangle.
        """
        return link_address(target, relative=not self.epub)


class Renderer:
    """Renders one article's blocks and inlines; holds the ids given and the notes met so far."""

    def __init__(self, article: Article, flavour: Flavour) -> None:
        self.article = article
        self.flavour = flavour
        self.anchors = Anchors(article)
        self.notes = notes.Notes(self)
        self.heading_ids = blocks.heading_anchors(article, self.anchors)
        self.figures = 0
        self.in_link = 0  # > 0 while rendering a link's text
        self.after_link: list[str] = []  # note marks met in a link's text, written after the link
        self.direction = _common.article_direction(article)  # the page's (``<html dir>``)
        self.base = self.direction  # the direction of the element being written into
        # Only an article with right-to-left text, or one that runs right to left, needs a dir on any block.
        self.bidi = self.direction == "rtl" or any(map(_common.has_rtl, _texts(article)))

    def other_way(self, text: str) -> _common.Direction | None:
        """``text``'s direction when it runs the other way from where it is written, else None."""
        found = _common.direction_of(text) if self.bidi else None
        return found if found != self.base else None

    def dir_attr(self, text: str) -> str:
        """`` dir="rtl"`` or `` dir="ltr"`` when ``text`` runs the other way from where it is written, else ``""``."""
        found = self.other_way(text)
        return f' dir="{found}"' if found else ""

    @contextmanager
    def directed(self, blocks: tuple[Block, ...], given: str | None = None) -> Iterator[str]:
        """The `` dir`` of a container of ``blocks`` (``given``: its own ``dir`` attribute, if any); the blocks
        written inside the ``with`` are measured against the container's direction."""
        outer = self.base
        found = None if given or not self.bidi else self.other_way(_common.text_of(blocks))
        if given in ("ltr", "rtl"):  # written with the element's other attributes
            self.base = "rtl" if given == "rtl" else "ltr"
        elif found:
            self.base = found
        try:
            yield f' dir="{found}"' if found else ""
        finally:
            self.base = outer

    def blocks(self, children: tuple[Block, ...]) -> str:
        return "".join(self.block(child) for child in children)

    def block(self, block: Block) -> str:
        match block:
            case Paragraph(inlines=spans):
                return f"<p{self.dir_attr(plain_text(spans))}>{self.inlines(spans)}</p>\n"
            case Subheading():
                return blocks.subheading(self, block)
            case Figure():
                return figures.figure(self, block)
            case CreditLine(inlines=spans):
                return f'<footer class="credit"><p{self.dir_attr(plain_text(spans))}>{self.inlines(spans)}</p></footer>\n'
            case BlockQuote(blocks=children):
                with self.directed(children) as direction:
                    return f"<blockquote{direction}>\n{self.blocks(children)}</blockquote>\n"
            case ListBlock():
                return blocks.list_block(self, block)
            case DefinitionList():
                return blocks.definition_list(self, block)
            case CodeBlock():
                return blocks.code_block(block, ltr=self.base == "rtl")
            case Rule():
                return "<hr/>\n"
            case Table():
                return tables.table(self, block)
            case Div():
                return blocks.div(self, block)
            case _:
                assert_never(block)

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
            case Strikeout(children=children):
                return f"<del>{self.inlines(children)}</del>"
            case Superscript(children=children):
                return f"<sup>{self.inlines(children)}</sup>"
            case Subscript(children=children):
                return f"<sub>{self.inlines(children)}</sub>"
            case SmallCaps(children=children):
                return f'<span class="smallcaps">{self.inlines(children)}</span>'
            case Underline(children=children):
                return f"<u>{self.inlines(children)}</u>"
            case Code(text=text):
                return f"<code>{esc(text)}</code>"
            case Math():
                return inlines.math(span)
            case Link():
                return inlines.link(self, span)
            case LineBreak():
                return "<br/>"
            case Span():
                return inlines.span(self, span)
            case Note():
                return self.notes.reference(span)
            case InlineImage():
                return figures.inline_image(self, span)
            case _:
                assert_never(span)


def _texts(article: Article) -> Iterator[str]:
    yield article.meta.title
    yield article.meta.subtitle or ""
    yield _common.text_of(article.blocks)
    for note in all_notes(article):
        yield _common.text_of(note.blocks)
