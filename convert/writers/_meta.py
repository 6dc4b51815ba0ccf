"""How the article's metadata reads to a person, the same in every format: the date line and the byline."""

from __future__ import annotations

import datetime as dt

from ..model import Meta

_MONTHS = ("January", "February", "March", "April", "May", "June", "July",
           "August", "September", "October", "November", "December")


def display_date(meta: Meta) -> str | None:
    """The date as a reader sees it: "November 23, 2017" in English, ISO otherwise."""
    if not meta.date:
        return None
    day = dt.date.fromisoformat(meta.date)
    if meta.lang.lower().startswith("en"):
        return f"{_MONTHS[day.month - 1]} {day.day}, {day.year}"
    return meta.date


def byline(meta: Meta) -> str | None:
    """ "By A, B and C", or None without authors."""
    if not meta.author:
        return None
    names = list(meta.author)
    joined = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
    return f"By {joined}"


