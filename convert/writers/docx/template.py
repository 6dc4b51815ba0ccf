"""The lean starting package, built in memory (python-docx's own template weighs 880 KB).

It holds the body's section properties, the style sheet (``styles.py``), the
numbering definitions for bullet and numbered lists, and Word's settings;
``package.py`` adds the theme, font table, web settings and properties per
document. No thumbnail, no "python-docx" author. The parts are made directly
(no template zip to inflate) and styles, numbering and settings stay bytes
until the writer needs their tree.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from docx.opc.constants import CONTENT_TYPE, RELATIONSHIP_TYPE
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml.parser import parse_xml
from docx.package import Package
from docx.parts.document import DocumentPart
from lxml import etree

from .ooxml import W_NS, w
from .package import DECLARATION, settings_xml
from .styles import Fonts, styles_xml

#: The bullet of each level, by level modulo 3 (• ◦ ▪).
BULLETS = ("\u2022", "\u25e6", "\u25aa")
#: Word's numFmt for each of the model's list styles (pandoc's fancy_lists).
NUMBER_FORMATS = {"decimal": "decimal", "lower-alpha": "lowerLetter", "upper-alpha": "upperLetter",
                  "lower-roman": "lowerRoman", "upper-roman": "upperRoman"}
LIST_INDENT = 360  # twips per level


def level_xml(ilvl: int, fmt: str, text: str) -> str:
    """One ``w:lvl``: the marker and a hanging indent that grows with the level."""
    indent = LIST_INDENT * (ilvl + 1)
    return (
        f'<w:lvl w:ilvl="{ilvl}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/><w:lvlText w:val="{text}"/>'
        f'<w:lvlJc w:val="left"/><w:pPr><w:ind w:left="{indent}" w:hanging="{LIST_INDENT}"/></w:pPr></w:lvl>'
    )


def abstract_num_xml(abstract_id: int, fmt: str) -> str:
    """A nine-level definition; numbered levels count ``1.``, ``a.``... in ``fmt`` at every depth, as the model says."""
    if fmt == "bullet":
        levels = "".join(level_xml(i, "bullet", BULLETS[i % 3]) for i in range(9))
    else:
        levels = "".join(level_xml(i, fmt, f"%{i + 1}.") for i in range(9))
    return (f'<w:abstractNum w:abstractNumId="{abstract_id}"><w:multiLevelType w:val="multilevel"/>'
            f"{levels}</w:abstractNum>")


def _numbering_xml() -> str:
    return (
        f'{DECLARATION}<w:numbering xmlns:w="{W_NS}">{abstract_num_xml(0, "bullet")}{abstract_num_xml(1, "decimal")}'
        '<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>'
        '<w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num>'
        "</w:numbering>"
    )


_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
#: A4 with the PDF's margins (25 mm at the sides, 24 top, 22 bottom); no running head on page 1.
_DOCUMENT = (
    f'{DECLARATION}<w:document xmlns:w="{W_NS}" xmlns:r="{_REL}">'
    '<w:body><w:sectPr><w:pgSz w:w="11906" w:h="16838"/>'
    '<w:pgMar w:top="1361" w:right="1417" w:bottom="1247" w:left="1417" w:header="907" w:footer="680" w:gutter="0"/>'
    '<w:cols w:space="708"/><w:titlePg/><w:docGrid w:linePitch="360"/></w:sectPr></w:body></w:document>'
).encode()


class LazyXmlPart(Part):
    """An XML part kept as its bytes until something needs the tree (most documents never touch their styles)."""

    def __init__(self, partname: str, content_type: str, blob: bytes, package: Package) -> None:
        super().__init__(PackURI(partname), content_type, blob, package)
        self._tree: etree._Element | None = None

    @property
    def element(self) -> etree._Element:
        if self._tree is None:
            self._tree = parse_xml(self._blob or b"")
        return self._tree

    @property
    def blob(self) -> bytes:
        return bytes(self._blob or b"") if self._tree is None else etree.tostring(self._tree, encoding="UTF-8",
                                                                                  standalone=True)


@dataclass(frozen=True)
class Parts:
    """The package being written and the parts the writer changes."""

    opc: Package
    document: DocumentPart
    styles: LazyXmlPart
    numbering: LazyXmlPart
    settings: LazyXmlPart
    body: etree._Element
    section: etree._Element  # the body's w:sectPr (taken out while the body is written, then put back last)


@functools.lru_cache(maxsize=16)
def _styles_bytes(fonts: Fonts, lang: str) -> bytes:
    return styles_xml(fonts, lang).encode()


@functools.lru_cache(maxsize=16)
def _settings_bytes(lang: str) -> bytes:
    return settings_xml(lang).encode()


_NUMBERING = _numbering_xml().encode()


def new_package(fonts: Fonts, lang: str) -> Parts:
    """A fresh package: body, styles for ``fonts`` and ``lang``, numbering and settings (bytes built once each)."""
    opc = Package()
    document = DocumentPart(PackURI("/word/document.xml"), CONTENT_TYPE.WML_DOCUMENT_MAIN, parse_xml(_DOCUMENT), opc)
    opc.relate_to(document, RELATIONSHIP_TYPE.OFFICE_DOCUMENT)
    styles = LazyXmlPart("/word/styles.xml", CONTENT_TYPE.WML_STYLES, _styles_bytes(fonts, lang), opc)
    numbering = LazyXmlPart("/word/numbering.xml", CONTENT_TYPE.WML_NUMBERING, _NUMBERING, opc)
    settings = LazyXmlPart("/word/settings.xml", CONTENT_TYPE.WML_SETTINGS, _settings_bytes(lang), opc)
    for part, reltype in ((styles, RELATIONSHIP_TYPE.STYLES), (numbering, RELATIONSHIP_TYPE.NUMBERING),
                          (settings, RELATIONSHIP_TYPE.SETTINGS)):
        document.relate_to(part, reltype)
    body = document.element.find(w("body"))
    return Parts(opc, document, styles, numbering, settings, body, body.find(w("sectPr")))
