"""Inline spans as shaped-text runs, for paragraphs laid out by :class:`.paragraphs.BidiParagraph`.

The same rules as :mod:`.inlines` (faces, fallback fonts, safe links, notes,
anchors), producing runs instead of reportlab markup. Strike, underline and
small caps keep their text without the decoration in right-to-left text.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from typing import assert_never

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
from .inlines import Face, Markup, destination, safe_target
from .shaping import Run
from .styles import LINK_COLOR


def runs_of(markup: Markup, spans: tuple[Inline, ...], face: Face, color: str, line: int) -> list[Run]:
    return list(_runs(markup, spans, face, color, line, None))


def _runs(markup: Markup, spans: tuple[Inline, ...], face: Face, color: str, line: int,
          link: str | None) -> Iterator[Run]:
    for span in spans:
        yield from _run(markup, span, face, color, line, link)


def _run(markup: Markup, span: Inline, face: Face, color: str, line: int,
         link: str | None) -> Iterator[Run]:
    match span:
        case Text(text=text):
            yield from _text(markup, text, face, color, link, line)
        case Emph(children=children):
            yield from _runs(markup, children, replace(face, italic=not face.italic), color, line, link)
        case Strong(children=children):
            yield from _runs(markup, children, replace(face, bold=True), color, line, link)
        case Strikeout(children=c) | Underline(children=c) | SmallCaps(children=c):
            yield from _runs(markup, c, face, color, line, link)
        case Superscript(children=children) | Subscript(children=children):
            rise = face.size * (0.33 if isinstance(span, Superscript) else -0.15)
            for run in _runs(markup, children, replace(face, size=face.size * 0.7), color, line, link):
                yield replace(run, rise=rise)
        case Code(text=text) | Math(text=text):
            yield from _text(markup, text, replace(face, family=markup.fonts.mono), color, link, line)
        case LineBreak():
            yield Run("\n", face.family.ensure(face.name), face.size)
        case Link(target=target, children=children):
            yield from _runs(markup, children, face, LINK_COLOR, line, _target(markup, target, line))
        case Span(attr=attr, children=children):
            if attr.identifier:
                yield Run("", face.family.ensure(face.name), face.size, anchor=destination(attr.identifier))
            yield from _runs(markup, children, face, color, line, link)
        case Note():
            number = markup.add_note(span)
            yield Run("", face.family.ensure(face.name), face.size, anchor=f"fnref-{number}")
            yield Run(str(number), face.family.ensure(face.name), face.size * 0.7, LINK_COLOR, f"#fn-{number}",
                      rise=face.size * 0.33)
        case InlineImage(image=image, alt=alt, src=src):
            if image is None:  # not loaded: its description, linked to its address (loaded ones: the story)
                yield from _text(markup, alt or src, face, LINK_COLOR, _target(markup, src, line), line)
        case _:
            assert_never(span)


def _target(markup: Markup, target: str, line: int) -> str | None:
    if target.startswith("#"):
        if target[1:] in markup.identifiers:
            return "#" + destination(target[1:])
        markup._warn(f"link to {target!r}: no heading, figure or span has that id; kept as text", line)
        return None
    if safe_target(target):
        return target.strip()
    markup._warn(f"link to {target!r} is not an absolute http(s), mailto or tel address; kept as text in the PDF", line)
    return None


def _text(markup: Markup, text: str, face: Face, color: str, link: str | None, line: int) -> Iterator[Run]:
    family = face.family
    family.ensure(face.name)
    for part, covered_by in markup._runs(text, family):
        if covered_by is None:
            markup._warn_missing(part, family, line)
            covered_by = family
        face_name = face.name if dict(covered_by.files).get(face.name) else "regular"
        yield Run(part, covered_by.ensure(face_name), face.size, color, link)
