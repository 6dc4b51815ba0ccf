"""Footnotes as pandoc reads them: ``[^label]`` with a ``[^label]: ...`` definition, and ``^[inline]``.

A definition may hold several paragraphs, lists, code and links (blocks after
the first line indented four spaces, lazy continuation lines allowed); a
definition whose text is only a link is still a note. Each reference becomes a
:class:`~convert.model.Note` holding the definition's blocks, so a note
referenced twice appears twice (pandoc). Where something had to change, the
reader warns and keeps the text:

* a reference without a definition stays as its text (``[^x]``);
* a definition never referenced is left out (pandoc);
* a label defined twice: the last definition wins (pandoc);
* a note inside a note (no format can show one) is flattened: its text goes
  in parentheses where its reference was.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from markdown_it.token import Token

from ..model import Block, Inline, Note, Paragraph, Text, block_inlines, plain_text, walk
from .context import ReadContext
from .tokens import line_of, matching_close

BuildBlocks = Callable[[Sequence[Token]], list[Block]]


class Notes:
    """The footnote definitions of one article, and the notes made from them."""

    def __init__(self, context: ReadContext) -> None:
        self.context = context
        self.definitions: dict[str, tuple[Sequence[Token], int]] = {}
        self.used: set[str] = set()
        self._built: dict[str, tuple[Block, ...]] = {}

    def collect(self, tokens: Sequence[Token]) -> None:
        """Take in the note definitions of a block token stream (wherever they are nested)."""
        context = self.context
        for i, token in enumerate(tokens):
            if token.type != "footnote_reference_open":
                continue
            label = str(token.meta.get("label", ""))
            if label in self.definitions:
                context.warn(f"note [^{label}] is defined twice; the last definition is used", line_of(token))
            self.definitions[label] = (tokens[i + 1 : matching_close(tokens, i)], line_of(token))

    def reference(self, token: Token, line: int, build: BuildBlocks, inside_note: bool) -> list[Inline]:
        """The note for a ``[^label]`` token (``build`` reads the definition's blocks at note depth)."""
        label = str(token.meta.get("label", ""))
        if label not in self.definitions:
            self.context.warn(f"note reference {token.content} has no definition; kept as text", line)
            return [Text(token.content)]
        self.used.add(label)
        if label not in self._built:
            self._built[label] = ()  # a note that refers to itself is flattened to nothing, not looped
            self._built[label] = tuple(build(self.definitions[label][0]))
        return self.note(self._built[label], line, inside_note)

    def note(self, blocks: tuple[Block, ...], line: int, inside_note: bool) -> list[Inline]:
        """``Note(blocks)``, or, inside another note, the note's text in parentheses (with a warning)."""
        if not inside_note:
            return [Note(blocks)]
        self.context.warn("a note inside a note cannot be shown as one; its text was put in parentheses", line)
        text = " ".join(plain_text(b.inlines) if isinstance(b, Paragraph) else _block_text(b) for b in blocks).strip()
        return [Text(f" ({text})")] if text else []

    def report_unused(self) -> None:
        for label, (_tokens, line) in self.definitions.items():
            if label not in self.used:
                self.context.warn(f"note [^{label}] is defined but never referenced; left out", line)


def _block_text(block: Block) -> str:
    return " ".join(plain_text(block_inlines(b)) for b in walk((block,)) if block_inlines(b)).strip()
