"""Inline HTML elements → inline nodes, and HTML's white-space rule.

:func:`element` is the one table of inline tags, used for an element read
whole by lxml (:mod:`.walk`) and for one opened and closed around Markdown
(``H<sub>2</sub>O`` met tag by tag): ``<em>``/``<i>``/``<cite>`` → Emph,
``<strong>``/``<b>`` → Strong, ``<s>``/``<del>``/``<strike>`` → Strikeout,
``<u>``/``<ins>`` → Underline, ``<sup>``/``<sub>``, ``<code>``/``<tt>``/``<samp>``
→ Code, ``<kbd>`` → ``Span`` with class ``kbd`` (pandoc's HTML reader does the
same, so a writer can show a key), ``<q>`` → its text in quotation marks,
``<a href>`` → Link (only targets :func:`~convert.text.is_safe_link` allows),
``<a id>``/``<a name>`` → an anchor Span, ``<span>`` → Span (``smallcaps`` and
``underline``, by class or style, → SmallCaps and Underline as in pandoc),
``<abbr>``, ``<mark>``, ``<small>``, ``<time>``, ``<bdi>``, ``<bdo>`` → a Span
whose first class is the tag. Scripts and styles go, embeds become a link;
anything else keeps its text, with a warning.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Sequence

from ...model import (
    Attr,
    Code,
    Emph,
    Inline,
    LineBreak,
    Link,
    SmallCaps,
    Span,
    Strikeout,
    Strong,
    Subscript,
    Superscript,
    Text,
    Underline,
    merged_texts,
    plain_text,
)
from ...text import is_safe_link
from ..context import ReadContext
from . import attrs, embeds

_WRAPPERS: dict[str, Callable[[tuple[Inline, ...]], Inline]] = {
    "em": Emph, "i": Emph, "cite": Emph, "dfn": Emph, "var": Emph,
    "strong": Strong, "b": Strong,
    "s": Strikeout, "del": Strikeout, "strike": Strikeout,
    "u": Underline, "ins": Underline,
    "sup": Superscript, "sub": Subscript,
}
CODE = frozenset({"code", "tt", "samp"})
_SPANNED = frozenset({"abbr", "acronym", "mark", "small", "big", "time", "bdi", "bdo", "data"})
#: Removed with their content, with a warning: nothing in them is article text.
REMOVED = frozenset({"script", "style", "template", "noscript", "link", "meta", "base", "title", "head", "frameset",
                     "frame", "applet"})
#: Parts of other elements, without text of their own: dropped without a word.
SILENT = frozenset({"wbr", "source", "track", "param", "col", "colgroup", "area", "hr"})
#: Block elements met inside text: their content stays, their classes become a Span's.
_BLOCKISH = frozenset({
    "div", "section", "article", "aside", "main", "header", "footer", "nav", "figure", "figcaption", "address",
    "center", "details", "summary", "p", "blockquote", "li", "dd", "dt", "h1", "h2", "h3", "h4", "h5", "h6", "pre",
    "ul", "ol", "dl", "table", "thead", "tbody", "tfoot", "tr", "td", "th", "caption", "hgroup", "picture", "body",
    "html",
})
_SPACE = re.compile(r"[ \t\n\r\f]+")  # HTML's white space (not U+00A0, which is a character of the text)


def element(tag: str, attr: Attr, children: Sequence[Inline], context: ReadContext, line: int) -> list[Inline]:
    """The inline nodes for element ``tag`` (attributes ``attr``, already read) around ``children``."""
    kids = tuple(children)
    if tag in _WRAPPERS:
        return [_WRAPPERS[tag](kids)]
    if tag in CODE:
        return [Code(_SPACE.sub(" ", plain_text(kids)))]
    if tag == "kbd":
        return [Span(Attr(classes=("kbd",)), kids)]
    if tag == "q":
        return [Text("\u201c"), *kids, Text("\u201d")]
    if tag == "a":
        return link(attr, kids, context, line)
    if tag == "span":
        return _span(attr, kids)
    if tag in _SPANNED:
        return [Span(attrs.shown(attr, tag, keep=(*attrs.KEPT_PAIRS, "title", "datetime")), kids)]
    if tag in embeds.TAGS:
        return embeds.inline(tag, attr, kids, context, line)
    if tag in REMOVED:
        removed(tag, attr, context, line)
        return []
    if tag in SILENT:
        return list(kids)
    if tag in _BLOCKISH:  # a block inside text: a space keeps its words apart from the next ones
        shown = attrs.shown(attr)
        return [*([Span(shown, kids)] if not attrs.is_empty(shown) else kids), Text(" ")]
    unknown(tag, bool(plain_text(kids).strip()), context, line)
    return list(kids)


def link(attr: Attr, kids: tuple[Inline, ...], context: ReadContext, line: int) -> list[Inline]:
    """``<a href>`` → Link (safe targets only: others keep their text, with a warning); ``<a id>`` → an anchor."""
    if attr.get("data-flickr-embed") is not None:
        return embeds.flickr(attr, kids, context, line)
    anchor = attr.identifier or (attr.get("name") or "").strip()
    target = (attr.get("href") or "").strip()
    if not target:
        return [Span(Attr(anchor), kids)] if anchor else list(kids)
    if not is_safe_link(target):
        context.warn(f"unsafe link target {target!r} dropped; kept its text", line)
        return list(kids)
    if target.startswith("//"):  # protocol-relative: a document has no page protocol to borrow
        target = "https:" + target
    return [Link(target, kids, (attr.get("title") or "").strip(), Attr(anchor, attr.classes))]


def _span(attr: Attr, kids: tuple[Inline, ...]) -> list[Inline]:
    if attr.has_class("smallcaps") or attrs.style(attr, "font-variant") == "small-caps":
        return [SmallCaps(kids)]
    if attr.has_class("underline"):
        return [Underline(kids)]
    shown = attrs.shown(attr)
    return [Span(shown, kids)] if not attrs.is_empty(shown) else list(kids)


def removed(tag: str, attr: Attr, context: ReadContext, line: int) -> None:
    """Warn that ``<tag>`` and its content were removed (never run, never shown)."""
    source = (attr.get("src") or attr.get("href") or "").strip()
    what = f"<{tag} {'src' if attr.get('src') else 'href'}={source!r}>" if source else f"<{tag}>"
    context.warn(f"raw HTML {what} removed with its content (nothing live reaches an output)", line)


def unknown(tag: str, has_text: bool, context: ReadContext, line: int) -> None:
    """Warn that ``<tag>`` is not read into the model (its text is kept, if it has any)."""
    kept = "kept its text" if has_text else "it has no text"
    context.warn(f"raw HTML <{tag}> is not modelled; {kept}", line)


# --- white space ------------------------------------------------------------------

_WRAPPER_TYPES = (Emph, Strong, Strikeout, Superscript, Subscript, SmallCaps, Underline, Link, Span)


def tidy(spans: Sequence[Inline]) -> list[Inline]:
    """HTML's white-space rule for a block's inlines: runs of white space become one space, and none is
    left at the start or end of the block or around a line break; empty elements (but anchors) go."""
    collapsed = _collapse(spans, [True])
    while collapsed and isinstance(collapsed[0], LineBreak):
        collapsed.pop(0)
    while collapsed and isinstance(collapsed[-1], LineBreak):
        collapsed.pop()
    return _strip_end(collapsed)


def _collapse(spans: Sequence[Inline], after_space: list[bool]) -> list[Inline]:
    """``after_space[0]``: the text so far ends in a space (or a line break, or nothing yet)."""
    out: list[Inline] = []
    for span in spans:
        if isinstance(span, Text):
            text = _SPACE.sub(" ", span.text)
            if after_space[0]:
                text = text.lstrip(" ")
            if text:
                out.append(Text(text))  # joined with its neighbours at the end, once (merged_texts)
                after_space[0] = text.endswith(" ")
        elif isinstance(span, LineBreak):
            out[-1:] = _strip_end(out[-1:])  # the last node only: a copy of the whole list per <br> was quadratic
            out.append(span)
            after_space[0] = True
        elif isinstance(span, _WRAPPER_TYPES):
            children = _collapse(span.children, after_space)
            if children or (isinstance(span, Span) and span.attr.identifier):
                out.append(dataclasses.replace(span, children=tuple(children)))
        else:
            out.append(span)
            after_space[0] = False
    return merged_texts(out)


def _strip_end(spans: list[Inline]) -> list[Inline]:
    """Without the white space at the very end (inside the last element too)."""
    if not spans:
        return spans
    last = spans[-1]
    if isinstance(last, Text):
        text = last.text.rstrip(" ")
        return spans[:-1] + ([Text(text)] if text else [])
    if isinstance(last, _WRAPPER_TYPES):
        return [*spans[:-1], dataclasses.replace(last, children=tuple(_strip_end(list(last.children))))]
    return spans
