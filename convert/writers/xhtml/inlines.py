"""Inline nodes that need more than a tag: links, spans, math."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ...model import Link, Math, Span, plain_text
from .attrs import attributes, esc

if TYPE_CHECKING:
    from .render import Renderer


def math(span: Math) -> str:
    """TeX as written, in ``<code class="math inline|display">`` (no math engine; pandoc's plain method shows TeX too)."""
    kind = "display" if span.display else "inline"
    return f'<code class="math {kind}">{esc(span.text)}</code>'


def link(r: Renderer, span: Link) -> str:
    """``<a>`` for a safe target the format can follow; its text alone otherwise.

    ``#identifier`` links stay links when the identifier exists in the article
    (in the EPUB too: the whole article is one content document). Nothing
    inside may be a link again (HTML forbids ``<a>`` in ``<a>``): an inner link
    is its text, and a note's mark met in the text follows the link.
    """
    if r.in_link:
        return r.inlines(span.children)
    outer_marks, r.after_link = r.after_link, []
    r.in_link += 1
    try:
        content = r.inlines(span.children)
    finally:
        r.in_link -= 1
        marks, r.after_link = "".join(r.after_link), outer_marks
    return _anchor(r, span, content) + marks


def _anchor(r: Renderer, span: Link, content: str) -> str:
    """``<a>`` around the rendered ``content`` for a target the format can follow; ``content`` alone otherwise."""
    href = r.anchors.href(span.target) if span.internal else r.flavour.address(span.target)
    if href is None:
        return content
    if not plain_text(span.children).strip():  # a picture's alt text counts; none at all: the address names it
        content += esc(span.target)  # a link needs a name (axe: link-name)
    title = f' title="{esc(span.title)}"' if span.title else ""
    attrs = attributes(span.attr, element_id=r.anchors.claim(span.attr.identifier))
    return f'<a href="{esc(href)}"{title}{attrs}>{content}</a>'


def span(r: Renderer, node: Span) -> str:
    """pandoc's Span: ``<span>`` keeping id, safe classes, ``lang``/``dir`` and ``data-*``; nothing for a bare one."""
    attrs = attributes(node.attr, element_id=r.anchors.claim(node.attr.identifier))
    content = r.inlines(node.children)
    return f"<span{attrs}>{content}</span>" if attrs else content
