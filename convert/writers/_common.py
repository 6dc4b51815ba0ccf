"""What several writers share: the output's one date, reproducible zips, and what stands for a picture not loaded."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from collections.abc import Iterable

from ..model import Article, Figure, plain_text
from ..registry import WriteOptions

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
    """What a picture not loaded shows in its place (pandoc shows the description of an image it cannot fetch).

    The alt text with its spaces collapsed, or ``None`` when it is empty or says what the caption
    says (the caption follows: no line twice). Every writer shows this, then the picture's address
    as a link, then the caption and the credit.
    """
    alt = " ".join(figure.alt.split())
    return alt if alt and alt != " ".join(plain_text(figure.caption).split()) else None
