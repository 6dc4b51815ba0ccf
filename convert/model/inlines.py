"""Attributes, pictures and inline spans of the article model (see :mod:`convert.model`)."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .blocks import Block

# --- attributes --------------------------------------------------------------


@dataclass(frozen=True)
class Attr:
    """pandoc's ``Attr``: an identifier, classes and key-value pairs.

    Written ``{#id .class key="value"}`` in the source (pandoc's attribute
    syntax). ``identifier`` is unique within an article and is what
    ``[text](#identifier)`` links to; writers make it a destination
    (HTML ``id``, DOCX bookmark, PDF named destination).
    """

    identifier: str = ""
    classes: tuple[str, ...] = ()
    pairs: tuple[tuple[str, str], ...] = ()

    def get(self, key: str, default: str | None = None) -> str | None:
        """The value of ``key`` (the last one written wins, as in pandoc)."""
        for name, value in reversed(self.pairs):
            if name == key:
                return value
        return default

    def has_class(self, name: str) -> bool:
        return name in self.classes


NO_ATTR = Attr()

# --- images --------------------------------------------------------------------


@dataclass(frozen=True)
class Rendition:
    """One encoding of a picture: ``format`` is "jpeg", "png", "gif", "webp", "svg"..."""

    format: str
    data: bytes = field(repr=False)

    @property
    def media_type(self) -> str:
        return "image/svg+xml" if self.format == "svg" else f"image/{self.format}"

    @property
    def extension(self) -> str:
        return "jpg" if self.format == "jpeg" else self.format


@dataclass(frozen=True)
class Image:
    """A picture already found, checked and understood by the reader.

    Writers never touch the file system and never sniff bytes: the picture is
    here, as ``data`` in ``format``, plus any ``renditions`` the reader made for
    formats that cannot take the original (a PNG of an SVG, an RGB JPEG of a
    CMYK one...). ``width`` and ``height`` are the *displayed* size in pixels
    (EXIF orientation applied); ``dpi`` is the resolution the file states, if any.
    """

    source: str  # the reference as written in the article, for messages
    data: bytes = field(repr=False)
    format: str  # "jpeg", "png", "gif", "webp", "svg"...
    width: int  # displayed pixels
    height: int  # displayed pixels
    path: str = field(default="", compare=False, repr=False)  # the file it was read from (for batch manifests)
    dpi: float | None = None
    renditions: tuple[Rendition, ...] = field(default=(), repr=False)

    @property
    def media_type(self) -> str:
        return self.original.media_type

    @property
    def extension(self) -> str:
        return self.original.extension

    @property
    def original(self) -> Rendition:
        return Rendition(self.format, self.data)

    def embeddable(self, accepted: Collection[str]) -> Rendition | None:
        """The first encoding whose format is in ``accepted``: the original if it is, else a rendition.

        ``None`` when no encoding fits; the reader makes renditions so that every
        built-in writer finds one (JPEG, PNG or GIF is always among them).
        """
        for rendition in (self.original, *self.renditions):
            if rendition.format in accepted:
                return rendition
        return None


# --- inline spans ----------------------------------------------------------------


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
class Strikeout:
    """``~~deleted~~``, HTML ``<del>``/``<s>``."""

    children: tuple[Inline, ...]


@dataclass(frozen=True)
class Superscript:
    """``19^th^``, HTML ``<sup>``."""

    children: tuple[Inline, ...]


@dataclass(frozen=True)
class Subscript:
    """``H~2~O``, HTML ``<sub>``."""

    children: tuple[Inline, ...]


@dataclass(frozen=True)
class SmallCaps:
    """``[text]{.smallcaps}`` (pandoc)."""

    children: tuple[Inline, ...]


@dataclass(frozen=True)
class Underline:
    """``[text]{.underline}`` (pandoc), HTML ``<u>``/``<ins>``."""

    children: tuple[Inline, ...]


@dataclass(frozen=True)
class Code:
    text: str


@dataclass(frozen=True)
class Math:
    """TeX math as written (``$x^2$``, ``$$...$$``); writers show the TeX source."""

    text: str
    display: bool = False


@dataclass(frozen=True)
class Link:
    """A link. ``target`` is an absolute URL, a relative path, or ``#identifier`` within the article."""

    target: str
    children: tuple[Inline, ...]
    title: str = ""
    attr: Attr = NO_ATTR

    @property
    def internal(self) -> bool:
        return self.target.startswith("#")


@dataclass(frozen=True)
class LineBreak:
    pass


@dataclass(frozen=True)
class Span:
    """pandoc's ``Span``: ``[text]{#id .class key=value}``; the writers keep ``attr.identifier`` as an anchor.

    A ``custom-style`` pair names a DOCX character style (pandoc's convention).
    """

    attr: Attr
    children: tuple[Inline, ...]


@dataclass(frozen=True)
class Note:
    """A footnote, placed where its reference is (pandoc's ``Note``).

    ``[^id]`` with its definition, or ``^[inline text]``. Writers number notes in
    reading order; a note referenced twice appears twice, as in pandoc.
    """

    blocks: tuple[Block, ...]


@dataclass(frozen=True)
class InlineImage:
    """An image inside running text (not a figure).

    ``image`` is ``None`` when the picture was not loaded (a remote address that
    was not fetched): writers then show ``alt`` as a link to ``src``.
    """

    image: Image | None
    src: str
    alt: str
    attr: Attr = NO_ATTR


Inline = (
    Text | Emph | Strong | Strikeout | Superscript | Subscript | SmallCaps | Underline | Code | Math | Link
    | LineBreak | Span | Note | InlineImage
)
