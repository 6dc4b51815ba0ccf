"""Dates: the forms authors write, read to ISO; shown in the article's language; never a refused article."""

from __future__ import annotations

import datetime as dt
import logging

import pytest

import convert
from convert.model import Meta
from convert.reader import frontmatter
from convert.reader.dates import ReadDate, month_first, read_date
from convert.writers._meta import byline, display_date

EPOCH_2024_01_24 = "1706054400"  # 2024-01-24T00:00:00Z


@pytest.mark.parametrize(
    ("written", "iso"),
    [
        ("2024-01-24", "2024-01-24"),
        ("01/24/2024", "2024-01-24"),
        ("24 January 2024", "2024-01-24"),
        ("January 24, 2024", "2024-01-24"),
        ("Jan 24th 2024", "2024-01-24"),
        ("2024-01-24 10:30", "2024-01-24"),
        ("2024-01-24T10:30:00Z", "2024-01-24"),
        ("2024-01-24T23:30:00-05:00", "2024-01-24"),  # the day as written, not moved to UTC
        ("2018-10-23 09:00:00 -0400", "2018-10-23"),  # Jekyll's form (corpus 02)
        ("20240124", "2024-01-24"),
        ("0999-05-05", "0999-05-05"),
        ("5 May 999", "0999-05-05"),
        ("9999-12-31", "9999-12-31"),
    ],
)
def test_common_forms_become_iso(written: str, iso: str) -> None:
    read = read_date(written, lang="en")
    assert (read.iso, read.text, read.problem) == (iso, None, None)


def test_yaml_and_toml_datetimes_keep_the_day_as_written() -> None:
    assert read_date(dt.datetime(2024, 1, 24, 23, 30, tzinfo=dt.timezone(dt.timedelta(hours=-5))), lang="en").iso \
        == "2024-01-24"
    assert read_date(dt.date(2024, 1, 24), lang="en").iso == "2024-01-24"
    fields, _ = frontmatter.extract("+++\ndate = 2024-01-24T23:30:00-05:00\n+++\n", name="x")
    assert fields["date"] == "2024-01-24"


@pytest.mark.parametrize(
    ("lang", "iso"),
    [("en", "2024-01-02"), ("en-US", "2024-01-02"), ("en-GB", "2024-02-01"), ("fr", "2024-02-01"),
     ("ru", "2024-02-01"), ("az-Latn", "2024-02-01")],
)
def test_ambiguous_day_and_month_follow_the_language(lang: str, iso: str) -> None:
    assert read_date("01/02/2024", lang=lang).iso == iso
    fields, _ = frontmatter.extract(f"---\nlang: {lang}\ndate: 01/02/2024\n---\n", name="x")
    assert fields["date"] == iso


def test_month_first_only_for_american_english() -> None:
    assert [month_first(tag) for tag in ("en", "en-US", "en-Latn-US", "en-GB", "en-IN", "de", "")] == \
        [True, True, True, False, False, False, False]


@pytest.mark.parametrize("written", ["Spring issue", "2017-13-45", "10:30", "Monday", "2024-01-24 (updated)"])
def test_text_that_is_no_date_is_kept_as_written_with_a_warning(written: str, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="convert"):
        article = convert.read_text(f"---\ntitle: T\ndate: '{written}'\n---\nText\n")
    assert (article.meta.date, article.meta.date_text) == (None, written)
    assert [getattr(r, "where", "") for r in caplog.records if "'date'" in r.getMessage()] == ["<string>:3"]


@pytest.mark.parametrize("written", ["2024", "January 2024"])
def test_a_year_or_a_month_is_shown_as_written_without_warning(written: str) -> None:
    assert read_date(written, lang="en") == ReadDate(text=written)


def test_us_date_no_longer_refuses_the_article() -> None:
    article = convert.read_text('---\ntitle: T\ndate: "01/24/2024"\n---\nText\n')
    assert article.meta.date == "2024-01-24"


@pytest.mark.parametrize("word", ["today", "now", "Today", "last-modified"])
def test_today_comes_from_source_date_epoch(word: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH_2024_01_24)
    assert convert.read_text(f"---\ntitle: T\ndate: {word}\n---\nText\n").meta.date == "2024-01-24"


def test_today_without_source_date_epoch_is_this_machines_date() -> None:
    before = dt.date.today()
    fields, _ = frontmatter.extract("---\ndate: today\n---\n", name="x", environ={})
    assert before <= dt.date.fromisoformat(str(fields["date"])) <= dt.date.today()


def test_a_malformed_source_date_epoch_is_a_clear_error() -> None:
    with pytest.raises(convert.SourceError) as caught:
        frontmatter.extract("---\ntitle: T\ndate: today\n---\n", name="a.md", environ={"SOURCE_DATE_EPOCH": "soon"})
    assert (caught.value.line, "SOURCE_DATE_EPOCH" in caught.value.message) == (3, True)
    assert caught.value.hint


# --- shown in the article's language (the date line and byline of every writer) ---------------------------


@pytest.mark.parametrize(
    ("lang", "shown"),
    [
        ("en", "January 24, 2024"),
        ("en-US", "January 24, 2024"),
        ("en-GB", "24 January 2024"),
        ("az", "24 yanvar 2024"),
        ("az-Latn", "24 yanvar 2024"),
        ("ru", "24 января 2024\u202fг."),  # CLDR's narrow no-break space
        ("de", "24. Januar 2024"),
        ("xx", "January 24, 2024"),  # unknown: English
        ("en-ZZ", "January 24, 2024"),  # unknown region: its language
        ("not a tag!", "January 24, 2024"),
    ],
)
def test_display_date_in_the_articles_language(lang: str, shown: str) -> None:
    assert display_date(Meta(title="T", date="2024-01-24", lang=lang)) == shown


@pytest.mark.parametrize(("lang", "month"), [("ar", "يناير"), ("fa", "ژانویه"), ("he", "בינואר")])
def test_display_date_right_to_left_languages(lang: str, month: str) -> None:
    shown = display_date(Meta(title="T", date="2024-01-24", lang=lang))
    assert shown is not None and month in shown and "2024" in shown and "January" not in shown


def test_display_date_years_before_1000_and_9999() -> None:
    assert display_date(Meta(title="T", date="0999-05-05")) == "May 5, 999"
    assert display_date(Meta(title="T", date="9999-12-31", lang="az")) == "31 dekabr 9999"


def test_display_date_text_as_written_and_none() -> None:
    assert display_date(Meta(title="T", date_text="Spring issue")) == "Spring issue"
    assert display_date(Meta(title="T", date="not iso")) == "not iso"
    assert display_date(Meta(title="T")) is None


@pytest.mark.parametrize(
    ("lang", "authors", "shown"),
    [
        ("en", ("Ann",), "By Ann"),
        ("en", ("Ann", "Bob"), "By Ann and Bob"),
        ("en", ("Ann", "Bob", "Cy"), "By Ann, Bob, and Cy"),  # CLDR's English list
        ("en-GB", ("Ann", "Bob", "Cy"), "By Ann, Bob and Cy"),
        ("az", ("Ann", "Bob", "Cy"), "Ann, Bob və Cy"),
        ("ru", ("Анна", "Борис"), "Анна и Борис"),
        ("xx", ("Ann", "Bob"), "By Ann and Bob"),
    ],
)
def test_byline(lang: str, authors: tuple[str, ...], shown: str) -> None:
    assert byline(Meta(title="T", author=authors, lang=lang)) == shown


def test_no_byline_without_authors() -> None:
    assert byline(Meta(title="T")) is None
