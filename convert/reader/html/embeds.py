"""Embedded media and posts → what a document can hold: their visible text and a link to the source.

``<iframe>``, ``<video>``, ``<audio>``, ``<object>`` and ``<embed>``, embedded
posts (``<blockquote class="twitter-tweet">`` and the like, whose ``<script>``
is removed elsewhere) and Flickr's ``<a data-flickr-embed>`` become a
:class:`~convert.model.Div` (a :class:`~convert.model.Span` inside text) with
the classes ``embed`` and the kind (``video``, ``audio``, ``map``, ``iframe``,
``object``, ``twitter``, ``instagram``, ``flickr``...), holding the embed's
title or text and a link to where it lives. Each one is a warning: the
reader is told the player is gone.
"""

from __future__ import annotations

from collections.abc import Sequence

from ...model import (
    Attr,
    Block,
    Div,
    Image,
    Inline,
    InlineImage,
    LineBreak,
    Link,
    Paragraph,
    Span,
    Text,
    block_inlines,
    plain_text,
    walk,
    walk_inlines,
)
from ...text import is_safe_link
from ..context import ReadContext

TAGS = frozenset({"iframe", "video", "audio", "object", "embed"})
_HOSTS = (
    ("video", ("youtube.com", "youtu.be", "youtube-nocookie.com", "vimeo.com", "dailymotion.com", "twitch.tv",
               "ted.com", "wistia", "brightcove", "facebook.com/plugins/video", "tiktok.com", "rumble.com")),
    ("audio", ("soundcloud.com", "spotify.com", "podcasts.apple.com", "anchor.fm", "bandcamp.com", "podbean.com")),
    ("map", ("google.com/maps", "maps.google.", "openstreetmap.org", "umap.")),
)
_POSTS = {
    "twitter-tweet": "twitter", "twitter-video": "twitter", "twitter-timeline": "twitter",
    "instagram-media": "instagram", "tiktok-embed": "tiktok", "reddit-card": "reddit", "reddit-embed-bq": "reddit",
    "imgur-embed-pub": "imgur", "bluesky-embed": "bluesky", "mastodon-embed": "mastodon", "text-post-media": "threads",
    "fb-xfbml-parse-ignore": "facebook", "embedly-card": "post",
}


def _kind(tag: str, src: str) -> str:
    if tag in ("video", "audio"):
        return tag
    if tag in ("object", "embed"):
        return "object"
    address = src.lower()
    return next((kind for kind, hosts in _HOSTS if any(host in address for host in hosts)), "iframe")


def source(tag: str, attr: Attr) -> str:
    """Where the embedded thing lives, as written (``src``, ``data-src``, or an ``<object>``'s ``data``)."""
    names = ("data", "src") if tag == "object" else ("src", "data-src")
    return next(((attr.get(name) or "").strip() for name in names if (attr.get(name) or "").strip()), "")


def target(src: str, context: ReadContext, line: int) -> str | None:
    """``src`` as a link target, or ``None`` when there is none or it is not safe (warned)."""
    if not src:
        return None
    if not is_safe_link(src):
        context.warn(f"unsafe embed address {src!r} dropped", line)
        return None
    return "https:" + src if src.startswith("//") else src


def _link_spans(title: str, url: str | None) -> list[Inline]:
    spans: list[Inline] = [Text(title)] if title else []
    if url:
        spans += [LineBreak(), Link(url, (Text(url),))] if spans else [Link(url, (Text(url),))]
    return spans


def _warn(kind: str, tag: str, title: str, url: str | None, context: ReadContext, line: int) -> None:
    kept = " and ".join(part for part, present in (("its title", title), ("a link to it", url)) if present)
    context.warn(f"embedded {kind} (<{tag}>) cannot play in a document; kept {kept or 'nothing: it has no title or address'}",
                 line)


def block(tag: str, attr: Attr, fallback: Sequence[Block], src: str, context: ReadContext, line: int) -> list[Block]:
    """An embed read as a block: ``fallback`` is the content a browser shows when it cannot play it."""
    kind, title = _kind(tag, src), (attr.get("title") or attr.get("aria-label") or "").strip()
    url = target(src, context, line)
    _warn(kind, tag, title, url, context, line)
    spans = _link_spans(title, url)
    blocks = [*fallback, *([Paragraph(tuple(spans), line)] if spans else [])]
    return [Div(Attr(classes=("embed", kind)), tuple(blocks), line)] if blocks else []


def inline(tag: str, attr: Attr, kids: Sequence[Inline], context: ReadContext, line: int) -> list[Inline]:
    """An embed met inside text: a Span with the same classes, title and link."""
    src = source(tag, attr)
    kind, title = _kind(tag, src), (attr.get("title") or attr.get("aria-label") or "").strip()
    url = target(src, context, line)
    _warn(kind, tag, title, url, context, line)
    spans = [*kids, *_link_spans(title, url)]
    return [Span(Attr(classes=("embed", kind)), tuple(spans))] if spans else []


def post_kind(attr: Attr) -> str | None:
    """The platform of an embedded post (``twitter``, ``instagram``...), from its classes; ``None``: not one."""
    return next((_POSTS[name] for name in attr.classes if name in _POSTS), None)


def post(kind: str, attr: Attr, blocks: Sequence[Block], context: ReadContext, line: int) -> list[Block]:
    """An embedded post → its text (links kept) in a Div, and a link to the post if the text has none."""
    flat = _flatten(blocks)
    src = (attr.get("cite") or attr.get("data-instgrm-permalink") or attr.get("data-href") or "").strip()
    url = target(src, context, line)
    has_link = any(isinstance(s, Link) for b in walk(tuple(flat)) for s in walk_inlines(block_inlines(b)))
    if url and not has_link:
        flat.append(Paragraph((Link(url, (Text(url),)),), line))
    context.warn(f"embedded {kind} post kept as its text and links (its script is not run)", line)
    return [Div(Attr(classes=("embed", kind)), tuple(flat), line)] if flat else []


def _flatten(blocks: Sequence[Block]) -> list[Block]:
    """Without the Divs an embed code nests its text in, and without empty paragraphs."""
    out: list[Block] = []
    for item in blocks:
        if isinstance(item, Div):
            out.extend(_flatten(item.blocks))
        elif not isinstance(item, Paragraph) or plain_text(item.inlines).strip():
            out.append(item)
    return out


def flickr(attr: Attr, kids: Sequence[Inline], context: ReadContext, line: int) -> list[Inline]:
    """Flickr's ``<a data-flickr-embed href title><img></a>`` → a Span holding a link to the photo's page."""
    url = target((attr.get("href") or "").strip(), context, line)
    loaded = [s for s in kids if isinstance(s, InlineImage) and isinstance(s.image, Image)]
    label = (attr.get("title") or "").strip() or plain_text(tuple(kids)).strip() or (url or "")
    content: tuple[Inline, ...] = tuple(loaded) if loaded else (Text(label),)
    context.warn("embedded Flickr photo kept as a link to its page (its script is not run)", line)
    if url is None:
        return [Span(Attr(classes=("embed", "flickr")), content)] if label or loaded else []
    return [Span(Attr(classes=("embed", "flickr")), (Link(url, content),))]


def is_embed_span(span: Inline) -> bool:
    return isinstance(span, Span) and span.attr.classes[:1] == ("embed",)


def alone(spans: Sequence[Inline], line: int) -> Div | None:
    """A paragraph that holds nothing but one embed (a Flickr link, an inline ``<video>``) → that embed's Div."""
    content = [s for s in spans if not (isinstance(s, Text) and not s.text.strip()) and not isinstance(s, LineBreak)]
    if len(content) == 1 and isinstance(content[0], Span) and is_embed_span(content[0]):
        return Div(content[0].attr, (Paragraph(content[0].children, line),), line)
    return None
