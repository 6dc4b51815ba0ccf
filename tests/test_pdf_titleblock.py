"""The PDF's title block: its lines come from ``writers/_meta.py`` as in every format (read back with poppler)."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest
from pypdf import PdfReader

import convert
from convert.model import Article, Meta, Paragraph, Text

from .test_pdf_tagging import pdftotext_pages

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils is not installed")


def lines(article: Article, tmp_path: Path) -> list[str]:
    page = pdftotext_pages(convert.render(article, "pdf"), tmp_path)[0]
    return [line.strip() for line in page.splitlines() if line.strip()]


@pytest.mark.parametrize(("lang", "shown"), [("en", "NATO, Azerbaijan, New York"), ("ar", "NATO، Azerbaijan، New York")])
def test_keywords_are_joined_as_the_language_lists_them(lang: str, shown: str, tmp_path: Path) -> None:
    meta = Meta(title="Title", lang=lang, keywords=("NATO", " Azerbaijan", "", "New  York"))
    assert lines(Article(meta, (Paragraph((Text("Body."),)),)), tmp_path)[:3] == ["Title", shown, "Body."]


def test_a_description_that_only_repeats_the_start_is_not_shown_but_stays_in_the_metadata(tmp_path: Path) -> None:
    """Hugo's automatic summary (corpus 01): the first words of the article again, cut off."""
    summary = "The halls are decked out. In October, the White House announced the"
    blocks = (Paragraph((Text("The halls are decked out."),)),
              Paragraph((Text("In October, the White House announced the challenge."),)))
    art = Article(Meta(title="Title", description=summary), blocks)
    assert lines(art, tmp_path)[:2] == ["Title", "The halls are decked out."]
    xmp = PdfReader(io.BytesIO(convert.render(art, "pdf"))).xmp_metadata
    assert xmp is not None and summary in str(xmp.dc_description)
