"""DOCX writer (python-docx): every part of the article in its own named style.

Title → ``Title``; subtitle, byline, date → ``Subtitle``, ``Byline``, ``Date``;
subheadings → ``Heading 2``/``Heading 3``; figure → a ``Figure`` paragraph
holding the picture (alt text in ``wp:docPr/@descr``), then ``Caption``, then
``Photo Credit``; credit line → ``Credit``; body → ``Body Text``; quotes →
``Quote``; lists → ``List Bullet``/``List Number`` nested by level.
"""

from __future__ import annotations

import copy
import io
from dataclasses import dataclass, field
from typing import BinaryIO, assert_never

import docx
from docx.document import Document
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Emu, Mm
from docx.styles.style import CharacterStyle, ParagraphStyle
from docx.text.paragraph import Paragraph as DocxParagraph
from lxml import etree

from ...errors import WriterError
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
)
from ...registry import WriteOptions
from ...text import xml_safe
from .. import _common, _images, _meta
from .pictures import add_picture
from .template import template_bytes

_PAPER = {"a4": (Mm(210), Mm(297)), "letter": (Emu(7772400), Emu(10058400))}
_MAX_LIST_LEVEL = 8  # Word numbers nine levels, 0-8
#: Room kept under a figure for its caption, as a share of the text height.
_FIGURE_HEIGHT_SHARE = 0.75


class DocxWriter:
    name = "docx"
    extension = "docx"
    media_type = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

    def write(self, article: Article, out: BinaryIO, options: WriteOptions) -> None:
        document = docx.Document(io.BytesIO(template_bytes()))
        if options.reference_docx is not None:
            _apply_reference(document, options)
        _set_page(document, options)
        _set_properties(document, article, options)
        _Builder(document).article(article)
        buffer = io.BytesIO()
        document.save(buffer)
        out.write(_common.reproducible_zip(buffer.getvalue(), first=("[Content_Types].xml",)))


@dataclass
class _Builder:
    document: Document
    style_ids: dict[str, str] = field(default_factory=dict)  # style name → style id, both kinds
    next_num_id: int = 100
    links: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        # Looking a style up by name scans them all on every call (and so does assigning a
        # style object): resolve ids once, and set them on the XML directly.
        self.style_ids = {style.name: style.style_id for style in self.document.styles
                          if isinstance(style, (ParagraphStyle, CharacterStyle)) and style.name}
        section = self.document.sections[0]
        assert section.page_width and section.page_height
        self.text_width = int(section.page_width - (section.left_margin or 0) - (section.right_margin or 0))
        self.text_height = int(section.page_height - (section.top_margin or 0) - (section.bottom_margin or 0))

    def empty(self, style: str) -> DocxParagraph:
        """A new paragraph in ``style`` (``Normal`` if the document lacks it)."""
        paragraph = self.document.add_paragraph()
        style_id = self.style_ids.get(style)
        if style_id is not None:
            paragraph._p.get_or_add_pPr().style = style_id
        return paragraph

    def paragraph(self, style: str, inlines: tuple[Inline, ...] = ()) -> DocxParagraph:
        paragraph = self.empty(style)
        self.inlines(paragraph, inlines)
        return paragraph

    # --- blocks ---

    def article(self, article: Article) -> None:
        meta = article.meta
        self.paragraph("Title", (Text(meta.title),))
        for style, text in (("Subtitle", meta.subtitle), ("Byline", _meta.byline(meta)),
                            ("Date", _meta.display_date(meta))):
            if text:
                self.paragraph(style, (Text(text),))
        for block in article.blocks:
            self.block(block, quote_depth=0, list_level=-1)

    def block(self, block: Block, quote_depth: int, list_level: int) -> None:
        match block:
            case Paragraph(inlines=inlines):
                self.paragraph("Quote" if quote_depth else "Body Text", inlines)
            case Subheading(level=level, inlines=inlines):
                self.paragraph(f"Heading {min(level, 3)}", inlines)
            case Figure(image=None):
                for child in _common.lower_block(block):
                    self.block(child, quote_depth, list_level)
            case Figure():
                self.figure(block)
            case CreditLine(inlines=inlines):
                self.paragraph("Credit", inlines)
            case BlockQuote(blocks=blocks):
                for child in blocks:
                    self.block(child, quote_depth + 1, list_level)
            case ListBlock():
                self.list(block, quote_depth, list_level + 1)
            case CodeBlock(text=text):
                paragraph = self.empty("Source Code")
                for i, line in enumerate(text.split("\n")):
                    if i:
                        paragraph.add_run().add_break()
                    paragraph.add_run(xml_safe(line))
            case Rule():
                self.empty("Separator")
            case Table() | DefinitionList() | Div():
                for child in _common.lower_block(block):
                    self.block(child, quote_depth, list_level)
            case _:
                assert_never(block)

    def figure(self, figure: Figure) -> None:
        assert figure.image is not None  # a figure without a picture is lowered before
        holder = self.empty("Figure")
        width, height = _images.fit_box(figure.image.width, figure.image.height,
                                        self.text_width, self.text_height * _FIGURE_HEIGHT_SHARE)
        add_picture(holder.add_run(), figure.image, Emu(int(width)), Emu(int(height)), figure.alt)
        caption = self.paragraph("Caption", figure.caption)
        if figure.credit:
            caption.paragraph_format.keep_with_next = True
            self.paragraph("Photo Credit", (Text(figure.credit),))

    def list(self, block: ListBlock, quote_depth: int, level: int) -> None:
        style = "List Number" if block.ordered else "List Bullet"
        num_id = self.new_numbering(block.start, min(level, _MAX_LIST_LEVEL)) if block.ordered else 1
        for item in block.items:
            first = True
            for child in item:
                if isinstance(child, Paragraph) and first:
                    paragraph = self.paragraph(style, child.inlines)
                    _number(paragraph, num_id, min(level, _MAX_LIST_LEVEL))
                    first = False
                elif isinstance(child, ListBlock):
                    self.list(child, quote_depth, level + 1)
                else:
                    self.block(child, quote_depth, level)

    def link_id(self, target: str) -> str:
        """One relationship per URL; python-docx's relate_to rescans every relationship each call."""
        if target not in self.links:
            rel_id = f"rIdLink{len(self.links) + 1}"
            self.document.part.rels.add_relationship(RELATIONSHIP_TYPE.HYPERLINK, target, rel_id, is_external=True)
            self.links[target] = rel_id
        return self.links[target]

    def new_numbering(self, start: int, level: int) -> int:
        """A fresh ``w:num`` so every ordered list restarts at its own ``start``."""
        numbering = self.document.part.numbering_part.element
        num_id = self.next_num_id
        self.next_num_id += 1
        num = OxmlElement("w:num", {qn("w:numId"): str(num_id)})
        num.append(OxmlElement("w:abstractNumId", {qn("w:val"): "1"}))
        override = OxmlElement("w:lvlOverride", {qn("w:ilvl"): str(level)})
        override.append(OxmlElement("w:startOverride", {qn("w:val"): str(start)}))
        num.append(override)
        numbering.append(num)
        return num_id

    # --- inlines ---

    def inlines(self, paragraph: DocxParagraph, spans: tuple[Inline, ...], marks: frozenset[str] = frozenset()) -> None:
        for span in spans:
            match span:
                case Text(text=text):
                    self.run(paragraph, text, marks)
                case Emph(children=children):
                    self.inlines(paragraph, children, marks | {"i"})
                case Strong(children=children):
                    self.inlines(paragraph, children, marks | {"b"})
                case Code(text=text):
                    self.run(paragraph, text, marks | {"code"})
                case LineBreak():
                    paragraph.add_run().add_break()
                case Link(target=target, children=children):
                    self.hyperlink(paragraph, target, children, marks)
                case (Strikeout() | Superscript() | Subscript() | SmallCaps() | Underline() | Span() | Math() | InlineImage()
                  | Note()):
                    self.inlines(paragraph, _common.lower_inline(span), marks)
                case _:
                    assert_never(span)

    def run(self, paragraph: DocxParagraph, text: str, marks: frozenset[str]) -> None:
        run = paragraph.add_run(xml_safe(text))
        if "i" in marks:
            run.italic = True
        if "b" in marks:
            run.bold = True
        char_style = "Verbatim Char" if "code" in marks else "Hyperlink" if "link" in marks else None
        if char_style in self.style_ids:
            run._r.get_or_add_rPr().style = self.style_ids[char_style]

    def hyperlink(self, paragraph: DocxParagraph, target: str, children: tuple[Inline, ...],
                  marks: frozenset[str]) -> None:
        """A real ``w:hyperlink``: external targets by relationship, ``#anchors`` by name."""
        element = OxmlElement("w:hyperlink")
        if target.startswith("#"):
            element.set(qn("w:anchor"), target[1:])
        else:
            element.set(qn("r:id"), self.link_id(target))
        before = len(paragraph._p)
        self.inlines(paragraph, children, marks | {"link"})
        for run in list(paragraph._p)[before:]:
            element.append(run)  # moves the runs just added into the hyperlink
        paragraph._p.append(element)


def _number(paragraph: DocxParagraph, num_id: int, level: int) -> None:
    num_pr = OxmlElement("w:numPr")
    num_pr.append(OxmlElement("w:ilvl", {qn("w:val"): str(level)}))
    num_pr.append(OxmlElement("w:numId", {qn("w:val"): str(num_id)}))
    p_pr = paragraph._p.get_or_add_pPr()
    p_pr.insert(1 if p_pr.find(qn("w:pStyle")) is not None else 0, num_pr)


def _set_page(document: Document, options: WriteOptions) -> None:
    width, height = _PAPER[options.paper]
    section = document.sections[0]
    section.page_width, section.page_height = width, height


def _set_properties(document: Document, article: Article, options: WriteOptions) -> None:
    meta = article.meta
    when = _common.document_date(article, options).replace(tzinfo=None)
    props = document.core_properties
    author = "; ".join(meta.author) or meta.publisher or ""
    for name, value in (("title", meta.title), ("author", author), ("last_modified_by", author),
                        ("subject", meta.subtitle), ("keywords", ", ".join(meta.keywords)),
                        ("identifier", meta.identifier), ("language", meta.lang)):
        if value:
            setattr(props, name, xml_safe(value))
    props.created = when
    props.modified = when
    props.revision = 1
    defaults = document.styles.element.find(qn("w:docDefaults"))
    if defaults is not None:
        for lang in defaults.iter(qn("w:lang")):
            lang.set(qn("w:val"), meta.lang)


def _apply_reference(document: Document, options: WriteOptions) -> None:
    """Take styles, defaults and margins from the user's reference document, as pandoc does.

    Styles the reference lacks (``Credit``, ``Photo Credit``...) keep ours, so no part
    of the article loses its style.
    """
    path = options.reference_docx
    assert path is not None
    try:
        reference = docx.Document(str(path))
    except Exception as exc:
        raise WriterError(f"cannot read the reference DOCX: {exc}", file=str(path),
                          hint="give a .docx file saved by Word or LibreOffice") from None
    ours = document.styles.element
    theirs = reference.styles.element
    by_id = {s.get(qn("w:styleId")): s for s in ours.findall(qn("w:style"))}
    for style in theirs.findall(qn("w:style")):
        mine = by_id.get(style.get(qn("w:styleId")))
        if mine is not None and style.get(qn("w:type")) == mine.get(qn("w:type")):
            replacement = copy.deepcopy(style)
            _keep_numbering(mine, replacement)
            mine.addprevious(replacement)
            ours.remove(mine)
    defaults = theirs.find(qn("w:docDefaults"))
    if defaults is not None:
        ours.replace(ours.find(qn("w:docDefaults")), copy.deepcopy(defaults))
    source, target = reference.sections[0], document.sections[0]
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(target, side, getattr(source, side))


def _keep_numbering(mine: etree._Element, theirs: etree._Element) -> None:
    """A reference's list styles point at its own numbering, which we do not copy: keep ours."""
    mine_num = mine.find(f"{qn('w:pPr')}/{qn('w:numPr')}")
    if mine_num is None:
        return
    p_pr = theirs.find(qn("w:pPr"))
    if p_pr is None:
        p_pr = OxmlElement("w:pPr")
        theirs.append(p_pr)
    old = p_pr.find(qn("w:numPr"))
    if old is not None:
        p_pr.remove(old)
    p_pr.insert(0, copy.deepcopy(mine_num))
