"""HTML writer: one standalone HTML5 page, its pictures embedded as data URIs.

It shares its markup and stylesheet with the EPUB writer (:mod:`.xhtml`).
"""

from __future__ import annotations

import base64
from typing import BinaryIO

from ..model import Article, Image
from ..registry import WriteOptions
from . import _meta
from .xhtml import ACCEPTED_FORMATS, esc, render, stylesheet


class HtmlWriter:
    name = "html"
    extension = "html"
    media_type = "text/html"

    def write(self, article: Article, out: BinaryIO, options: WriteOptions) -> None:
        meta = article.meta
        markup = render(article, epub=False, image_source=_data_uri, toc=options.toc)
        rtl = ' dir="rtl"' if markup.direction == "rtl" else ""  # from the text too (_common.article_direction)
        page = (
            f'<!DOCTYPE html>\n<html lang="{esc(meta.lang)}"{rtl}>\n<head>\n<meta charset="utf-8"/>\n'
            '<meta name="viewport" content="width=device-width, initial-scale=1"/>\n'
            f"<title>{esc(article.document_title)}</title>\n"
            + "".join(f'<meta name="{name}" content="{esc(value)}"/>\n' for name, value in _meta_tags(article))
            + f"<style>\n{stylesheet()}</style>\n</head>\n<body>\n{markup.main}</body>\n</html>\n"
        )
        out.write(page.encode("utf-8"))


def _data_uri(image: Image) -> str | None:
    rendition = image.embeddable(ACCEPTED_FORMATS)
    if rendition is None:
        return None
    return f"data:{rendition.media_type};base64,{base64.b64encode(rendition.data).decode('ascii')}"


def _meta_tags(article: Article) -> list[tuple[str, str]]:
    """One ``author`` per author (never the publisher), then description, keywords, date."""
    meta = article.meta
    tags = [("author", name) for name in meta.author]
    tags += [("description", _meta.summary(meta) or ""), ("keywords", ", ".join(meta.keywords)),
             ("dcterms.date", meta.date or "")]
    return [(name, value) for name, value in tags if value.strip()]
