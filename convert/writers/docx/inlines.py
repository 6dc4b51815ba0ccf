"""Inline spans as Word runs: run properties, hyperlinks, bookmarks, footnote references, inline pictures.

Emphasis, strong, strike, superscript, subscript, small caps and underline are
run properties (``w:i``, ``w:b``, ``w:strike``, ``w:vertAlign``, ``w:smallCaps``,
``w:u``), ``[text]{.mark}`` is highlighted and a span's ``lang`` is the run's
``w:lang``; code and TeX math are ``Verbatim Char`` runs (no well-kept TeX→OMML
converter exists for Python: the TeX source is shown, as the model says); a
``Span`` with ``custom-style`` gets that character style (pandoc's convention).

Links: only absolute ``http(s)``, ``mailto`` and ``tel`` targets and ``#id``
links to a bookmark of the article stay live; any other target (a relative
path, ``//host/x``, ``\\\\server\\share``, ``file:``, ``javascript:``) could make
Word open a local file or a network share, so its text is kept as text, with a
warning.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, assert_never, cast

from docx.oxml.text.run import CT_R
from docx.shared import Emu
from docx.text.run import Run
from lxml import etree

from ...errors import warn
from ...model import (
    Code,
    Emph,
    Inline,
    InlineImage,
    LineBreak,
    Link,
    Math,
    Note,
    SmallCaps,
    Span,
    Strikeout,
    Strong,
    Subscript,
    Superscript,
    Text,
    Underline,
)
from ...text import link_address, refusal_hint, xml_safe
from .. import _images
from .anchors import Bookmarks
from .bidi import direction_chunks, has_rtl
from .ooxml import ANCHOR, HISTORY, HYPERLINK, R_ID, RSTYLE, TOOLTIP, VAL, break_run, text_run, w
from .pictures import add_picture

if TYPE_CHECKING:
    from .blocks import Renderer, Scope

log = logging.getLogger("convert")

RunProperties = tuple[tuple[str, dict[str, str]], ...]

_FLAG_PROPERTIES: dict[str, tuple[tuple[str, dict[str, str]], ...]] = {
    "b": ((w("b"), {}), (w("bCs"), {})),
    "i": ((w("i"), {}), (w("iCs"), {})),
    "smallcaps": ((w("smallCaps"), {}),),
    "strike": ((w("strike"), {}),),
    "mark": ((w("highlight"), {VAL: "yellow"}),),
    "u": ((w("u"), {VAL: "single"}),),
    "sup": ((w("vertAlign"), {VAL: "superscript"}),),
    "sub": ((w("vertAlign"), {VAL: "subscript"}),),
}
# CT_RPr's order: b, i, smallCaps, strike, highlight, u, vertAlign (then rtl, lang).
_ORDER = ("b", "i", "smallcaps", "strike", "mark", "u", "sup", "sub")
_LANG = re.compile(r"[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*")  # a BCP 47 tag's shape


@dataclass(frozen=True)
class Marks:
    """What applies to a run: flags (``b``, ``i``, ``sup``, ``mark``...), one character style (innermost wins)
    and a language (a span's ``lang``, for spelling and hyphenation)."""

    flags: frozenset[str] = frozenset()
    style: str | None = None
    in_link: bool = False
    lang: str | None = None

    def plus(self, flag: str) -> Marks:
        flags = self.flags - {"sub"} if flag == "sup" else self.flags - {"sup"} if flag == "sub" else self.flags
        return Marks(flags | {flag}, self.style, self.in_link, self.lang)

    def styled(self, style: str | None) -> Marks:
        return Marks(self.flags, style or self.style, self.in_link, self.lang)

    def speaking(self, lang: str | None) -> Marks:
        return Marks(self.flags, self.style, self.in_link, lang or self.lang)

    def properties(self) -> RunProperties:
        found: list[tuple[str, dict[str, str]]] = [(RSTYLE, {VAL: self.style})] if self.style else []
        for flag in _ORDER:
            if flag in self.flags:
                found.extend(_FLAG_PROPERTIES[flag])
        if self.lang:
            found.append((w("lang"), {VAL: self.lang}))
        return tuple(found)


PLAIN = Marks()


def write_inlines(r: Renderer, parent: etree._Element, spans: tuple[Inline, ...], scope: Scope,
                  marks: Marks = PLAIN) -> None:
    """Append the runs of ``spans`` to ``parent`` (a ``w:p`` or ``w:hyperlink``)."""
    for span in spans:
        match span:
            case Text(text=text):
                _text(r, parent, xml_safe(text).replace("\n", " "), r.run_properties(marks))
            case Emph(children=children):
                write_inlines(r, parent, children, scope, marks.plus("i"))
            case Strong(children=children):
                write_inlines(r, parent, children, scope, marks.plus("b"))
            case Strikeout(children=children):
                write_inlines(r, parent, children, scope, marks.plus("strike"))
            case Superscript(children=children):
                write_inlines(r, parent, children, scope, marks.plus("sup"))
            case Subscript(children=children):
                write_inlines(r, parent, children, scope, marks.plus("sub"))
            case SmallCaps(children=children):
                write_inlines(r, parent, children, scope, marks.plus("smallcaps"))
            case Underline(children=children):
                write_inlines(r, parent, children, scope, marks.plus("u"))
            case Code(text=text):
                text_run(parent, xml_safe(text).replace("\n", " "), r.run_properties(marks.styled("VerbatimChar")))
            case Math():
                _math(r, parent, span, marks)
            case LineBreak():
                break_run(parent)
            case Link():
                _link(r, parent, span, scope, marks)
            case Span():
                _span(r, parent, span, scope, marks)
            case Note(blocks=blocks):
                r.notes.reference(r, parent, blocks, scope)
            case InlineImage():
                _inline_image(r, parent, span, scope, marks)
            case _:
                assert_never(span)


_RTL_RUN: RunProperties = ((w("rtl"), {}),)


def _text(r: Renderer, parent: etree._Element, text: str, properties: RunProperties) -> None:
    """Runs for ``text``: one, or one per change of direction, right-to-left ones marked ``w:rtl``."""
    if not has_rtl(text):
        text_run(parent, text, properties)
        return
    r.right_to_left = True
    at = len(properties) - 1 if properties and properties[-1][0] == w("lang") else len(properties)
    marked = properties[:at] + _RTL_RUN + properties[at:]  # w:rtl comes before w:lang
    for piece, rtl in direction_chunks(text):
        text_run(parent, piece, marked if rtl else properties)


def _math(r: Renderer, parent: etree._Element, math: Math, marks: Marks) -> None:
    properties = r.run_properties(marks.styled("VerbatimChar"))
    if math.display:
        break_run(parent)
    text_run(parent, xml_safe(math.text), properties)
    if math.display:
        break_run(parent)


def _link(r: Renderer, parent: etree._Element, link: Link, scope: Scope, marks: Marks) -> None:
    opened = r.bookmarks.start(parent, link.attr.identifier) if link.attr.identifier else None
    # A link inside a link: Word cannot nest them; the text stays in the outer one.
    if marks.in_link or not hyperlink(r, parent, link.target, link.children, scope, marks, link.title):
        write_inlines(r, parent, link.children, scope, marks)
    Bookmarks.end(parent, opened)


def hyperlink(r: Renderer, parent: etree._Element, target: str, children: tuple[Inline, ...], scope: Scope,
              marks: Marks, title: str = "") -> bool:
    """A ``w:hyperlink`` around ``children``; False (and a warning) when ``target`` may not be live."""
    element: etree._Element
    if target.startswith("#"):
        name = r.bookmarks.name(target[1:])
        if name is None:
            warn(log, f"link to {target!r} kept as text: the article has no such identifier",
                 file=r.source, line=scope.line)
            return False
        element = etree.SubElement(parent, HYPERLINK)
        element.set(ANCHOR, name)
    else:
        address = link_address(target)
        if address is None:
            warn(log, f"link to {target!r} kept as text: only http(s), mailto, tel and #links are live in DOCX"
                 + refusal_hint(target), file=r.source, line=scope.line)
            return False
        element = etree.SubElement(parent, HYPERLINK)
        element.set(R_ID, r.link_id(scope.part, address))
    element.set(HISTORY, "1")
    if title:
        element.set(TOOLTIP, xml_safe(title)[:255])
    inner = Marks(marks.flags, "Hyperlink", in_link=True)
    write_inlines(r, element, children, scope, inner)
    return True


def _span(r: Renderer, parent: etree._Element, span: Span, scope: Scope, marks: Marks) -> None:
    """A span's ``custom-style`` (a character style), ``lang`` and ``.mark`` class (highlighted, as pandoc does)."""
    custom = span.attr.get("custom-style")
    style = r.styles.character(custom) if custom else None
    lang = _LANG.fullmatch(span.attr.get("lang") or "")
    inner = marks.styled(style).speaking(lang.group(0) if lang else None)
    if span.attr.has_class("mark"):
        inner = inner.plus("mark")
    opened = r.bookmarks.start(parent, span.attr.identifier) if span.attr.identifier else None
    write_inlines(r, parent, span.children, scope, inner)
    Bookmarks.end(parent, opened)


def _inline_image(r: Renderer, parent: etree._Element, image: InlineImage, scope: Scope, marks: Marks) -> None:
    opened = r.bookmarks.start(parent, image.attr.identifier) if image.attr.identifier else None
    if image.image is None:  # not loaded: its description, as a link to its address
        label = image.alt or image.src
        if marks.in_link or not hyperlink(r, parent, image.src, (Text(label),), scope, marks):
            write_inlines(r, parent, (Text(label),), scope, marks)
    else:
        width, height = _images.figure_size(image.image, scope.width, r.figure_height, _images.EMU_PER_INCH)
        run = text_run(parent, "", r.run_properties(marks))
        add_picture(Run(cast("CT_R", run), r.story(scope.part)), image.image, Emu(int(width)), Emu(int(height)), image.alt)
    Bookmarks.end(parent, opened)
