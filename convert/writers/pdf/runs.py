"""Inline spans as shaped-text runs, for paragraphs laid out by :class:`.paragraphs.BidiParagraph`.

The same rules as :mod:`.inlines` (faces, fallback fonts, safe links, notes,
anchors, the elements of the structure tree), producing runs instead of
reportlab markup: each run carries the slot its content is drawn into. Strike,
underline and small caps keep their text without the decoration in
right-to-left text.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import assert_never

from ...model import (
    Code,
    Emph,
    Image,
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
from .inline_pictures import inline_size
from .inlines import Face, Markup, destination
from .shaping import InlinePicture, Run
from .styles import LINK_COLOR
from .tagging import Slot


@dataclass
class _Walk:
    """One paragraph's walk over its spans: the markup's rules, the block's line, the current slot."""

    markup: Markup
    line: int
    slot: Slot | None


def runs_of(markup: Markup, spans: tuple[Inline, ...], face: Face, color: str, line: int,
            slot: Slot | None = None) -> list[Run]:
    """The runs of ``spans``; with ``slot`` (the paragraph's first), tagged as :class:`.inlines.Markup` tags."""
    return list(_runs(_Walk(markup, line, slot), spans, face, color, None))


def _runs(walk: _Walk, spans: tuple[Inline, ...], face: Face, color: str, link: str | None) -> Iterator[Run]:
    for span in spans:
        yield from _run(walk, span, face, color, link)


def _run(walk: _Walk, span: Inline, face: Face, color: str, link: str | None) -> Iterator[Run]:
    markup = walk.markup
    match span:
        case Text(text=text):
            yield from _text(walk, text, face, color, link)
        case Emph(children=children):
            yield from _runs(walk, children, replace(face, italic=not face.italic), color, link)
        case Strong(children=children):
            yield from _runs(walk, children, replace(face, bold=True), color, link)
        case Strikeout(children=c) | Underline(children=c) | SmallCaps(children=c):
            yield from _runs(walk, c, face, color, link)
        case Superscript(children=children) | Subscript(children=children):
            rise = face.size * (0.33 if isinstance(span, Superscript) else -0.15)
            for run in _runs(walk, children, replace(face, size=face.size * 0.7), color, link):
                yield replace(run, rise=rise)
        case Code(text=text):
            yield from _inside(walk, "Code", (Text(text),), replace(face, family=markup.fonts.mono), color, link)
        case Math(text=text):
            yield from _text(walk, text, replace(face, family=markup.fonts.mono), color, link)
        case LineBreak():
            yield Run("\n", face.family.ensure(face.name), face.size, slot=walk.slot)
        case Link(target=target, children=children):
            yield from _link(walk, target, children, face)
        case Span(attr=attr, children=children):
            if attr.identifier:
                yield Run("", face.family.ensure(face.name), face.size, anchor=destination(attr.identifier))
            lang = attr.get("lang") or ""
            if lang:
                yield from _inside(walk, "Span", children, face, color, link, Lang=lang)
            else:
                yield from _runs(walk, children, face, color, link)
        case Note():
            yield from _note(walk, span, face)
        case InlineImage(image=image, alt=alt, src=src):
            if image is None:  # not loaded: its description, linked to its address
                yield from _link(walk, src, (Text(alt or src),), face)
            else:  # a small one sits in the line (larger ones: the story, on lines of their own)
                yield from _picture(walk, image, alt.strip(), face, link)
        case _:
            assert_never(span)


def _inside(walk: _Walk, role: str, spans: tuple[Inline, ...], face: Face, color: str, link: str | None,
            **attributes: str) -> Iterator[Run]:
    """The runs of ``spans`` in an element of their own (when the paragraph is tagged)."""
    if walk.slot is None:
        yield from _runs(walk, spans, face, color, link)
        return
    tags = walk.markup.tags
    element, first, after = tags.inline(role, **attributes)
    walk.slot = first
    with tags.inside(element):
        yield from _runs(walk, spans, face, color, link)
    walk.slot = after


def _link(walk: _Walk, target: str, children: tuple[Inline, ...], face: Face) -> Iterator[Run]:
    href = walk.markup.href(target, walk.line)
    if href is None or walk.slot is None:
        yield from _runs(walk, children, face, LINK_COLOR, href)
        return
    tags = walk.markup.tags
    element, first, after = tags.inline("Link")
    element.target, element.text = href, plain_text(children).strip() or target
    walk.slot = first
    with tags.inside(element):
        yield from _runs(walk, children, face, LINK_COLOR, href)
    walk.slot = after


def _picture(walk: _Walk, image: Image, alt: str, face: Face, link: str | None) -> Iterator[Run]:
    """A picture that fits in the line: a ``Figure`` with its description, else an artifact (``slot`` None);
    inside a link (``link``) one without a description is the link's content, so its annotation has an element."""
    size = inline_size(image, face.size)
    if size is None:
        return
    font = face.family.ensure(face.name)
    picture = InlinePicture(image, *size)
    if walk.slot is None or not alt:
        yield Run("", font, face.size, link=link, slot=walk.slot if link else None, picture=picture)
        return
    _, first, after = walk.markup.tags.inline("Figure", Alt=alt)
    yield Run("", font, face.size, link=link, slot=first, picture=picture)
    walk.slot = after


def _note(walk: _Walk, note: Note, face: Face) -> Iterator[Run]:
    number = walk.markup.add_note(note)
    font = face.family.ensure(face.name)
    yield Run("", font, face.size, anchor=f"fnref-{number}")
    slot, after = walk.slot, walk.slot
    if walk.slot is not None:
        _, slot, after = walk.markup.tags.note_reference(number)
    yield Run(str(number), font, face.size * 0.7, LINK_COLOR, f"#fn-{number}", rise=face.size * 0.33, slot=slot)
    walk.slot = after


def _text(walk: _Walk, text: str, face: Face, color: str, link: str | None) -> Iterator[Run]:
    markup = walk.markup
    family = face.family
    family.ensure(face.name)
    for part, covered_by in markup._runs(text, family):
        if covered_by is None:
            markup._warn_missing(part, family, walk.line)
            covered_by = family
        face_name = face.name if dict(covered_by.files).get(face.name) else "regular"
        yield Run(part, covered_by.ensure(face_name), face.size, color, link, slot=walk.slot)
