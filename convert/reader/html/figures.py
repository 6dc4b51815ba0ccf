"""Pictures in raw HTML: ``<img>``, ``<figure>`` with ``<figcaption>``, caption Divs and photo credits.

Images go through :meth:`ReadContext.image <convert.reader.context.ReadContext.image>`,
so they obey the same folder and size rules as Markdown images (a missing
file refuses the article, a remote address is not fetched). A stray
``<figcaption>``, or a ``<p>`` whose class names a caption, becomes a
:class:`~convert.model.Div` whose classes include ``caption``; directly after
a :class:`~convert.model.Figure` it joins that figure's caption (the contract
with the Markdown reader, which meets such a Div after a Markdown image; it
may use :func:`merge_captions` and :func:`caption_parts`): see :func:`with_caption`.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from typing import TYPE_CHECKING

from lxml.html import HtmlElement

from ...model import (
    Attr,
    Block,
    Div,
    Figure,
    Inline,
    InlineImage,
    LineBreak,
    Paragraph,
    Span,
    Table,
    Text,
    block_inlines,
    plain_text,
    walk,
)
from ...text import is_safe_link
from ..context import ReadContext
from . import attrs
from .inlines import tidy

if TYPE_CHECKING:
    from .walk import Walker

_IMAGE_PAIRS = ("width", "height")
#: Elements an image may sit in inside a figure (a link to the full size, a <picture>): they go with it.
_IMAGE_WRAPPERS = frozenset({"a", "picture", "span", "p", "div"})


def inline_image(attr: Attr, context: ReadContext, line: int) -> list[Inline]:
    """``<img>`` → an :class:`InlineImage` (``image`` is ``None`` for a remote address: warned by the context)."""
    src = _source(attr)
    alt = " ".join((attr.get("alt") or "").split())
    if not src:
        context.warn("raw HTML <img> has no src; kept its alt text", line)
        return [Text(alt)] if alt else []
    if src.lower().startswith("data:") or not is_safe_link(src):
        context.warn(f"raw HTML <img> with the address {src[:40]!r} is not read; kept its alt text", line)
        return [Text(alt)] if alt else []
    image = context.image(src, line, attr)
    pairs = tuple((k, v.strip()) for k, v in attr.pairs if k in _IMAGE_PAIRS and v.strip())
    return [InlineImage(image, src, alt, Attr(attr.identifier, attr.classes, pairs))]


def _source(attr: Attr) -> str:
    """``src``; a lazy-loading page's ``data-src`` when ``src`` is a placeholder; else the first ``srcset`` entry."""
    src = (attr.get("src") or "").strip()
    lazy = (attr.get("data-src") or attr.get("data-original") or "").strip()
    if lazy and (not src or src.lower().startswith("data:")):
        return lazy
    if not src and (attr.get("srcset") or "").strip():
        return (attr.get("srcset") or "").split(",")[0].split()[0]
    return src


def lone(image: InlineImage, line: int, context: ReadContext) -> Figure:
    """An image alone in its block → a figure without a caption (as a Markdown image alone in its paragraph)."""
    if not image.alt:
        context.warn("raw HTML <img> alone in its block has no alt text", line)
    return Figure(image.image, (), image.alt, None, line, image.attr, image.src)


def figure(walker: Walker, element: HtmlElement, attr: Attr, line: int) -> list[Block]:
    """``<figure>``: its ``<img>``, ``<figcaption>`` (the caption) and credit-classed element (the photo credit)."""
    credit = _take_credit(element)
    caption_element = next(element.iter("figcaption"), None)
    caption: list[Inline] = []
    if caption_element is not None:
        caption = tidy(walker.inlines(caption_element))
        caption_element.drop_tree()
    images = list(element.iter("img"))
    if len(images) == 1:
        spans = walker.inline(images[0])
        _drop_image(images[0], element)
        picture = spans[0] if len(spans) == 1 and isinstance(spans[0], InlineImage) else None
        if picture is not None:
            return [_figure(picture, caption, credit, attr, line, walker.context), *walker.blocks(element)]
        kept = [Paragraph(tuple(spans), line)] if spans else []  # an <img> without a usable address: its alt text
        return assemble(attr, [*kept, *walker.blocks(element), *_caption_div(caption, credit, line)], line)
    return assemble(attr, [*walker.blocks(element), *_caption_div(caption, credit, line)], line)


def _figure(picture: InlineImage, caption: Sequence[Inline], credit: str | None, attr: Attr, line: int,
            context: ReadContext) -> Figure:
    alt = picture.alt or plain_text(tuple(caption)).strip()
    if not alt:
        context.warn("figure has no caption and no alt text", line)
    shown = Attr(attr.identifier or picture.attr.identifier, attr.classes, picture.attr.pairs)
    return Figure(picture.image, tuple(caption), alt, credit, line, shown, picture.src)


def _caption_div(caption: Sequence[Inline], credit: str | None, line: int) -> list[Block]:
    spans = [*caption, *([Span(Attr(classes=("credit",)), (Text(credit),))] if credit else [])]
    return [Div(Attr(classes=("caption",)), (Paragraph(tuple(spans), line),), line)] if spans else []


def _take_credit(element: HtmlElement) -> str | None:
    """The text of the first credit-classed element inside ``element``, which is removed from it."""
    for inner in element.iterdescendants():
        if isinstance(inner.tag, str) and any(word in (inner.get("class") or "").lower()
                                              for word in ("credit", "attribution", "copyright")):
            text = " ".join(inner.text_content().split())
            inner.drop_tree()
            return text or None
    return None


def _drop_image(image: HtmlElement, figure_element: HtmlElement) -> None:
    """Remove the image, and the link or ``<picture>`` around it when it holds nothing else."""
    node = image
    parent = node.getparent()
    while parent is not None and parent is not figure_element and parent.tag in _IMAGE_WRAPPERS \
            and not parent.text_content().strip():
        node, parent = parent, parent.getparent()
    node.drop_tree()


def assemble(attr: Attr, blocks: Sequence[Block], line: int) -> list[Block]:
    """A ``<figure>`` around blocks: one figure or table takes the caption; anything else stays a Div."""
    merged = merge_captions(blocks)
    captions = [b for b in merged if isinstance(b, Div) and attrs.is_caption(b.attr)]
    others = [b for b in merged if b not in captions]
    if len(others) == 1 and isinstance(others[0], Table) and not others[0].caption and len(captions) == 1:
        spans, _ = caption_parts(captions[0])
        return [dataclasses.replace(others[0], caption=tuple(spans))]
    if len(merged) == 1 and isinstance(merged[0], Figure):
        fig = merged[0]
        own = Attr(attr.identifier or fig.attr.identifier, tuple(dict.fromkeys((*attr.classes, *fig.attr.classes))),
                   fig.attr.pairs)
        return [dataclasses.replace(fig, attr=own)]
    shown = attrs.shown(attr, "figure")
    return [Div(shown, tuple(merged), line)] if merged else []


def merge_captions(blocks: Sequence[Block]) -> list[Block]:
    """Every caption Div directly after a Figure becomes that figure's caption (and its credit, if it has one)."""
    out: list[Block] = []
    for item in blocks:
        previous = out[-1] if out else None
        if isinstance(item, Div) and attrs.is_caption(item.attr) and isinstance(previous, Figure):
            out[-1] = with_caption(previous, item)
        else:
            out.append(item)
    return out


def with_caption(fig: Figure, caption: Div) -> Figure:
    """``fig`` captioned by the caption Div that follows it; nothing either says is lost.

    pandoc keeps both visible (the image's description as the figure's caption,
    the raw ``<figcaption>`` or ``<p class="caption">`` after it), so when the
    figure's own caption is not empty and says something else, the caption is
    the figure's caption, a :class:`LineBreak`, then the block's inlines; when
    it is empty or the same text (white space aside), the block's inlines alone.
    The block's credit Span becomes ``Figure.credit`` when the figure has none
    (otherwise it stays in the caption). ``alt`` is kept (the description, or
    ``{alt=...}``); a figure without one takes the caption's text.
    """
    spans, credit = caption_parts(caption)
    if fig.credit is not None and credit is not None and credit != fig.credit:
        spans = _with_credit(spans, credit)
        credit = None
    own = _words(plain_text(fig.caption))
    if own and spans and own != _words(plain_text(tuple(spans))):
        spans = [*fig.caption, LineBreak(), *spans]
    elif not spans:
        spans = list(fig.caption)
    return dataclasses.replace(fig, caption=tuple(spans), credit=fig.credit or credit,
                               alt=fig.alt or plain_text(tuple(spans)).strip())


def _words(text: str) -> str:
    return " ".join(text.split())


def _with_credit(spans: list[Inline], credit: str) -> list[Inline]:
    """The caption's inlines with its credit kept at their end (the figure has a credit of its own)."""
    return [*spans, *([Text(" ")] if spans else []), Span(Attr(classes=("credit",)), (Text(credit),))]


def caption_parts(caption: Div) -> tuple[list[Inline], str | None]:
    """A caption Div's inlines (paragraphs joined by line breaks) and the text of its credit Span, if any."""
    spans: list[Inline] = []
    credit: str | None = None
    for item in caption.blocks:
        inlines = list(item.inlines) if isinstance(item, Paragraph) else [Text(_text_of(item))]
        kept = []
        for span in inlines:
            if isinstance(span, Span) and attrs.is_credit(span.attr) and credit is None:
                credit = plain_text(span.children).strip() or None
            else:
                kept.append(span)
        if spans and kept:
            spans.append(LineBreak())
        spans.extend(kept)
    return tidy(spans), credit


def _text_of(item: Block) -> str:
    return " ".join(plain_text(block_inlines(b)) for b in walk((item,))).strip()
