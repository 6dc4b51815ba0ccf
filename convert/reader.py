"""Markdown → :class:`~convert.model.Article`.

This is the only module that knows Markdown: markdown-it-py tokens never
leave it. The dialect is pandoc's where the two overlap (see the README):
CommonMark, YAML front matter, figures as lone images with ``{alt= credit=}``
attributes, ``::: credit`` / ``::: {.credit}`` fenced divs, and pandoc's
``smart`` typography.
"""

from __future__ import annotations

import functools
import logging
import os
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.rules_core.smartquotes import process_inlines
from markdown_it.token import Token
from mdit_py_plugins.attrs import attrs_plugin
from mdit_py_plugins.container import container_plugin
from mdit_py_plugins.front_matter import front_matter_plugin

from . import frontmatter
from .assets import AssetPolicy, resolve_image
from .errors import SourceError, warn
from .model import (
    Article,
    Block,
    BlockQuote,
    Code,
    CodeBlock,
    CreditLine,
    Emph,
    Figure,
    Inline,
    LineBreak,
    Link,
    ListBlock,
    Paragraph,
    Rule,
    Strong,
    Subheading,
    Text,
    plain_text,
)
from .text import XML_ILLEGAL, is_safe_link

log = logging.getLogger("convert")

_CREDIT_INFO = re.compile(r"^\s*(credit|\{[^}]*(?<![\w-])\.credit(?![\w-])[^}]*\})\s*$")


#: Block nesting markdown-it will follow (a list level takes two); deeper content is dropped.
_MAX_NESTING = 100


@dataclass(frozen=True)
class ReadOptions:
    """How to read a source. All fields have the defaults the CLI uses."""

    smart: bool = True
    resource_path: tuple[str | os.PathLike[str], ...] = ()
    max_image_pixels: int | None = None
    extra_roots: tuple[Path, ...] = field(default_factory=tuple)


def read(source: str | os.PathLike[str] | bytes, options: ReadOptions | None = None) -> Article:
    """Read an article from a path, from Markdown text or from UTF-8 bytes.

    A :class:`os.PathLike` is always a path. A ``str`` is a path when it is a
    single line naming a file (or ending in ``.md``), otherwise Markdown text.
    """
    options = options or ReadOptions()
    if isinstance(source, bytes):
        return read_text(_decode(source, "<bytes>"), options=options)
    if isinstance(source, os.PathLike) or _looks_like_path(source):
        path = Path(source)
        return read_text(_decode(_read_bytes(path), str(path)), name=str(path), base_dir=path.parent, options=options)
    return read_text(source, options=options)


def read_text(
    text: str,
    *,
    name: str = "<string>",
    base_dir: Path | None = None,
    options: ReadOptions | None = None,
) -> Article:
    """Read an article from Markdown text; images resolve against ``base_dir`` (default: cwd)."""
    options = options or ReadOptions()
    base = base_dir if base_dir is not None else Path.cwd()
    policy = AssetPolicy.default(options.resource_path, options.max_image_pixels).with_root(base)
    for root in options.extra_roots:
        policy = policy.with_root(root)
    text = _clean(text, name)
    if not text.strip():
        raise SourceError("the source is empty", file=name, line=1, hint="write some Markdown into it")
    tokens = _parser(options.smart).parse(text)
    builder = _Builder(name=name, base_dir=base, policy=policy)
    meta_fields: dict[str, object] = {}
    if tokens and tokens[0].type == "front_matter":
        meta_fields = frontmatter.parse(tokens[0].content, name=name, first_line=2)
        tokens = tokens[1:]
    blocks = builder.blocks(tokens)
    title_text = meta_fields.get("title")
    if not str(title_text or "").strip():  # absent, or empty: every format needs a title
        title_text, blocks = _title_from_heading(blocks, name)
    elif _is_title_heading(blocks, _inline_text(str(title_text), options.smart)):
        blocks = blocks[1:]  # the same title twice would show twice
    meta = frontmatter.to_meta(meta_fields, title=str(title_text), typography=lambda s: _inline_text(s, options.smart))
    return Article(meta=meta, blocks=tuple(_demote_h1(blocks)), source=name)


# --- decoding and cleaning -------------------------------------------------


def _looks_like_path(text: str) -> bool:
    if "\n" in text or "\0" in text or not text.strip():
        return False
    if text.endswith((".md", ".markdown", ".txt")):
        return True
    try:
        return Path(text).is_file()
    except OSError:  # e.g. a line of text longer than any file name
        return False


def _read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise SourceError("source not found", file=str(path), hint="check the path") from None
    except IsADirectoryError:
        raise SourceError("source is a folder, not a file", file=str(path)) from None
    except OSError as exc:
        raise SourceError(f"cannot read source: {exc.strerror}", file=str(path)) from None


def _decode(data: bytes, name: str) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        raise SourceError(
            f"not valid UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start})",
            file=name,
            line=line,
            column=column,
            hint="save the file as UTF-8",
        ) from None


def _clean(text: str, name: str) -> str:
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    if not XML_ILLEGAL.search(text):
        return text
    lines = text.split("\n")
    for number, line in enumerate(lines, start=1):
        found = XML_ILLEGAL.findall(line)
        if found:
            codes = ", ".join(sorted({f"U+{ord(c):04X}" for c in found}))
            warn(log, f"removed {len(found)} character(s) no document can hold ({codes})", file=name, line=number)
            lines[number - 1] = XML_ILLEGAL.sub("", line)
    return "\n".join(lines)


# --- the parser ------------------------------------------------------------


@functools.lru_cache(maxsize=2)
def _parser(smart: bool) -> MarkdownIt:
    """A configured parser; immutable once built, so it is safe to share."""
    # maxNesting: the preset's 20 silently drops list items below the ninth level.
    md = MarkdownIt("commonmark", {"html": True, "typographer": smart, "maxNesting": _MAX_NESTING})
    front_matter_plugin(md)
    container_plugin(md, "div", validate=lambda params, *_: True)
    attrs_plugin(md, after=("image",))
    if smart:
        md.enable("smartquotes")
        md.core.ruler.after("smartquotes", "pandoc_smart", _pandoc_smart)
    return md


_DASHES = (("---", "\u2014"), ("--", "\u2013"), ("...", "\u2026"))


def _typography(text: str) -> str:
    for plain, fancy in _DASHES:
        text = text.replace(plain, fancy)
    return text


def _pandoc_smart(state: StateCore) -> None:
    """pandoc's ``smart``: dashes and ellipses (and nothing else), also inside captions."""
    for token in state.tokens:
        if token.type == "inline" and token.children:
            _smarten(token.children, state)


def _smarten(children: list[Token], state: StateCore) -> None:
    for child in children:
        if child.type == "text":
            child.content = _typography(child.content)
        elif child.type == "image" and child.children:
            process_inlines(child.children, state)  # markdown-it skips image descriptions
            _smarten(child.children, state)


def _inline_text(text: str, smart: bool) -> str:
    """Plain text of one line of Markdown, with the same typography as the body."""
    tokens = _parser(smart).parseInline(text)
    return plain_text(tuple(_InlineBuilder("<meta>", 0).convert(tokens[0].children or [])))


# --- tokens → blocks --------------------------------------------------------


@dataclass
class _Builder:
    name: str
    base_dir: Path
    policy: AssetPolicy

    def blocks(self, tokens: Sequence[Token]) -> list[Block]:
        result: list[Block] = []
        i = 0
        while i < len(tokens):
            end = _matching_close(tokens, i)
            block = self._block(tokens[i], tokens[i + 1 : end])
            if block is not None:
                result.extend(block)
            i = end + 1
        return result

    def _block(self, opening: Token, inner: Sequence[Token]) -> list[Block] | None:
        line = (opening.map[0] + 1) if opening.map else 0
        kind = opening.type
        if kind == "paragraph_open":
            return [self._paragraph(inner[0], line)]
        if kind == "heading_open":
            return [Subheading(int(opening.tag[1]), self._inlines(inner[0], line), line)]
        if kind == "blockquote_open":
            return [BlockQuote(tuple(self.blocks(inner)), line)]
        if kind in ("bullet_list_open", "ordered_list_open"):
            return [self._list(opening, inner, line)]
        if kind in ("fence", "code_block"):
            return [CodeBlock(opening.content.rstrip("\n"), opening.info.strip(), line)]
        if kind == "hr":
            return [Rule(line)]
        if kind == "html_block":
            warn(log, "raw HTML is not passed through; kept as text", file=self.name, line=line)
            return [Paragraph((Text(opening.content.rstrip("\n")),), line)]
        if kind == "container_div_open":
            return self._div(opening, inner, line)
        warn(log, f"ignored unsupported Markdown ({kind})", file=self.name, line=line)
        return None

    def _inlines(self, token: Token, line: int) -> tuple[Inline, ...]:
        return tuple(_InlineBuilder(self.name, line).convert(token.children or []))

    def _paragraph(self, inline: Token, line: int) -> Block:
        children = [c for c in inline.children or [] if not _is_blank(c)]
        if len(children) == 1 and children[0].type == "image":
            return self._figure(children[0], line)
        return Paragraph(self._inlines(inline, line), line)

    def _figure(self, image: Token, line: int) -> Figure:
        caption = tuple(_InlineBuilder(self.name, line).convert(image.children or []))
        src = str(image.attrs.get("src", ""))
        picture = resolve_image(src, base_dir=self.base_dir, policy=self.policy, file=self.name, line=line)
        alt = str(image.attrs.get("alt") or "").strip() or plain_text(caption).strip()
        if not alt:
            warn(log, "figure has no caption and no alt text", file=self.name, line=line)
        credit = image.attrs.get("credit")
        return Figure(picture, caption, alt, str(credit) if credit else None, line)

    def _list(self, opening: Token, inner: Sequence[Token], line: int) -> ListBlock:
        items: list[tuple[Block, ...]] = []
        i = 0
        while i < len(inner):
            end = _matching_close(inner, i)
            items.append(tuple(self.blocks(inner[i + 1 : end])))
            i = end + 1
        start = int(opening.attrs.get("start", 1)) if opening.type == "ordered_list_open" else 1
        return ListBlock(opening.type == "ordered_list_open", tuple(items), start, line)

    def _div(self, opening: Token, inner: Sequence[Token], line: int) -> list[Block]:
        content = self.blocks(inner)
        if not _CREDIT_INFO.match(opening.info):
            return content  # other divs are transparent, as in most pandoc writers
        spans: list[Inline] = []
        for block in content:
            if not isinstance(block, Paragraph):
                warn(log, f"only paragraphs belong in a credit div; dropped a {type(block).__name__}",
                     file=self.name, line=line)
                continue
            if spans:
                spans.append(LineBreak())
            spans.extend(block.inlines)
        return [CreditLine(tuple(spans), line)]


def _matching_close(tokens: Sequence[Token], i: int) -> int:
    """Index of the token closing ``tokens[i]`` (itself for a self-contained token)."""
    if tokens[i].nesting != 1:
        return i
    depth = 0
    for j in range(i, len(tokens)):
        depth += tokens[j].nesting
        if depth == 0:
            return j
    return len(tokens) - 1


def _is_blank(token: Token) -> bool:
    return token.type == "softbreak" or (token.type == "text" and not token.content.strip())


class _InlineBuilder:
    """Turns an inline token stream into nested spans with an explicit stack."""

    def __init__(self, name: str, line: int) -> None:
        self.name = name
        self.line = line

    def convert(self, tokens: Sequence[Token]) -> list[Inline]:
        stack: list[tuple[Token | None, list[Inline]]] = [(None, [])]
        for token in tokens:
            kind = token.type
            if token.nesting == 1:
                stack.append((token, []))
            elif token.nesting == -1:
                opening, children = stack.pop()
                stack[-1][1].extend(self._close(opening, _merge(children)))
            else:
                stack[-1][1].extend(self._leaf(token, kind))
        while len(stack) > 1:  # unbalanced input: keep the text, lose the wrapper
            _, children = stack.pop()
            stack[-1][1].extend(children)
        return _merge(stack[0][1])

    def _close(self, opening: Token | None, children: list[Inline]) -> list[Inline]:
        assert opening is not None
        if opening.type == "link_open":
            target = str(opening.attrs.get("href", ""))
            if not is_safe_link(target):
                warn(log, f"unsafe link target {target!r} dropped; kept its text", file=self.name, line=self.line)
                return children
            return [Link(target, tuple(children))]
        if opening.type == "strong_open":
            return [Strong(tuple(children))]
        return [Emph(tuple(children))]  # em_open, and any other wrapper a plugin may add

    def _leaf(self, token: Token, kind: str) -> list[Inline]:
        if kind in ("text", "text_special"):
            return [Text(token.content)]
        if kind == "softbreak":
            return [Text(" ")]
        if kind == "hardbreak":
            return [LineBreak()]
        if kind == "code_inline":
            return [Code(token.content)]
        if kind == "html_inline":
            warn(log, f"raw HTML {token.content!r} is not passed through; kept as text", file=self.name, line=self.line)
            return [Text(token.content)]
        if kind == "image":
            warn(log, "an image inside text is not a figure; kept its caption as text", file=self.name, line=self.line)
            return self.convert(token.children or [])
        return [Text(token.content)]


def _merge(spans: list[Inline]) -> list[Inline]:
    merged: list[Inline] = []
    for span in spans:
        if isinstance(span, Text) and merged and isinstance(merged[-1], Text):
            merged[-1] = Text(merged[-1].text + span.text)
        else:
            merged.append(span)
    return merged


def _title_from_heading(blocks: list[Block], name: str) -> tuple[str, list[Block]]:
    if blocks and isinstance(blocks[0], Subheading) and blocks[0].level == 1:
        if plain_text(blocks[0].inlines).strip():
            return plain_text(blocks[0].inlines), blocks[1:]
        blocks = blocks[1:]  # an empty '#' line is no title
    stem = "Untitled" if name.startswith("<") else Path(name).stem
    warn(log, f"no title in the front matter and no leading '# Heading' with text; using {stem!r}", file=name, line=1)
    return stem, blocks


def _is_title_heading(blocks: list[Block], title: str) -> bool:
    first = blocks[0] if blocks else None
    return isinstance(first, Subheading) and first.level == 1 and plain_text(first.inlines) == title


def _demote_h1(blocks: list[Block]) -> list[Block]:
    """Level 1 belongs to the title; a later ``#`` heading is a top-level subheading."""
    return [Subheading(2, b.inlines, b.line) if isinstance(b, Subheading) and b.level == 1 else b for b in blocks]
