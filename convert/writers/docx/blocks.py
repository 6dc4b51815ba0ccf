"""The article's blocks as Word paragraphs and tables, each in its named style.

The title block is in ``titleblock.py``; subheadings → ``Heading 2`` ..
``Heading 6``; figure → a ``Figure`` paragraph holding the picture (alt text in
``wp:docPr/@descr``), or for a picture not loaded its description and its
address as a link, then ``Caption``, then ``Photo Credit``; credit line →
``Credit``; body → ``Body Text``; quotes → ``Quote`` (inside a note, lists and
quotes take their ``Footnote ...`` twins: ``Scope.style``); code → ``Source
Code``; rules → ``Separator``; a ``Div`` with ``custom-style`` puts its
paragraphs in that style (pandoc's convention). Every identifier is a bookmark.

Blocks are appended to a container element (the body, a table cell, a
footnote) in O(1) each; the body's ``w:sectPr`` is put back last.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import assert_never, cast

from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml.text.run import CT_R
from docx.parts.story import StoryPart
from docx.shared import Emu
from docx.text.run import Run
from lxml import etree

from ...model import (
    Article,
    Block,
    BlockQuote,
    CodeBlock,
    CreditLine,
    DefinitionList,
    Div,
    Figure,
    Inline,
    ListBlock,
    Paragraph,
    Rule,
    Subheading,
    Table,
    Text,
)
from ...text import xml_safe
from .. import _common, _images
from .anchors import Bookmarks, bookmark_names, identifiers_in_order
from .contents import write_contents
from .inlines import PLAIN, Marks, RunProperties, hyperlink, write_inlines
from .lists import Numbering, write_definitions, write_list
from .notes import Notes
from .ooxml import break_run, paragraph, paragraph_properties, sub, text_run, w
from .pictures import add_picture
from .sheet import StyleSheet
from .styles import IN_NOTES
from .tables import space_after_table, write_table
from .template import Parts
from .titleblock import write_title_block

_EMU_PER_TWIP = 635

#: A caption with a photo credit under it keeps 1 pt below, as in the PDF.
_CREDITED_CAPTION_AFTER = "20"
#: A figure without caption or credit keeps the space below that its caption would (``Caption``'s 12 pt).
_FIGURE_AFTER = "240"


@dataclass(frozen=True)
class Scope:
    """Where blocks go and how they look there.

    ``container``: the element paragraphs are appended to (body, ``w:tc``, ``w:footnote``);
    ``part``: the story part its relationships belong to; ``width``: the room for pictures (EMU);
    ``body_style``: the style of a plain paragraph here; ``custom``: a Div's ``custom-style``.
    """

    container: etree._Element
    part: StoryPart
    width: int
    line: int = 0
    quote: int = 0
    level: int = -1
    body_style: str = "BodyText"
    custom: str | None = None
    in_note: bool = False

    def style(self, style_id: str) -> str:
        """``style_id``, or its footnote twin inside a note (lists and quotes at the note's size)."""
        return IN_NOTES.get(style_id, style_id) if self.in_note else style_id


@dataclass(frozen=True)
class _Story:
    """What python-docx's ``Run`` needs of its parent: the part relationships go to."""

    part: StoryPart


class Renderer:
    """Everything one document's rendering shares: bookmarks, links, numbering, notes, styles."""

    def __init__(self, parts: Parts, article: Article, numbering: Numbering) -> None:
        self.parts = parts
        self.source = article.source
        identifiers = identifiers_in_order(article.blocks)[0 if article.meta.title.strip() else 1:]  # no "title" without one
        self.bookmarks = Bookmarks(bookmark_names(identifiers))
        self.numbering = numbering
        self.notes = Notes(parts)
        self.styles = StyleSheet(parts.styles)
        self.links: dict[tuple[str, str], str] = {}
        self.properties: dict[Marks, RunProperties] = {}
        self.right_to_left = False  # any right-to-left text seen: paragraphs then get their direction
        self.direction = _common.article_direction(article)  # of a paragraph or table without letters
        self.text_width, text_height = text_box(parts.section)
        self.figure_height = text_height

    def run_properties(self, marks: Marks) -> RunProperties:
        if marks not in self.properties:
            self.properties[marks] = marks.properties()
        return self.properties[marks]

    def link_id(self, part: StoryPart, target: str) -> str:
        """One relationship per address and part (python-docx's ``relate_to`` rescans them all on each call)."""
        key = (str(part.partname), target)
        if key not in self.links:
            rel_id = f"rIdLink{len(self.links) + 1}"
            part.rels.add_relationship(RELATIONSHIP_TYPE.HYPERLINK, target, rel_id, is_external=True)
            self.links[key] = rel_id
        return self.links[key]

    @staticmethod
    def story(part: StoryPart) -> _Story:
        return _Story(part)

    # --- the article ---

    def article(self, article: Article, body: etree._Element, toc: bool = False) -> None:
        """Render the whole article at the end of ``body`` (which must not hold its ``w:sectPr`` meanwhile).

        ``toc``: a table of contents after the title block (pandoc's ``--toc``).
        """
        scope = Scope(body, self.parts.document, self.text_width)
        write_title_block(self, article, scope)
        if toc:
            write_contents(self, article, scope)
        self.blocks(article.blocks, scope)

    def blocks(self, blocks: tuple[Block, ...], scope: Scope) -> None:
        after_table = False
        for block in blocks:
            start = len(scope.container)
            self.block(block, scope)
            if after_table:
                space_after_table(scope.container, start)
            after_table = isinstance(block, Table)

    def block(self, block: Block, scope: Scope) -> None:
        scope = dataclasses.replace(scope, line=block.line or scope.line)
        match block:
            case Paragraph(inlines=inlines):
                style = scope.custom or scope.style("Quote" if scope.quote else scope.body_style)
                write_inlines(self, paragraph(scope.container, style), inlines, scope)
            case Subheading(level=level, inlines=inlines, attr=attr):
                self.heading_like(scope, f"Heading{min(max(level, 2), 6)}", inlines, attr.identifier)
            case Figure():
                self.figure(block, scope)
            case CreditLine(inlines=inlines):
                write_inlines(self, paragraph(scope.container, "Credit"), inlines, scope)
            case BlockQuote(blocks=blocks):
                self.blocks(blocks, dataclasses.replace(scope, quote=scope.quote + 1))
            case ListBlock():
                write_list(self, block, scope)
            case DefinitionList():
                write_definitions(self, block, scope)
            case CodeBlock(text=text):
                self.code(text, scope)
            case Rule():
                paragraph(scope.container, "Separator")
            case Table():
                write_table(self, block, scope)
            case Div():
                self.div(block, scope)
            case _:
                assert_never(block)

    def heading_like(self, scope: Scope, style: str, inlines: tuple[Inline, ...], identifier: str) -> None:
        """A paragraph in ``style`` whose text is the bookmark ``identifier`` (Word's cross-references show it)."""
        p = paragraph(scope.container, style)
        opened = self.bookmarks.start(p, identifier) if identifier else None
        write_inlines(self, p, inlines, scope)
        Bookmarks.end(p, opened)

    def figure(self, figure: Figure, scope: Scope) -> None:
        holder = paragraph(scope.container, "Figure")
        opened = self.bookmarks.start(holder, figure.attr.identifier) if figure.attr.identifier else None
        if figure.image is not None:
            width, height = _images.figure_size(figure.image, scope.width, self.figure_height, _images.EMU_PER_INCH)
            run = text_run(holder, "")
            add_picture(Run(cast("CT_R", run), _Story(scope.part)), figure.image, Emu(int(width)), Emu(int(height)), figure.alt)
        else:
            self.stand_in(holder, figure, scope)
        Bookmarks.end(holder, opened)
        if not figure.caption and not figure.credit:  # the space a caption would leave: two figures stay apart
            sub(paragraph_properties(holder), w("spacing"), before="0", after=_FIGURE_AFTER)
        if figure.caption:
            caption = paragraph(scope.container, "Caption")
            write_inlines(self, caption, figure.caption, scope)
            if figure.credit:
                properties = paragraph_properties(caption)
                sub(properties, w("keepNext"))
                sub(properties, w("spacing"), after=_CREDITED_CAPTION_AFTER)
        if figure.credit:
            write_inlines(self, paragraph(scope.container, "PhotoCredit"), (Text(figure.credit),), scope)

    def stand_in(self, holder: etree._Element, figure: Figure, scope: Scope) -> None:
        """A picture not loaded: its description (:func:`.._common.figure_description`), then, on a line of its
        own, its address as a link."""
        description = _common.figure_description(figure)
        if description:
            write_inlines(self, holder, (Text(description),), scope)
            if figure.src:
                break_run(holder)
        if figure.src and not hyperlink(self, holder, figure.src, (Text(figure.src),), scope, PLAIN):
            write_inlines(self, holder, (Text(figure.src),), scope)

    def code(self, text: str, scope: Scope) -> None:
        p = paragraph(scope.container, "SourceCode")
        for index, line in enumerate(xml_safe(text).split("\n")):
            if index:
                break_run(p)
            if line:
                text_run(p, line)

    def div(self, div: Div, scope: Scope) -> None:
        custom = div.attr.get("custom-style")
        inner = dataclasses.replace(scope, custom=self.styles.paragraph(custom)) if custom else scope
        opened = self.bookmarks.start(scope.container, div.attr.identifier) if div.attr.identifier else None
        self.blocks(div.blocks, inner)
        Bookmarks.end(scope.container, opened)



def text_box(section: etree._Element) -> tuple[int, int]:
    """The text block's width and height in EMU: the page less its margins (``w:pgSz``, ``w:pgMar`` in twips)."""
    size, margins = section.find(w("pgSz")), section.find(w("pgMar"))

    def twips(element: etree._Element | None, name: str, default: int) -> int:
        value = element.get(w(name)) if element is not None else None
        return int(value) if value is not None and value.lstrip("-").isdigit() else default

    width = twips(size, "w", 11906) - twips(margins, "left", 1417) - twips(margins, "right", 1417)
    height = twips(size, "h", 16838) - twips(margins, "top", 1361) - twips(margins, "bottom", 1247)
    return max(width, 1440) * _EMU_PER_TWIP, max(height, 1440) * _EMU_PER_TWIP
