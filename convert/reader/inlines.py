"""Inline tokens → inline nodes, with one explicit stack for Markdown and raw HTML (no recursion).

Markdown: ``*em*``, ``**strong**``, ``~~strike~~``, ``H~2~O``, ``19^th^``,
``[text]{.class}`` (``.smallcaps`` → SmallCaps, ``.underline``/``.ul`` →
Underline, other attributes and ``custom-style`` kept on a Span), links with
their ``{attributes}``, inline images, ``$math$``, notes. Raw HTML tags are
paired with the help of :mod:`.html`, and so is the text of pandoc's
raw inline HTML (```<b>x</b>`{=html}``); raw inlines for other formats stay
code, with a warning. Inline nesting deeper than :data:`MAX_INLINE_DEPTH`
keeps its text without the extra wrappers (warned);
any token type the model has no node for keeps its text, with a warning.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from markdown_it.token import Token

from ..model import (
    NO_ATTR,
    Attr,
    Block,
    Code,
    Emph,
    Inline,
    InlineImage,
    LineBreak,
    Link,
    Math,
    Paragraph,
    SmallCaps,
    Span,
    Strikeout,
    Strong,
    Subscript,
    Superscript,
    Text,
    Underline,
    merged_texts,
    plain_text,
)
from ..text import is_safe_link
from . import html
from .context import ReadContext
from .notes import Notes
from .tokens import attr_of, legal_text

#: Inline wrappers kept inside one another; deeper ones keep their text only.
MAX_INLINE_DEPTH = 32

_SIMPLE_WRAPPERS: dict[str, Callable[[tuple[Inline, ...]], Inline]] = {
    "em_open": Emph,
    "strong_open": Strong,
    "s_open": Strikeout,
    "sub_open": Subscript,
    "sup_open": Superscript,
}

#: A frame of the stack: the token or HTML element that opened it (None: the root), and its children so far.
_Frame = tuple[Token | html.Open | None, list[Inline]]
NoteBlocks = Callable[[Sequence[Token]], list[Block]]


class InlineBuilder:
    """Reads the inline tokens of one block met at ``line``.

    ``note_blocks`` reads a footnote definition's tokens (at note depth);
    ``inside_note`` is true while reading a note's own text (notes in notes are flattened).
    """

    def __init__(self, context: ReadContext, line: int, notes: Notes, note_blocks: NoteBlocks, inside_note: bool) -> None:
        self.context = context
        self.line = line
        self.notes = notes
        self.note_blocks = note_blocks
        self.inside_note = inside_note
        self._too_deep = False
        self._notes_open = 0  # ^[...] notes open around the token being read

    def convert(self, tokens: Sequence[Token]) -> tuple[Inline, ...]:
        stack: list[_Frame] = [(None, [])]
        for token in tokens:
            if token.type == "html_inline":
                self._html(token.content, stack)
            elif token.type == "code_inline" and token.meta.get("raw"):
                self._raw(token, stack)
            elif token.nesting == 1:
                stack.append((token, []))
                self._notes_open += token.type == "note_open"
            elif token.nesting == -1:
                while len(stack) > 1 and isinstance(stack[-1][0], html.Open):
                    self._fold(stack, None)  # an HTML element left open inside this one ends here
                if len(stack) > 1:
                    self._fold(stack, token)
            else:
                stack[-1][1].extend(self._leaf(token))
        while len(stack) > 1:  # unbalanced input: keep the text
            self._fold(stack, None)
        return tuple(merged_texts(stack[0][1]))

    def _html(self, fragment: str, stack: list[_Frame]) -> None:
        event = html.inline_event(fragment, self.context, self.line)
        if isinstance(event, html.Inlines):
            stack[-1][1].extend(event.spans)
        elif isinstance(event, html.Open):
            stack.append((event, []))
        else:
            depth = next((d for d in range(len(stack) - 1, 0, -1)
                          if isinstance(opened := stack[d][0], html.Open) and opened.tag == event.tag), None)
            if depth is not None and all(isinstance(f[0], html.Open) for f in stack[depth:]):
                while len(stack) > depth:
                    self._fold(stack, None)

    def _raw(self, token: Token, stack: list[_Frame]) -> None:
        """pandoc's ``raw_attribute``: ```<b>x</b>`{=html}`` read like raw HTML; other formats kept as code (warned)."""
        kind = str(token.meta["raw"])
        if kind.lower() not in html.RAW_FORMATS:
            self.context.warn(f"raw {kind} inline (`...`{{={kind}}}) is for another format; kept as code", self.line)
            stack[-1][1].append(Code(token.content))
            return
        for piece, is_tag in html.inline_pieces(token.content):
            if is_tag:
                self._html(piece, stack)
            else:
                stack[-1][1].append(Text(html.text_of(piece)))

    def _fold(self, stack: list[_Frame], closing: Token | None) -> None:
        opening, children = stack.pop()
        if isinstance(opening, Token) and opening.type == "note_open":
            self._notes_open -= 1
        spans = tuple(merged_texts(children))
        if len(stack) > MAX_INLINE_DEPTH:  # the folded frame sits deeper than we keep
            if not self._too_deep:
                self.context.warn(f"formatting nested over {MAX_INLINE_DEPTH} levels deep; kept the text", self.line)
                self._too_deep = True
            stack[-1][1].extend(spans)
            return
        stack[-1][1].extend(self._close(opening, closing, spans))

    def _close(self, opening: Token | html.Open | None, closing: Token | None, spans: tuple[Inline, ...]) -> list[Inline]:
        if isinstance(opening, html.Open):
            return html.inline_element(opening.tag, opening.attr, spans, self.context, self.line)
        assert opening is not None
        kind = opening.type
        if kind in _SIMPLE_WRAPPERS:
            return [_SIMPLE_WRAPPERS[kind](spans)]
        if kind == "link_open":
            return self._link(opening, closing, spans)
        if kind == "span_open":
            return span(attr_of(opening) or NO_ATTR, spans)
        if kind == "note_open":
            blocks = (Paragraph(spans, self.line),) if spans else ()
            return self.notes.note(blocks, self.line, self.inside_note or self._notes_open > 0)
        self.context.warn(f"unsupported Markdown ({kind}) kept as its text", self.line)
        return list(spans)

    def _link(self, opening: Token, closing: Token | None, spans: tuple[Inline, ...]) -> list[Inline]:
        target = str(opening.attrs.get("href", ""))
        if not is_safe_link(target):
            self.context.warn(f"unsafe link target {target!r} dropped; kept its text", self.line)
            return list(spans)
        attr = (attr_of(closing) if closing is not None else None) or NO_ATTR
        return [Link(target, spans, str(opening.attrs.get("title") or ""), attr)]

    def _leaf(self, token: Token) -> list[Inline]:
        kind = token.type
        if kind in ("text", "text_special"):
            return [Text(legal_text(token.content))]
        if kind == "softbreak":
            return [Text(" ")]
        if kind == "hardbreak":
            return [LineBreak()]
        if kind == "code_inline":
            return [Code(token.content)]
        if kind == "math_inline":
            return [Math(token.content, bool(token.meta.get("display")))]
        if kind == "image":
            return [self._image(token)]
        if kind == "note_ref":
            return self.notes.reference(token, self.line, self.note_blocks, self.inside_note)
        if kind == "hugo_shortcode":  # on its own line of the paragraph (a paired shortcode spans lines)
            self.context.warn(shortcode_warning(token), self.line + int(token.meta.get("line_offset", 0)))
            return [Text(legal_text(token.content))]
        self.context.warn(f"unsupported Markdown ({kind}) kept as its text", self.line)
        return [Text(token.content)] if token.content else []

    def _image(self, token: Token) -> InlineImage:
        description = self.convert(token.children or [])
        attr = attr_of(token) or NO_ATTR
        src = str(token.attrs.get("src", ""))
        alt = (attr.get("alt") or "").strip() or plain_text(description).strip()
        kept = Attr(attr.identifier, attr.classes, tuple((k, v) for k, v in attr.pairs if k != "alt"))
        return InlineImage(self.context.image(src, self.line, attr), src, alt, kept)


def shortcode_warning(token: Token) -> str:
    """What is said about a Hugo shortcode met in the text (it stays as written)."""
    name = str(token.meta.get("name") or "")
    return f"Hugo shortcode {name + ' ' if name else ''}kept as text (Hugo expands it when it builds a site)"


def span(attr: Attr, children: tuple[Inline, ...]) -> list[Inline]:
    """pandoc's bracketed span: ``.smallcaps`` → SmallCaps, ``.underline``/``.ul`` → Underline, the rest a Span."""
    classes = list(attr.classes)
    node: Inline | None = None
    if "smallcaps" in classes:
        classes.remove("smallcaps")
        node = SmallCaps(children)
    for name in ("underline", "ul"):
        if name in classes:
            classes.remove(name)
            node = Underline((node,) if node is not None else children)
    rest = Attr(attr.identifier, tuple(classes), attr.pairs)
    if node is None:
        return [Span(attr, children)]
    return [node] if rest == NO_ATTR else [Span(rest, (node,))]
