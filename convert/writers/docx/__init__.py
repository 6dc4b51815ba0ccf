"""DOCX writer (python-docx for the package, lxml for the body): every part of the article in its own named style.

The package is what Word itself writes (``template.py``, ``package.py``): styles
(``styles.py``), numbering, settings, theme, font table, web settings, core and
app properties, a running head with the short title and a footer with the page
number (``page_furniture=False`` leaves them out), and footnotes when the
article has notes. Blocks are in ``blocks.py`` (lists in ``lists.py``, tables in
``tables.py``, notes in ``notes.py``, the table of contents in ``contents.py``),
inline spans in ``inlines.py``, bookmarks in ``anchors.py``, right-to-left text
in ``bidi.py``, styles named by ``custom-style`` in ``sheet.py``, the reference
document merge in ``reference.py``, the title block in ``titleblock.py``.

Paper: the size asked for (``WriteOptions.paper``) wins; not asked, the
reference document's size if it states one, else A4.
"""

from __future__ import annotations

import dataclasses
from typing import BinaryIO

from docx.opc.constants import CONTENT_TYPE, RELATIONSHIP_TYPE
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.package import Package
from docx.shared import Emu, Mm
from lxml import etree

from ...model import Article
from ...registry import WriteOptions
from .. import _common
from . import package
from .bidi import mark_directions
from .blocks import Renderer
from .lists import Numbering, complete_levels
from .notes import FootnotesPart
from .ooxml import R_ID, WP_NS, w
from .reference import Reference, list_numbering
from .styles import Fonts
from .template import Parts, new_package

_PAPER = {"a4": (Mm(210), Mm(297)), "letter": (Emu(7772400), Emu(10058400))}
#: ``WriteOptions.paper``'s default (registry.py): None once "not asked" can be told from "a4".
_DEFAULT_PAPER = next(f.default for f in dataclasses.fields(WriteOptions) if f.name == "paper")


class DocxWriter:
    name = "docx"
    extension = "docx"
    media_type = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

    def write(self, article: Article, out: BinaryIO, options: WriteOptions) -> None:
        fonts = _fonts(options)
        parts = new_package(fonts, article.meta.lang)  # on A4
        theme, font_table = package.theme_xml(fonts), package.font_table_xml(fonts)
        bullets, numbers = "1", "2"
        if options.reference_docx is not None:
            reference = Reference.load(options.reference_docx, **_limits(options))
            reference.merge_into(parts)
            theme, font_table = reference.theme or theme, reference.merged_font_table(font_table)
            _set_language(parts, article.meta.lang)
            bullets, numbers = list_numbering(parts.styles.element)
            complete_levels(parts.numbering.element, bullets, numbers)  # whatever levels the reference defines
        paper = asked_paper(options)
        if paper is not None:
            set_paper(parts.section, paper)
        renderer = Renderer(parts, article, Numbering(parts.numbering, bullets, numbers))
        body, section = parts.body, parts.section
        body.remove(section)  # appending before w:sectPr would scan the body each time (python-docx does)
        renderer.article(article, body, toc=options.toc)
        body.append(section)
        for root in (body, *((renderer.notes.part.element,) if renderer.notes.part is not None else ())):
            renderer.bookmarks.unlink_unplaced(root)
            if renderer.right_to_left or renderer.direction == "rtl":
                mark_directions(root, renderer.direction)
        if options.extra.get("page_furniture", True) is not False:  # render(..., page_furniture=False): none
            _page_furniture(parts, article)
        _number_pictures(parts, renderer.notes.part)
        _add_parts(parts, article, options, theme, font_table)
        out.write(package.save(parts.opc))


def _fonts(options: WriteOptions) -> Fonts:
    """``--font-family "Body[,Headings]"`` names the theme's fonts too; the default is Georgia and Arial."""
    if not options.font_family:
        return Fonts()
    names = [name.strip() for name in options.font_family.split(",") if name.strip()]
    if not names:
        return Fonts()
    return Fonts(body=names[0], headings=names[1] if len(names) > 1 else names[0])


def _limits(options: WriteOptions) -> dict[str, int]:
    """Limits on the reference document's zip (``extra``: ``reference_max_members``, ``reference_max_bytes``)."""
    found = {}
    for key, name in (("reference_max_members", "max_members"), ("reference_max_bytes", "max_bytes")):
        value = options.extra.get(key)
        if isinstance(value, int) and value > 0:
            found[name] = value
    return found


def asked_paper(options: WriteOptions) -> str | None:
    """The paper size asked for (``"a4"``, ``"letter"``), or None when none was: then the reference document's
    size stands if it states one, else A4.

    ``WriteOptions.paper`` is None when not asked; while its default is still
    ``"a4"``, that default cannot be told from an explicit ``--paper a4``, so it
    counts as not asked (a reference's size wins over it, as before).
    """
    paper = options.paper
    return None if paper is None or paper == _DEFAULT_PAPER else paper


def set_paper(section: etree._Element, paper: str) -> None:
    """``paper``'s size on the section, in the orientation the section already has (a landscape reference stays so)."""
    size = section.find(w("pgSz"))
    if size is None:
        return
    short, long = sorted(int(length.twips) for length in _PAPER[paper])
    landscape = size.get(w("orient")) == "landscape"
    size.set(w("w"), str(long if landscape else short))
    size.set(w("h"), str(short if landscape else long))


def _set_language(parts: Parts, lang: str) -> None:
    """The article's language on every run by default (a reference document brings its own defaults)."""
    defaults = parts.styles.element.find(w("docDefaults"))
    for element in defaults.iter(w("lang")) if defaults is not None else ():
        element.set(w("val"), lang)


def _page_furniture(parts: Parts, article: Article) -> None:
    """A running head with the short title (not on page 1, which shows the title), a page number on every page."""
    part = parts.document
    section = parts.section
    references = []
    title = package.short_title(article.meta.title)
    if title:
        header = _part(part.package, "/word/header1.xml", CONTENT_TYPE.WML_HEADER,
                       package.story_xml("hdr", package.header_paragraph(title, _common.direction_of(title) == "rtl")))
        references.append(("headerReference", "default", part.relate_to(header, RELATIONSHIP_TYPE.HEADER)))
    footer = _part(part.package, "/word/footer1.xml", CONTENT_TYPE.WML_FOOTER,
                   package.story_xml("ftr", package.footer_paragraph()))
    footer_id = part.relate_to(footer, RELATIONSHIP_TYPE.FOOTER)
    references += [("footerReference", "default", footer_id), ("footerReference", "first", footer_id)]
    for index, (tag, kind, rel_id) in enumerate(references):
        element = section.makeelement(w(tag), {w("type"): kind, R_ID: rel_id})
        section.insert(index, element)


def _part(opc: Package, name: str, content_type: str, blob: bytes) -> Part:
    return Part(PackURI(name), content_type, blob, opc)


def _number_pictures(parts: Parts, notes: FootnotesPart | None) -> None:
    """Unique drawing ids across the body and the notes (python-docx counts per part)."""
    holders = [parts.document.element, *((notes.element,) if notes is not None else ())]
    number = 0
    for root in holders:
        for doc_pr in root.iter(f"{{{WP_NS}}}docPr"):
            number += 1
            doc_pr.set("id", str(number))


def _add_parts(parts: Parts, article: Article, options: WriteOptions, theme: bytes, font_table: bytes) -> None:
    opc, part = parts.opc, parts.document
    for name, content_type, reltype, blob in (
        ("/word/theme/theme1.xml", CONTENT_TYPE.OFC_THEME, RELATIONSHIP_TYPE.THEME, theme),
        ("/word/fontTable.xml", CONTENT_TYPE.WML_FONT_TABLE, RELATIONSHIP_TYPE.FONT_TABLE, font_table),
        ("/word/webSettings.xml", CONTENT_TYPE.WML_WEB_SETTINGS, RELATIONSHIP_TYPE.WEB_SETTINGS, package.WEB_SETTINGS),
    ):
        part.relate_to(_part(opc, name, content_type, blob), reltype)
    meta = article.meta
    author = "; ".join(meta.author) or meta.publisher or ""
    core = package.core_xml({
        "dc:title": article.document_title, "dc:subject": meta.subtitle, "dc:creator": author,
        "cp:keywords": ", ".join(meta.keywords), "dc:description": meta.description,
        "cp:lastModifiedBy": author, "dc:identifier": meta.identifier, "dc:language": meta.lang,
    }, _common.document_date(article, options), article.source)
    opc.relate_to(_part(opc, "/docProps/core.xml", CONTENT_TYPE.OPC_CORE_PROPERTIES, core),
                  RELATIONSHIP_TYPE.CORE_PROPERTIES)
    opc.relate_to(_part(opc, "/docProps/app.xml", CONTENT_TYPE.OFC_EXTENDED_PROPERTIES, package.app_xml(meta.publisher)),
                  RELATIONSHIP_TYPE.EXTENDED_PROPERTIES)
