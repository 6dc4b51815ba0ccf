"""Figures and inline images.

``width``/``height`` are the picture's displayed pixels (orientation applied), so
the page reserves the right box and never blows a small image up; article.css
lets it shrink with its aspect ratio kept (``width: auto; height: auto`` under
``max-width``/``max-height``, the constraint table of CSS 2.1 §10.4, which every
reading system follows).

When the alt text only repeats the caption (the same words, case and
punctuation aside), the caption is hidden from
assistive technology (``aria-hidden``), as pandoc's HTML writer does, so a
screen reader reads it once; the photo credit stays readable.

A figure whose picture was not loaded (``Figure.image is None``) shows its
description (the alt text) when the caption does not already say it, as pandoc
shows the description of an image it cannot fetch, then its address as a link,
then its caption. An inline image not loaded is its alt text as a link to its
address, or that text alone inside another link (no ``<a>`` in an ``<a>``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ...model import Figure, Image, InlineImage, Link, Note, plain_text, walk_inlines
from ...text import same_words
from .. import _common
from .attrs import attributes, esc

if TYPE_CHECKING:
    from .render import Renderer

#: The image formats both EPUB 3 (core media types) and browsers show; SVG stays vector.
ACCEPTED_FORMATS = frozenset({"jpeg", "png", "gif", "webp", "svg"})


def img(r: Renderer, image: Image, alt: str) -> str | None:
    """The ``<img>`` element, or ``None`` when the picture cannot be embedded."""
    src = r.flavour.image_source(image)
    if src is None:
        return None
    shape = ' class="portrait"' if image.height > image.width else ""
    return (f'<img src="{esc(src)}" alt="{esc(alt)}" width="{max(image.width, 1)}" '
            f'height="{max(image.height, 1)}"{shape}/>')


def figure(r: Renderer, node: Figure) -> str:
    r.figures += 1
    element_id = r.anchors.claim(node.attr.identifier) or r.anchors.fresh(f"figure-{r.figures}")
    picture = img(r, node.image, node.alt) if node.image is not None else None
    shown = f"{picture}\n" if picture else _stand_in(r, node)
    extra = () if picture else ("no-image",)
    return (f"<figure{attributes(node.attr, element_id=element_id, extra_classes=extra)}>\n{shown}"
            f"{_caption(r, node, read_alt=picture is not None)}</figure>\n")


def _stand_in(r: Renderer, node: Figure) -> str:
    """What shows instead of a picture not embedded: its description when the caption does not say it, its address."""
    description = _common.figure_description(node)
    shown = f'<p class="image-description"{r.dir_attr(description)}>{esc(description)}</p>\n' if description else ""
    address = f"<p>{_address(r, node.src, node.src)}</p>\n" if node.src.strip() else ""
    return shown + address


def _caption(r: Renderer, node: Figure, *, read_alt: bool) -> str:
    caption = r.inlines(node.caption)
    if caption and read_alt and _repeats_alt(node):
        caption = f'<span aria-hidden="true">{caption}</span>'
    credit = f'<small class="photo-credit">{esc(node.credit)}</small>' if node.credit else ""
    if not caption and not credit:
        return ""
    direction = r.dir_attr(f"{plain_text(node.caption)} {node.credit or ''}")
    return f"<figcaption{direction}>{caption}{' ' if caption and credit else ''}{credit}</figcaption>\n"


def _repeats_alt(node: Figure) -> bool:
    """Alt text saying the caption's words (:func:`convert.text.same_words`: case, spaces and punctuation aside), and
    nothing in the caption a keyboard can reach."""
    if not same_words(node.alt, plain_text(node.caption)):
        return False
    return not any(isinstance(span, (Link, Note)) for span in walk_inlines(node.caption))


def inline_image(r: Renderer, node: InlineImage) -> str:
    picture = img(r, node.image, node.alt) if node.image is not None else None
    if picture is None:
        return _address(r, node.src, node.alt or node.src)
    if node.attr.identifier or node.attr.classes:
        return f"<span{attributes(node.attr, element_id=r.anchors.claim(node.attr.identifier))}>{picture}</span>"
    return picture


def _address(r: Renderer, src: str, text: str) -> str:
    """A picture that is not embedded: a link to its address where the format can follow it, else its text."""
    address = r.flavour.address(src) if not r.in_link else None
    if address is not None:
        return f'<a href="{esc(address)}">{esc(text)}</a>'
    return esc(text)
