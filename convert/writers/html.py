"""HTML writer: one standalone HTML5 file, the image embedded as a data URI.

It shares its markup and stylesheet with the EPUB writer (:mod:`._xhtml`).
"""

from __future__ import annotations

import base64
from typing import BinaryIO

from ..model import Article, Figure
from ..registry import WriteOptions
from ._xhtml import article_markup, esc, stylesheet


class HtmlWriter:
    name = "html"
    extension = "html"
    media_type = "text/html"

    def write(self, article: Article, out: BinaryIO, options: WriteOptions) -> None:
        meta = article.meta
        body = article_markup(article, _data_uri)
        page = (
            f'<!DOCTYPE html>\n<html lang="{esc(meta.lang)}">\n<head>\n<meta charset="utf-8"/>\n'
            '<meta name="viewport" content="width=device-width, initial-scale=1"/>\n'
            f"<title>{esc(meta.title)}</title>\n"
            + "".join(f'<meta name="{name}" content="{esc(value)}"/>\n' for name, value in _meta_tags(article))
            + f"<style>\n{stylesheet()}</style>\n</head>\n<body>\n{body}</body>\n</html>\n"
        )
        out.write(page.encode("utf-8"))


def _data_uri(figure: Figure, _number: int) -> str:
    assert figure.image is not None  # a figure without a picture is lowered before
    return f"data:{figure.image.media_type};base64,{base64.b64encode(figure.image.data).decode('ascii')}"


def _meta_tags(article: Article) -> list[tuple[str, str]]:
    meta = article.meta
    tags = [("author", "; ".join(meta.author) or meta.publisher or ""), ("description", meta.subtitle or ""),
            ("keywords", ", ".join(meta.keywords)), ("dcterms.date", meta.date or "")]
    return [(name, value) for name, value in tags if value]
