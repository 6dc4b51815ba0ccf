"""The article as platypus flowables: one small function per node type, each declaring its structure.

While it makes flowables, the story declares the tagged PDF's structure tree
(:mod:`.tagging`) in reading order: each block opens its element (``P``, ``H2``,
``L``, ``Table``...) and each flowable that draws a part of the article carries
the slot its content goes into. Figures, lists, definitions, code, tables and
notes are in :mod:`.blocks`.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import Any, assert_never

from reportlab.lib.enums import TA_JUSTIFY, TA_LEFT
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, HRFlowable, KeepTogether, Spacer

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
    InlineImage,
    Link,
    ListBlock,
    Paragraph,
    Rule,
    Subheading,
    Table,
    Text,
    plain_text,
)
from .. import _meta
from . import blocks
from . import contents as toc
from .blocks import Anchor, Context, OutlineEntry
from .inline_pictures import inline_size
from .inlines import Face, Markup, destination
from .keeping import keep_with_next
from .notes import NotedParagraph, Notes
from .paragraphs import BidiParagraph, chunks
from .runs import runs_of
from .shaping import Run, has_right_to_left, is_right_to_left
from .styles import BODY_SIZE, HEADING_STYLES, Styles, color
from .tagging import Slot, Tagged, Tags, hoisted, marker, paragraph_role

#: An outline entry keeps a heading's whole text up to this many characters (a real headline is far shorter;
#: a hostile megabyte title is cut, with an ellipsis).
OUTLINE_TEXT = 2000
#: A paragraph with a token longer than this (a URL, a hash) is not hyphenated (see _text_paragraphs).
LONG_TOKEN = 40


@dataclass
class Story:
    """The flowables of one article, the structure tree (``markup.tags``) declared as they are made.

    ``width`` x ``height``: the text block (points); ``page_width``: the paper's (wide tables).
    """

    article: Article
    styles: Styles
    markup: Markup
    notes: Notes
    width: float
    height: float
    page_width: float = 0.0
    outline_level: int = -1
    figures: int = 0
    contents: toc.Contents | None = None  # --toc: the contents block after the title block

    @property
    def tags(self) -> Tags:
        return self.markup.tags

    def flowables(self) -> list[Flowable]:
        story = list(self._title_block())
        if self.contents is not None:
            story.extend(toc.block(self, self.contents))
        for block in self.article.blocks:
            story.extend(self.block(block, Context()))
        blocks.make_notes(self)
        return keep_with_next(story)

    def _title_block(self) -> Iterator[Flowable]:
        """Title (``H1``), subtitle, description (unless it only repeats the article's start), byline, date (Quarto's
        title block) and keywords (its categories), every line but the title from ``writers/_meta.py``."""
        meta = self.article.meta
        if meta.title.strip():
            title = self.paragraphs((Text(meta.title),), "title", 0, Context("title"), anchor="title")
            yield from self._outlined(title, meta.title, 0, "title")
        else:
            yield Anchor(destination("title"))
        for style, text in (("subtitle", meta.subtitle), ("description", _meta.standfirst(self.article)),
                            ("byline", _meta.byline(meta)), ("date", _meta.display_date(meta)),
                            ("keywords", _meta.keywords_line(meta))):
            if text and text.strip():
                yield from self.paragraphs((Text(text.strip()),), style, 0, Context(style))
        yield Spacer(1, 3 * mm)

    def block(self, block: Block, context: Context) -> Iterator[Flowable]:
        match block:
            case Paragraph(inlines=inlines, line=line):
                yield from self.paragraphs(inlines, context.style, line, context)
            case Subheading(level=level, inlines=inlines, line=line, attr=attr):
                yield from self._heading(level, inlines, line, attr.identifier, context)
            case Figure():
                yield from blocks.figure(self, block, context)
            case CreditLine(inlines=inlines, line=line):
                rule = HRFlowable(width="30%", thickness=0.5, color=color("#444444"), hAlign="LEFT", spaceBefore=10,
                                  spaceAfter=4)
                yield KeepTogether([rule, *self.paragraphs(inlines, "credit", line, replace(context, style="credit"))])
            case BlockQuote(blocks=inner):
                quoted = blocks.indented(context, "quote" if context.style == "body" else context.style)
                with self.tags.open("BlockQuote"):
                    yield from (f for b in inner for f in self.block(b, quoted))
            case ListBlock():
                yield from blocks.list_block(self, block, context)
            case DefinitionList():
                yield from blocks.definitions(self, block, context)
            case CodeBlock(text=text):
                yield from blocks.code(self, text, context)
            case Rule():  # drawn as an artifact (a line, no content)
                yield HRFlowable(width="100%", thickness=0.5, color=color("#444444"), spaceBefore=6, spaceAfter=10)
            case Table():
                yield from blocks.table(self, block, context)
            case Div(attr=attr, blocks=inner):
                if attr.identifier:
                    yield Anchor(destination(attr.identifier))
                with self.tags.open("Div", Lang=attr.get("lang") or ""):
                    yield from (f for b in inner for f in self.block(b, context))
            case _:
                assert_never(block)

    def _heading(self, level: int, inlines: tuple[Inline, ...], line: int, identifier: str,
                 context: Context) -> list[Flowable]:
        """A subheading, tagged one level below the one before at most (H1 first, no level skipped: PDF/UA-1
        7.4.2), so an article without a title starts at ``H1``; its outline entry has the same level."""
        style = HEADING_STYLES[min(max(level, 2), 6) - 2]
        outline = max(min(level - 1, self.outline_level + 1), 0)
        heading = self.paragraphs(inlines, style, line, replace(context, style=style), anchor=identifier, keep=True,
                                  role=f"H{min(outline + 1, 6)}")
        return self._outlined(heading, plain_text(inlines), outline, identifier)

    # --- paragraphs ---------------------------------------------------------------------

    def paragraphs(self, inlines: tuple[Inline, ...], style_name: str, line: int, context: Context, *,
                   anchor: str = "", bullet: str | None = None, prefix: str = "", keep: bool = False,
                   role: str | None = None, label: Slot | None = None, prefix_slot: Slot | None = None,
                   element: bool = True) -> list[Flowable]:
        """A paragraph's flowables: cut into chunks when long, laid out by :mod:`.shaping` when bidirectional.

        Tagged as ``role`` (by default the style's: :func:`.tagging.paragraph_role`), or straight into
        the current element when ``element`` is false; ``label`` is the slot of its ``bullet``,
        ``prefix_slot`` that of the markup ``prefix`` (a note's number).
        """
        if not element:
            return self._paragraphs(inlines, style_name, line, context, anchor, bullet, prefix, keep, label,
                                    prefix_slot)
        with self.tags.open(role or paragraph_role(style_name)):
            return self._paragraphs(inlines, style_name, line, context, anchor, bullet, prefix, keep, label,
                                    prefix_slot)

    def _paragraphs(self, inlines: tuple[Inline, ...], style_name: str, line: int, context: Context, anchor: str,
                    bullet: str | None, prefix: str, keep: bool, label: Slot | None,
                    prefix_slot: Slot | None) -> list[Flowable]:
        changes = dict(context.changes)
        if context.indent:
            changes["leftIndent"] = context.indent
        if bullet is not None:
            changes["bulletIndent"] = max(context.indent - 15, 0)
        if keep:
            changes["keepWithNext"] = 1
        lead = _Lead(anchor, bullet, prefix, label, prefix_slot)
        made: list[Flowable] = []
        room = context.width or self.width - context.indent
        for segment in self._segments(inlines):
            if isinstance(segment, _Pictured):
                if lead != _Lead():  # a picture first: its anchor, bullet or number goes before it
                    made.extend(self._lead_only(lead, style_name, line, changes))
                    lead = _Lead()
                made.append(self.picture_in_text(segment.picture, room, segment.link, line))
                continue
            made.extend(self._text_paragraphs(segment, style_name, line, changes, lead))
            lead = _Lead()
        return made or self._text_paragraphs((), style_name, line, changes, lead)

    def _lead_only(self, lead: _Lead, style_name: str, line: int, changes: dict[str, Any]) -> list[Flowable]:
        """What a paragraph that starts with a picture (``## ![](x.jpg)``) carries before it: an anchor alone is
        a destination where the picture stands; a bullet or a note number an empty line of its own."""
        if lead.bullet is None and not lead.prefix:
            return [Anchor(destination(lead.anchor))]
        return self._text_paragraphs((), style_name, line, changes, lead)

    def picture_in_text(self, span: InlineImage, room: float, link: Link | None = None, line: int = 0) -> Flowable:
        """A picture too big for its line, drawn after its span: a ``Figure`` inside the paragraph; inside a
        ``link`` (``[![slides](icon.png)](url)``), a live link over the picture, in the link's element."""
        assert span.image is not None
        with self.markup.picture_link(link, line) as href:
            if not span.alt.strip():  # no description: decorative, an artifact, unless it is a link's content
                return blocks.picture(self, span.image, room, self.tags.slot() if href else None, href)
            with self.tags.open("Figure", Alt=span.alt.strip()):
                return blocks.picture(self, span.image, room, self.tags.slot(), href)

    def _text_paragraphs(self, inlines: tuple[Inline, ...], style_name: str, line: int, changes: dict[str, Any],
                         lead: _Lead) -> list[Flowable]:
        style = self.styles.variant(style_name, **changes)
        family, bold, italic = self.styles.font(style_name)
        face = Face(family, bold, italic, float(changes.get("fontSize", style.fontSize)))
        text = plain_text(inlines)
        if has_right_to_left(text):
            return [self._bidi_paragraph(inlines, style_name, line, changes, lead, face, text)]
        if max((len(token) for token in text.split()), default=0) > LONG_TOKEN:
            # reportlab splits a long URL once when hyphenating, then never breaks the rest: no hyphenation here
            changes = {**changes, "hyphenationLang": "", "embeddedHyphenation": 0}
            style = self.styles.variant(style_name, **changes)
        pieces = chunks(inlines)
        made: list[Flowable] = []
        for index, piece in enumerate(pieces):
            seam: dict[str, Any] = {}
            if index < len(pieces) - 1:
                seam["spaceAfter"] = 0
            if index:
                seam.update(spaceBefore=0, firstLineIndent=0)
            piece_style = self.styles.variant(style_name, **changes, **seam) if seam else style
            first = self.tags.slot()
            head = ""
            if index == 0:
                head = self.markup.anchor(lead.anchor) + lead.prefix + (marker(first) if lead.prefix_slot else "")
            self.markup.flush_left = False
            body, start, spaced = hoisted(head + self.markup.render(piece, face, line))
            for label in spaced:
                self.tags.slots[label].spaced = True
            if self.markup.flush_left and piece_style.alignment == TA_JUSTIFY:  # an inline picture: see inline_pictures
                piece_style = self.styles.variant(style_name, **{**changes, **seam, "alignment": TA_LEFT})
            paragraph = NotedParagraph(body or "\u00a0", piece_style, bulletText=lead.bullet if index == 0 else None)
            paragraph.source_text = text
            paragraph.tagged = Tagged(first if start is None else self.tags.slots[start], lead.label if index == 0 else None)
            made.append(paragraph)
        return made

    def _bidi_paragraph(self, inlines: tuple[Inline, ...], style_name: str, line: int, changes: dict[str, Any],
                        lead: _Lead, face: Face, text: str) -> Flowable:
        style = self.styles.variant(style_name, **changes)
        font = face.family.ensure(face.name)
        runs = [Run("", font, face.size, anchor=destination(lead.anchor))] if lead.anchor else []
        if lead.bullet:
            runs.append(Run(lead.bullet + " ", font, face.size, slot=lead.label))
        first = self.tags.slot()
        color = style.textColor.hexval().replace("0x", "#")
        runs += runs_of(self.markup, inlines, face, color, line, first)
        paragraph = BidiParagraph(runs, style, is_right_to_left(text))
        paragraph.tagged = Tagged(first)
        return paragraph

    def _segments(self, inlines: tuple[Inline, ...]) -> Iterator[tuple[Inline, ...] | _Pictured]:
        """Text, and after each span that holds pictures those pictures on their own lines at their own size
        (with the link each is the content of, if any).

        (reportlab draws pictures inside a paragraph only from files or trusted URLs; ours are bytes.)
        """
        start = 0
        for index, span in enumerate(inlines):
            pictures = [found for found in _pictures_in(span, None) if found.picture.image is not None
                        and inline_size(found.picture.image, BODY_SIZE) is None]  # small ones stay in the line
            if not pictures:
                continue
            text = inlines[start:index] if isinstance(span, InlineImage) else inlines[start:index + 1]
            if text:
                yield text
            yield from pictures
            start = index + 1
        if start < len(inlines) or start == 0:
            yield inlines[start:]

    def _outlined(self, flowables: list[Flowable], text: str, level: int, identifier: str) -> list[Flowable]:
        if not flowables:
            return flowables
        level = max(min(level, self.outline_level + 1), 0)
        self.outline_level = level
        short = text if len(text) <= OUTLINE_TEXT else text[: OUTLINE_TEXT - 1] + "\u2026"
        return [OutlineEntry(destination(identifier) if identifier else None, level, short or "\u2026"), *flowables]


@dataclass(frozen=True)
class _Pictured:
    """A picture drawn on its own line, and the link it is the content of (``None``: none)."""

    picture: InlineImage
    link: Link | None


def _pictures_in(span: Inline, link: Link | None) -> Iterator[_Pictured]:
    """The pictures in ``span`` in reading order, each with its nearest enclosing link."""
    if isinstance(span, InlineImage):
        yield _Pictured(span, link)
        return
    children = getattr(span, "children", None)
    if isinstance(children, tuple):
        inner = span if isinstance(span, Link) else link
        for child in children:
            yield from _pictures_in(child, inner)


@dataclass(frozen=True)
class _Lead:
    """What only a paragraph's first piece carries: its anchor, bullet (and its slot), note number (and its slot)."""

    anchor: str = ""
    bullet: str | None = None
    prefix: str = ""
    label: Slot | None = None
    prefix_slot: Slot | None = None
