"""Footnotes, numbered in reading order as pandoc does (a note referenced twice appears twice).

EPUB: EPUB 3 pop-up notes, ``<a epub:type="noteref" role="doc-noteref">`` and
``<aside epub:type="footnote" role="doc-footnote">`` with a link back (the
EPUB 3 Structural Semantics Vocabulary; DPUB-ARIA roles for assistive technology).
HTML: a ``<section role="doc-endnotes">`` with an ``<ol>``, links both ways
(``doc-noteref`` / ``doc-backlink``), as pandoc's HTML5 writer makes it.
A note referenced inside a link's text has its mark right after the link
(an ``<a>`` cannot hold another).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from ...model import Note, Paragraph, plain_text

if TYPE_CHECKING:
    from .render import Renderer

_BACK = "\u21a9\ufe0e"  # ↩ as text, not emoji (pandoc's back-link mark)


@dataclass
class _Entry:
    number: int
    note_id: str
    ref_id: str
    body: str = ""


class Notes:
    """Collects the notes met while rendering; :meth:`section` writes them after the article."""

    def __init__(self, renderer: Renderer) -> None:
        self._renderer = renderer
        self._entries: list[_Entry] = []

    def reference(self, note: Note) -> str:
        """The note's reference mark; its text is rendered now (a note inside it is numbered after it)."""
        r = self._renderer
        number = len(self._entries) + 1
        entry = _Entry(number, r.anchors.fresh(f"fn-{number}"), r.anchors.fresh(f"fnref-{number}"))
        self._entries.append(entry)  # its place is kept before nested notes take theirs
        in_link, r.in_link = r.in_link, 0  # the note's own text may hold links
        base, r.base = r.base, r.direction  # written after the article, in the page's direction
        try:
            entry.body = self._body(note, entry)
        finally:
            r.in_link, r.base = in_link, base
        epub_type = ' epub:type="noteref"' if r.flavour.epub else ""
        mark = (f'<a class="noteref" href="#{entry.note_id}" id="{entry.ref_id}"{epub_type} role="doc-noteref">'
                f"<sup>{number}</sup></a>")
        if in_link:  # a mark in a link's text cannot be a link inside it: it follows the link
            r.after_link.append(mark)
            return ""
        return mark

    def _body(self, note: Note, entry: _Entry) -> str:
        r = self._renderer
        blocks = note.blocks
        if r.flavour.epub:  # a pop-up shows the aside alone: the number leads, and leads back
            back = f'<a href="#{entry.ref_id}" role="doc-backlink">{entry.number}.</a> '
            if blocks and isinstance(blocks[0], Paragraph):
                direction = r.dir_attr(plain_text(blocks[0].inlines))
                return f"<p{direction}>{back}{r.inlines(blocks[0].inlines)}</p>\n{r.blocks(blocks[1:])}"
            return f"<p>{back}</p>\n{r.blocks(blocks)}"
        back = f' <a href="#{entry.ref_id}" class="footnote-back" role="doc-backlink">{_BACK}</a>'
        if blocks and isinstance(blocks[-1], Paragraph):
            direction = r.dir_attr(plain_text(blocks[-1].inlines))
            return f"{r.blocks(blocks[:-1])}<p{direction}>{r.inlines(blocks[-1].inlines)}{back}</p>\n"
        return f"{r.blocks(blocks)}<p>{back}</p>\n"

    def section(self) -> str:
        """All notes after the article (``""`` without notes)."""
        if not self._entries:
            return ""
        if self._renderer.flavour.epub:
            asides = "".join(f'<aside id="{e.note_id}" epub:type="footnote" role="doc-footnote">\n{e.body}</aside>\n'
                             for e in self._entries)
            return f'<section class="footnotes" epub:type="footnotes">\n<hr/>\n{asides}</section>\n'
        items = "".join(f'<li id="{e.note_id}">\n{e.body}</li>\n' for e in self._entries)
        return f'<section class="footnotes" role="doc-endnotes">\n<hr/>\n<ol>\n{items}</ol>\n</section>\n'
