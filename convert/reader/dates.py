"""A front-matter date as authors write it → an ISO 8601 date, or the text to show as written.

Accepted forms (see :func:`read_date`):

- ISO 8601, with or without a time: ``2024-01-24``, ``2024-01-24 10:30``,
  ``2024-01-24T10:30:00Z``, ``2018-10-23 09:00:00 -0400`` (YAML and TOML
  datetimes too). The calendar date *as written* is kept: the time and the
  zone are dropped, never converted (a post dated 23:30 in New York stays on
  that day).
- What python-dateutil reads as a whole date: ``01/24/2024``, ``24.01.2024``,
  ``24 January 2024``, ``January 24, 2024``, ``Jan 2nd 2024``, ``20240124``.
  English month names only (dateutil's). An ambiguous ``01/02/2024`` is read
  month first when the article's language is ``en`` or ``en-US`` and day
  first for every other language (``en-GB``, ``fr``, ``ru``...), as those
  readers write it.
- ``today``, ``now`` and Quarto's ``last-modified``: the day given by
  ``SOURCE_DATE_EPOCH`` (UTC) when it is set, otherwise today's date on this
  machine. That is the one case where the same source can give a different
  output on another day: set ``SOURCE_DATE_EPOCH`` (seconds since 1970) to pin it.
- A year, or a month and a year (``2024``, ``January 2024``): not a full date,
  shown as written (``date_text``) without a warning.
- Anything else (``Spring issue``, ``2017-13-45``): shown as written, with a warning.

Years 1 to 9999 work (``0999-05-05``).
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass

#: Written values that mean "the day this is built" (Quarto's ``last-modified`` included).
TODAY_WORDS = frozenset({"today", "now", "last-modified"})

_ISO_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?=$|[Tt ])")
# Two defaults that differ in every field: a field dateutil filled in from the
# default differs between the two readings, so a partial date is recognised.
# Both are leap years, so "February 29" reads in both.
_DEFAULTS = (dt.datetime(2000, 1, 1), dt.datetime(1904, 2, 2))


@dataclass(frozen=True)
class ReadDate:
    """What became of a written date.

    ``iso``: ``"2024-01-24"`` when it is a whole date; ``text``: the date as
    written when it is not (shown as is); ``problem``: a warning to give, or None.
    """

    iso: str | None = None
    text: str | None = None
    problem: str | None = None


class EpochError(ValueError):
    """``SOURCE_DATE_EPOCH`` is set but is not a whole number of seconds in range."""


def read_date(value: object, *, lang: str, environ: Mapping[str, str] | None = None) -> ReadDate:
    """Read ``value`` (a ``str``, or a ``date``/``datetime``/``time`` from YAML or TOML).

    ``lang`` (BCP 47) decides the order of an ambiguous day and month;
    ``environ`` (default ``os.environ``) gives ``SOURCE_DATE_EPOCH`` for ``today``.
    Raises :class:`EpochError` when ``today`` meets a malformed ``SOURCE_DATE_EPOCH``.
    """
    if isinstance(value, dt.datetime):
        return ReadDate(iso=value.date().isoformat())
    if isinstance(value, dt.date):
        return ReadDate(iso=value.isoformat())
    written = value.isoformat() if isinstance(value, dt.time) else str(value).strip()
    if not written:
        return ReadDate()
    if written.lower() in TODAY_WORDS:
        return ReadDate(iso=today(environ).isoformat())
    iso = _iso(written)
    if iso is not None:
        return iso
    return _free_form(written, day_first=not month_first(lang))


def today(environ: Mapping[str, str] | None = None) -> dt.date:
    """The build day: ``SOURCE_DATE_EPOCH`` (UTC) when set, else this machine's date (not reproducible)."""
    env = os.environ if environ is None else environ
    epoch = env.get("SOURCE_DATE_EPOCH", "").strip()
    if not epoch:
        return dt.date.today()
    try:
        return dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC).date()
    except (ValueError, OverflowError, OSError):
        raise EpochError(f"SOURCE_DATE_EPOCH is not a number of seconds since 1970: {epoch[:40]!r}") from None


def month_first(lang: str) -> bool:
    """True for ``en`` and ``en-US`` (``01/02/2024`` is January 2), false for other languages."""
    subtags = lang.lower().replace("_", "-").split("-")
    if subtags[0] != "en":
        return False
    regions = [tag for tag in subtags[1:] if len(tag) == 2 or (len(tag) == 3 and tag.isdigit())]
    return not regions or regions[0] == "us"


def _iso(written: str) -> ReadDate | None:
    """``YYYY-MM-DD`` with anything after it that reads as a time; None when it does not start so."""
    match = _ISO_DAY.match(written)
    if match is None:
        return None
    try:
        day = dt.date(*(int(part) for part in match.groups()))
    except ValueError as exc:
        return ReadDate(text=written, problem=f"is not a date ({exc}); shown as written")
    rest = written[match.end():]
    if rest and _parsed(written, day_first=False) is None:
        return ReadDate(text=written, problem="is not a date (the text after the day is no time); shown as written")
    return ReadDate(iso=day.isoformat())


def _free_form(written: str, *, day_first: bool) -> ReadDate:
    readings = _parsed(written, day_first=day_first)
    if readings is None:
        return ReadDate(text=written, problem="is not a date; shown as written")
    first, second = readings
    if first.year != second.year:  # no year: a weekday, a time, "March 3rd"...
        return ReadDate(text=written, problem="is not a whole date (no year); shown as written")
    if (first.month, first.day) != (second.month, second.day):  # "2024", "January 2024"
        return ReadDate(text=written)
    return ReadDate(iso=first.date().isoformat())


def _parsed(written: str, *, day_first: bool) -> tuple[dt.datetime, dt.datetime] | None:
    """dateutil's readings of ``written`` with each default, or None when it is no date."""
    from dateutil import parser as dateutil_parser  # 15-20 ms to import: only for a date that is not ISO

    try:
        return (
            dateutil_parser.parse(written, default=_DEFAULTS[0], dayfirst=day_first, ignoretz=True),
            dateutil_parser.parse(written, default=_DEFAULTS[1], dayfirst=day_first, ignoretz=True),
        )
    except (ValueError, OverflowError, TypeError):  # dateutil's ParserError is a ValueError
        return None
