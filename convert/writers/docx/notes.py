"""Footnotes: the footnotes part, references in the text, the notes' blocks inside.

Word numbers footnotes itself (``w:footnoteReference`` in the text, the note in
``word/footnotes.xml`` with the separator and continuation separator Word
expects, ids -1 and 0). A note's paragraphs are in ``Footnote Text``, its mark
in ``Footnote Reference``; lists, quotes and definitions inside a note take the
twins of their styles at the note's size (``Footnote List Bullet``, ``Footnote
Quote``..., based on ``Footnote Text``), code keeps ``Source Code``. Word
cannot put a footnote inside a footnote: a note inside a note is shown in
brackets where it stands, with a warning.
"""

from __future__ import annotations

import dataclasses
import logging
from typing import TYPE_CHECKING

from docx.opc.constants import CONTENT_TYPE, RELATIONSHIP_TYPE
from docx.opc.packuri import PackURI
from docx.oxml.parser import parse_xml
from docx.parts.story import StoryPart
from lxml import etree

from ...errors import warn
from ...model import Block, CodeBlock, block_inlines, plain_text, walk
from ...text import xml_safe
from .inlines import PLAIN
from .ooxml import PPR, RPR, RSTYLE, VAL, W_NS, P, R, paragraph, sub, text_run, w

if TYPE_CHECKING:
    from .blocks import Renderer, Scope
    from .template import Parts

log = logging.getLogger("convert")

_FOOTNOTES = (
    f'<w:footnotes xmlns:w="{W_NS}" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<w:footnote w:type="separator" w:id="-1"><w:p><w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="auto"/>'
    '</w:pPr><w:r><w:separator/></w:r></w:p></w:footnote>'
    '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:pPr><w:spacing w:after="0" w:line="240" '
    'w:lineRule="auto"/></w:pPr><w:r><w:continuationSeparator/></w:r></w:p></w:footnote></w:footnotes>'
)


class FootnotesPart(StoryPart):
    """``word/footnotes.xml``; a story part, so pictures in notes relate from it."""


class Notes:
    """The article's footnotes, numbered 1, 2... in reading order; the part is made at the first note."""

    def __init__(self, parts: Parts) -> None:
        self.parts = parts
        self.part: FootnotesPart | None = None
        self.count = 0

    def _footnotes(self) -> FootnotesPart:
        if self.part is None:
            element = parse_xml(_FOOTNOTES.encode())
            self.part = FootnotesPart(PackURI("/word/footnotes.xml"), CONTENT_TYPE.WML_FOOTNOTES, element,
                                      self.parts.opc)
            self.parts.document.relate_to(self.part, RELATIONSHIP_TYPE.FOOTNOTES)
            _declare_in_settings(self.parts.settings.element)
        return self.part

    def reference(self, r: Renderer, parent: etree._Element, blocks: tuple[Block, ...], scope: Scope) -> None:
        """The note's mark at the end of ``parent``, and the note itself in the footnotes part."""
        if scope.in_note:
            warn(log, "a note inside a note is shown in brackets (Word has no nested footnotes)",
                 file=r.source, line=scope.line)
            text_run(parent, xml_safe(f" [{_blocks_text(blocks)}]"), r.run_properties(PLAIN))
            return
        part = self._footnotes()
        self.count += 1
        note_id = str(self.count)
        note = sub(part.element, w("footnote"), id=note_id)
        inner = dataclasses.replace(scope, container=note, part=part, level=-1, quote=0, custom=None,
                                    body_style="FootnoteText", in_note=True, width=r.text_width)
        r.blocks(blocks, inner)
        _mark_note(note)
        run = etree.SubElement(parent, R)
        etree.SubElement(etree.SubElement(run, RPR), RSTYLE).set(VAL, "FootnoteReference")
        sub(run, w("footnoteReference"), id=note_id)


def _mark_note(note: etree._Element) -> None:
    """Word's note mark (``w:footnoteRef``) and a space at the start of the note's first paragraph."""
    first = next(note.iter(P), None)
    if first is None:
        first = paragraph(note, "FootnoteText")
    at = 1 if len(first) and first[0].tag == PPR else 0
    mark = etree.Element(R)
    etree.SubElement(etree.SubElement(mark, RPR), RSTYLE).set(VAL, "FootnoteReference")
    etree.SubElement(mark, w("footnoteRef"))
    space = etree.Element(R)
    text = etree.SubElement(space, w("t"))
    text.text = " "
    text.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    first.insert(at, space)
    first.insert(at, mark)


def _declare_in_settings(settings: etree._Element) -> None:
    """Word lists the separator notes in ``w:footnotePr`` of the settings (before ``w:compat``)."""
    declared = etree.Element(w("footnotePr"))
    for note_id in ("-1", "0"):
        sub(declared, w("footnote"), id=note_id)
    compat = settings.find(w("compat"))
    if compat is not None:
        compat.addprevious(declared)
    else:
        settings.append(declared)


def _blocks_text(blocks: tuple[Block, ...]) -> str:
    """The text of a nested note's blocks, for showing it in brackets."""
    texts = [block.text if isinstance(block, CodeBlock) else plain_text(block_inlines(block)) for block in walk(blocks)]
    return " ".join(t for t in texts if t)
