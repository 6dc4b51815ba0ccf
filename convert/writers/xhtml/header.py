"""The article's ``<header>``: each line of the title block only when the article has it.

``<h1>`` (the headline, the ``#title`` destination), ``p.subtitle``,
``p.description`` (``Meta.description``: the summary Quarto's title block shows
under the title and subtitle, unless it only repeats the article's start:
``_meta.standfirst``; one ``<p>`` per paragraph of it), ``p.byline``,
``p.date`` (a ``<time datetime>`` when the date is ISO) and last
``ul.keywords`` (``Meta.keywords``, one item each, shown on one line the way
Quarto shows an article's categories). The byline and the date line come from
``writers/_meta.py`` so every format says them alike.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

from ...model import Article
from .. import _meta
from .attrs import esc

_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")
_DATE_STRING = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")  # HTML's valid date string (fromisoformat takes more)


def header(article: Article, anchor: str, dir_attr: Callable[[str], str] = lambda _: "") -> str:
    """The ``<header>`` element, or ``""`` when the article has none of its lines.

    ``anchor`` is the ``id`` that ``#title`` reaches: the ``<h1>``'s, or the
    header's own when there is no headline (``Meta.title == ""``). ``dir_attr``
    gives the headline, subtitle and description a `` dir`` when they run the
    other way from the page (the byline and date line keep the page's side).
    """
    meta = article.meta
    parts: list[str] = []
    if meta.title.strip():
        parts.append(f'<h1 id="{anchor}"{dir_attr(meta.title)}>{esc(meta.title)}</h1>\n')
    if meta.subtitle and meta.subtitle.strip():
        parts.append(f'<p class="subtitle"{dir_attr(meta.subtitle)}>{esc(meta.subtitle)}</p>\n')
    parts += [f'<p class="description"{dir_attr(text)}>{esc(text)}</p>\n'
              for text in _paragraphs(_meta.standfirst(article) or "")]
    byline = _meta.byline(meta)
    if byline:
        parts.append(f'<p class="byline">{esc(byline)}</p>\n')
    date = _meta.display_date(meta)
    if date:
        parts.append(f'<p class="date">{_time(meta.date, date)}</p>\n')
    parts.append(_keywords(meta.keywords))
    if not any(parts):
        return ""
    top = "" if meta.title.strip() else f' id="{anchor}"'
    return f"<header{top}>\n{''.join(parts)}</header>\n"


def _paragraphs(text: str) -> list[str]:
    """``text`` split at blank lines, spaces and line breaks inside a paragraph collapsed; empty ones dropped."""
    found = (" ".join(part.split()) for part in _PARAGRAPH_BREAK.split(text))
    return [part for part in found if part]


def _time(iso: str | None, shown: str) -> str:
    """``shown`` in a ``<time>`` whose ``datetime`` is ``iso`` when that is a valid date (HTML's date string)."""
    if not iso or not _DATE_STRING.match(iso):
        return esc(shown)
    try:
        dt.date.fromisoformat(iso)
    except ValueError:  # 2017-02-30
        return esc(shown)
    return f'<time datetime="{iso}">{esc(shown)}</time>'


def _keywords(keywords: tuple[str, ...]) -> str:
    """``<ul class="keywords">`` with one ``<li>`` per keyword (spaces collapsed, empty ones dropped), or ``""``."""
    words = [" ".join(keyword.split()) for keyword in keywords]
    items = "".join(f"<li>{esc(word)}</li>\n" for word in words if word)
    return f'<ul class="keywords">\n{items}</ul>\n' if items else ""
