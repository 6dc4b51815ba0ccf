"""The format-neutral article model: read this module first.

Every reader produces an :class:`Article`; every writer consumes one. The
model is small, immutable and knows nothing of Markdown or of any output
format. Blocks carry the source ``line`` they came from so that writers can
point at the source when they warn.
"""

from __future__ import annotations

from dataclasses import dataclass, field

# --- inline spans ---------------------------------------------------------


@dataclass(frozen=True)
class Text:
    text: str


@dataclass(frozen=True)
class Emph:
    children: tuple[Inline, ...]


@dataclass(frozen=True)
class Strong:
    children: tuple[Inline, ...]


@dataclass(frozen=True)
class Code:
    text: str


@dataclass(frozen=True)
class Link:
    target: str
    children: tuple[Inline, ...]


@dataclass(frozen=True)
class LineBreak:
    pass


Inline = Text | Emph | Strong | Code | Link | LineBreak

# --- images ----------------------------------------------------------------


@dataclass(frozen=True)
class Image:
    """An image already resolved and checked by the reader.

    Writers never touch the file system for sources: the bytes are here.
    """

    source: str  # the path as written in the Markdown, for messages
    data: bytes = field(repr=False)
    format: str  # "jpeg", "png" or "gif"
    width: int  # pixels
    height: int  # pixels
    path: str = field(default="", compare=False, repr=False)  # the file it was read from (provenance, for batch manifests)

    @property
    def media_type(self) -> str:
        return f"image/{self.format}"

    @property
    def extension(self) -> str:
        return "jpg" if self.format == "jpeg" else self.format


# --- blocks ----------------------------------------------------------------


@dataclass(frozen=True)
class Paragraph:
    inlines: tuple[Inline, ...]
    line: int = 0


@dataclass(frozen=True)
class Subheading:
    level: int  # 2 or deeper; level 1 is the title
    inlines: tuple[Inline, ...]
    line: int = 0


@dataclass(frozen=True)
class Figure:
    image: Image
    caption: tuple[Inline, ...]
    alt: str
    credit: str | None = None  # the photo credit, e.g. "Photo: AFP/Jane Doe"
    line: int = 0


@dataclass(frozen=True)
class CreditLine:
    """The article's credit line ("With reporting by ...")."""

    inlines: tuple[Inline, ...]
    line: int = 0


@dataclass(frozen=True)
class BlockQuote:
    blocks: tuple[Block, ...]
    line: int = 0


@dataclass(frozen=True)
class ListBlock:
    ordered: bool
    items: tuple[tuple[Block, ...], ...]
    start: int = 1
    line: int = 0


@dataclass(frozen=True)
class CodeBlock:
    text: str
    language: str = ""
    line: int = 0


@dataclass(frozen=True)
class Rule:
    line: int = 0


Block = Paragraph | Subheading | Figure | CreditLine | BlockQuote | ListBlock | CodeBlock | Rule

# --- the article -----------------------------------------------------------


@dataclass(frozen=True)
class Meta:
    title: str
    subtitle: str | None = None
    author: tuple[str, ...] = ()
    date: str | None = None  # ISO 8601 date, "2017-11-23"
    lang: str = "en"
    publisher: str | None = None
    rights: str | None = None
    identifier: str | None = None
    keywords: tuple[str, ...] = ()


@dataclass(frozen=True)
class Article:
    meta: Meta
    blocks: tuple[Block, ...]
    source: str = "<string>"  # where it was read from, for messages

    def figures(self) -> list[Figure]:
        """Every figure, in reading order (including those nested in quotes or lists)."""
        return [b for b in walk(self.blocks) if isinstance(b, Figure)]

    def subheadings(self) -> list[Subheading]:
        return [b for b in walk(self.blocks) if isinstance(b, Subheading)]


def walk(blocks: tuple[Block, ...]) -> list[Block]:
    """All blocks depth-first in reading order."""
    found: list[Block] = []
    for block in blocks:
        found.append(block)
        if isinstance(block, BlockQuote):
            found.extend(walk(block.blocks))
        elif isinstance(block, ListBlock):
            for item in block.items:
                found.extend(walk(item))
    return found


def plain_text(inlines: tuple[Inline, ...]) -> str:
    """The text of inline spans without formatting; a line break becomes a space."""
    parts: list[str] = []
    for span in inlines:
        if isinstance(span, (Text, Code)):
            parts.append(span.text)
        elif isinstance(span, LineBreak):
            parts.append(" ")
        else:
            parts.append(plain_text(span.children))
    return "".join(parts)
