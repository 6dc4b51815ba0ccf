"""The article as platypus flowables: one small function per node type.

Every flowable that stands for a part of the article is made through
:meth:`Story.part`, the one place where a later step (tagged PDF, issue 15) can
wrap a part's drawing in marked content; ``flowable.part`` names the part
("title", "h2", "p", "figure", "caption", "table", "note", ...).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from typing import Any, assert_never

from reportlab.lib.enums import TA_LEFT
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, HRFlowable, KeepTogether, Preformatted, Spacer

from ...model import (
    Article,
    Block,
    BlockQuote,
    CodeBlock,
    CreditLine,
    DefinitionList,
    Div,
    Figure,
    Image,
    Inline,
    InlineImage,
    LineBreak,
    Link,
    ListBlock,
    Paragraph,
    Rule,
    Subheading,
    Table,
    Text,
    plain_text,
    walk_inlines,
)
from .. import _images, _meta
from .inline_pictures import inline_size
from .inlines import Face, Markup, destination
from .notes import NotedParagraph, Notes, note_label
from .paragraphs import BidiParagraph, chunks
from .pictures import Picture
from .runs import runs_of
from .shaping import Run, has_right_to_left, is_right_to_left
from .styles import BODY_SIZE, HEADING_STYLES, INDENT, LINK_COLOR, Styles
from .tables import table_flowable

#: A wide table may reach this close to the paper's edge (points).
WIDE_TABLE_MARGIN = 15 * mm
#: Deeper list and quote levels stop moving right, so nothing runs off the page.
MAX_INDENT_LEVELS = 8
_BULLETS = ("\u2022", "\u2013", "\u2023")  # bullet, en dash, triangular bullet: glyphs the text face has
OUTLINE_TEXT = 300
#: A paragraph with a token longer than this (a URL, a hash) is not hyphenated (see _text_paragraphs).
LONG_TOKEN = 40


@dataclass(frozen=True)
class Context:
    """Where a block sits: its paragraph style, indent (points) and extra style settings."""

    style: str = "body"
    indent: float = 0.0
    changes: tuple[tuple[str, Any], ...] = ()
    width: float = 0.0  # the room for pictures (0: the text width less the indent)


class Anchor(Flowable):  # type: ignore[misc]
    """A destination where it stands (for a figure, table or div with an id)."""

    _ZEROSIZE = True

    def __init__(self, name: str) -> None:
        super().__init__()
        self.name = name

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        self.canv.bookmarkHorizontal(self.name, 0, 0)


@dataclass
class Story:
    article: Article
    styles: Styles
    markup: Markup
    notes: Notes
    width: float
    height: float
    page_width: float = 0.0
    outline_level: int = -1
    figures: int = 0
    made: list[Flowable] = field(default_factory=list)

    def part(self, kind: str, flowable: Flowable) -> Flowable:
        """Every flowable of a model part passes here (issue 15 wraps its drawing in marked content)."""
        flowable.part = kind
        return flowable

    def flowables(self) -> list[Flowable]:
        story = list(self._title_block())
        for block in self.article.blocks:
            story.extend(self.block(block, Context()))
        self.make_notes()
        return story

    def _title_block(self) -> Iterator[Flowable]:
        meta = self.article.meta
        if meta.title.strip():
            title = self.paragraphs((Text(meta.title),), "title", 0, Context("title"), anchor="title")
            yield from self._outlined(title, meta.title, 0, "title")
        else:
            yield Anchor(destination("title"))
        for style, text in (("subtitle", meta.subtitle), ("byline", _meta.byline(meta)),
                            ("date", _meta.display_date(meta))):
            if text:
                yield from self.paragraphs((Text(text),), style, 0, Context(style))
        yield Spacer(1, 3 * mm)

    def block(self, block: Block, context: Context) -> Iterator[Flowable]:
        match block:
            case Paragraph(inlines=inlines, line=line):
                yield from self.paragraphs(inlines, context.style, line, context)
            case Subheading(level=level, inlines=inlines, line=line, attr=attr):
                style = HEADING_STYLES[min(max(level, 2), 6) - 2]
                heading = self.paragraphs(inlines, style, line, replace(context, style=style),
                                          anchor=attr.identifier, keep=True)
                yield from self._outlined(heading, plain_text(inlines), level - 1, attr.identifier)
            case Figure():
                yield from self._figure(block, context)
            case CreditLine(inlines=inlines, line=line):
                rule = HRFlowable(width="30%", thickness=0.5, color="#444444", hAlign="LEFT", spaceBefore=10,
                                  spaceAfter=4)
                yield KeepTogether([rule, *self.paragraphs(inlines, "credit", line, replace(context, style="credit"))])
            case BlockQuote(blocks=blocks):
                inner = self._indented(context, "quote" if context.style == "body" else context.style)
                yield from self._part_of("quote", (f for b in blocks for f in self.block(b, inner)))
            case ListBlock():
                yield from self._list(block, context)
            case DefinitionList():
                yield from self._definitions(block, context)
            case CodeBlock(text=text):
                yield from self._code(text, context)
            case Rule():
                yield self.part("rule", HRFlowable(width="100%", thickness=0.5, color="#444444", spaceBefore=6,
                                                   spaceAfter=10))
            case Table():
                yield from self._table(block, context)
            case Div(attr=attr, blocks=blocks):
                if attr.identifier:
                    yield Anchor(destination(attr.identifier))
                yield from self._part_of("div", (f for b in blocks for f in self.block(b, context)))
            case _:
                assert_never(block)

    def _part_of(self, kind: str, flowables: Iterator[Flowable]) -> Iterator[Flowable]:
        for flowable in flowables:
            if not hasattr(flowable, "container"):
                flowable.container = kind
            yield flowable

    def _indented(self, context: Context, style: str) -> Context:
        levels = int(context.indent // INDENT)
        indent = context.indent + (INDENT if levels < MAX_INDENT_LEVELS else 0)
        return Context(style, indent, context.changes, context.width)

    # --- paragraphs ---------------------------------------------------------------------

    def paragraphs(self, inlines: tuple[Inline, ...], style_name: str, line: int, context: Context, *,
                   anchor: str = "", bullet: str | None = None, prefix: str = "", keep: bool = False) -> list[Flowable]:
        """A paragraph's flowables: cut into chunks when long, laid out by :mod:`.shaping` when bidirectional."""
        changes = dict(context.changes)
        if context.indent:
            changes["leftIndent"] = context.indent
        if bullet is not None:
            changes["bulletIndent"] = max(context.indent - 15, 0)
        if keep:
            changes["keepWithNext"] = 1
        made: list[Flowable] = []
        room = context.width or self.width - context.indent
        for segment in self._segments(inlines, room):
            if isinstance(segment, Flowable):
                made.append(self.part("figure", segment))
                continue
            made.extend(self._text_paragraphs(segment, style_name, line, changes, anchor, bullet, prefix))
            anchor, bullet, prefix = "", None, ""
        return made or self._text_paragraphs((), style_name, line, changes, anchor, bullet, prefix)

    def _text_paragraphs(self, inlines: tuple[Inline, ...], style_name: str, line: int, changes: dict[str, Any],
                         anchor: str, bullet: str | None, prefix: str) -> list[Flowable]:
        style = self.styles.variant(style_name, **changes)
        family, bold, italic = self.styles.font(style_name)
        face = Face(family, bold, italic, float(changes.get("fontSize", style.fontSize)))
        text = plain_text(inlines)
        if has_right_to_left(text):
            runs = self._bidi_prefix(face, anchor, bullet)
            runs += runs_of(self.markup, inlines, face, style.textColor.hexval().replace("0x", "#"), line)
            return [self.part(_kind(style_name), BidiParagraph(runs, style, is_right_to_left(text)))]
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
            head = (self.markup.anchor(anchor) + prefix) if index == 0 else ""
            self.markup.flush_left = False
            body = head + self.markup.render(piece, face, line)
            if self.markup.flush_left:  # an inline picture: see inline_pictures
                piece_style = self.styles.variant(style_name, **changes, **seam, alignment=TA_LEFT)
            made.append(self.part(_kind(style_name), NotedParagraph(body or "\u00a0", piece_style,
                                                                    bulletText=bullet if index == 0 else None)))
        return made

    def _bidi_prefix(self, face: Face, anchor: str, bullet: str | None) -> list[Run]:
        font = face.family.ensure(face.name)
        runs = [Run("", font, face.size, anchor=destination(anchor))] if anchor else []
        if bullet:
            runs.append(Run(bullet + " ", font, face.size))
        return runs

    def _segments(self, inlines: tuple[Inline, ...], width: float) -> Iterator[tuple[Inline, ...] | Flowable]:
        """Text, and after each span that holds pictures those pictures on their own lines at their own size.

        (reportlab draws pictures inside a paragraph only from files or trusted URLs; ours are bytes.)
        """
        start = 0
        for index, span in enumerate(inlines):
            pictures = [s.image for s in walk_inlines((span,)) if isinstance(s, InlineImage) and s.image is not None
                        and inline_size(s.image, BODY_SIZE) is None]  # small ones stay in the line
            if not pictures:
                continue
            text = inlines[start:index] if isinstance(span, InlineImage) else inlines[start:index + 1]
            if text:
                yield text
            for image in pictures:
                yield self._picture(image, width)
            start = index + 1
        if start < len(inlines) or start == 0:
            yield inlines[start:]

    def _outlined(self, flowables: list[Flowable], text: str, level: int, identifier: str) -> list[Flowable]:
        if not flowables:
            return flowables
        level = max(min(level, self.outline_level + 1), 0)
        self.outline_level = level
        short = text if len(text) <= OUTLINE_TEXT else text[: OUTLINE_TEXT - 1] + "\u2026"
        flowables[0].outline = (destination(identifier) if identifier else None, level, short or "\u2026")
        return flowables

    # --- figures, lists, definitions, code, tables, notes ------------------------------------

    def _figure(self, figure: Figure, context: Context) -> Iterator[Flowable]:
        self.figures += 1
        parts: list[Flowable] = [Anchor(f"figure-{self.figures}")]
        if figure.attr.identifier:
            parts.append(Anchor(destination(figure.attr.identifier)))
        if figure.image is not None:
            room = context.width or self.width - context.indent
            parts.append(self.part("figure", self._picture(figure.image, room)))
        caption_style = "caption_credited" if figure.credit else "caption"
        caption = figure.caption
        if figure.image is None:  # not loaded: its description stands in for it, then its address as a link
            described = figure.alt.strip() and figure.alt.strip() != plain_text(caption).strip()
            stand_in: tuple[Inline, ...] = (Text(figure.alt.strip()),) if described else ()
            if figure.src:
                address: tuple[Inline, ...] = (Link(figure.src, (Text(figure.src),)),)
                stand_in = (*stand_in, Text(" "), *address) if stand_in else address
            caption = (*caption, LineBreak(), *stand_in) if caption and stand_in else caption or stand_in
        if caption:
            parts.extend(self.part("caption", p)
                         for p in self.paragraphs(caption, caption_style, figure.line, Context(caption_style)))
        if figure.credit:
            parts.extend(self.part("photo_credit", p) for p in
                         self.paragraphs((Text(figure.credit),), "photo_credit", figure.line, Context("photo_credit")))
        yield KeepTogether(parts)

    def _picture(self, image: Image, width: float) -> Flowable:
        """A picture at the size the shared rule gives (writers/_images.py: never enlarged, never too tall)."""
        drawn_width, drawn_height = _images.figure_size(image, width, self.height, _images.POINTS_PER_INCH)
        return Picture(image, drawn_width, drawn_height, text_font=self.styles["body"].fontName)

    def _list(self, block: ListBlock, context: Context) -> Iterator[Flowable]:
        inner = self._indented(context, "item" if context.style in ("body", "quote") else context.style)
        depth = int(context.indent // INDENT)
        for number, item in enumerate(block.items, start=block.start):
            marker = _marker(block, number, depth)
            first, rest = (item[0], item[1:]) if item else (Paragraph(()), ())
            if isinstance(first, Paragraph):
                yield from self.paragraphs(first.inlines, inner.style, first.line, inner, bullet=marker)
            else:
                yield from self.paragraphs((), inner.style, block.line, inner, bullet=marker)
                rest = (first, *rest)
            for child in rest:
                yield from self.block(child, inner)
        if block.items:
            yield Spacer(1, 5)

    def _definitions(self, block: DefinitionList, context: Context) -> Iterator[Flowable]:
        for entry in block.items:
            yield from self.paragraphs(entry.term, "term", block.line, replace(context, style="term"), keep=True)
            inner = self._indented(context, context.style)
            for definition in entry.definitions:
                for child in definition:
                    yield from self.block(child, inner)

    def _code(self, text: str, context: Context) -> Iterator[Flowable]:
        style = self.styles.variant("code", leftIndent=context.indent + 8)
        columns = max(int((self.width - context.indent - 16) / (style.fontSize * 0.61)), 20)
        yield self.part("code", Preformatted(text.rstrip("\n") or " ", style, maxLineLength=columns,
                                             newLineChars=""))

    def _table(self, table: Table, context: Context) -> Iterator[Flowable]:
        if table.attr.identifier:
            yield Anchor(destination(table.attr.identifier))
        if table.caption:
            yield from self.paragraphs(table.caption, "table_caption", table.line, Context("table_caption"), keep=True)

        def cell(blocks: tuple[Block, ...], style: str, changes: dict[str, object], width: float) -> list[Flowable]:
            inner = Context(style, 0.0, tuple(sorted(changes.items())), width)
            return [f for b in blocks for f in self.block(b, inner)]

        fonts = (self.styles["cell"].fontName, self.styles["head_cell"].fontName)
        widest = self.page_width - 2 * WIDE_TABLE_MARGIN
        yield self.part("table", table_flowable(table, self.width - context.indent, cell, fonts, widest))

    def make_notes(self) -> None:
        """Make every note's flowables (notes inside notes are numbered after; the loop takes them too)."""
        number = len(self.notes.flowables)
        while number < len(self.notes.notes):
            number += 1
            note = self.notes.notes[number - 1]
            label = note_label(number, LINK_COLOR)
            made: list[Flowable] = []
            first = True
            for child in note.blocks or (Paragraph(()),):
                if first and isinstance(child, Paragraph) and not has_right_to_left(plain_text(child.inlines)):
                    made.extend(self.paragraphs(child.inlines, "note", child.line, Context("note"), prefix=label))
                else:
                    if first:
                        made.extend(self.paragraphs((), "note", child.line, Context("note"), prefix=label))
                    made.extend(self.block(child, Context("note")))
                first = False
            self.notes.flowables[number] = [self.part("note", f) for f in made]


def _marker(block: ListBlock, number: int, depth: int) -> str:
    if not block.ordered:
        return _BULLETS[depth % len(_BULLETS)]
    return f"{_number(number, block.style)}."


def _number(number: int, style: str) -> str:
    if style in ("lower-alpha", "upper-alpha") and number > 0:
        letters = ""
        while number > 0:
            number, rest = divmod(number - 1, 26)
            letters = chr(97 + rest) + letters
        return letters.upper() if style == "upper-alpha" else letters
    if style in ("lower-roman", "upper-roman") and 0 < number < 4000:
        roman = _roman(number)
        return roman if style == "upper-roman" else roman.lower()
    return str(number)


def _roman(number: int) -> str:
    values = ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"), (40, "XL"),
              (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))
    out = ""
    for value, letters in values:
        while number >= value:
            out += letters
            number -= value
    return out


def _kind(style: str) -> str:
    return {"body": "p", "item": "li", "quote": "p", "cell": "td", "head_cell": "th"}.get(style, style)
