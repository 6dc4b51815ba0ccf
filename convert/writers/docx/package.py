"""The parts of a Word package besides the body: theme, fonts, settings, web settings, app and core properties.

Word writes each of these in every document it saves; without them Word and
validators report a damaged or incomplete file (no theme fonts, no font
substitution table). Each is built from text, small and the same for the same
input. Core properties follow Word's limits: 255 characters a field, dates in
W3CDTF (``0001-01-01T00:00:00Z`` for the year 1: four-digit years, always).
"""

from __future__ import annotations

import datetime as dt
import functools
import logging
import posixpath

from docx.opc.package import OpcPackage
from docx.opc.part import Part
from docx.opc.rel import Relationships

from ...errors import warn
from ...text import xml_safe
from .. import _common
from .ooxml import W_NS, escape
from .styles import Fonts

log = logging.getLogger("convert")

A_NS = "http://schemas.openxmlformats.org/drawingml/2006/main"
DECLARATION = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
#: Word refuses longer core-property values ("exceeded 255 char limit").
CORE_LIMIT = 255

# (family, pitch, panose) of the faces we name; others are described as "auto".
_KNOWN_FONTS = {
    "Georgia": ("roman", "variable", "02040502050405020303"),
    "Arial": ("swiss", "variable", "020B0604020202020204"),
    "Courier New": ("modern", "fixed", "02070309020205020404"),
    "Times New Roman": ("roman", "variable", "02020603050405020304"),
    "DejaVu Serif": ("roman", "variable", "02060603050605020204"),
    "DejaVu Sans": ("swiss", "variable", "020B0603030804020204"),
    "DejaVu Sans Mono": ("modern", "fixed", "020B0609030804020204"),
}


def _attr(text: str) -> str:
    return escape(xml_safe(text))


@functools.lru_cache(maxsize=8)
def theme_xml(fonts: Fonts) -> bytes:
    """A theme whose major (headings) and minor (body) fonts are the article's; Office's colours."""
    colours = (("dk1", '<a:sysClr val="windowText" lastClr="000000"/>'),
               ("lt1", '<a:sysClr val="window" lastClr="FFFFFF"/>'), ("dk2", '<a:srgbClr val="44546A"/>'),
               ("lt2", '<a:srgbClr val="E7E6E6"/>'), ("accent1", '<a:srgbClr val="4472C4"/>'),
               ("accent2", '<a:srgbClr val="ED7D31"/>'), ("accent3", '<a:srgbClr val="A5A5A5"/>'),
               ("accent4", '<a:srgbClr val="FFC000"/>'), ("accent5", '<a:srgbClr val="5B9BD5"/>'),
               ("accent6", '<a:srgbClr val="70AD47"/>'), ("hlink", '<a:srgbClr val="0563C1"/>'),
               ("folHlink", '<a:srgbClr val="954F72"/>'))
    scheme = "".join(f"<a:{name}>{value}</a:{name}>" for name, value in colours)
    fill = '<a:solidFill><a:schemeClr val="phClr"/></a:solidFill>'
    line = f'<a:ln w="6350" cap="flat" cmpd="sng" algn="ctr">{fill}<a:prstDash val="solid"/></a:ln>'

    def face(name: str) -> str:
        return f'<a:latin typeface="{_attr(name)}"/><a:ea typeface=""/><a:cs typeface=""/>'

    text = (
        f'{DECLARATION}<a:theme xmlns:a="{A_NS}" name="convert"><a:themeElements>'
        f'<a:clrScheme name="convert">{scheme}</a:clrScheme>'
        f'<a:fontScheme name="convert"><a:majorFont>{face(fonts.headings)}</a:majorFont>'
        f"<a:minorFont>{face(fonts.body)}</a:minorFont></a:fontScheme>"
        f'<a:fmtScheme name="convert"><a:fillStyleLst>{fill * 3}</a:fillStyleLst>'
        f"<a:lnStyleLst>{line * 3}</a:lnStyleLst>"
        f"<a:effectStyleLst>{'<a:effectStyle><a:effectLst/></a:effectStyle>' * 3}</a:effectStyleLst>"
        f"<a:bgFillStyleLst>{fill * 3}</a:bgFillStyleLst></a:fmtScheme>"
        "</a:themeElements><a:objectDefaults/><a:extraClrSchemeLst/></a:theme>"
    )
    return text.encode()


def font_entry(name: str) -> str:
    """One ``w:font`` of the font table (what Word substitutes when the face is missing)."""
    family, pitch, panose = _KNOWN_FONTS.get(name, ("auto", "variable", ""))
    panose_xml = f'<w:panose1 w:val="{panose}"/>' if panose else ""
    return (f'<w:font w:name="{_attr(name)}">{panose_xml}<w:charset w:val="00"/><w:family w:val="{family}"/>'
            f'<w:pitch w:val="{pitch}"/></w:font>')


@functools.lru_cache(maxsize=8)
def font_table_xml(fonts: Fonts) -> bytes:
    names = dict.fromkeys((fonts.body, fonts.headings, fonts.mono, "Times New Roman"))
    entries = "".join(font_entry(name) for name in names)
    return f'{DECLARATION}<w:fonts xmlns:w="{W_NS}">{entries}</w:fonts>'.encode()


def settings_xml(lang: str) -> str:
    """Settings as Word 2013+ writes them (``compatibilityMode`` 15: not opened in compatibility mode)."""
    compat = "".join(
        f'<w:compatSetting w:name="{name}" w:uri="http://schemas.microsoft.com/office/word" w:val="{value}"/>'
        for name, value in (("compatibilityMode", 15), ("overrideTableStyleFontSizeAndJustification", 1),
                            ("enableOpenTypeFeatures", 1), ("doNotFlipMirrorIndents", 1),
                            ("differentiateMultirowTableHeaders", 1))
    )
    return (
        f'{DECLARATION}<w:settings xmlns:w="{W_NS}"><w:zoom w:percent="100"/>'
        '<w:defaultTabStop w:val="720"/><w:characterSpacingControl w:val="doNotCompress"/>'
        f"<w:compat>{compat}</w:compat>"
        f'<w:themeFontLang w:val="{_attr(lang)}"/>'
        '<w:clrSchemeMapping w:bg1="light1" w:t1="dark1" w:bg2="light2" w:t2="dark2" w:accent1="accent1" '
        'w:accent2="accent2" w:accent3="accent3" w:accent4="accent4" w:accent5="accent5" w:accent6="accent6" '
        'w:hyperlink="hyperlink" w:followedHyperlink="followedHyperlink"/>'
        '<w:decimalSymbol w:val="."/><w:listSeparator w:val=","/></w:settings>'
    )


WEB_SETTINGS = f'{DECLARATION}<w:webSettings xmlns:w="{W_NS}"><w:optimizeForBrowser/><w:allowPNG/></w:webSettings>'.encode()


def app_xml(company: str | None) -> bytes:
    """Extended properties: the application, and the publisher as Word's "Company"."""
    company_xml = f"<Company>{_attr(company[:CORE_LIMIT])}</Company>" if company else ""
    return (
        f'{DECLARATION}<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" '
        'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
        f"<Application>convert</Application><DocSecurity>0</DocSecurity><ScaleCrop>false</ScaleCrop>{company_xml}"
        "<LinksUpToDate>false</LinksUpToDate><SharedDoc>false</SharedDoc><HyperlinksChanged>false</HyperlinksChanged>"
        "</Properties>"
    ).encode()


def w3cdtf(when: dt.datetime) -> str:
    """``when`` (UTC) as W3CDTF with a four-digit year: ``strftime`` gives ``1-01-01`` for the year 1."""
    return (f"{when.year:04d}-{when.month:02d}-{when.day:02d}T"
            f"{when.hour:02d}:{when.minute:02d}:{when.second:02d}Z")


def shorten(value: str, field: str, source: str, limit: int = CORE_LIMIT) -> str:
    """``value`` cut at a word boundary to ``limit`` characters, with an ellipsis and a warning."""
    value = xml_safe(value)
    if len(value) <= limit:
        return value
    cut = value[: limit - 1]
    if " " in cut[limit // 2:]:
        cut = cut[: cut.rindex(" ")]
    warn(log, f"DOCX {field} shortened to {limit} characters (Word's limit); the full text stays in the document",
         file=source)
    return cut.rstrip() + "\u2026"


def core_xml(fields: dict[str, str | None], when: dt.datetime, source: str) -> bytes:
    """Core properties: ``fields`` maps Dublin Core names (``dc:title``...) to values (None: left out)."""
    parts = []
    for name, value in fields.items():
        if value:
            parts.append(f"<{name}>{escape(shorten(value, name.split(':')[1], source))}</{name}>")
    stamp = w3cdtf(when)
    return (
        f'{DECLARATION}<cp:coreProperties '
        'xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        f"{''.join(parts)}<cp:revision>1</cp:revision>"
        f'<dcterms:created xsi:type="dcterms:W3CDTF">{stamp}</dcterms:created>'
        f'<dcterms:modified xsi:type="dcterms:W3CDTF">{stamp}</dcterms:modified>'
        "</cp:coreProperties>"
    ).encode()


def story_xml(root: str, paragraph: str) -> bytes:
    """A header or footer part (``root`` is ``hdr`` or ``ftr``) holding one paragraph."""
    return (f'{DECLARATION}<w:{root} xmlns:w="{W_NS}" '
            f'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">{paragraph}</w:{root}>'
            ).encode()


def header_paragraph(short_title: str, right_to_left: bool = False) -> str:
    """The running head's paragraph; ``right_to_left``: a title that runs right to left starts on the right
    (``w:bidi``), its run set right to left (``w:rtl``), as the body's paragraphs are."""
    bidi, rtl = ("<w:bidi/>", "<w:rPr><w:rtl/></w:rPr>") if right_to_left else ("", "")
    return (f'<w:p><w:pPr><w:pStyle w:val="Header"/>{bidi}</w:pPr><w:r>{rtl}'
            f'<w:t xml:space="preserve">{escape(short_title)}</w:t></w:r></w:p>')


def footer_paragraph() -> str:
    """The page number as a ``PAGE`` field (Word and LibreOffice fill it in on every page)."""
    return ('<w:p><w:pPr><w:pStyle w:val="Footer"/></w:pPr><w:r><w:fldChar w:fldCharType="begin"/></w:r>'
            '<w:r><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>'
            '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>1</w:t></w:r>'
            '<w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>')


def short_title(title: str, limit: int = 80) -> str:
    """The running head: the title, cut at a word boundary with an ellipsis past ``limit`` characters."""
    title = " ".join(xml_safe(title).split())
    if len(title) <= limit:
        return title
    cut = title[: limit - 1]
    return (cut[: cut.rindex(" ")] if " " in cut else cut).rstrip(" ,;:") + "\u2026"


_RELS_TYPE = "application/vnd.openxmlformats-package.relationships+xml"
_MEDIA = frozenset({"jpeg", "jpg", "png", "gif", "bmp", "tiff", "tif", "emf", "wmf", "svg", "webp"})


def content_types(parts: list[Part]) -> bytes:
    """``[Content_Types].xml``: a default per media extension, an override per other part."""
    defaults = {"rels": _RELS_TYPE, "xml": "application/xml"}
    overrides: dict[str, str] = {}
    for part in parts:
        extension = part.partname.ext.lower()
        if extension in _MEDIA:
            defaults.setdefault(extension, part.content_type)
        else:
            overrides[str(part.partname)] = part.content_type
    entries = [f'<Default Extension="{ext}" ContentType="{kind}"/>' for ext, kind in defaults.items()]
    entries += [f'<Override PartName="{escape(name)}" ContentType="{kind}"/>' for name, kind in overrides.items()]
    return (f'{DECLARATION}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            f"{''.join(entries)}</Types>").encode()


def relationships_xml(rels: Relationships, base: str) -> bytes:
    """A ``.rels`` part (python-docx's serializer builds an element tree per relationship: this is 6x faster)."""
    entries = []
    for rel in rels.values():
        if rel.is_external:
            target, mode = rel.target_ref, ' TargetMode="External"'
        else:
            name = str(rel.target_part.partname)
            prefix = base.rstrip("/") + "/"
            target, mode = (name[len(prefix):] if name.startswith(prefix) else posixpath.relpath(name, base)), ""
        entries.append(f'<Relationship Id="{escape(rel.rId)}" Type="{rel.reltype}" Target="{escape(target)}"{mode}/>')
    return (f'{DECLARATION}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f"{''.join(entries)}</Relationships>").encode()


def save(opc: OpcPackage) -> bytes:
    """The package as a reproducible zip (:func:`.._common.reproducible_zip`), ``[Content_Types].xml`` first."""
    parts = list(opc.iter_parts())
    members = [("[Content_Types].xml", content_types(parts)), ("_rels/.rels", relationships_xml(opc.rels, "/"))]
    for part in parts:
        members.append((part.partname.membername, part.blob))
        if len(part.rels):
            members.append((part.partname.rels_uri.membername, relationships_xml(part.rels, part.partname.baseURI)))
    return _common.reproducible_zip(members)
