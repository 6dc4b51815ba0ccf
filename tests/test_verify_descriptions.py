"""A figure whose picture is not loaded: its description is shown above the caption unless the caption already
says it, and --verify expects exactly what the writers show (one rule: convert.text.shown_description).
Corpus 02 failed --verify in every format when the two rules differed."""

from __future__ import annotations

import pytest

import convert
from convert.text import shown_description

REMOTE = "https://example.org/flag.png"


@pytest.mark.parametrize(("alt", "caption", "shown"), [
    ("A flag", "Citizenship test centre", "A flag"),
    ("A flag.", "A flag\nCitizenship test centre", None),  # the caption says it: not twice
    ("  ", "Anything", None),
    ("The FLAG, in Ottawa", "the flag in ottawa — and more", None),
])
def test_the_rule(alt: str, caption: str, shown: str | None) -> None:
    assert shown_description(alt, caption) == shown


@pytest.mark.parametrize("fmt", ["docx", "epub", "html", "pdf"])
def test_a_remote_figure_with_a_caption_block_verifies_in_every_format(fmt: str) -> None:
    source = (f"# T\n\n![A Canadian flag with a sign showing where Citizenship Ceremonies take place.]({REMOTE})\n\n"
              '<p class="translation-caption">Citizenship test centre in Ottawa, Ontario</p>\n\n'
              f"![Another picture entirely.]({REMOTE})\n\nText after.\n")
    article = convert.read_text(source)
    report = convert.verify(convert.render(article, fmt), article, fmt, source_text=source)
    assert report.ok, [(f.check, f.expected, f.found) for f in report.failures]
