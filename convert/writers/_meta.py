"""How the article's metadata reads to a person, the same in every format: the date line and the byline.

Both speak the article's language (``Meta.lang``) through Babel's CLDR data,
never a hand-written table: a date is "January 24, 2024" in English,
"24 yanvar 2024" in Azerbaijani.
"""

from __future__ import annotations

import datetime as dt

from babel import Locale, UnknownLocaleError
from babel.dates import format_date
from babel.lists import format_list

from ..model import Meta

_ENGLISH = Locale("en")


def locale_for(lang: str) -> Locale:
    """Babel's locale for a BCP 47 tag: the tag itself, else its language, else English (never raises).

    ``az-Latn`` → az_Latn; ``en-XX`` → en_XX is unknown, so en; ``xx`` → en.
    """
    tag = lang.strip().replace("_", "-")
    for candidate in (tag, tag.split("-")[0]):
        try:
            return Locale.parse(candidate, sep="-")
        except (UnknownLocaleError, ValueError, TypeError):
            continue
    return _ENGLISH


def display_date(meta: Meta) -> str | None:
    """The date as a reader sees it, or None without one.

    ``Meta.date`` (ISO) in CLDR's long form for the article's language (Babel's
    ``format_date(..., format="long")``): "January 24, 2024", "24 yanvar 2024";
    years 1 to 9999 ("May 5, 999"). ``Meta.date_text`` is shown as written, and
    so is a ``date`` that is not ISO.
    """
    if not meta.date:
        return meta.date_text or None
    try:
        day = dt.date.fromisoformat(meta.date)
    except ValueError:
        return meta.date
    try:
        return format_date(day, format="long", locale=locale_for(meta.lang))
    except (KeyError, ValueError):  # locale data without a long date pattern
        return format_date(day, format="long", locale=_ENGLISH)


def byline(meta: Meta) -> str | None:
    """The authors as a line, or None without authors.

    English: "By Ann", "By Ann and Bob", "By Ann, Bob, and Cy" (CLDR's English
    list, with its serial comma; ``en-GB``: "By Ann, Bob and Cy"). Other
    languages: the names alone, joined by CLDR's list pattern for that language
    ("Ann, Bob və Cy" in Azerbaijani, "Ann, Bob и Cy" in Russian), because the
    word for "by" is not in CLDR and a wrong one is worse than none.
    """
    if not meta.author:
        return None
    locale = locale_for(meta.lang)
    try:
        names = format_list(list(meta.author), locale=locale)
    except (KeyError, ValueError):
        names = format_list(list(meta.author), locale=_ENGLISH)
    return f"By {names}" if locale.language == "en" else names
