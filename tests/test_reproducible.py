"""Same input, same bytes: dates come from the article or SOURCE_DATE_EPOCH, never the clock."""

from __future__ import annotations

import io
import zipfile

import docx
import pytest
from lxml import etree
from pypdf import PdfReader

import convert

UNDATED = "# Undated\n\nText.\n"
EPOCH = 1500000000  # 2017-07-14T02:40:00Z


@pytest.mark.parametrize("fmt", ["docx", "pdf", "epub", "html"])
def test_every_format_is_byte_identical_run_after_run(fmt: str) -> None:
    article = convert.read_text(UNDATED)
    assert convert.render(article, fmt) == convert.render(convert.read_text(UNDATED), fmt)


def test_source_date_epoch_sets_the_dates_of_an_undated_article(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(EPOCH))
    article = convert.read_text(UNDATED)
    created = docx.Document(io.BytesIO(convert.render(article, "docx"))).core_properties.created
    assert created is not None and created.isoformat().startswith("2017-07-14T02:40:00")
    info = PdfReader(io.BytesIO(convert.render(article, "pdf"))).metadata
    assert info is not None and str(info["/CreationDate"]).startswith("D:20170714024000")
    opf = etree.fromstring(zipfile.ZipFile(io.BytesIO(convert.render(article, "epub"))).read("EPUB/content.opf"))
    modified = opf.xpath("//*[@property='dcterms:modified']/text()")
    assert modified == ["2017-07-14T02:40:00Z"]


def test_the_article_date_wins_over_source_date_epoch(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(EPOCH))
    article = convert.read_text("---\ntitle: T\ndate: 2017-11-23\n---\nText\n")
    created = docx.Document(io.BytesIO(convert.render(article, "docx"))).core_properties.created
    assert created is not None and created.isoformat().startswith("2017-11-23")
