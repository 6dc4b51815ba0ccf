"""Semantic (X)HTML for an article, written once for the EPUB and HTML writers.

The markup is polyglot: well-formed XML that is also valid HTML5, so the EPUB
writer can package it and the HTML writer can serve it. Every piece of text is
escaped; links are emitted only for safe targets; nothing from the source can
become an element, an attribute name or a script. Modules: ``render`` (the
visitor, and the direction of each block), ``header``, ``contents`` (``--toc``),
``blocks``, ``inlines``, ``tables``, ``notes``, ``figures``, ``attrs``.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

from ...model import Article
from .._common import Direction
from .attrs import esc
from .blocks import Heading, outline
from .contents import contents
from .figures import ACCEPTED_FORMATS
from .header import header as title_block
from .render import Flavour, ImageSource, Renderer

__all__ = ["ACCEPTED_FORMATS", "Heading", "ImageSource", "Markup", "esc", "render", "stylesheet"]


@functools.lru_cache(maxsize=1)
def stylesheet() -> str:
    """The stylesheet both writers use (``article.css`` in :mod:`convert.writers`, package data).

    Read as the file beside the modules (``importlib.resources`` imports ``tempfile`` and ``zipfile``,
    which nothing else in an HTML or EPUB render needs); through it only when the package is not
    on disk (a zip).
    """
    try:
        return (Path(__file__).resolve().parent.parent / "article.css").read_text(encoding="utf-8")
    except OSError:
        from importlib.resources import files

        return files("convert.writers").joinpath("article.css").read_text(encoding="utf-8")


@dataclass(frozen=True)
class Markup:
    """One article as markup.

    ``main``: the ``<main>`` element (header, the contents when asked, blocks, credit
    line, then the notes); ``title_anchor``: the ``id`` that ``#title`` reaches (the
    headline, or the article's top when there is none); ``outline``: the subheadings
    for the nav; ``direction``: the page's (:func:`.._common.article_direction`), for
    ``<html dir>`` and the EPUB's page progression.
    """

    main: str
    title_anchor: str
    outline: list[Heading]
    direction: Direction = "ltr"


def render(article: Article, *, epub: bool, image_source: ImageSource, toc: bool = False) -> Markup:
    """Render ``article``; ``image_source`` gives each picture its ``src`` (``None``: not embeddable).

    A link to a target the format cannot follow (:meth:`.render.Flavour.address`) is rendered as its text.
    ``toc``: a visible table of contents after the title block (:mod:`.contents`).
    """
    renderer = Renderer(article, Flavour(epub, image_source))
    entries = outline(article, renderer.heading_ids)
    title_anchor = renderer.anchors.claim("title") or "title"
    header = title_block(article, title_anchor, renderer.dir_attr)
    nav = contents(entries, article.meta.lang, renderer.anchors) if toc else ""
    body = renderer.blocks(article.blocks)
    top = "" if article.meta.title.strip() or header else f' id="{title_anchor}"'
    notes = renderer.notes.section()
    main = f"<main>\n<article{top}>\n{header}{nav}{body}</article>\n{notes}</main>\n"
    return Markup(main, title_anchor, entries, renderer.direction)

