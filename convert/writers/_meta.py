"""How the article's metadata reads to a person, the same in every format: the title block's lines.

The date line, the byline and the keywords line speak the article's language
(``Meta.lang``) through Babel's CLDR data: a date is "January 24, 2024" in English,
"24 yanvar 2024" in Azerbaijani; keywords are "NATO, Azerbaijan" in English,
"NATO、日本" in Japanese. CLDR has no word for "by" nor for "Contents": two small
tables, each word with its source, give those (:data:`_BYLINES`, :data:`_CONTENTS`).
:func:`standfirst` says whether the description is shown at all.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

from babel import Locale, UnknownLocaleError
from babel.dates import format_date
from babel.lists import format_list

from ..model import Article, CodeBlock, Meta, Paragraph, Subheading, plain_text, walk

_ENGLISH = Locale("en")
#: CLDR's list styles whose middle pattern may separate keywords, most usual first.
_LIST_STYLES = ("standard", "unit", "unit-short", "standard-short")
_LETTERS = re.compile(r"[^\W\d_]+")
_WORDS = re.compile(r"[^\W_]+")


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


#: How a byline reads where the newsroom's convention puts a word before or after the names (``{}``: the names).
#: Babel (CLDR) has no word for "by", so these come from Ghost, the newsroom publishing platform, whose
#: newsletter template says "By {authors}" (ghost/i18n/locales/<lang>/newsletter.json): German "Von",
#: French "Par", Spanish "Por", the same words those languages' newspapers print. Not taken: Ghost's
#: Russian "От" and Arabic "من قبل" (calques of "by" the press does not print: a Russian, Ukrainian or Arab
#: byline is the names alone), and Ghost has no Armenian, Persian or Pashto template; Azerbaijani news sites
#: print the names alone too. Those languages, and any other, show the names alone: a wrong word is worse
#: than none. English ("By") is the default for a language Babel does not know.
_BYLINES = {"en": "By {}", "de": "Von {}", "fr": "Par {}", "es": "Por {}"}

#: The heading of a table of contents. English as pandoc's and Word's ("Contents"); the others from Quarto's
#: ``toc-title-document`` (quarto-cli src/resources/language/_language-<lang>.yml; Ukrainian is its ``ua``).
#: Armenian, Persian and Pashto have no such file: no heading (the list is still a labelled ``doc-toc``).
_CONTENTS = {"en": "Contents", "de": "Inhaltsverzeichnis", "fr": "Table des matières", "es": "Tabla de contenidos",
             "ru": "Содержание", "uk": "Зміст", "az": "Mündəricat", "ar": "جدول المحتويات"}


def byline(meta: Meta) -> str | None:
    """The authors as a line, or None without authors; every writer shows this one.

    The names are joined by CLDR's list pattern for ``Meta.lang`` (Babel): "Ann, Bob, and Cy" (en),
    "Ann, Bob and Cy" (en-GB), "Ann, Bob və Cy" (az), "Анна и Борис" (ru); then, in the languages of
    :data:`_BYLINES`, put in that language's byline: "By Ann and Bob", "Von Ann und Bob", "Par Ann et
    Bob", "Por Ann y Bob". Other languages show the names alone.
    """
    if not meta.author:
        return None
    locale = locale_for(meta.lang)
    try:
        names = format_list(list(meta.author), locale=locale)
    except (KeyError, ValueError):
        names = format_list(list(meta.author), locale=_ENGLISH)
    pattern = _BYLINES.get(locale.language)
    return pattern.format(names) if pattern else names


#: The deepest heading a table of contents lists, in every format (pandoc's ``--toc-depth`` default).
CONTENTS_DEPTH = 3


def heading_level(heading: Subheading) -> int:
    """A subheading's level as every writer shows it, 2..6: a ``#`` heading left in the body counts as 2
    (level 1 is the title's), a deeper one than 6 as 6 (HTML's last)."""
    return min(max(heading.level, 2), 6)


def in_contents(heading: Subheading) -> bool:
    """Whether a table of contents lists ``heading``: down to :data:`CONTENTS_DEPTH`, and with words (an empty
    heading, or one that is only a note or a picture, is not listed in any format)."""
    return heading_level(heading) <= CONTENTS_DEPTH and bool(plain_text(heading.inlines).strip())


def contents_title(lang: str) -> str | None:
    """The heading of a table of contents in ``lang`` ("Contents", "Inhaltsverzeichnis"...), or None where we
    have no word for it (:data:`_CONTENTS`)."""
    return _CONTENTS.get(locale_for(lang).language)


def keywords_line(meta: Meta) -> str | None:
    """``Meta.keywords`` as one line, or None without any: "NATO, Azerbaijan, Armenia" (en), "NATO、日本" (ja).

    A list of tags, not a sentence: the keywords (spaces collapsed, empty ones dropped) are
    joined by the separator of the *middle* pattern of CLDR's list patterns for ``Meta.lang``
    (Babel), the one between items before the last "and", with any word in it left out
    (Arabic's "، و" gives "، "). A separator that is only a space (Thai) gives way to the next
    list style, and at last to ", ".
    """
    words = [" ".join(keyword.split()) for keyword in meta.keywords]
    words = [word for word in words if word]
    if not words:
        return None
    return _separator(locale_for(meta.lang)).join(words)


def _separator(locale: Locale) -> str:
    patterns = locale.list_patterns
    for style in _LIST_STYLES:
        middle = patterns[style].get("middle") if style in patterns else None
        if isinstance(middle, str) and middle.startswith("{0}") and middle.endswith("{1}"):
            separator = _LETTERS.sub("", middle[3:-3])
            if separator.strip(" \u200e\u200f"):  # more than spaces and direction marks
                return separator
    return ", "


def summary(meta: Meta) -> str | None:
    """What a format's one summary field says (EPUB ``dc:description``, HTML ``<meta name=description>``, PDF
    ``/Subject`` and XMP ``dc:description``): ``Meta.description`` as written, else the subtitle, else None."""
    for text in (meta.description, meta.subtitle):
        if text and text.strip():
            return text
    return None


def standfirst(article: Article) -> str | None:
    """The description the title block shows (Quarto's), or None: none, or one that only repeats the article's start.

    Hugo's automatic ``summary`` (and many a site's ``description``) is the first words of the
    article, often cut mid-sentence: shown above the text, the reader reads it twice (corpus 01).
    It is left out when its words (NFKC, case-folded, punctuation and a trailing "…" or "..."
    ignored; the last word may be cut short) are the first words of the article's paragraphs,
    headings and code, in reading order. Metadata (``dc:description``, core properties, ``<meta>``)
    keeps ``Meta.description`` as it is.
    """
    description = article.meta.description
    if not description or not description.strip():
        return None
    wanted = _words(description)
    if not wanted:
        return description
    found: list[str] = []
    for block in walk(article.blocks):
        if len(found) >= len(wanted):
            break
        if isinstance(block, (Paragraph, Subheading)):
            found.extend(_words(plain_text(block.inlines)))
        elif isinstance(block, CodeBlock):
            found.extend(_words(block.text))
    head = found[: len(wanted)]
    repeats = len(head) == len(wanted) and head[:-1] == wanted[:-1] and head[-1].startswith(wanted[-1])
    return None if repeats else description


def _words(text: str) -> list[str]:
    return _WORDS.findall(unicodedata.normalize("NFKC", text).casefold())
