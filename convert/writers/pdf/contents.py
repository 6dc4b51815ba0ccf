"""``--toc`` (``WriteOptions.toc``): a book's contents page after the title block, with page numbers, linked.

Under a heading in the article's language (:func:`.._meta.contents_title`: "Contents",
"Inhaltsverzeichnis"...; none where we have no word for it), one line per subheading down to
level 3 (pandoc's ``--toc-depth`` default, as the HTML and EPUB contents), indented by level:
the heading's text, dot leaders, and its page number set flush with the text block's edge, the
whole line a link to the heading's destination. A right-to-left article mirrors it (text from
the right, numbers on the left). An article with no such heading gets no contents at all.

The page numbers are those of a first, measuring render (:class:`Contents` with no ``pages``)
whose layout is the second's: a line's geometry never depends on its number (the number's
column is as wide as four digits), so one measurement is exact. Tagged as PDF/UA asks:
``TOC`` → ``TOCI`` → ``Link`` (the text and the number, and the link annotation), a ``TOC``
inside for the entries under an entry; the leaders are an artifact.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from reportlab.lib.enums import TA_LEFT
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, Spacer

from ...model import Article, Text, plain_text
from .. import _common, _meta
from .blocks import Context
from .inlines import Face, destination
from .paragraphs import BidiParagraph
from .runs import runs_of
from .styles import GREY
from .tagging import Element, Slot, Tagged

if TYPE_CHECKING:
    from .story import Story

DEPTH = _meta.CONTENTS_DEPTH
#: A contents line shows at most this many characters of its heading (the heading itself keeps all of
#: them): a line is never split over pages, so it must fit on one.
ENTRY_TEXT = 300
#: Indent per level below the first (points).
LEVEL_INDENT = 14.0
#: The page numbers' column holds this many digits; the gap between it and the text.
NUMBER_DIGITS = "0000"
NUMBER_GAP = 10.0
#: The leaders: a dot every so many points, on a grid that lines the dots up from line to line.
LEADER_STEP = 4.5


@dataclass(frozen=True)
class Entry:
    """A listed subheading: its level (2..:data:`DEPTH`), plain text and PDF destination name."""

    level: int
    text: str
    destination: str


@dataclass(frozen=True)
class Contents:
    """What the contents list (``entries``, in reading order) and the page of each heading by destination name
    (``pages``: empty in the measuring render, whose numbers are not drawn)."""

    entries: tuple[Entry, ...]
    pages: Mapping[str, int] = field(default_factory=dict)


def listed(article: Article) -> Contents | None:
    """The contents of ``article``: its subheadings with words down to :data:`DEPTH` that have an identifier (a ``#``
    heading in the body counts as level 2, as in the other writers); ``None`` when there is none."""
    entries = []
    for heading in article.subheadings():
        level = _meta.heading_level(heading)
        text = " ".join(plain_text(heading.inlines).split())
        if _meta.in_contents(heading) and heading.attr.identifier:
            short = text if len(text) <= ENTRY_TEXT else text[: ENTRY_TEXT - 1] + "\u2026"
            entries.append(Entry(level, short, destination(heading.attr.identifier)))
    return Contents(tuple(entries)) if entries else None


def block(story: Story, contents: Contents) -> Iterator[Flowable]:
    """The heading (tagged ``H1``, or ``H2`` under a title; not an outline entry) and a line per entry."""
    title = _meta.contents_title(story.article.meta.lang)
    if title:
        level = 2 if story.article.meta.title.strip() else 1
        yield from story.paragraphs((Text(title),), "h2", 0, Context("h2"), keep=True, role=f"H{level}")
    rtl = _common.article_direction(story.article) == "rtl"
    tags = story.tags
    with tags.open("TOC") as top:
        nesting = [(contents.entries[0].level, top)]
        for entry in contents.entries:
            while len(nesting) > 1 and entry.level < nesting[-1][0]:
                nesting.pop()
            while entry.level > nesting[-1][0]:
                with tags.inside(nesting[-1][1]):
                    nesting.append((nesting[-1][0] + 1, tags.element("TOC")))
            with tags.inside(nesting[-1][1]), tags.open("TOCI"):
                yield _line(story, entry, contents.pages.get(entry.destination), rtl)
    yield Spacer(1, 6 * mm)


def _line(story: Story, entry: Entry, page: int | None, rtl: bool) -> ContentsLine:
    style = story.styles.variant("body", alignment=TA_LEFT, firstLineIndent=0, spaceBefore=5 if entry.level == 2 else 1,
                                 spaceAfter=0, hyphenationLang="")
    family, _, _ = story.styles.font("body")
    face = Face(family, False, False, float(style.fontSize))
    link = story.tags.element("Link")
    link.target, link.text = "#" + entry.destination, entry.text
    with story.tags.inside(link):
        text_slot, number_slot = story.tags.slot(), story.tags.slot()
    color = style.textColor.hexval().replace("0x", "#")
    runs = runs_of(story.markup, (Text(entry.text),), face, color, 0, text_slot)
    paragraph = BidiParagraph(runs, style, rtl)
    paragraph.tagged = Tagged(text_slot)
    indent = (entry.level - 2) * LEVEL_INDENT
    return ContentsLine(paragraph, link, number_slot, "" if page is None else str(page), indent, rtl)


class ContentsLine(Flowable):  # type: ignore[misc]
    """One entry: ``paragraph`` (the heading's text, ``indent`` points in), leaders, the ``number`` (drawn into
    ``number_slot``) flush with the far edge, a link annotation over all of it tied to ``link``.

    Never split: a line too low on the page goes to the next one whole.
    """

    def __init__(self, paragraph: BidiParagraph, link: Element, number_slot: Slot, number: str, indent: float,
                 rtl: bool) -> None:
        super().__init__()
        self.paragraph, self.link, self.number_slot, self.number = paragraph, link, number_slot, number
        self.indent, self.rtl = indent, rtl
        style = paragraph.style
        self.column = stringWidth(NUMBER_DIGITS, style.fontName, style.fontSize)

    def getSpaceBefore(self) -> float:
        return float(self.paragraph.getSpaceBefore())

    def getSpaceAfter(self) -> float:
        return float(self.paragraph.getSpaceAfter())

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        text_width = max(available_width - self.indent - self.column - NUMBER_GAP, available_width / 3)
        _, height = self.paragraph.wrap(text_width, available_height)
        self.width, self.height = available_width, height
        return self.width, self.height

    def split(self, available_width: float, available_height: float) -> list[Flowable]:
        self.wrap(available_width, available_height)
        return [self] if self.height <= available_height else []

    def draw(self) -> None:
        canvas = self.canv
        paragraph = self.paragraph
        text_x = self.width - self.indent - paragraph.width if self.rtl else self.indent
        paragraph.drawOn(canvas, text_x, 0)
        style = paragraph.style
        baseline = self.height - style.fontSize - (max(len(paragraph.lines), 1) - 1) * style.leading
        last = paragraph.lines[-1] if paragraph.lines else []
        used = sum(w.width for w in last) + sum(w.space_after for w in last[:-1])
        marks = getattr(canvas, "marks", None)
        self._leaders(canvas, text_x, used, baseline)
        if self.number:
            self._number(canvas, marks, baseline)
        if marks is not None:
            marks.bound = self.link
        left, right = (0.0, self.width - self.indent) if self.rtl else (self.indent, self.width)
        canvas.linkRect("", self.link.target[1:], (left, 0, right, self.height), relative=1, thickness=0)
        if marks is not None:
            marks.bound = None
            if self.link in marks.links:
                marks.links.remove(self.link)

    def _leaders(self, canvas: Any, text_x: float, used: float, baseline: float) -> None:
        """Dots between the text's end and the number's column, on a grid counted from the number's side."""
        style = self.paragraph.style
        room = self.column + NUMBER_GAP / 2
        if self.rtl:
            text_end = text_x + self.paragraph.width - used - 3
            ends = (room, text_end)
        else:
            ends = (text_x + used + 3, self.width - room)
        count = int((ends[1] - ends[0]) // LEADER_STEP)
        if count < 2:
            return
        canvas.saveState()
        canvas.setFillColor(GREY)
        text = canvas.beginText()
        text.setFont(style.fontName, style.fontSize)
        for index in range(count):
            x = ends[0] + index * LEADER_STEP if self.rtl else ends[1] - (index + 1) * LEADER_STEP
            text.setTextOrigin(x, baseline)
            text.textOut(".")
        canvas.drawText(text)
        canvas.restoreState()

    def _number(self, canvas: Any, marks: Any, baseline: float) -> None:
        style = self.paragraph.style
        canvas.saveState()
        canvas.setFont(style.fontName, style.fontSize)
        canvas.setFillColor(style.textColor)
        if marks is None:
            self._draw_number(canvas, baseline)
        else:
            with marks.content(canvas, self.number_slot):
                self._draw_number(canvas, baseline)
        canvas.restoreState()

    def _draw_number(self, canvas: Any, baseline: float) -> None:
        if self.rtl:
            canvas.drawString(0, baseline, self.number)
        else:
            canvas.drawRightString(self.width, baseline, self.number)
