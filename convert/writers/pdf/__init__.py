"""PDF writer (reportlab platypus): print-ready, searchable, every part in its own style.

The title and every subheading are outline entries (bookmarks); the figure and
its caption are kept together; subheadings keep with the text that follows;
fonts are embedded TrueType subsets; the document carries info and XMP
metadata and ``/Lang``. The same article gives the same bytes.
"""

from __future__ import annotations

import io
import logging
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, BinaryIO, assert_never
from xml.sax.saxutils import escape, quoteattr

from reportlab import rl_config
from reportlab.lib.pagesizes import A4, LETTER
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    HRFlowable,
    KeepTogether,
    ListFlowable,
    ListItem,
    PageTemplate,
    Preformatted,
    Spacer,
)
from reportlab.platypus import Paragraph as RLParagraph

from ...errors import warn
from ...model import (
    Article,
    Block,
    BlockQuote,
    Code,
    CodeBlock,
    CreditLine,
    DefinitionList,
    Div,
    Emph,
    Figure,
    Inline,
    InlineImage,
    LineBreak,
    Link,
    ListBlock,
    Math,
    Note,
    Paragraph,
    Rule,
    SmallCaps,
    Span,
    Strikeout,
    Strong,
    Subheading,
    Subscript,
    Superscript,
    Table,
    Text,
    Underline,
    plain_text,
)
from ...registry import WriteOptions
from .. import _common, _images, _meta
from .fonts import Family, FontSet, face_of, font_set
from .metadata import distinct_subset_tags, time_stamp, xmp
from .pictures import Picture
from .styles import LEADING, SPEC, Styles, family_for, make_styles

_PAPER = {"a4": A4, "letter": LETTER}
_MARGINS = {"left": 25 * mm, "right": 25 * mm, "top": 24 * mm, "bottom": 22 * mm}
#: The share of the frame's height a figure may take, leaving room for its caption.
_FIGURE_HEIGHT_SHARE = 0.62
_LINK_COLOR = "#0b4f9c"
_MAX_LIST_INDENTS = 8
#: Hebrew, Arabic, Syriac, Thaana, NKo... and their presentation forms.
_RIGHT_TO_LEFT = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff\U00010800-\U00010fff\U0001e800-\U0001efff]")

log = logging.getLogger("convert")


class PdfWriter:
    name = "pdf"
    extension = "pdf"
    media_type = "application/pdf"

    def write(self, article: Article, out: BinaryIO, options: WriteOptions) -> None:
        fonts = font_set(options.font_family)
        buffer = io.BytesIO()
        template = _Template(buffer, article, options, fonts)
        story = _Story(article, fonts, make_styles(fonts), template.width, template.height).flowables()
        saved = rl_config.useA85
        rl_config.useA85 = 0  # ASCII85 makes the embedded JPEG 25 % larger for nothing
        try:
            template.build(story)
        finally:
            rl_config.useA85 = saved
        out.write(distinct_subset_tags(buffer.getvalue()))


class _Template(BaseDocTemplate):  # type: ignore[misc]
    """Page layout, running header and footer, outline and document metadata."""

    def __init__(self, buffer: BinaryIO, article: Article, options: WriteOptions, fonts: FontSet) -> None:
        meta = article.meta
        super().__init__(
            buffer, pagesize=_PAPER[options.paper], leftMargin=_MARGINS["left"], rightMargin=_MARGINS["right"],
            topMargin=_MARGINS["top"], bottomMargin=_MARGINS["bottom"], title=meta.title,
            author="; ".join(meta.author) or (meta.publisher or ""), subject=meta.subtitle or "",
            keywords=list(meta.keywords), creator="convert", producer="convert (reportlab)", invariant=1,
            lang=meta.lang, initialFontName=fonts.body.ensure("regular"), initialFontSize=10, pageCompression=1,
        )
        self.article = article
        self.fonts = fonts
        fonts.headings.ensure("regular")  # the running header and the footer
        self.when = _common.document_date(article, options)
        frame = Frame(self.leftMargin, self.bottomMargin, self.width, self.height, id="text",
                      leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
        self.addPageTemplates([
            PageTemplate(id="first", frames=[frame], onPage=self._first_page, autoNextPageTemplate="later"),
            PageTemplate(id="later", frames=[frame], onPage=self._later_page),
        ])

    def _first_page(self, canvas: Canvas, _doc: Any) -> None:
        document = canvas._doc
        document._timeStamp = time_stamp(self.when)
        document.Catalog.Metadata = xmp(self.article, self.when)
        self._footer(canvas)

    def _later_page(self, canvas: Canvas, _doc: Any) -> None:
        canvas.saveState()
        canvas.setFont(self.fonts.headings.regular, 8)
        canvas.setFillColor("#666666")
        top = self.pagesize[1] - self.topMargin + 8 * mm
        title = self.article.meta.title
        while canvas.stringWidth(title) > self.width and len(title) > 4:
            title = title[:-5].rstrip() + "\u2026"
        canvas.drawString(self.leftMargin, top, title)
        canvas.setStrokeColor("#bbbbbb")
        canvas.setLineWidth(0.4)
        canvas.line(self.leftMargin, top - 2.5 * mm, self.leftMargin + self.width, top - 2.5 * mm)
        canvas.restoreState()
        self._footer(canvas)

    def _footer(self, canvas: Canvas) -> None:
        canvas.saveState()
        canvas.setFont(self.fonts.headings.regular, 8)
        canvas.setFillColor("#666666")
        canvas.drawCentredString(self.leftMargin + self.width / 2, self.bottomMargin - 10 * mm, str(canvas.getPageNumber()))
        canvas.restoreState()

    def afterFlowable(self, flowable: Flowable) -> None:
        outline = getattr(flowable, "outline", None)
        if outline is not None:
            key, level, text = outline
            self.canv.bookmarkPage(key)
            self.canv.addOutlineEntry(text, key, level=level, closed=False)


@dataclass
class _Story:
    """Turns the article into platypus flowables: one small function per node type."""

    article: Article
    fonts: FontSet
    styles: Styles
    width: float
    height: float
    outline_level: int = 0
    warned: set[str] = field(default_factory=set)
    bookmarks: int = 0

    def flowables(self) -> list[Flowable]:
        meta = self.article.meta
        story: list[Flowable] = [self._outlined(self._para((Text(meta.title),), "title", 0), meta.title, 0)]
        for style, text in (("subtitle", meta.subtitle), ("byline", _meta.byline(meta)),
                            ("date", _meta.display_date(meta))):
            if text:
                story.append(self._para((Text(text),), style, 0))
        story.append(Spacer(1, 4 * mm))
        for block in self.article.blocks:
            story.extend(self._block(block, quoted=False))
        return story

    def _block(self, block: Block, quoted: bool) -> Iterator[Flowable]:
        match block:
            case Paragraph(inlines=inlines, line=line):
                yield self._para(inlines, "quote" if quoted else "body", line)
            case Subheading(level=level, inlines=inlines, line=line):
                heading = self._para(inlines, "h2" if level <= 2 else "h3", line)
                yield self._outlined(heading, plain_text(inlines), min(level - 1, self.outline_level + 1))
            case Figure(image=None):
                for child in _common.lower_block(block):
                    yield from self._block(child, quoted)
            case Figure():
                yield self._figure(block)
            case CreditLine(inlines=inlines, line=line):
                yield KeepTogether([HRFlowable(width="30%", thickness=0.5, color="#999999", hAlign="LEFT",
                                               spaceBefore=10, spaceAfter=4),
                                    self._para(inlines, "credit", line)])
            case BlockQuote(blocks=blocks):
                for child in blocks:
                    yield from self._block(child, quoted=True)
            case ListBlock():
                yield self._list(block, depth=0)
            case CodeBlock(text=text):
                yield Preformatted(text, self.styles["code"], maxLineLength=90, newLineChars="")
            case Rule():
                yield HRFlowable(width="100%", thickness=0.5, color="#999999", spaceBefore=6, spaceAfter=10)
            case Table() | DefinitionList() | Div():
                for child in _common.lower_block(block):
                    yield from self._block(child, quoted)
            case _:
                assert_never(block)

    def _figure(self, figure: Figure) -> Flowable:
        assert figure.image is not None  # a figure without a picture is lowered before
        width, height = _images.fit_box(figure.image.width, figure.image.height,
                                        self.width, self.height * _FIGURE_HEIGHT_SHARE)
        picture = Picture(figure.image, width, height)
        caption_style = "caption_credited" if figure.credit else "caption"
        parts: list[Flowable] = [picture, self._para(figure.caption, caption_style, figure.line)]
        if figure.credit:
            parts.append(self._para((Text(figure.credit),), "photo_credit", figure.line))
        return KeepTogether(parts)

    def _list(self, block: ListBlock, depth: int) -> Flowable:
        items = []
        for item in block.items:
            children: list[Flowable] = []
            for child in item:
                if isinstance(child, ListBlock):
                    children.append(self._list(child, depth + 1))
                else:
                    children.extend(self._block(child, quoted=False))
            items.append(ListItem(children or [Spacer(1, LEADING)]))  # an empty item keeps its bullet
        kind = "1" if block.ordered else "bullet"
        bullet = ("\u2022", "\u25e6", "\u25aa")[depth % 3]
        indent = 14 if depth < _MAX_LIST_INDENTS else 0  # deeper levels stop moving right: no overflow
        numbered = {"bulletFormat": "%s."} if block.ordered else {}
        return ListFlowable(items, bulletType=kind, start=block.start if block.ordered else bullet, **numbered,
                            bulletFontName=self.fonts.body.ensure("regular"), bulletFontSize=9, leftIndent=indent,
                            bulletDedent=min(11, indent), spaceAfter=4)

    def _outlined(self, flowable: Flowable, text: str, level: int) -> Flowable:
        self.bookmarks += 1
        self.outline_level = level
        flowable.outline = (f"h{self.bookmarks}", level, text)
        return flowable

    def _para(self, inlines: tuple[Inline, ...], style: str, line: int) -> RLParagraph:
        role, bold, italic, _ = SPEC[style]
        family = family_for(self.fonts, role)
        family.ensure(face_of(bold, italic))
        markup = "".join(self._markup(inlines, _Face(family, bold, italic), line))
        return RLParagraph(markup or "\u00a0", self.styles[style])

    def _markup(self, spans: tuple[Inline, ...], face: _Face, line: int) -> Iterator[str]:
        """reportlab's paragraph markup; every character of the article is escaped."""
        for span in spans:
            match span:
                case Text(text=text):
                    yield self._text(text, face, line)
                case Emph(children=children):
                    yield f"<i>{''.join(self._markup(children, face.with_(italic=True), line))}</i>"
                case Strong(children=children):
                    yield f"<b>{''.join(self._markup(children, face.with_(bold=True), line))}</b>"
                case Code(text=text):
                    mono = _Face(self.fonts.mono, face.bold, face.italic)
                    yield f'<font name="{self.fonts.mono.regular}">{self._text(text, mono, line)}</font>'
                case LineBreak():
                    yield "<br/>"
                case Link(target=target, children=children):
                    inner = "".join(self._markup(children, face, line))
                    yield f"<a href={quoteattr(target)} color={quoteattr(_LINK_COLOR)}>{inner}</a>"
                case (Strikeout() | Superscript() | Subscript() | SmallCaps() | Underline() | Span() | Math() | InlineImage()
                  | Note()):
                    yield from self._markup(_common.lower_inline(span), face, line)
                case _:
                    assert_never(span)

    def _text(self, text: str, face: _Face, line: int) -> str:
        """Escaped text; runs the family lacks go to the fallback font, or are warned about."""
        family = face.family
        family.ensure(face.name)
        if "rtl" not in self.warned and _RIGHT_TO_LEFT.search(text):
            self.warned.add("rtl")
            warn(log, "right-to-left text is set left to right and unshaped in the PDF (reportlab's bidi support "
                      "needs rlbidi, which is not on PyPI); the DOCX, EPUB and HTML keep it right",
                 file=self.article.source, line=line)
        if all(ord(c) in family.coverage for c in text):
            return escape(text)
        parts = []
        for run, covered_by in _runs(text, family, self.fonts.fallback):
            if covered_by is family:
                parts.append(escape(run))
            elif covered_by is not None:
                covered_by.ensure(face.name)
                parts.append(f'<font name="{covered_by.regular}">{escape(run)}</font>')
            else:
                self._warn_missing(run, family, line)
                parts.append(escape(run))
        return "".join(parts)

    def _warn_missing(self, run: str, family: Family, line: int) -> None:
        for char in dict.fromkeys(run):
            if char.isspace() or char in self.warned:
                continue
            self.warned.add(char)
            fallback = f" or {self.fonts.fallback.family}" if self.fonts.fallback else ""
            warn(log, f"no font has U+{ord(char):04X} ({char}): not in {family.family}{fallback}; "
                      "it will show as an empty box in the PDF", file=self.article.source, line=line)


@dataclass(frozen=True)
class _Face:
    """Which family and face a run of text is set in (so only used faces get loaded)."""

    family: Family
    bold: bool
    italic: bool

    @property
    def name(self) -> str:
        return face_of(self.bold, self.italic)

    def with_(self, *, bold: bool | None = None, italic: bool | None = None) -> _Face:
        return _Face(self.family, self.bold if bold is None else bold, self.italic if italic is None else italic)


def _runs(text: str, family: Family, fallback: Family | None) -> Iterator[tuple[str, Family | None]]:
    """Split text into runs by the font that covers them (``None``: no font does)."""
    def owner(char: str) -> Family | None:
        if ord(char) in family.coverage or char.isspace():
            return family
        if fallback is not None and ord(char) in fallback.coverage:
            return fallback
        return None

    start = 0
    current = owner(text[0]) if text else family
    for index, char in enumerate(text):
        this = owner(char)
        if this is not current:
            yield text[start:index], current
            start, current = index, this
    yield text[start:], current
