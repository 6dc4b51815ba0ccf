"""The page: text block, running header, page number, footnotes, outline and document metadata."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any, BinaryIO

from reportlab.lib.pagesizes import A4, LETTER
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, PageTemplate

from ...model import Article
from ...registry import WriteOptions
from .. import _common, _meta
from .fonts import FontSet
from .header import HEADER_SIZE
from .metadata import document_id, time_stamp, use_counted_outlines, xmp
from .notes import NoteFrame, Notes
from .styles import BOTTOM_MARGIN, GREY, TEXT_WIDTH, TOP_MARGIN, color
from .tagging import Element, TaggedCanvas, Tags
from .tagging.marks import FOOTER, HEADER

PAPER = {"a4": A4, "letter": LETTER}


class Template(BaseDocTemplate):  # type: ignore[misc]
    """Page layout: a centred text block, the running header (title) from page 2, the page number.

    The running header and the page number are pagination artifacts; the pages are drawn
    on a :class:`.tagging.TaggedCanvas` that marks everything else.
    """

    def __init__(self, buffer: BinaryIO, article: Article, options: WriteOptions, fonts: FontSet, notes: Notes) -> None:
        meta = article.meta
        paper = options.paper or "a4"  # nobody asked: A4
        page_width, _ = PAPER[paper]
        side = (page_width - TEXT_WIDTH) / 2
        super().__init__(
            buffer, pagesize=PAPER[paper], leftMargin=side, rightMargin=side,
            topMargin=TOP_MARGIN, bottomMargin=BOTTOM_MARGIN, title=article.document_title,
            author="; ".join(meta.author) or (meta.publisher or ""), subject=_meta.summary(meta) or "",
            keywords=list(meta.keywords), creator="convert", producer="convert (reportlab)", invariant=1,
            lang=meta.lang, initialFontName=fonts.body.ensure("regular"), initialFontSize=10, pageCompression=1,
        )
        self.article = article
        self.fonts = fonts
        self.header_font = fonts.headings.ensure("regular")
        self.when = _common.document_date(article, options)
        self.identifier = document_id(article, self.when, f"{paper}|{options.font_family}")
        self.text_frame = NoteFrame(self.leftMargin, self.bottomMargin, self.width, self.height, id="text",
                               leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0, notes=notes)
        self.running_head: Flowable | None = None  # set by the writer (header.running_head)
        self.callbacks: dict[str, Any] = {}  # <onDraw> callbacks for this render's canvas
        self.heading_pages: dict[str, int] = {}  # destination name -> the page its outline entry (heading) is on
        self.addPageTemplates([
            PageTemplate(id="first", frames=[self.text_frame], onPage=self._first_page, onPageEnd=self._page_end,
                         autoNextPageTemplate="later"),
            PageTemplate(id="later", frames=[self.text_frame], onPage=self._later_page, onPageEnd=self._page_end),
        ])

    def _first_page(self, canvas: Canvas, _doc: Any) -> None:
        document = canvas._doc
        document._timeStamp = time_stamp(self.when)
        document._ID = self.identifier
        document.Catalog.Metadata = xmp(self.article, self.when)
        use_counted_outlines(document)
        for name, callback in self.callbacks.items():
            canvas.setNamedCB(name, callback)
        self._footer(canvas)

    def build(self, flowables: list[Flowable], tags: Tags) -> None:
        """Lay out and draw ``flowables`` on a canvas that tags them into ``tags``."""
        super().build(flowables, canvasmaker=partial(TaggedCanvas, tags=tags))

    def _later_page(self, canvas: Canvas, _doc: Any) -> None:
        with canvas.marks.artifact(canvas, HEADER):
            canvas.saveState()
            top = self.pagesize[1] - self.topMargin + 8 * mm
            if self.running_head is not None:
                _, height = self.running_head.wrapOn(canvas, self.width, HEADER_SIZE * 4)
                self.running_head.drawOn(canvas, self.leftMargin, top - (height - HEADER_SIZE))  # baseline at top
            canvas.setStrokeColor(color("#888888"))
            canvas.setLineWidth(0.4)
            canvas.line(self.leftMargin, top - 2.5 * mm, self.leftMargin + self.width, top - 2.5 * mm)
            canvas.restoreState()
        self._footer(canvas)

    def _footer(self, canvas: Canvas) -> None:
        with canvas.marks.artifact(canvas, FOOTER):
            canvas.saveState()
            canvas.setFont(self.header_font, HEADER_SIZE)
            canvas.setFillColor(color(GREY))
            canvas.drawCentredString(self.leftMargin + self.width / 2, self.bottomMargin - 12 * mm,
                                     str(canvas.getPageNumber()))
            canvas.restoreState()

    def _page_end(self, canvas: Canvas, _doc: Any) -> None:
        self.text_frame.draw_notes(canvas)

    def afterFlowable(self, flowable: Flowable) -> None:
        outline = getattr(flowable, "outline", None)
        if outline is not None:
            key, level, text = outline
            if key is None:  # a heading without a destination of its own: the top of its page
                self._outline_count += 1
                key = f"outline-{self._outline_count}"
                self.canv.bookmarkPage(key)
            else:
                self.heading_pages.setdefault(key, self.page)
            self.canv.addOutlineEntry(text, key, level=level, closed=False)

    _outline_count = 0


def _nothing(_frame: Any) -> None:
    """A frame action that does nothing (see :attr:`EndNotes.frameAction`)."""


class EndNotes(Flowable):  # type: ignore[misc]
    """The notes no page's foot could take, at the end under "Notes" (empty when there are none).

    Their ``Note`` elements move from their references to ``section`` (the "Notes" section's
    element) in the structure tree, where they are read.
    """

    def __init__(self, notes: Notes, frame: NoteFrame, heading: list[Flowable], tags: Tags, section: Element) -> None:
        super().__init__()
        self.notes, self.frame, self.heading = notes, frame, heading
        self.tags, self.section = tags, section

    def _pending(self) -> list[int]:
        left = [n for n in self.notes.flowables if n not in self.frame.placed]
        return sorted(set(self.notes.endnotes) | set(left))

    @property
    def frameAction(self) -> Callable[[Any], None] | None:
        """With nothing pending, reportlab's "frame action" path, which places a flowable without measuring
        it: an empty "Notes" never starts a page, even after a page filled to its foot or past it (a blank
        last page in corpus 05), and is never split into a heading with nothing under it."""
        return None if self._pending() else _nothing

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return (0, 0) if not self._pending() else (available_width, available_height + 1)

    def split(self, available_width: float, available_height: float) -> list[Flowable]:
        pending = self._pending()
        self.frame.placed.update(pending)
        self.notes.endnotes = []
        for number in pending:
            self.tags.move(self.tags.notes[number], self.section)
        return [*self.heading, *(f for n in pending for f in self.notes.flowables[n])]

    def draw(self) -> None:
        pass
