"""EPUB 3 writer: semantic XHTML packaged with ebooklib, EPUBCheck clean, reproducible.

ebooklib is AGPL-3.0 licensed; it is imported only here, so the packaging could
be swapped without touching anything else (see the README).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import uuid
from typing import BinaryIO

from ebooklib import epub

from ..errors import WriterError
from ..model import Article, Image
from ..registry import WriteOptions
from . import _common
from ._xhtml import Heading, article_markup, esc, headings, stylesheet

_CHAPTER = "article.xhtml"
_ACCESSIBILITY = (
    ("schema:accessMode", "textual"),
    ("schema:accessMode", "visual"),
    ("schema:accessModeSufficient", "textual"),
    ("schema:accessibilityFeature", "alternativeText"),
    ("schema:accessibilityFeature", "structuralNavigation"),
    ("schema:accessibilityFeature", "tableOfContents"),
    ("schema:accessibilityFeature", "readingOrder"),
    ("schema:accessibilityHazard", "none"),
)


class EpubWriter:
    name = "epub"
    extension = "epub"
    media_type = "application/epub+zip"

    def write(self, article: Article, out: BinaryIO, options: WriteOptions) -> None:
        book = epub.EpubBook()
        _metadata(book, article)
        style = epub.EpubItem(uid="style", file_name="style.css", media_type="text/css",
                              content=stylesheet().encode("utf-8"))
        book.add_item(style)
        sources = _images(book, article, cover=options.cover)
        chapter = epub.EpubHtml(uid="article", title=article.meta.title, file_name=_CHAPTER, lang=article.meta.lang)
        chapter.content = _document(article, lambda figure, number: sources[number - 1]).encode("utf-8")
        chapter.add_item(style)
        book.add_item(chapter)
        book.toc = _toc(headings(article))
        book.add_item(epub.EpubNcx())
        book.add_item(epub.EpubNav())
        book.spine = [chapter]
        buffer = io.BytesIO()
        modified = _common.document_date(article, options).astimezone(dt.UTC).replace(tzinfo=None)
        try:
            epub.write_epub(buffer, book, {"mtime": modified, "raise_exceptions": True, "epub2_guide": False})
        except OSError as exc:
            raise WriterError(f"cannot package the EPUB: {exc}") from None
        out.write(_common.reproducible_zip(buffer.getvalue(), first=("mimetype",)))


def _metadata(book: epub.EpubBook, article: Article) -> None:
    meta = article.meta
    book.set_identifier(meta.identifier or f"urn:uuid:{_content_uuid(article)}")
    book.set_title(meta.title)
    book.set_language(meta.lang)
    for author in meta.author or ((meta.publisher,) if meta.publisher else ()):
        book.add_author(author)
    for name, value in (("publisher", meta.publisher), ("date", meta.date), ("rights", meta.rights),
                        ("description", meta.subtitle)):
        if value:
            book.add_metadata("DC", name, value)
    for keyword in meta.keywords:
        book.add_metadata("DC", "subject", keyword)
    for prop, value in _ACCESSIBILITY:
        book.add_metadata(None, "meta", value, {"property": prop})
    summary = "Text article with structured headings; every image has a text description (alt text)."
    book.add_metadata(None, "meta", summary, {"property": "schema:accessibilitySummary"})


def _content_uuid(article: Article) -> uuid.UUID:
    """A stable identifier derived from the article's content (never random)."""
    digest = hashlib.sha256(repr((article.meta, article.blocks)).encode("utf-8"))
    for image in article.images():
        digest.update(hashlib.sha256(image.data).digest())
    return uuid.uuid5(uuid.NAMESPACE_URL, "urn:sha256:" + digest.hexdigest())


def _images(book: epub.EpubBook, article: Article, *, cover: bool) -> list[str]:
    """Add each figure's image once; the first one is the cover image unless ``cover`` is off."""
    sources: list[str] = []
    seen: dict[str, str] = {}
    for figure in article.figures():
        if figure.image is None:
            continue  # not loaded: the writer shows its address instead
        key = hashlib.sha256(figure.image.data).hexdigest()
        if key not in seen:
            seen[key] = _add_image(book, figure.image, len(seen) + 1, as_cover=cover and not seen)
        sources.append(seen[key])
    return sources


def _add_image(book: epub.EpubBook, image: Image, number: int, *, as_cover: bool) -> str:
    file_name = f"images/figure-{number}.{image.extension}"
    if as_cover:
        book.set_cover(file_name, image.data, create_page=False)
        for item in book.items:
            if item.file_name == file_name:
                item.media_type = image.media_type
    else:
        book.add_item(epub.EpubImage(uid=f"figure-{number}", file_name=file_name,
                                     media_type=image.media_type, content=image.data))
    return file_name


def _document(article: Article, image_source: object) -> str:
    meta = article.meta
    body = article_markup(article, image_source, link_allowed=_leaves_the_book)  # type: ignore[arg-type]
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE html>\n'
        f'<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops" '
        f'lang="{esc(meta.lang)}" xml:lang="{esc(meta.lang)}">\n'
        f"<head><title>{esc(meta.title)}</title></head>\n<body>\n{body}</body>\n</html>\n"
    )


def _leaves_the_book(target: str) -> bool:
    """Only absolute links work in an e-book: a relative file or #fragment would dangle."""
    return target.lower().startswith(("http://", "https://", "mailto:", "ftp://", "tel:"))


def _toc(entries: list[Heading]) -> list[object]:
    """The title, then the subheadings; an h3 (or deeper) nests under the h2 before it."""
    title, *sections = entries
    toc: list[object] = [epub.Link(_CHAPTER, title.text, title.anchor)]
    groups: list[tuple[epub.Link, list[epub.Link]]] = []
    for entry in sections:
        if not entry.text.strip():
            continue  # a heading with no text has no name to list (EPUBCheck refuses empty nav links)
        link = epub.Link(f"{_CHAPTER}#{entry.anchor}", entry.text, entry.anchor)
        if entry.level > 2 and groups:
            groups[-1][1].append(link)
        else:
            groups.append((link, []))
    for link, children in groups:
        toc.append((epub.Section(link.title, link.href), children) if children else link)
    return toc
