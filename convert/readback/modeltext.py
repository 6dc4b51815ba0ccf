"""The text a reader sees of the model's nodes (shared by :mod:`.expected` and the format checks).

A note leaves only its reference mark (numbered by the writers, so not part of
the text), a loaded inline image shows no text, one that was not loaded shows
its ``alt`` (as the link the writers make of it), display math is apart from the
text around it (on a line of its own), small caps may change case
(:data:`CASE_FREE`). Explicit stacks throughout: deep nesting must not exhaust
the recursion limit.
"""

from __future__ import annotations

from ..model import (
    Block,
    BlockQuote,
    CodeBlock,
    CreditLine,
    DefinitionList,
    Div,
    Figure,
    Inline,
    InlineImage,
    LineBreak,
    Link,
    ListBlock,
    Note,
    Paragraph,
    Rule,
    SmallCaps,
    Subheading,
    Table,
    Text,
    plain_text,
    walk,
)
from ..model import Code as CodeSpan
from ..model import Math as MathSpan
from ..text import shown_description
from .words import words

#: Around text whose case a format may change (small caps drawn as capitals), inside a passage's segments only.
CASE_FREE, CASE_FREE_END = "\ue000", "\ue001"


def collapse(text: str) -> str:
    """``text`` with runs of whitespace made one space, none at the ends (how the writers show metadata)."""
    return " ".join(text.split())


def repeats_start(description: str, blocks: tuple[Block, ...]) -> bool:
    """Whether ``description``'s words are the article's first words (its last word perhaps cut short): a summary
    made of the article's start (Hugo's automatic one), which a title block need not show."""
    wanted = [w.key for w in words(description)]
    if not wanted:
        return False
    found: list[str] = []
    for block in walk(blocks):
        if len(found) >= len(wanted):
            break
        if isinstance(block, (Paragraph, Subheading)):
            found.extend(w.key for w in words(plain_text(block.inlines)))
        elif isinstance(block, CodeBlock):
            found.extend(w.key for w in words(block.text))
    head = found[:len(wanted)]
    return len(head) == len(wanted) and head[:-1] == wanted[:-1] and head[-1].startswith(wanted[-1])


def figure_description(figure: Figure) -> str:
    """What shows in the place of a figure not loaded (:func:`convert.text.shown_description`, the writers'
    rule): its alt text, unless empty or the caption says it; "" for a loaded one."""
    if figure.image is not None:
        return ""
    return shown_description(figure.alt, plain_text(figure.caption)) or ""


def segments(spans: tuple[Inline, ...], notes: list[Note] | None = None) -> list[str]:
    """The visible text of ``spans``, split at each note reference (the notes are appended to ``notes``).

    With ``notes`` (a passage), small caps are marked :data:`CASE_FREE`.
    """
    parts = [""]
    stack: list[Inline | str] = list(reversed(spans))
    while stack:  # an explicit stack: deep nesting must not exhaust the recursion limit
        span = stack.pop()
        if isinstance(span, str):
            parts[-1] += span
        elif isinstance(span, SmallCaps) and notes is not None:
            stack.extend((CASE_FREE_END, *reversed(span.children), CASE_FREE))
        elif isinstance(span, MathSpan) and span.display:
            parts[-1] += f" {span.text} "  # displayed on a line of its own
        elif isinstance(span, (Text, CodeSpan, MathSpan)):
            parts[-1] += span.text
        elif isinstance(span, LineBreak):
            parts[-1] += " "
        elif isinstance(span, InlineImage):
            parts[-1] += span.alt if span.image is None else ""
        elif isinstance(span, Note):
            parts.append("")
            if notes is not None:
                notes.append(span)
        else:
            stack.extend(reversed(span.children))
    return parts


def visible_text(spans: tuple[Inline, ...]) -> str:
    """What a reader sees of ``spans`` (see the module docstring)."""
    return "".join(segments(spans))


def blocks_text(blocks: tuple[Block, ...]) -> str:
    """The visible text of blocks, joined by spaces in reading order (a cell, a note, a definition)."""
    return " ".join(block_texts(blocks))


def block_texts(blocks: tuple[Block, ...]) -> list[str]:
    """The visible text of each paragraph-like block in ``blocks``, in reading order (empty ones left out).

    Between two of them a format may put what is not text: a list item's bullet or number.
    """
    parts: list[str] = []
    stack = list(reversed(blocks))
    while stack:
        block = stack.pop()
        match block:
            case Paragraph() | Subheading() | CreditLine():
                parts.append(visible_text(block.inlines))
            case Figure():
                parts.append(visible_text(block.caption))
            case CodeBlock():
                parts.append(block.text)
            case BlockQuote() | Div():
                stack.extend(reversed(block.blocks))
            case ListBlock():
                stack.extend(reversed([b for item in block.items for b in item]))
            case DefinitionList():
                for entry in reversed(block.items):
                    stack.extend(reversed([b for d in entry.definitions for b in d]))
                    stack.append(Paragraph(entry.term))
            case Table():
                stack.extend(reversed([b for row in block.rows for cell in row.cells for b in cell.blocks]))
                stack.append(Paragraph(block.caption))
            case Rule():
                pass
    return [p for p in parts if p.strip()]


def images(spans: tuple[Inline, ...]) -> list[tuple[InlineImage, bool]]:
    """The inline images in ``spans`` (not in notes), each with whether it is outside every link."""
    found: list[tuple[InlineImage, bool]] = []
    stack = [(span, True) for span in reversed(spans)]
    while stack:
        span, outside = stack.pop()
        if isinstance(span, InlineImage):
            found.append((span, outside))
        elif not isinstance(span, (Text, CodeSpan, MathSpan, LineBreak, Note)):
            inside = outside and not isinstance(span, Link)
            stack.extend((child, inside) for child in reversed(span.children))
    return found
