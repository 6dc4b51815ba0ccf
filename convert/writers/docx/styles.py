"""The DOCX style sheet: every part of the article in a named style an editor can restyle in one click.

Ids and names are Word's where Word has the style (``Heading2``/``heading 2``,
``Caption``/``caption``, ``FootnoteText``/``footnote text``...), pandoc's where
pandoc has one (``Compact``, ``TableCaption``, ``DefinitionTerm``,
``VerbatimChar``, ``Table``), so a reference document made for Word or for
pandoc restyles ours. Every style carries ``w:uiPriority`` (our article parts
sort first in Word's pane), ``w:qFormat`` where it belongs in the gallery, and
the ``basedOn``/``next``/``link`` chains resolve; paragraph styles Word pairs
with a character style (``Heading 2 Char``...) get one, linked both ways.

Spacing follows the PDF's vertical rhythm (``writers/pdf/styles.py``): sizes in
half-points and spacing in twentieths of a point, the PDF's points x 20.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .ooxml import PPR_ORDER, RPR_ORDER, W_NS, escape


@dataclass(frozen=True)
class Fonts:
    """The article's three faces: body (the theme's minor font), headings (major) and code."""

    body: str = "Georgia"
    headings: str = "Arial"
    mono: str = "Courier New"


@dataclass(frozen=True)
class Style:
    """One ``w:style``. ``ppr``/``rpr`` are child elements in any order (sorted on output).

    ``font`` is ``"major"`` (headings face), ``"mono"`` or ``""`` (the body face by default).
    """

    style_id: str
    name: str
    kind: str = "paragraph"
    based_on: str | None = "Normal"
    next: str | None = None
    link: str | None = None
    priority: int = 99
    gallery: bool = False
    hidden: bool = False  # semiHidden + unhideWhenUsed: shown once used, as Word's own
    ppr: tuple[str, ...] = ()
    rpr: tuple[str, ...] = ()
    font: str = ""
    extra: str = ""  # tblPr, tblStylePr... for table styles, already in order


def _sp(before: int | None = None, after: int | None = None, line: int | None = None, rule: str = "auto") -> str:
    parts = [f'w:before="{before}"' if before is not None else "", f'w:after="{after}"' if after is not None else "",
             f'w:line="{line}" w:lineRule="{rule}"' if line is not None else ""]
    return "<w:spacing " + " ".join(p for p in parts if p) + "/>"


def _sz(half_points: int) -> tuple[str, str]:
    return f'<w:sz w:val="{half_points}"/>', f'<w:szCs w:val="{half_points}"/>'


def _color(hex_rgb: str) -> str:
    return f'<w:color w:val="{hex_rgb}"/>'


KEEP = "<w:keepNext/>"
KEEP_LINES = "<w:keepLines/>"
BOLD = ("<w:b/>", "<w:bCs/>")
ITALIC = ("<w:i/>", "<w:iCs/>")


def _heading(level: int, size: int, before: int, after: int, italic: bool = False) -> Style:
    return Style(
        f"Heading{level}", f"heading {level}", next="BodyText", link=f"Heading{level}Char", priority=9, gallery=True,
        hidden=level > 3, ppr=(KEEP, KEEP_LINES, _sp(before, after), f'<w:outlineLvl w:val="{level - 1}"/>'),
        rpr=(*BOLD, *(ITALIC if italic else ()), *_sz(size)), font="major",
    )


_TABLE_EXTRA = (
    '<w:tblPr><w:tblStyleRowBandSize w:val="1"/><w:tblStyleColBandSize w:val="1"/>'
    '<w:tblBorders><w:top w:val="single" w:sz="8" w:space="0" w:color="000000"/>'
    '<w:bottom w:val="single" w:sz="8" w:space="0" w:color="000000"/>'
    '<w:insideH w:val="single" w:sz="2" w:space="0" w:color="BFBFBF"/></w:tblBorders>'
    '<w:tblCellMar><w:top w:w="40" w:type="dxa"/><w:left w:w="100" w:type="dxa"/>'
    '<w:bottom w:w="40" w:type="dxa"/><w:right w:w="100" w:type="dxa"/></w:tblCellMar></w:tblPr>'
    '<w:tblStylePr w:type="firstRow"><w:rPr><w:b/><w:bCs/></w:rPr><w:tblPr/><w:tcPr><w:tcBorders>'
    '<w:bottom w:val="single" w:sz="6" w:space="0" w:color="000000"/></w:tcBorders></w:tcPr></w:tblStylePr>'
    '<w:tblStylePr w:type="lastRow"><w:rPr><w:b/><w:bCs/></w:rPr><w:tblPr/><w:tcPr><w:tcBorders>'
    '<w:top w:val="single" w:sz="6" w:space="0" w:color="000000"/></w:tcBorders></w:tcPr></w:tblStylePr>'
)

#: A block quote's rule: 1 pt, grey, 8 pt from the text, on the paragraph's leading side.
QUOTE_RULE = '<w:pBdr><w:left w:val="single" w:sz="8" w:space="8" w:color="999999"/></w:pBdr>'

#: Lists, quotes and definitions inside a footnote: at the note's size (based on ``Footnote Text``), otherwise
#: as in the text. :data:`IN_NOTES` maps the text's styles to these.
_NOTE_STYLES: tuple[Style, ...] = (
    Style("FootnoteListBullet", "Footnote List Bullet", based_on="FootnoteText", next="FootnoteListBullet",
          hidden=True, ppr=('<w:numPr><w:numId w:val="1"/></w:numPr>', "<w:contextualSpacing/>")),
    Style("FootnoteListNumber", "Footnote List Number", based_on="FootnoteText", next="FootnoteListNumber",
          hidden=True, ppr=('<w:numPr><w:numId w:val="2"/></w:numPr>', "<w:contextualSpacing/>")),
    Style("FootnoteListContinue", "Footnote List Continue", based_on="FootnoteText", next="FootnoteListContinue",
          hidden=True, ppr=('<w:ind w:left="360"/>',)),
    Style("FootnoteQuote", "Footnote Quote", based_on="FootnoteText", next="FootnoteText", hidden=True,
          ppr=(QUOTE_RULE, '<w:ind w:left="480" w:right="320"/>'), rpr=(_color("333333"),)),
    Style("FootnoteDefinitionTerm", "Footnote Definition Term", based_on="FootnoteText",
          next="FootnoteDefinition", hidden=True, ppr=(KEEP,), rpr=BOLD),
    Style("FootnoteDefinition", "Footnote Definition", based_on="FootnoteText", next="FootnoteDefinitionTerm",
          hidden=True, ppr=('<w:ind w:left="360"/>',)),
)
IN_NOTES = {"ListBullet": "FootnoteListBullet", "ListNumber": "FootnoteListNumber",
            "ListContinue": "FootnoteListContinue", "Quote": "FootnoteQuote",
            "DefinitionTerm": "FootnoteDefinitionTerm", "Definition": "FootnoteDefinition"}

#: Every style the writer uses; the linked ``... Char`` styles are derived from these.
STYLES: tuple[Style, ...] = (
    Style("Normal", "Normal", based_on=None, priority=0, gallery=True, ppr=("<w:widowControl/>",)),
    Style("BodyText", "Body Text", next="BodyText", link="BodyTextChar", gallery=True, ppr=(_sp(0, 140),)),
    Style("Title", "Title", next="BodyText", link="TitleChar", priority=10, gallery=True,
          ppr=(KEEP, _sp(0, 160), '<w:outlineLvl w:val="0"/>'), rpr=(*BOLD, *_sz(48), '<w:kern w:val="28"/>'),
          font="major"),
    Style("Subtitle", "Subtitle", next="BodyText", link="SubtitleChar", priority=11, gallery=True,
          ppr=(KEEP, _sp(0, 160)), rpr=(*ITALIC, _color("333333"), *_sz(28))),
    Style("Description", "Description", next="BodyText", priority=12, gallery=True, ppr=(KEEP, _sp(0, 200)),
          rpr=(_color("333333"), *_sz(24))),
    Style("Byline", "Byline", next="Date", priority=12, gallery=True, ppr=(KEEP, _sp(0, 0)),
          rpr=(*BOLD, *_sz(18)), font="major"),
    Style("Date", "Date", next="BodyText", link="DateChar", priority=13, gallery=True, ppr=(KEEP, _sp(0, 340)),
          rpr=(_color("444444"), *_sz(18)), font="major"),
    Style("Keywords", "Keywords", next="BodyText", priority=14, gallery=True, ppr=(KEEP, _sp(0, 340)),
          rpr=(_color("555555"), *_sz(16)), font="major"),
    _heading(1, 32, 320, 120),
    _heading(2, 30, 280, 100),
    _heading(3, 26, 220, 80),
    _heading(4, 23, 180, 60),
    _heading(5, 22, 160, 40, italic=True),
    Style("Heading6", "heading 6", next="BodyText", link="Heading6Char", priority=9, gallery=True, hidden=True,
          ppr=(KEEP, KEEP_LINES, _sp(160, 40), '<w:outlineLvl w:val="5"/>'), rpr=(*ITALIC, *_sz(22)), font="major"),
    Style("Figure", "Figure", next="Caption", priority=34, gallery=True,
          ppr=(KEEP, _sp(0, 0), '<w:jc w:val="center"/>')),
    Style("Caption", "caption", next="BodyText", priority=35, gallery=True, ppr=(_sp(100, 240, 250, "atLeast"),),
          rpr=(_color("222222"), *_sz(18)), font="major"),
    Style("PhotoCredit", "Photo Credit", based_on="Caption", next="BodyText", priority=36, gallery=True,
          ppr=(_sp(0, 240, 210, "atLeast"),), rpr=(_color("444444"), *_sz(16))),
    Style("TableCaption", "Table Caption", based_on="Caption", next="BodyText", priority=36, gallery=True,
          ppr=(KEEP, _sp(120, 80))),
    Style("Credit", "Credit", next="BodyText", priority=37, gallery=True,
          ppr=('<w:pBdr><w:top w:val="single" w:sz="4" w:space="4" w:color="999999"/></w:pBdr>', _sp(200, 0)),
          rpr=(*ITALIC, _color("333333"), *_sz(20))),
    # Upright, indented, a thin rule on the side the text starts from (w:left of a w:bidi paragraph is its right).
    Style("Quote", "Quote", next="BodyText", link="QuoteChar", priority=29, gallery=True,
          ppr=(QUOTE_RULE, _sp(0, 140), '<w:ind w:left="480" w:right="320"/>'), rpr=(_color("333333"),)),
    # Items sit close together and the list keeps a paragraph's space after it (contextualSpacing), as in the PDF.
    Style("ListBullet", "List Bullet", next="ListBullet",
          ppr=('<w:numPr><w:numId w:val="1"/></w:numPr>', _sp(0, 140), "<w:contextualSpacing/>")),
    Style("ListNumber", "List Number", next="ListNumber",
          ppr=('<w:numPr><w:numId w:val="2"/></w:numPr>', _sp(0, 140), "<w:contextualSpacing/>")),
    Style("ListContinue", "List Continue", next="ListContinue", ppr=(_sp(0, 140), '<w:ind w:left="360"/>')),
    Style("DefinitionTerm", "Definition Term", next="Definition", priority=38, gallery=True,
          ppr=(KEEP, _sp(0, 20)), rpr=BOLD),
    Style("Definition", "Definition", next="DefinitionTerm", priority=38, gallery=True,
          ppr=(_sp(0, 140), '<w:ind w:left="360"/>')),
    Style("SourceCode", "Source Code", next="BodyText", priority=39,
          ppr=('<w:shd w:val="clear" w:color="auto" w:fill="F3F3F3"/>', _sp(80, 200, 240),
               '<w:ind w:left="200" w:right="200"/>'),
          rpr=('<w:noProof/>', *_sz(17)), font="mono"),
    Style("Separator", "Separator", next="BodyText", priority=40,
          ppr=('<w:pBdr><w:bottom w:val="single" w:sz="4" w:space="1" w:color="999999"/></w:pBdr>',
               _sp(120, 200, 40, "exact")), rpr=_sz(4)),
    Style("Compact", "Compact", based_on="BodyText", next="Compact", ppr=(_sp(0, 0, 240),), rpr=_sz(18)),
    Style("CompactSmall", "Compact Small", based_on="Compact", next="CompactSmall", rpr=_sz(15)),
    Style("FootnoteText", "footnote text", next="FootnoteText", link="FootnoteTextChar", hidden=True,
          ppr=(_sp(0, 40, 240),), rpr=_sz(17)),
    *_NOTE_STYLES,
    Style("Header", "header", next="Header", link="HeaderChar", hidden=True,
          ppr=('<w:pBdr><w:bottom w:val="single" w:sz="4" w:space="4" w:color="BBBBBB"/></w:pBdr>', _sp(0, 0, 240)),
          rpr=(_color("666666"), *_sz(16)), font="major"),
    Style("Footer", "footer", next="Footer", link="FooterChar", hidden=True,
          ppr=(_sp(0, 0, 240), '<w:jc w:val="center"/>'), rpr=(_color("666666"), *_sz(16)), font="major"),
    Style("TOCHeading", "TOC Heading", based_on="Heading1", next="BodyText", priority=39, gallery=True, hidden=True,
          ppr=('<w:outlineLvl w:val="9"/>',)),
    *(Style(f"TOC{level}", f"toc {level}", next="BodyText", priority=39, hidden=True,
            ppr=(_sp(0, 60), f'<w:ind w:left="{(level - 2) * 240}"/>')) for level in range(2, 7)),
    Style("DefaultParagraphFont", "Default Paragraph Font", kind="character", based_on=None, priority=1, hidden=True),
    Style("Hyperlink", "Hyperlink", kind="character", based_on="DefaultParagraphFont", hidden=True,
          rpr=(_color("0563C1"), '<w:u w:val="single"/>')),
    Style("VerbatimChar", "Verbatim Char", kind="character", based_on="DefaultParagraphFont",
          rpr=('<w:noProof/>', *_sz(19)), font="mono"),
    Style("FootnoteReference", "footnote reference", kind="character", based_on="DefaultParagraphFont", hidden=True,
          rpr=('<w:vertAlign w:val="superscript"/>',)),
    Style("TableNormal", "Normal Table", kind="table", based_on=None, hidden=True,
          extra='<w:tblPr><w:tblInd w:w="0" w:type="dxa"/><w:tblCellMar><w:top w:w="0" w:type="dxa"/>'
                '<w:left w:w="108" w:type="dxa"/><w:bottom w:w="0" w:type="dxa"/><w:right w:w="108" w:type="dxa"/>'
                "</w:tblCellMar></w:tblPr>"),
    Style("Table", "Table", kind="table", based_on="TableNormal", priority=39, gallery=True, ppr=(_sp(0, 0),),
          rpr=_sz(19), extra=_TABLE_EXTRA),
    Style("NoList", "No List", kind="numbering", based_on=None, hidden=True),
)

#: Which styles Word marks as the default of their kind.
DEFAULTS = frozenset({"Normal", "DefaultParagraphFont", "TableNormal", "NoList"})

_TAG = re.compile(r"<w:(\w+)")


def ordered(children: tuple[str, ...], order: tuple[str, ...]) -> str:
    """``children`` (XML snippets) joined in the schema's order."""
    return "".join(sorted(children, key=lambda child: order.index(_TAG.match(child).group(1))))  # type: ignore[union-attr]


def font_element(role: str, fonts: Fonts) -> str:
    """``w:rFonts`` for a role: theme fonts (so a new theme restyles them), named faces as the fallback."""
    if role == "mono":
        mono = escape(fonts.mono)
        return f'<w:rFonts w:ascii="{mono}" w:hAnsi="{mono}" w:cs="{mono}"/>'
    theme, face = ("major", escape(fonts.headings)) if role == "major" else ("minor", escape(fonts.body))
    return (f'<w:rFonts w:asciiTheme="{theme}HAnsi" w:hAnsiTheme="{theme}HAnsi" w:cstheme="{theme}Bidi" '
            f'w:ascii="{face}" w:hAnsi="{face}" w:cs="{face}"/>')


def _rpr(style: Style, fonts: Fonts) -> str:
    children = style.rpr + ((font_element(style.font, fonts),) if style.font else ())
    return f"<w:rPr>{ordered(children, RPR_ORDER)}</w:rPr>" if children else ""


def _style_xml(style: Style, fonts: Fonts) -> str:
    default = ' w:default="1"' if style.style_id in DEFAULTS else ""
    custom = "" if style.name[0].islower() or style.style_id in _WORD_BUILT_INS else ' w:customStyle="1"'
    parts = [f'<w:style w:type="{style.kind}"{default}{custom} w:styleId="{style.style_id}">',
             f'<w:name w:val="{style.name}"/>']
    for tag, value in (("basedOn", style.based_on), ("next", style.next), ("link", style.link)):
        if value:
            parts.append(f'<w:{tag} w:val="{value}"/>')
    parts.append(f'<w:uiPriority w:val="{style.priority}"/>')
    if style.hidden:
        parts.append("<w:semiHidden/><w:unhideWhenUsed/>")
    if style.gallery:
        parts.append("<w:qFormat/>")
    if style.ppr:
        parts.append(f"<w:pPr>{ordered(style.ppr, PPR_ORDER)}</w:pPr>")
    parts.append(_rpr(style, fonts))
    parts.append(style.extra)
    parts.append("</w:style>")
    return "".join(parts)


_WORD_BUILT_INS = frozenset({"Normal", "BodyText", "Title", "Subtitle", "Date", "Quote", "ListBullet", "ListNumber",
                             "ListContinue", "DefaultParagraphFont", "Hyperlink", "TableNormal", "NoList"})


def linked_character_styles(styles: tuple[Style, ...] = STYLES) -> tuple[Style, ...]:
    """The ``X Char`` character style Word makes for each linked paragraph style (same run properties)."""
    made = []
    for style in styles:
        if style.kind == "paragraph" and style.link:
            name = style.name.title() if style.name.islower() else style.name  # Word's "Footnote Text Char"
            made.append(Style(style.link, f"{name} Char", kind="character", based_on="DefaultParagraphFont",
                              link=style.style_id, priority=style.priority, hidden=style.hidden, rpr=style.rpr,
                              font=style.font))
    return tuple(made)


_LATENT = (
    ("Normal", 0, True), *((f"heading {n}", 9, True) for n in range(1, 10)), ("caption", 35, True),
    ("Title", 10, True), ("Subtitle", 11, True), ("Strong", 22, True), ("Emphasis", 20, True), ("Quote", 29, True),
    ("Intense Quote", 30, True), ("Table Grid", 59, False), ("No Spacing", 1, True), ("List Paragraph", 34, True),
    ("Subtle Emphasis", 19, True), ("Intense Emphasis", 21, True), ("Book Title", 33, True),
    ("TOC Heading", 39, True),
)


def latent_styles_xml() -> str:
    """Word's latent styles, with exceptions only for the gallery's built-ins (Word fills in the rest)."""
    gallery_mark = ' w:qFormat="1"'
    entries = "".join(
        f'<w:lsdException w:name="{name}" w:uiPriority="{priority}"{gallery_mark if gallery else ""}/>'
        for name, priority, gallery in _LATENT
    )
    return ('<w:latentStyles w:defLockedState="0" w:defUIPriority="99" w:defSemiHidden="0" '
            f'w:defUnhideWhenUsed="0" w:defQFormat="0" w:count="376">{entries}</w:latentStyles>')


def styles_xml(fonts: Fonts, lang: str = "en-US") -> str:
    """The whole ``word/styles.xml`` for ``fonts``."""
    defaults = (
        f'<w:docDefaults><w:rPrDefault><w:rPr>{font_element("minor", fonts)}'
        f'<w:sz w:val="22"/><w:szCs w:val="22"/><w:lang w:val="{escape(lang)}" w:eastAsia="en-US" w:bidi="ar-SA"/>'
        f"</w:rPr></w:rPrDefault><w:pPrDefault><w:pPr>{_sp(0, 140, 288)}</w:pPr></w:pPrDefault></w:docDefaults>"
    )
    every = STYLES + linked_character_styles()
    body = "".join(_style_xml(style, fonts) for style in every)
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:styles xmlns:w="{W_NS}">'
            f"{defaults}{latent_styles_xml()}{body}</w:styles>")
