"""WordprocessingML element helpers: qualified names, escaping, paragraphs and runs built with lxml directly.

Building the body with lxml (not python-docx's ``add_paragraph``, which scans the
whole body for ``w:sectPr`` on every call) keeps the writer linear in the size
of the article.
"""

from __future__ import annotations

from lxml import etree

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
WP_NS = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
R_ID = f"{{{R_NS}}}id"


def w(tag: str) -> str:
    """Clark name of a ``w:`` element or attribute."""
    return f"{{{W_NS}}}{tag}"


P, PPR, PSTYLE, R, RPR, RSTYLE, T, BR, TAB = (w(t) for t in ("p", "pPr", "pStyle", "r", "rPr", "rStyle", "t", "br", "tab"))
VAL = w("val")
HYPERLINK, ANCHOR, TOOLTIP, HISTORY = w("hyperlink"), w("anchor"), w("tooltip"), w("history")
BOOKMARK_START, BOOKMARK_END, NAME, ID = w("bookmarkStart"), w("bookmarkEnd"), w("name"), w("id")

# Schema order of the children of w:pPr and w:rPr (ECMA-376 CT_PPrBase, CT_RPr).
PPR_ORDER = ("pStyle", "keepNext", "keepLines", "pageBreakBefore", "framePr", "widowControl", "numPr",
    "suppressLineNumbers", "pBdr", "shd", "tabs", "suppressAutoHyphens", "kinsoku", "wordWrap", "overflowPunct",
    "topLinePunct", "autoSpaceDE", "autoSpaceDN", "bidi", "adjustRightInd", "snapToGrid", "spacing", "ind",
    "contextualSpacing", "mirrorIndents", "suppressOverlap", "jc", "textDirection", "textAlignment",
    "textboxTightWrap", "outlineLvl", "divId", "cnfStyle", "rPr", "sectPr", "pPrChange")
RPR_ORDER = ("rStyle", "rFonts", "b", "bCs", "i", "iCs", "caps", "smallCaps", "strike", "dstrike", "outline",
    "shadow", "emboss", "imprint", "noProof", "snapToGrid", "vanish", "webHidden", "color", "spacing", "w", "kern",
    "position", "sz", "szCs", "highlight", "u", "effect", "bdr", "shd", "fitText", "vertAlign", "rtl", "cs", "em",
    "lang", "eastAsianLayout", "specVanish", "oMath")


_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;"})


def escape(text: str) -> str:
    """``text`` escaped for XML content and double-quoted attributes (no saxutils: it imports urllib)."""
    return text.translate(_ESCAPES)


def sub(parent: etree._Element, tag: str, val: str | None = None, **attrs: str) -> etree._Element:
    """A new child ``tag`` (a Clark name) with ``w:val`` and other ``w:`` attributes."""
    element = etree.SubElement(parent, tag)
    if val is not None:
        element.set(VAL, val)
    for name, value in attrs.items():
        element.set(w(name), value)
    return element


def paragraph(container: etree._Element, style_id: str | None) -> etree._Element:
    """A new ``w:p`` at the end of ``container``, in ``style_id`` (None: the default style)."""
    p = etree.SubElement(container, P)
    if style_id:
        etree.SubElement(etree.SubElement(p, PPR), PSTYLE).set(VAL, style_id)
    return p


def paragraph_properties(p: etree._Element) -> etree._Element:
    """The ``w:pPr`` of ``p``, made first if missing."""
    first = p[0] if len(p) else None
    if first is not None and first.tag == PPR:
        return first
    ppr = etree.Element(PPR)
    p.insert(0, ppr)
    return ppr


def set_text(t: etree._Element, text: str) -> None:
    t.text = text
    if text[:1].isspace() or text[-1:].isspace() or "  " in text:
        t.set(XML_SPACE, "preserve")


def text_run(parent: etree._Element, text: str, rpr: tuple[tuple[str, dict[str, str]], ...] = ()) -> etree._Element:
    """A ``w:r`` holding ``text`` (tabs as ``w:tab``) with run properties ``rpr`` (Clark name, attributes)."""
    r = etree.SubElement(parent, R)
    if rpr:
        properties = etree.SubElement(r, RPR)
        for tag, attrs in rpr:
            etree.SubElement(properties, tag, attrs)
    for index, piece in enumerate(text.split("\t")):
        if index:
            etree.SubElement(r, TAB)
        if piece:
            set_text(etree.SubElement(r, T), piece)
    return r


def break_run(parent: etree._Element) -> etree._Element:
    r = etree.SubElement(parent, R)
    etree.SubElement(r, BR)
    return r


def insert_in_order(properties: etree._Element, element: etree._Element) -> None:
    """Put ``element`` into a ``w:pPr`` at its place in the schema's order (Word rejects children out of order)."""
    rank = PPR_ORDER.index(etree.QName(element).localname)
    later = next((child for child in properties
                  if etree.QName(child).localname in PPR_ORDER and PPR_ORDER.index(etree.QName(child).localname) > rank),
                 None)
    if later is not None:
        later.addprevious(element)
    else:
        properties.append(element)
