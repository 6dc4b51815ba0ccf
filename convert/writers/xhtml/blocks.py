"""Headings, lists, definition lists, code and divs."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from ...model import Article, CodeBlock, DefinitionList, Div, ListBlock, Subheading, plain_text
from .. import _meta
from .attrs import Anchors, attributes, classes, esc, given_direction

if TYPE_CHECKING:
    from .render import Renderer

#: HTML's ``<ol type>`` for pandoc's fancy_lists styles.
_OL_TYPE = {"decimal": "1", "lower-alpha": "a", "upper-alpha": "A", "lower-roman": "i", "upper-roman": "I"}


@dataclass(frozen=True)
class Heading:
    """A subheading the navigation links to: its ``id``, level (2..6) and text."""

    anchor: str
    level: int
    text: str




def heading_anchors(article: Article, anchors: Anchors) -> dict[int, str]:
    """The ``id`` of every subheading (by object), claimed before rendering so the nav can link to it.

    A subheading without an identifier (or with one already used) gets ``section-N``.
    """
    found: dict[int, str] = {}
    for number, heading in enumerate(article.subheadings(), start=1):
        if id(heading) not in found:
            found[id(heading)] = anchors.claim(heading.attr.identifier) or anchors.fresh(f"section-{number}")
    return found


def outline(article: Article, heading_ids: dict[int, str]) -> list[Heading]:
    """The subheadings with text, in reading order, as the nav lists them."""
    entries = []
    for heading in article.subheadings():
        text = " ".join(plain_text(heading.inlines).split())
        if text and id(heading) in heading_ids:
            entries.append(Heading(heading_ids[id(heading)], _meta.heading_level(heading), text))
    return entries


def subheading(r: Renderer, heading: Subheading) -> str:
    anchor = r.heading_ids.pop(id(heading), None) or r.anchors.claim(heading.attr.identifier)
    tag = f"h{_meta.heading_level(heading)}"
    own = "" if given_direction(heading.attr) else r.dir_attr(plain_text(heading.inlines))
    return f"<{tag}{attributes(heading.attr, element_id=anchor)}{own}>{r.inlines(heading.inlines)}</{tag}>\n"


def list_block(r: Renderer, block: ListBlock) -> str:
    with r.directed(tuple(child for item in block.items for child in item)) as direction:
        items = "".join(f"<li>{r.blocks(item)}</li>\n" for item in block.items)
    if not block.ordered:
        return f"<ul{direction}>\n{items}</ul>\n"
    start = f' start="{block.start}"' if block.start != 1 else ""
    kind = _OL_TYPE.get(block.style, "1")
    style = f' type="{kind}"' if kind != "1" else ""
    return f"<ol{start}{style}{direction}>\n{items}</ol>\n"


def definition_list(r: Renderer, block: DefinitionList) -> str:
    with r.directed((block,)) as direction:
        parts = [f"<dl{direction}>\n"]
        for entry in block.items:
            parts.append(f"<dt{r.dir_attr(plain_text(entry.term))}>{r.inlines(entry.term)}</dt>\n")
            parts.extend(f"<dd>{r.blocks(definition)}</dd>\n" for definition in entry.definitions)
    parts.append("</dl>\n")
    return "".join(parts)


def code_block(block: CodeBlock, *, ltr: bool = False) -> str:
    """``<pre><code>``; ``ltr``: in a right-to-left page, where code still runs left to right."""
    language = classes([f"language-{block.language}"]) if block.language else []
    attribute = f' class="{esc(language[0])}"' if language else ""
    direction = ' dir="ltr"' if ltr else ""
    return f"<pre{direction}><code{attribute}>{esc(block.text)}</code></pre>\n"


def div(r: Renderer, block: Div) -> str:
    element_id = r.anchors.claim(block.attr.identifier)
    with r.directed(block.blocks, given_direction(block.attr)):
        return f"<div{attributes(block.attr, element_id=element_id)}>\n{r.blocks(block.blocks)}</div>\n"
