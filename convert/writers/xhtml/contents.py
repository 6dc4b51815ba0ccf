"""``--toc`` (``WriteOptions.toc``): a visible, linked table of contents after the title block.

``<nav class="toc" role="doc-toc">`` (DPUB-ARIA's role, which both EPUB reading systems and
browsers expose) holding nested ``<ul>`` lists of links to the subheadings down to level 3 (``h2``
and ``h3``), an ``h3`` under the ``h2`` before it, as pandoc's ``--toc`` with its default
``--toc-depth=3``. Its heading is :func:`.._meta.contents_title` in the article's language
("Contents", "Inhaltsverzeichnis"...); where we have no word for it the nav is named by nothing
visible and keeps its role. The EPUB's own navigation document is made apart (``epub.py``) and
stays as it is.
"""

from __future__ import annotations

from .. import _meta
from .attrs import Anchors, esc
from .blocks import Heading

DEPTH = _meta.CONTENTS_DEPTH


def contents(entries: list[Heading], lang: str, anchors: Anchors) -> str:
    """The ``<nav>``, or ``""`` when the article has no heading down to :data:`DEPTH`."""
    listed = [entry for entry in entries if entry.level <= DEPTH]
    if not listed:
        return ""
    title = _meta.contents_title(lang)
    heading = label = ""
    if title:
        title_id = anchors.fresh("toc-title")
        heading, label = f'<h2 id="{title_id}">{esc(title)}</h2>\n', f' aria-labelledby="{title_id}"'
    return f'<nav class="toc" role="doc-toc"{label}>\n{heading}{_nested(listed)}</nav>\n'


def _nested(entries: list[Heading]) -> str:
    return f"<ul>\n{_items(entries)}</ul>\n"


def _items(entries: list[Heading]) -> str:
    """An ``<li>`` per entry at the shallowest level of ``entries``, the deeper ones after it in a ``<ul>`` inside
    it; deeper ones before the first at that level (an ``h3`` before any ``h2``) are items of this list."""
    top = min(entry.level for entry in entries)
    parts: list[str] = []
    index = 0
    while index < len(entries):
        end = index + 1
        while end < len(entries) and entries[end].level > top:
            end += 1
        entry = entries[index]
        if entry.level > top:
            parts.append(_items(entries[index:end]))
        else:
            children = _nested(entries[index + 1:end]) if end > index + 1 else ""
            parts.append(f'<li><a href="#{esc(entry.anchor)}">{esc(entry.text)}</a>{children}</li>\n')
        index = end
    return "".join(parts)
