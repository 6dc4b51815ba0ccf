"""What several writers share: the output's one date, reproducible zips, what stands for a picture not loaded,
the direction text runs in, and when two texts say the same words."""

from __future__ import annotations

import datetime as dt
import functools
import io
import re
import unicodedata
import zipfile
from collections.abc import Iterable, Iterator
from typing import Literal

from ..model import Article, Block, CodeBlock, Figure, block_inlines, plain_text, walk
from ..registry import WriteOptions
from ..text import shown_description

Direction = Literal["rtl", "ltr"]

#: The timestamp used when neither the article nor SOURCE_DATE_EPOCH gives one.
FALLBACK_DATE = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)
#: The oldest date a zip entry can hold; every entry gets it.
ZIP_DATE = (1980, 1, 1, 0, 0, 0)
#: Entries stored as they are: pictures already compressed, and the EPUB's ``mimetype`` (OCF requires it).
_STORED_SUFFIXES = (".jpg", ".jpeg", ".png", ".gif", ".webp")
#: zlib's default: level 9 takes five times as long on a large document.xml for no smaller file.
DEFLATE_LEVEL = 6


def document_date(article: Article, options: WriteOptions) -> dt.datetime:
    """The one timestamp an output may carry: the article's date, else SOURCE_DATE_EPOCH.

    Never the wall clock, so the same article gives the same bytes. A ``Meta.date`` that is
    not ISO (only a hand-built model has one: the reader keeps such text in ``date_text``)
    counts as no date.
    """
    try:
        day = dt.date.fromisoformat(article.meta.date) if article.meta.date else None
    except ValueError:
        day = None
    if day is not None:
        return dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC)
    if options.source_date_epoch is not None:
        return dt.datetime.fromtimestamp(options.source_date_epoch, tz=dt.UTC)
    return FALLBACK_DATE


def reproducible_zip(entries: Iterable[tuple[str, bytes]]) -> bytes:
    """A zip of ``entries`` (member name, data) in their order, written once: the same entries give the same bytes.

    Every entry has :data:`ZIP_DATE`, mode 0644 and "made by" MS-DOS (nothing of the host or the
    clock); pictures already compressed and the EPUB's ``mimetype`` are stored, everything else is
    deflated at :data:`DEFLATE_LEVEL`. The caller puts first what must be first (``mimetype``,
    ``[Content_Types].xml``).
    """
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in entries:
            info = zipfile.ZipInfo(name, date_time=ZIP_DATE)
            info.external_attr = 0o644 << 16
            info.create_system = 0
            stored = name == "mimetype" or name.lower().endswith(_STORED_SUFFIXES)
            info.compress_type = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
            archive.writestr(info, data, compresslevel=None if stored else DEFLATE_LEVEL)
    return buffer.getvalue()


def figure_description(figure: Figure) -> str | None:
    """What a picture not loaded shows in its place (pandoc shows the description of an image it cannot fetch):
    :func:`convert.text.shown_description` of its alt text and caption. Every writer shows this, then the
    picture's address as a link, then the caption and the credit; ``--verify`` expects the same."""
    return shown_description(figure.alt, plain_text(figure.caption))


# --- direction -----------------------------------------------------------------------------------------------

#: Runs of letters of the right-to-left scripts (Hebrew, Arabic, Syriac, Thaana, N'Ko..., their presentation
#: forms, and the right-to-left blocks of the supplementary planes): Unicode's bidi classes R and AL.
_RTL_LETTERS = re.compile(
    "(?:(?=[^\\W\\d_])[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefe\U00010800-\U00010fff\U0001e800-\U0001efff])+")
_LETTERS = re.compile(r"[^\W\d_]+")


def direction_of(text: str) -> Direction | None:
    """The direction ``text`` runs in: that of the *majority* of its strong characters (letters), the first
    strong character deciding a tie; ``None`` without any letter (digits, punctuation, nothing).

    The majority, not Unicode's rule P2 alone (the first strong character, HTML's ``dir="auto"``),
    because a Persian sentence that opens with a Latin name ("HTML کدهای ...") is still a Persian
    sentence, and an English one quoting an Arabic word first is still English. Letters are
    ``str.isalpha`` characters; right-to-left ones are those of the scripts whose bidi class is R or AL.
    """
    total = sum(map(len, _LETTERS.findall(text)))
    if not total:
        return None
    rtl = sum(map(len, _RTL_LETTERS.findall(text)))
    if rtl * 2 != total:
        return "rtl" if rtl * 2 > total else "ltr"
    return _first_strong(text)


def has_rtl(text: str) -> bool:
    """``text`` holds a letter of a right-to-left script."""
    return _RTL_LETTERS.search(text) is not None


def _first_strong(text: str) -> Direction | None:
    for char in text:
        kind = unicodedata.bidirectional(char)
        if kind in ("R", "AL"):
            return "rtl"
        if kind == "L":
            return "ltr"
    return None


@functools.lru_cache(maxsize=64)
def language_direction(lang: str) -> Direction | None:
    """``"rtl"`` for a right-to-left language (CLDR's character order, through Babel), ``"ltr"`` for another
    known language, ``None`` for a tag Babel does not know."""
    from babel import Locale, UnknownLocaleError

    try:
        locale = Locale.parse(lang.strip().replace("-", "_"))
    except (ValueError, TypeError, UnknownLocaleError):
        return None
    return "rtl" if locale.character_order == "right-to-left" else "ltr"


def article_direction(article: Article) -> Direction:
    """The direction of the whole article: ``"rtl"`` when ``Meta.lang`` is a right-to-left language, else the
    direction of most of its text (:func:`direction_of` over the title, subtitle and every block's text,
    code left out), else ``"ltr"``.

    ``Meta.lang`` alone cannot say it: it is ``"en"`` when the source names no language, and a
    Persian article without ``lang:`` (corpus 09) must still run right to left.
    """
    if language_direction(article.meta.lang) == "rtl":
        return "rtl"
    return direction_of("\n".join(_visible_text(article))) or "ltr"


def _visible_text(article: Article) -> Iterator[str]:
    yield article.meta.title
    yield article.meta.subtitle or ""
    yield text_of(article.blocks)


def text_of(blocks: tuple[Block, ...]) -> str:
    """The text of ``blocks`` and the blocks inside them, one line per block, code left out: what decides a
    direction (:func:`direction_of`)."""
    return "\n".join(plain_text(block_inlines(block)) for block in walk(blocks) if not isinstance(block, CodeBlock))
