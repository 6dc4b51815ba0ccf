"""The document's style sheet while writing: styles named by ``custom-style`` found by name, or made.

pandoc's convention: ``::: {custom-style="Pull Quote"}`` puts the div's
paragraphs in the paragraph style named "Pull Quote", and
``[text]{custom-style="Kicker"}`` puts the text in that character style. A style
the document (or the reference document) lacks is created, based on ``Body
Text`` or ``Default Paragraph Font``, so an editor can restyle it in one place.
A span naming a paragraph style (``custom-style="Heading 2"``) gets its linked
character style (``Heading 2 Char``), as Word applies it to a selection.
"""

from __future__ import annotations

import re

from lxml import etree

from ...text import xml_safe
from .ooxml import sub, w
from .template import LazyXmlPart

_STYLE, _STYLE_ID, _TYPE, _NAME, _VAL = w("style"), w("styleId"), w("type"), w("name"), w("val")
_ID_CHARS = re.compile(r"[^A-Za-z0-9]+")


class StyleSheet:
    """Style ids by (kind, name), read once from ``w:styles``; new styles appended to it."""

    def __init__(self, part: LazyXmlPart) -> None:
        self.part = part
        self.ids: set[str] = set()
        self.by_name: dict[tuple[str, str], str] = {}
        self.linked: dict[str, str] = {}  # style id → the style of the other kind it is linked to
        self.read = False

    def _read(self) -> etree._Element:
        """The styles' tree, indexed at the first need (most articles have no custom styles)."""
        styles = self.part.element
        if self.read:
            return styles
        self.read = True
        for style in styles.iterchildren(_STYLE):
            style_id = style.get(_STYLE_ID) or ""
            self.ids.add(style_id)
            name = style.find(_NAME)
            if name is not None:
                self.by_name.setdefault((style.get(_TYPE) or "", (name.get(_VAL) or "").lower()), style_id)
            link = style.find(w("link"))
            if link is not None and link.get(_VAL):
                self.linked[style_id] = link.get(_VAL) or ""
        return styles

    def paragraph(self, name: str) -> str:
        """The id of the paragraph style called ``name`` (made if missing)."""
        return self._find_or_make("paragraph", name, "BodyText")

    def character(self, name: str) -> str:
        """The id of the character style called ``name`` (made if missing)."""
        return self._find_or_make("character", name, "DefaultParagraphFont")

    def _find_or_make(self, kind: str, name: str, based_on: str) -> str:
        element = self._read()
        name = " ".join(xml_safe(name).split())[:253] or "Custom"
        found = self.by_name.get((kind, name.lower()))
        if found is not None:
            return found
        other = self.by_name.get(("character" if kind == "paragraph" else "paragraph", name.lower()))
        if other is not None:  # named after a style of the other kind: its linked twin, else a name of its own
            if other in self.linked:
                return self.linked[other]
            name = f"{name} Char" if kind == "character" else f"{name} Paragraph"
            found = self.by_name.get((kind, name.lower()))
            if found is not None:
                return found
        stem = _ID_CHARS.sub("", name) or "Custom"
        style_id, number = stem, 1
        while style_id in self.ids:
            number += 1
            style_id = f"{stem}{number}"
        style = sub(element, _STYLE, type=kind, customStyle="1", styleId=style_id)
        sub(style, _NAME, name)
        if based_on in self.ids:
            sub(style, w("basedOn"), based_on)
        if kind == "paragraph":
            sub(style, w("next"), based_on if based_on in self.ids else style_id)
        sub(style, w("uiPriority"), "50")
        sub(style, w("qFormat"))
        self.ids.add(style_id)
        self.by_name[(kind, name.lower())] = style_id
        return style_id
