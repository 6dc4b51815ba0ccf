"""A lean DOCX template, built in memory (python-docx's own weighs 880 KB).

It holds exactly the styles the DOCX writer uses, each a real named style an
editor can restyle in one click, and the numbering definitions for nested
bullet and numbered lists. No thumbnail, no "python-docx" author.
"""

from __future__ import annotations

import functools
import io
import zipfile

W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
BODY_FONT = "Georgia"
HEADING_FONT = "Arial"
MONO_FONT = "Courier New"

#: Paragraph styles: id → (name, based on, next, pPr, rPr). Sizes in half-points.
PARAGRAPH_STYLES: dict[str, tuple[str, str, str, str, str]] = {
    "BodyText": ("Body Text", "Normal", "BodyText", '<w:spacing w:before="0" w:after="160"/>', ""),
    "Title": ("Title", "Normal", "BodyText", '<w:keepNext/><w:spacing w:before="0" w:after="120"/><w:outlineLvl w:val="0"/>',
              f'<w:rFonts w:ascii="{HEADING_FONT}" w:hAnsi="{HEADING_FONT}" w:cs="{HEADING_FONT}"/><w:b/><w:sz w:val="52"/>'),
    "Subtitle": ("Subtitle", "Normal", "BodyText", '<w:keepNext/><w:spacing w:after="120"/>',
                 '<w:i/><w:color w:val="444444"/><w:sz w:val="30"/>'),
    "Byline": ("Byline", "Normal", "BodyText", '<w:keepNext/><w:spacing w:after="0"/>',
               f'<w:rFonts w:ascii="{HEADING_FONT}" w:hAnsi="{HEADING_FONT}" w:cs="{HEADING_FONT}"/><w:b/><w:sz w:val="20"/>'),
    "Date": ("Date", "Normal", "BodyText", '<w:keepNext/><w:spacing w:after="240"/>',
             f'<w:rFonts w:ascii="{HEADING_FONT}" w:hAnsi="{HEADING_FONT}" w:cs="{HEADING_FONT}"/>'
             '<w:color w:val="666666"/><w:sz w:val="20"/>'),
    "Heading1": ("heading 1", "Normal", "BodyText", '<w:keepNext/><w:keepLines/><w:spacing w:before="360" w:after="120"/>'
                 '<w:outlineLvl w:val="0"/>', f'<w:rFonts w:ascii="{HEADING_FONT}" w:hAnsi="{HEADING_FONT}" '
                 f'w:cs="{HEADING_FONT}"/><w:b/><w:sz w:val="36"/>'),
    "Heading2": ("heading 2", "Normal", "BodyText", '<w:keepNext/><w:keepLines/><w:spacing w:before="320" w:after="100"/>'
                 '<w:outlineLvl w:val="1"/>', f'<w:rFonts w:ascii="{HEADING_FONT}" w:hAnsi="{HEADING_FONT}" '
                 f'w:cs="{HEADING_FONT}"/><w:b/><w:sz w:val="28"/>'),
    "Heading3": ("heading 3", "Normal", "BodyText", '<w:keepNext/><w:keepLines/><w:spacing w:before="240" w:after="80"/>'
                 '<w:outlineLvl w:val="2"/>', f'<w:rFonts w:ascii="{HEADING_FONT}" w:hAnsi="{HEADING_FONT}" '
                 f'w:cs="{HEADING_FONT}"/><w:b/><w:sz w:val="24"/>'),
    "Figure": ("Figure", "Normal", "Caption", '<w:keepNext/><w:spacing w:before="120" w:after="60"/><w:jc w:val="center"/>',
               ""),
    "Caption": ("caption", "Normal", "BodyText", '<w:spacing w:after="60"/>',
                f'<w:rFonts w:ascii="{HEADING_FONT}" w:hAnsi="{HEADING_FONT}" w:cs="{HEADING_FONT}"/>'
                '<w:color w:val="333333"/><w:sz w:val="18"/>'),
    "PhotoCredit": ("Photo Credit", "Caption", "BodyText", '<w:spacing w:after="240"/>',
                    '<w:caps/><w:color w:val="777777"/><w:sz w:val="14"/>'),
    "Credit": ("Credit", "Normal", "BodyText",
               '<w:pBdr><w:top w:val="single" w:sz="4" w:space="6" w:color="999999"/></w:pBdr>'
               '<w:spacing w:before="360" w:after="0"/>', '<w:i/><w:color w:val="444444"/><w:sz w:val="20"/>'),
    "Quote": ("Quote", "Normal", "BodyText", '<w:spacing w:after="160"/><w:ind w:left="720" w:right="720"/>',
              '<w:i/><w:color w:val="404040"/>'),
    "ListBullet": ("List Bullet", "Normal", "ListBullet", '<w:numPr><w:numId w:val="1"/></w:numPr>'
                   '<w:spacing w:after="60"/>', ""),
    "ListNumber": ("List Number", "Normal", "ListNumber", '<w:numPr><w:numId w:val="2"/></w:numPr>'
                   '<w:spacing w:after="60"/>', ""),
    "SourceCode": ("Source Code", "Normal", "SourceCode", '<w:spacing w:after="160"/><w:ind w:left="360"/>',
                   f'<w:rFonts w:ascii="{MONO_FONT}" w:hAnsi="{MONO_FONT}" w:cs="{MONO_FONT}"/><w:sz w:val="19"/>'),
    "Separator": ("Separator", "Normal", "BodyText",
                  '<w:pBdr><w:bottom w:val="single" w:sz="6" w:space="1" w:color="999999"/></w:pBdr>'
                  '<w:spacing w:after="240"/>', ""),
}

CHARACTER_STYLES: dict[str, tuple[str, str]] = {
    "Hyperlink": ("Hyperlink", '<w:color w:val="0563C1"/><w:u w:val="single"/>'),
    "VerbatimChar": ("Verbatim Char", f'<w:rFonts w:ascii="{MONO_FONT}" w:hAnsi="{MONO_FONT}" w:cs="{MONO_FONT}"/>'
                     '<w:sz w:val="19"/>'),
}

_BULLETS = ("\u2022", "\u25e6", "\u25aa")
_NUMBER_FORMATS = ("decimal", "lowerLetter", "lowerRoman")


def _styles_xml() -> str:
    parts = [
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:styles {W}>',
        '<w:docDefaults><w:rPrDefault><w:rPr>'
        f'<w:rFonts w:ascii="{BODY_FONT}" w:eastAsia="{BODY_FONT}" w:hAnsi="{BODY_FONT}" w:cs="{BODY_FONT}"/>'
        '<w:sz w:val="22"/><w:szCs w:val="22"/><w:lang w:val="en-US" w:eastAsia="en-US" w:bidi="ar-SA"/>'
        '</w:rPr></w:rPrDefault><w:pPrDefault><w:pPr><w:spacing w:after="160" w:line="288" w:lineRule="auto"/>'
        '</w:pPr></w:pPrDefault></w:docDefaults>',
        '<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/>'
        '<w:pPr><w:widowControl/></w:pPr></w:style>',
        '<w:style w:type="character" w:default="1" w:styleId="DefaultParagraphFont">'
        '<w:name w:val="Default Paragraph Font"/><w:uiPriority w:val="1"/><w:semiHidden/><w:unhideWhenUsed/></w:style>',
        '<w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/><w:semiHidden/>'
        '<w:tblPr><w:tblInd w:w="0" w:type="dxa"/><w:tblCellMar><w:top w:w="0" w:type="dxa"/>'
        '<w:left w:w="108" w:type="dxa"/><w:bottom w:w="0" w:type="dxa"/><w:right w:w="108" w:type="dxa"/>'
        '</w:tblCellMar></w:tblPr></w:style>',
        '<w:style w:type="numbering" w:default="1" w:styleId="NoList"><w:name w:val="No List"/><w:semiHidden/></w:style>',
    ]
    for style_id, (name, based_on, next_id, ppr, rpr) in PARAGRAPH_STYLES.items():
        parts.append(
            f'<w:style w:type="paragraph" w:styleId="{style_id}"><w:name w:val="{name}"/>'
            f'<w:basedOn w:val="{based_on}"/><w:next w:val="{next_id}"/><w:qFormat/>'
            f"<w:pPr>{ppr}</w:pPr><w:rPr>{rpr}</w:rPr></w:style>"
        )
    for style_id, (name, rpr) in CHARACTER_STYLES.items():
        parts.append(
            f'<w:style w:type="character" w:styleId="{style_id}"><w:name w:val="{name}"/>'
            f'<w:basedOn w:val="DefaultParagraphFont"/><w:rPr>{rpr}</w:rPr></w:style>'
        )
    parts.append("</w:styles>")
    return "".join(parts)


def _level(ilvl: int, fmt: str, text: str) -> str:
    indent = 360 * (ilvl + 1)
    return (
        f'<w:lvl w:ilvl="{ilvl}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/><w:lvlText w:val="{text}"/>'
        f'<w:lvlJc w:val="left"/><w:pPr><w:ind w:left="{indent}" w:hanging="360"/></w:pPr></w:lvl>'
    )


def _numbering_xml() -> str:
    bullets = "".join(_level(i, "bullet", _BULLETS[i % 3]) for i in range(9))
    numbers = "".join(_level(i, _NUMBER_FORMATS[i % 3], f"%{i + 1}.") for i in range(9))
    return (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:numbering {W}>'
        f'<w:abstractNum w:abstractNumId="0"><w:multiLevelType w:val="multilevel"/>{bullets}</w:abstractNum>'
        f'<w:abstractNum w:abstractNumId="1"><w:multiLevelType w:val="multilevel"/>{numbers}</w:abstractNum>'
        '<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>'
        '<w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num>'
        "</w:numbering>"
    )


_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
    '<Override PartName="/word/styles.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>'
    '<Override PartName="/word/numbering.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml"/>'
    '<Override PartName="/word/settings.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml"/>'
    '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>'
    "</Types>"
)
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PACKAGE_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    f'<Relationship Id="rId1" Type="{_REL}/officeDocument" Target="word/document.xml"/>'
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/'
    'core-properties" Target="docProps/core.xml"/>'
    "</Relationships>"
)
_DOCUMENT_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    f'<Relationship Id="rId1" Type="{_REL}/styles" Target="styles.xml"/>'
    f'<Relationship Id="rId2" Type="{_REL}/numbering" Target="numbering.xml"/>'
    f'<Relationship Id="rId3" Type="{_REL}/settings" Target="settings.xml"/>'
    "</Relationships>"
)
_DOCUMENT = (
    f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:document {W} '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<w:body><w:sectPr><w:pgSz w:w="11906" w:h="16838"/>'
    '<w:pgMar w:top="1440" w:right="1440" w:bottom="1440" w:left="1440" w:header="708" w:footer="708" w:gutter="0"/>'
    "</w:sectPr></w:body></w:document>"
)
_SETTINGS = (
    f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:settings {W}>'
    '<w:defaultTabStop w:val="720"/><w:characterSpacingControl w:val="doNotCompress"/>'
    '<w:compat><w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" '
    'w:val="15"/></w:compat></w:settings>'
)
_CORE = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
    'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
    'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"/>'
)


@functools.lru_cache(maxsize=1)
def template_bytes() -> bytes:
    """The template as a .docx file (built once per process; bytes are immutable)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("[Content_Types].xml", _CONTENT_TYPES)
        package.writestr("_rels/.rels", _PACKAGE_RELS)
        package.writestr("docProps/core.xml", _CORE)
        package.writestr("word/document.xml", _DOCUMENT)
        package.writestr("word/_rels/document.xml.rels", _DOCUMENT_RELS)
        package.writestr("word/styles.xml", _styles_xml())
        package.writestr("word/numbering.xml", _numbering_xml())
        package.writestr("word/settings.xml", _SETTINGS)
    return buffer.getvalue()
