"""Inline spans as reportlab paragraph markup: every character of the article escaped.

Faces are named explicitly (``<font name=...>``, never ``<b>``/``<i>``), each
registered before it is named. Links keep only what a PDF reader can follow
safely (:func:`convert.text.link_address`, every writer's rule) and ``#id``
links to a destination that exists; any other target becomes its text, with a warning.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from html import escape as _html_escape
from typing import assert_never

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
    plain_text,
)
from ...text import link_address, refusal_hint
from .fonts import Family, FontSet, face_of, stand_ins
from .inline_pictures import InlinePictures
from .styles import LINK_COLOR
from .tagging import Tags, marker

log = logging.getLogger("convert")


def escape(text: str) -> str:
    """``&``, ``<`` and ``>`` as entities (reportlab's paragraph markup is XML-like; ``html``, not
    ``xml.sax.saxutils``, whose import pulls in ``urllib.request`` and ``http.client``)."""
    return _html_escape(text, quote=False)


def quoteattr(value: str) -> str:
    """An attribute value in double quotes, every quote and markup character as an entity."""
    return '"' + _html_escape(value, quote=True) + '"'

#: Characters that belong to the run around them: format controls (ZWNJ, ZWJ, marks of direction) and marks.
_JOINING = frozenset({"Cf", "Mn", "Me"})
_NAME_UNSAFE = re.compile(r"[^A-Za-z0-9_.-]")


def destination(identifier: str) -> str:
    """The PDF destination name of an ``Attr.identifier`` (``#id`` links point at it); one name per id."""
    return "id-" + _NAME_UNSAFE.sub(lambda m: f"_{ord(m.group(0)):x}_", identifier)


@dataclass(frozen=True)
class Face:
    """Which family, face and size a run of text is set in."""

    family: Family
    bold: bool
    italic: bool
    size: float

    @property
    def name(self) -> str:
        return face_of(self.bold, self.italic)


@dataclass
class Markup:
    """Turns inline spans into markup for one render.

    ``identifiers`` are the link destinations that exist; ``add_note`` numbers a note
    and returns its number; warnings name ``source`` and the block's line. Links,
    notes, inline code, spans with a language and inline pictures become elements of
    the structure tree inside the current one (``tags``), their content marked off
    by ``<onDraw>`` markers (:mod:`.tagging.marks`).
    """

    fonts: FontSet
    identifiers: frozenset[str]
    add_note: Callable[[Note], int]
    source: str
    tags: Tags
    pictures: InlinePictures | None = None
    warned: set[str] = field(default_factory=set)
    flush_left: bool = False  # set when a paragraph's markup holds an inline picture

    def render(self, spans: tuple[Inline, ...], face: Face, line: int) -> str:
        return "".join(self._spans(spans, face, line))

    def _spans(self, spans: tuple[Inline, ...], face: Face, line: int) -> Iterator[str]:
        for span in spans:
            yield from self._span(span, face, line)

    def _span(self, span: Inline, face: Face, line: int) -> Iterator[str]:
        match span:
            case Text(text=text):
                yield self.text(text, face, line)
            case Emph(children=children):
                yield from self._styled(children, replace(face, italic=not face.italic), line)
            case Strong(children=children):
                yield from self._styled(children, replace(face, bold=True), line)
            case Strikeout(children=children):
                yield f"<strike>{self.render(children, face, line)}</strike>"
            case Underline(children=children):
                yield f"<u>{self.render(children, face, line)}</u>"
            case Superscript(children=children):
                yield f"<super>{self.render(children, face, line)}</super>"
            case Subscript(children=children):
                yield f"<sub>{self.render(children, face, line)}</sub>"
            case SmallCaps(children=children):
                yield from self._small_caps(children, face, line)
            case Code(text=text):
                _, first, after = self.tags.inline("Code")
                yield marker(first)
                yield from self._styled((Text(text),), replace(face, family=self.fonts.mono), line)
                yield marker(after)
            case Math(text=text):
                yield from self._styled((Text(text),), replace(face, family=self.fonts.mono), line)
            case LineBreak():
                yield "<br/>"
            case Link():
                yield from self._link(span, face, line)
            case Span(attr=attr, children=children):
                yield self.anchor(attr.identifier)
                yield from self._in_language(attr.get("lang") or "", children, face, line)
            case Note():
                number = self.add_note(span)
                _, first, after = self.tags.note_reference(number)
                yield (f'<a name="fnref-{number}"/><a href="#fn-{number}" color={quoteattr(LINK_COLOR)}>'
                       f"{marker(first)}<super>{number}</super></a>{marker(after)}")
            case InlineImage():
                yield from self._image(span, face, line)
            case _:
                assert_never(span)

    def anchor(self, identifier: str) -> str:
        return f'<a name="{destination(identifier)}"/>' if identifier else ""

    def _styled(self, children: tuple[Inline, ...], face: Face, line: int) -> Iterator[str]:
        name = face.family.ensure(face.name)
        yield f'<font name="{name}">{self.render(children, face, line)}</font>'

    def _in_language(self, lang: str, children: tuple[Inline, ...], face: Face, line: int) -> Iterator[str]:
        if not lang:
            yield self.render(children, face, line)
            return
        element, first, after = self.tags.inline("Span", Lang=lang)
        with self.tags.inside(element):
            yield marker(first) + self.render(children, face, line)
        yield marker(after)

    def _small_caps(self, children: tuple[Inline, ...], face: Face, line: int) -> Iterator[str]:
        """Lower-case letters as capitals at 80 % (reportlab has no small caps); the text copies out in capitals,
        a ``Span`` element's ``/ActualText`` gives it as written."""
        if all(isinstance(span, Text) for span in children):
            element, first, after = self.tags.inline("Span", ActualText=plain_text(children))
            with self.tags.inside(element):
                yield marker(first) + "".join(self._capitals(children, face, line))
            yield marker(after)
        else:
            yield from self._capitals(children, face, line)

    def _capitals(self, children: tuple[Inline, ...], face: Face, line: int) -> Iterator[str]:
        for span in children:
            if isinstance(span, Text):
                for part in re.split(r"([^\W\d_A-Z]+)", span.text):
                    if part and part.islower():
                        yield f'<font size="{face.size * 0.8:.2f}">{self.text(part.upper(), face, line)}</font>'
                    elif part:
                        yield self.text(part, face, line)
            else:
                yield from self._span(span, face, line)

    def _link(self, link: Link, face: Face, line: int) -> Iterator[str]:
        href = self.href(link.target, line)
        if href is None:
            yield self.render(link.children, face, line)
            return
        element, first, after = self.tags.inline("Link")
        element.target, element.text = href, plain_text(link.children).strip() or link.target
        with self.tags.inside(element):
            inner = self.render(link.children, face, line)
        yield f"<a href={quoteattr(href)} color={quoteattr(LINK_COLOR)}>{marker(first)}{inner}</a>{marker(after)}"

    @contextmanager
    def picture_link(self, link: Link | None, line: int) -> Iterator[str | None]:
        """Around declaring a picture drawn on its own line that is ``link``'s content (``[![alt](x.png)](url)``
        too big for the line): yields where it points (``None``: no link, or a target kept out with a warning,
        as :meth:`href`), the ``Link`` element current meanwhile, so the picture's ``Figure`` (or, for a picture
        without a description, a plain slot) goes inside it; pass the address to :class:`.pictures.Picture`."""
        href = None if link is None else self.href(link.target, line)
        if link is None or href is None:
            yield None
            return
        element = self.tags.element("Link")
        element.target, element.text = href, plain_text(link.children).strip() or link.target
        with self.tags.inside(element):
            yield href

    def href(self, target: str, line: int) -> str | None:
        """Where a link to ``target`` points in the PDF (``#destination`` or an address), or ``None``
        (kept as text, with a warning): a dangling ``#id``, an unsafe scheme."""
        if target.startswith("#"):
            if target[1:] in self.identifiers:
                return "#" + destination(target[1:])
            self._warn(f"link to {target!r}: no heading, figure or span has that id; kept as text", line)
            return None
        address = link_address(target)
        if address is not None:
            return address
        self._warn(f"link to {target!r} is not an absolute http(s), mailto or tel address; kept as text in the PDF"
                   + refusal_hint(target), line)
        return None

    def _image(self, image: InlineImage, face: Face, line: int) -> Iterator[str]:
        """A small picture in the line; one not loaded: its description as a link to its address.

        (Larger pictures are drawn by the story on their own lines.)
        """
        if image.image is None:
            yield from self._link(Link(image.src, (Text(image.alt or image.src),)), face, line)
        elif self.pictures is not None:
            font = face.family.ensure(face.name)
            if self.pictures.fits(image.image, face.size):
                self.flush_left = True
                if not image.alt.strip():  # no description: decorative, an artifact
                    yield self.pictures.markup(image.image, font, face.size, None)
                    return
                _, first, after = self.tags.inline("Figure", Alt=image.alt.strip())
                yield self.pictures.markup(image.image, font, face.size, first) + marker(after)

    def text(self, text: str, face: Face, line: int) -> str:
        """Escaped text; runs the family lacks go to a fallback font, or are warned about."""
        family = face.family
        family.ensure(face.name)
        coverage = family.coverage
        if coverage.issuperset(map(ord, text)):
            return escape(text)
        parts = []
        for run, covered_by in self._runs(text, family):
            if covered_by is family:
                parts.append(escape(run))
            elif covered_by is not None:
                fallback_face = face.name if dict(covered_by.files).get(face.name) else "regular"
                parts.append(f'<font name="{covered_by.ensure(fallback_face)}">{escape(run)}</font>')
            else:  # drawn as the face's empty box, copied out as written
                self._warn_missing(run, family, line)
                parts.append(escape(stand_ins(family.ensure(face.name), run)))
        return "".join(parts)

    def _runs(self, text: str, family: Family) -> Iterator[tuple[str, Family | None]]:
        """Split text into runs by the font that covers them (``None``: no font does).

        Spaces, marks and invisible format characters (ZWNJ, ZWJ) stay in the run they
        are in, so a word is never cut between fonts by them.
        """
        coverage = family.coverage
        start = 0
        current: Family | None = family
        for index, char in enumerate(text):
            if char.isspace() or unicodedata.category(char) in _JOINING:
                continue
            this = family if ord(char) in coverage else self.fonts.covering(char)
            if this is not current:
                if index > start:
                    yield text[start:index], current
                start, current = index, this
        yield text[start:], current

    def _warn_missing(self, run: str, family: Family, line: int) -> None:
        for char in dict.fromkeys(run):
            if char.isspace() or char in self.warned or unicodedata.category(char) in _JOINING:
                continue
            self.warned.add(char)
            self._warn(f"no font has U+{ord(char):04X} ({char}): not in {family.family} or any fallback; "
                       "it will show as an empty box in the PDF", line, key=None)

    def _warn(self, message: str, line: int, key: str | None = "") -> None:
        if key is not None and message in self.warned:
            return
        self.warned.add(message)
        warn(log, message, file=self.source, line=line)

    def warn_once(self, message: str, line: int) -> None:
        """A warning about the block at ``line``, given once per line over the renders of one write (--toc)."""
        key = f"{line}: {message}"
        if key not in self.warned:
            self.warned.add(key)
            warn(log, message, file=self.source, line=line)

