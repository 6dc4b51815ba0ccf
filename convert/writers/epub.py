"""EPUB 3 writer: semantic XHTML packaged with ebooklib, EPUBCheck clean, checked by Ace, reproducible.

ebooklib is AGPL-3.0 licensed; it is imported only here, so the packaging could
be swapped without touching anything else (see the README). ebooklib writes the
package, nav and NCX; we give it the content document as it is (no re-parsing)
and finish the package document ourselves where ebooklib cannot: ``xml:lang``
on ``<package>``, a ``dcterms:modified`` valid for any year.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import uuid
from collections.abc import Iterator
from typing import Any, BinaryIO

from ebooklib import epub

from ..errors import WriterError
from ..model import Article, Image
from ..registry import WriteOptions
from . import _common, _meta
from .xhtml import ACCEPTED_FORMATS, Heading, Markup, esc, render, stylesheet
from .xhtml.accessibility import Audit
from .xhtml.cover import cover_image

_CHAPTER = "article.xhtml"
_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_OPF = "{http://www.idpf.org/2007/opf}"


class EpubWriter:
    name = "epub"
    extension = "epub"
    media_type = "application/epub+zip"

    def write(self, article: Article, out: BinaryIO, options: WriteOptions) -> None:
        book = _book(article, cover=options.cover, toc=options.toc)
        modified = _common.document_date(article, options).astimezone(dt.UTC)
        out.write(_common.reproducible_zip(_package(book, article.meta.lang, modified)))


#: Cover pictures EPUB reading systems show (EPUB 3 core media types, raster).
_COVER_FORMATS = frozenset({"jpeg", "png", "gif", "webp"})


def _book(article: Article, *, cover: bool, toc: bool = False) -> epub.EpubBook:
    """The book: metadata, stylesheet, the content document, its pictures, the cover, nav and NCX.

    A right-to-left article (:func:`._common.article_direction`) turns its pages right to left
    (the spine's ``page-progression-direction``) and its nav document runs right to left too.
    ``toc``: a visible table of contents in the chapter as well (the nav document stays).
    """
    book = epub.EpubBook()
    pictures = _Pictures(book)
    markup = render(article, epub=True, image_source=pictures, toc=toc)
    rtl = "rtl" if markup.direction == "rtl" else None
    book.direction = rtl
    _metadata(book, article, Audit.of(article, embedded=pictures.count))
    book.add_item(epub.EpubItem(uid="style", file_name="style.css", media_type="text/css",
                                content=stylesheet().encode("utf-8")))
    chapter = epub.EpubItem(uid="article", file_name=_CHAPTER, media_type="application/xhtml+xml",
                            content=_document(article, markup).encode("utf-8"))
    book.add_item(chapter)
    if cover:  # the front matter's cover-image as it is (pandoc's), else one drawn from the headline and first picture
        given = article.settings.cover.embeddable(_COVER_FORMATS) if article.settings.cover is not None else None
        image = given or cover_image(article)
        book.set_cover(f"images/cover.{image.extension}", image.data, create_page=False)
    book.toc = _toc(article, markup)
    book.guide = [{"href": _CHAPTER, "title": article.document_title, "type": "bodymatter"}]
    book.add_item(epub.EpubNcx())
    book.add_item(epub.EpubNav(direction=rtl))
    book.spine = [chapter]
    return book


def _package(book: epub.EpubBook, lang: str, modified: dt.datetime) -> list[tuple[str, bytes]]:
    """The book's zip entries as ebooklib makes them, ``mimetype`` first (the caller zips them once)."""
    writer = _Packager("", book, {"raise_exceptions": True, "epub2_guide": False, "epub3_landmark": True,
                                      "landmark_title": "Landmarks", "package_direction": True, "spine_direction": True})
    writer.lang, writer.modified = lang, modified
    try:
        writer.process()
        writer.write()
    except OSError as exc:
        raise WriterError(f"cannot package the EPUB: {exc}") from None
    return writer.out.entries


class _Packager(epub.EpubWriter):  # type: ignore[misc]  # ebooklib is untyped
    """ebooklib's writer, with the package document finished as EPUB 3.3 wants it."""

    lang = "en"
    modified = _common.FALLBACK_DATE

    def write(self) -> None:
        """ebooklib's ``write``, into a list of entries instead of a zip: :func:`_common.reproducible_zip` zips once."""
        self.out = _Entries()
        self.out.writestr("mimetype", "application/epub+zip")
        self._write_container()
        self._write_opf()
        self._write_items()

    def _write_opf_file(self, root: Any) -> None:
        root.set(_XML_LANG, self.lang)
        for meta in root.iter("meta", f"{_OPF}meta"):  # ebooklib writes the OPF namespace as a plain attribute
            if meta.get("property") == "dcterms:modified":  # strftime drops the zeros of years before 1000
                meta.text = f"{self.modified.year:04d}-{self.modified:%m-%dT%H:%M:%S}Z"
        super()._write_opf_file(root)


class _Entries:
    """What ebooklib writes into its zip, kept as (name, bytes) in order (it calls only ``writestr``)."""

    def __init__(self) -> None:
        self.entries: list[tuple[str, bytes]] = []

    def writestr(self, name: str, data: str | bytes, **_options: Any) -> None:
        self.entries.append((name, data.encode("utf-8") if isinstance(data, str) else bytes(data)))


class _Pictures:
    """Adds each picture to the book once (by content) and gives its path; the rendition EPUB 3 takes."""

    def __init__(self, book: epub.EpubBook) -> None:
        self._book = book
        self._paths: dict[str, str] = {}
        self.count = 0  # pictures shown, counting repeats

    def __call__(self, image: Image) -> str | None:
        rendition = image.embeddable(ACCEPTED_FORMATS)
        if rendition is None:
            return None
        self.count += 1
        key = hashlib.sha256(rendition.data).hexdigest()
        if key not in self._paths:
            number = len(self._paths) + 1
            path = self._paths[key] = f"images/figure-{number}.{rendition.extension}"
            self._book.add_item(epub.EpubImage(uid=f"figure-{number}", file_name=path,
                                               media_type=rendition.media_type, content=rendition.data))
        return self._paths[key]


def _metadata(book: epub.EpubBook, article: Article, audit: Audit) -> None:
    """Dublin Core and accessibility metadata: one ``dc:creator`` per author (never the publisher)."""
    meta = article.meta
    book.set_identifier(meta.identifier or f"urn:uuid:{_content_uuid(article)}")
    book.set_title(article.document_title)
    book.set_language(meta.lang)
    for number, author in enumerate(meta.author, start=1):
        book.add_author(author, role="aut", uid=f"creator-{number}")
    for name, value in (("publisher", meta.publisher), ("date", meta.date), ("rights", meta.rights),
                        ("description", _meta.summary(meta))):
        if value:
            book.add_metadata("DC", name, value)
    for keyword in meta.keywords:
        book.add_metadata("DC", "subject", keyword)
    for prop, value in audit.properties():
        book.add_metadata(None, "meta", value, {"property": prop})


def _content_uuid(article: Article) -> uuid.UUID:
    """A stable identifier derived from the article's content (never random)."""
    digest = hashlib.sha256(repr((article.meta, article.blocks)).encode("utf-8"))
    for image in article.images():
        digest.update(hashlib.sha256(image.data).digest())
    return uuid.uuid5(uuid.NAMESPACE_URL, "urn:sha256:" + digest.hexdigest())


def _document(article: Article, markup: Markup) -> str:
    lang = esc(article.meta.lang)
    rtl = ' dir="rtl"' if markup.direction == "rtl" else ""
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE html>\n'
        f'<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops" '
        f'lang="{lang}" xml:lang="{lang}"{rtl}>\n'
        f'<head>\n<meta charset="utf-8"/>\n<title>{esc(article.document_title)}</title>\n'
        '<link href="style.css" rel="stylesheet" type="text/css"/>\n</head>\n'
        f'<body epub:type="bodymatter">\n{markup.main}</body>\n</html>\n'
    )


def _toc(article: Article, markup: Markup) -> list[object]:
    """The title, then the subheadings nested by level (an h4 under the h3 before it, and so on)."""
    root: list[tuple[Heading, list[Any]]] = []
    stack: list[tuple[int, list[tuple[Heading, list[Any]]]]] = [(1, root)]
    for entry in markup.outline:
        while stack[-1][0] >= entry.level:
            stack.pop()
        children: list[tuple[Heading, list[Any]]] = []
        stack[-1][1].append((entry, children))
        stack.append((entry.level, children))
    title = epub.Link(f"{_CHAPTER}#{markup.title_anchor}", article.document_title, "nav-0")
    return [title, *_entries(root, iter(range(1, len(markup.outline) + 1)))]


def _entries(nodes: list[tuple[Heading, list[Any]]], numbers: Iterator[int]) -> list[object]:
    """ebooklib's toc: a Link for a leaf, (Section, children) for a heading with headings under it.

    NCX ids are numbered (``nav-N``): an NCX id must be an XML Schema ID, stricter than an HTML id.
    """
    found: list[object] = []
    for entry, children in nodes:
        href = f"{_CHAPTER}#{entry.anchor}"
        number = next(numbers)
        found.append((epub.Section(entry.text, href), _entries(children, numbers)) if children
                     else epub.Link(href, entry.text, f"nav-{number}"))
    return found
