"""Figures, lists, definition lists, code, tables and notes for :class:`.story.Story`, each with its structure;
:class:`Context` (where a block sits) and :class:`Anchor` (a destination).

- a figure: ``Figure`` (``/Alt``: the alt text) with the picture, then ``Caption`` with the
  caption's text and the ``PhotoCredit``; a picture without a description is an artifact;
- a list: ``L`` (``/ListNumbering``) → ``LI`` → ``Lbl`` (the bullet or number) + ``LBody``;
  a definition list the same, the term as ``Lbl`` and the definitions in ``LBody``
  (as pandoc's and the PDF Association's practice for ``<dl>``);
- code: ``Code``; a table: ``Table`` → ``Caption``, ``THead``/``TBody``/``TFoot`` → ``TR``
  → ``TH`` (``/Scope /Column``) or ``TD``, with ``/ColSpan`` and ``/RowSpan``;
- a note: ``Note`` (``/ID``) where its reference is, → ``Lbl`` (its number, a link back) and
  its blocks; a note sent to the end of the article moves to the "Notes" section there.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Preformatted, Spacer

from ...model import (
    Block,
    Cell,
    DefinitionList,
    Figure,
    Image,
    Inline,
    LineBreak,
    Link,
    ListBlock,
    Paragraph,
    Table,
    Text,
    plain_text,
)
from .. import _common, _images
from .fitting import FittingFigure
from .inlines import destination
from .notes import note_label
from .pictures import Picture
from .shaping import has_right_to_left
from .styles import INDENT, LINK_COLOR
from .tables import LEAST_COLUMN, table_flowables
from .tagging import Element, Slot

if TYPE_CHECKING:
    from .story import Story

log = logging.getLogger("convert")

#: A wide table may reach this close to the paper's edge (points).
WIDE_TABLE_MARGIN = 15 * mm
#: Deeper list and quote levels stop moving right, so nothing runs off the page.
MAX_INDENT_LEVELS = 8
_BULLETS = ("\u2022", "\u2013", "\u2023")  # bullet, en dash, triangular bullet: glyphs the text face has
_NUMBERING = {"decimal": "Decimal", "lower-alpha": "LowerAlpha", "upper-alpha": "UpperAlpha",
              "lower-roman": "LowerRoman", "upper-roman": "UpperRoman"}
_BULLET_NAMES = ("Disc", "Circle", "Square")


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


class OutlineEntry(Flowable):  # type: ignore[misc]
    """An outline entry (``outline``: destination, level, text) just before the heading it names.

    A flowable of its own, not an attribute of the heading's first flowable: a heading
    split across pages (a title longer than a page) is drawn as new pieces that would
    not carry it. Kept with the heading, so the entry's page is the heading's.
    """

    _ZEROSIZE = True

    def __init__(self, destination: str | None, level: int, text: str) -> None:
        super().__init__()
        self.outline = (destination, level, text)
        self.keepWithNext = 1

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        pass


def indented(context: Context, style: str) -> Context:
    """The context of a block one level in (a quote, a list item, a definition)."""
    levels = int(context.indent // INDENT)
    indent = context.indent + (INDENT if levels < MAX_INDENT_LEVELS else 0)
    return replace(context, style=style, indent=indent)


class TaggedPreformatted(Preformatted):  # type: ignore[misc]
    """A code block drawn as the marked content of its ``Code`` element."""

    slot: Slot | None = None

    def draw(self) -> None:
        marks = getattr(self.canv, "marks", None)
        if marks is None:
            super().draw()
            return
        with marks.content(self.canv, self.slot):
            super().draw()


def picture(story: Story, image: Image, width: float, slot: Slot | None, link: str | None = None) -> Flowable:
    """A picture at the size the shared rule gives (writers/_images.py: never enlarged, never too tall);
    ``link``: where it points when it is a link's content (an annotation over it)."""
    drawn_width, drawn_height = _images.figure_size(image, width, story.height, _images.POINTS_PER_INCH)
    return Picture(image, drawn_width, drawn_height, text_font=story.styles["body"].fontName, slot=slot, link=link)


def figure(story: Story, block: Figure, context: Context) -> Iterator[Flowable]:
    story.figures += 1
    tags = story.tags
    parts: list[Flowable] = [Anchor(f"figure-{story.figures}")]
    if block.attr.identifier:
        parts.append(Anchor(destination(block.attr.identifier)))
    caption_text = plain_text(block.caption).strip()
    alt = block.alt.strip() or caption_text
    room = context.width or story.width - context.indent
    if block.image is not None and alt:
        with tags.open("Figure", Alt=alt):
            parts.append(picture(story, block.image, room, tags.slot()))
    elif block.image is not None:  # no description at all: decorative, an artifact
        parts.append(picture(story, block.image, room, None))
    else:  # not loaded: its description stands in for it, then its address as a link (every writer's order)
        description = _common.figure_description(block)
        stand_in: list[Inline] = [Text(description)] if description else []
        if block.src:
            stand_in.append(Link(block.src, (Text(block.src),)))
        shown = tuple(x for i, span in enumerate(stand_in) for x in ((LineBreak(),) if i else ()) + (span,))
        if shown:
            parts.extend(story.paragraphs(shown, "caption", block.line, Context("caption"), role="P"))
    if not (block.caption or block.credit):
        parts[-1].spaceAfter = 12  # what a caption would have kept below the picture
    caption_style = "caption_credited" if block.credit else "caption"
    if block.caption or block.credit:
        with tags.open("Caption"):
            if block.caption:
                parts.extend(story.paragraphs(block.caption, caption_style, block.line, Context(caption_style),
                                              element=False))
            if block.credit:
                parts.extend(story.paragraphs((Text(block.credit),), "photo_credit", block.line,
                                              Context("photo_credit")))
    yield FittingFigure(parts, next((p for p in parts if isinstance(p, Picture)), None))


def list_block(story: Story, block: ListBlock, context: Context) -> Iterator[Flowable]:
    inner = indented(context, "item" if context.style in ("body", "quote") else context.style)
    depth = int(context.indent // INDENT)
    tags = story.tags
    numbering = _NUMBERING[block.style] if block.ordered else _BULLET_NAMES[depth % len(_BULLET_NAMES)]
    with tags.open("L") as element:
        element.owned["List"] = {"ListNumbering": numbering}
        for number, item in enumerate(block.items, start=block.start):
            with tags.open("LI"):
                with tags.open("Lbl"):
                    label = tags.slot()
                with tags.open("LBody"):
                    yield from _item(story, block, item, _marker(block, number, depth), label, inner)
    if block.items:
        yield Spacer(1, 5)


def _item(story: Story, block: ListBlock, item: tuple[Block, ...], bullet: str, label: Slot,
          inner: Context) -> Iterator[Flowable]:
    first, rest = (item[0], item[1:]) if item else (Paragraph(()), ())
    if isinstance(first, Paragraph):
        yield from story.paragraphs(first.inlines, inner.style, first.line, inner, bullet=bullet, label=label)
    else:
        yield from story.paragraphs((), inner.style, block.line, inner, bullet=bullet, label=label)
        rest = (first, *rest)
    for child in rest:
        yield from story.block(child, inner)


def definitions(story: Story, block: DefinitionList, context: Context) -> Iterator[Flowable]:
    tags = story.tags
    with tags.open("L"):
        for entry in block.items:
            with tags.open("LI"):
                yield from story.paragraphs(entry.term, "term", block.line, replace(context, style="term"), keep=True,
                                            role="Lbl")
                inner = indented(context, context.style)
                with tags.open("LBody"):
                    for definition in entry.definitions:
                        for child in definition:
                            yield from story.block(child, inner)


def code(story: Story, text: str, context: Context) -> Iterator[Flowable]:
    style = story.styles.variant("code", leftIndent=context.indent + 8)
    columns = max(int((story.width - context.indent - 16) / (style.fontSize * 0.61)), 20)
    flowable = TaggedPreformatted(text.rstrip("\n") or " ", style, maxLineLength=columns, newLineChars="")
    with story.tags.open("Code"):
        flowable.slot = story.tags.slot()
    yield flowable


def table(story: Story, block: Table, context: Context) -> Iterator[Flowable]:
    if block.attr.identifier:
        yield Anchor(destination(block.attr.identifier))
    tags = story.tags
    with tags.open("Table"):
        if block.caption:
            yield from story.paragraphs(block.caption, "table_caption", block.line, Context("table_caption"),
                                        keep=True)
        rows: list[Element] = []
        for role, group in (("THead", block.head), ("TBody", block.body), ("TFoot", block.foot)):
            if group:
                with tags.open(role):
                    rows.extend(tags.element("TR") for _ in group)

        def cell(cell: Cell, row: int, style: str, changes: dict[str, object], width: float) -> list[Flowable]:
            inner = Context(style, 0.0, tuple(sorted(changes.items())), width)
            with tags.inside(rows[row]), tags.open("TH" if style == "head_cell" else "TD") as element:
                spans = {"ColSpan": cell.col_span, "RowSpan": cell.row_span}
                element.owned["Table"] = {k: v for k, v in spans.items() if v > 1}
                if style == "head_cell":
                    element.owned["Table"]["Scope"] = "Column"
                return [f for b in cell.blocks for f in story.block(b, inner)]

        fonts = (story.styles["cell"].fontName, story.styles["head_cell"].fontName)
        width = context.width or story.width - context.indent
        widest = story.page_width - 2 * WIDE_TABLE_MARGIN if not context.width else width  # a table in a cell: the cell
        if width < LEAST_COLUMN:  # tables nested deep in narrow columns: one column's least, over the cell's edge
            story.markup.warn_once(f"a table nested in a cell {max(width, 0):.0f} pt wide: set "
                                   f"{LEAST_COLUMN:.1f} pt wide, over the cell's edge", block.line)
            width = widest = LEAST_COLUMN
        parts = table_flowables(block, width, cell, fonts, widest)
        if len(parts) > 1:
            story.markup.warn_once(f"a table of {len(block.columns)} columns is wider than "
                                   f"{'its cell' if context.width else 'the page'}: set in {len(parts)} parts, "
                                   "one under the other", block.line)
        yield from parts


def make_notes(story: Story) -> None:
    """Make every note's flowables inside its ``Note`` element (notes inside notes are numbered after;
    the loop takes them too)."""
    notes, tags = story.notes, story.tags
    number = len(notes.flowables)
    while number < len(notes.notes):
        number += 1
        note = notes.notes[number - 1]
        with tags.inside(tags.notes[number]):
            with tags.open("Lbl"):
                link, first, _ = tags.inline("Link")
                link.target, link.text = f"#fnref-{number}", f"Back to the reference of note {number}"
            label = note_label(number, LINK_COLOR, first)
            made: list[Flowable] = []
            children = note.blocks or (Paragraph(()),)
            lead = children[0]
            if isinstance(lead, Paragraph) and not has_right_to_left(plain_text(lead.inlines)):
                made.extend(story.paragraphs(lead.inlines, "note", lead.line, Context("note"), prefix=label,
                                             prefix_slot=first))
                children = children[1:]
            else:
                made.extend(story.paragraphs((), "note", lead.line, Context("note"), prefix=label, prefix_slot=first))
            for child in children:
                made.extend(story.block(child, Context("note")))
        # a note is drawn piece by piece at the page's foot: a kept-together group (a figure in a note) is
        # its pieces there (it would draw nothing, and measuring it needs a canvas)
        notes.flowables[number] = [part for flowable in made for part in
                                   (flowable._content if isinstance(flowable, KeepTogether) else [flowable])]


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
