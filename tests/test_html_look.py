"""What every format shows alike, in the HTML page and the EPUB: a caption that repeats the alt text, the photo
credit and block quotes in the stylesheet, bylines in other languages (read back with lxml and the CSS text)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import convert
from convert.model import Figure, Meta, Paragraph, Text
from convert.text import says
from convert.writers import _common
from convert.writers._meta import byline
from convert.writers.xhtml import stylesheet

from .test_html_nodes import article, both, picture

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"
REMOTE = "https://example.org/flag.png"


@pytest.mark.parametrize(("alt", "caption", "shown"), [
    ("A flag", "A flag", None),
    ("A Canadian flag.", "A canadian flag — Citizenship test centre", None),  # the caption begins with it
    ("A  flag, waving", "Photo: a flag waving over Ottawa", None),  # inside it, punctuation and case aside
    ("A flag", "Flags of the world", "A flag"),  # "flag" is not "flags": whole words only
    ("Two men", "", "Two men"),
    ("", "Caption", None),
])
def test_figure_description_unless_the_caption_says_it(alt: str, caption: str, shown: str | None) -> None:
    figure = Figure(None, (Text(caption),) if caption else (), alt, src=REMOTE)
    assert _common.figure_description(figure) == shown


def test_remote_figure_shows_its_description_once() -> None:
    alt = "A Canadian flag with a sign."
    art = article(Figure(None, (Text("A Canadian flag with a sign"), Text(" — Citizenship test centre")), alt,
                         src=REMOTE))
    for name, doc in both(art):
        text = " ".join("".join(doc.find(".//figure").itertext()).split())  # type: ignore[union-attr]
        assert text.count("A Canadian flag with a sign") == 1, name
        assert doc.find(".//p[@class='image-description']") is None, name


@pytest.mark.skipif(not (CORPUS / "02-cds-citizenship").is_dir(), reason="corpus not beside the checkout")
def test_corpus_02_descriptions_not_repeated() -> None:
    art = convert.read(CORPUS / "02-cds-citizenship" / "article.md")
    for name, doc in both(art):
        for figure in doc.iter("figure"):
            description = figure.find("p[@class='image-description']")
            caption = figure.find("figcaption")
            if description is not None and caption is not None:
                assert not says("".join(caption.itertext()), description.text or ""), name


def test_caption_equal_to_alt_but_for_case_and_punctuation_is_read_once() -> None:
    art = article(Figure(picture(), (Text("Two men at lecterns."),), "two men at lecterns"))
    for name, doc in both(art):
        hidden = doc.find(".//figcaption/span[@aria-hidden='true']")
        assert hidden is not None and hidden.text == "Two men at lecterns.", name
    different = article(Figure(picture(), (Text("Leaders meet"),), "Two men at lecterns"))
    for name, doc in both(different):
        assert doc.find(".//figcaption/span[@aria-hidden]") is None, name


def _rule(selector: str) -> str:
    css = re.sub(r"/\*.*?\*/", "", stylesheet(), flags=re.S)
    found = re.search(r"(?:^|\})\s*" + re.escape(selector) + r"\s*\{([^}]*)\}", css)
    assert found, selector
    return found.group(1)


def _luminance(hex_colour: str) -> float:
    value = hex_colour.lstrip("#")
    if len(value) == 3:
        value = "".join(c * 2 for c in value)
    channels = [int(value[i:i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def test_photo_credit_in_normal_case_smaller_and_grey() -> None:
    credit = _rule(".photo-credit")
    assert "text-transform" not in credit and "letter-spacing" not in credit
    size = re.search(r"font-size:\s*([\d.]+)em", credit)
    assert size is not None and float(size.group(1)) < 1  # of the caption's size: smaller
    colour = re.search(r"color:\s*(#[0-9a-fA-F]{3,6})", credit)
    assert colour is not None
    assert (1.05) / (_luminance(colour.group(1)) + 0.05) >= 4.5  # on white (WCAG 2.2, 1.4.3)


def test_block_quote_upright_with_a_rule_on_the_start_side() -> None:
    quote = _rule("blockquote")
    assert "italic" not in quote
    assert "border-inline-start" in quote and "border-inline-end: 0" in quote
    assert "margin-inline" in quote


def test_photo_credit_as_written_in_the_page() -> None:
    art = article(Figure(picture(), (Text("Leaders meet"),), "Two men", credit="Photo: AFP/Jane Doe"))
    for name, doc in both(art):
        assert doc.find(".//small[@class='photo-credit']").text == "Photo: AFP/Jane Doe", name  # type: ignore[union-attr]


@pytest.mark.parametrize(("lang", "shown"), [
    ("en", "By Ann and Bob"), ("de", "Von Ann und Bob"), ("fr", "Par Ann et Bob"), ("es", "Por Ann y Bob"),
    ("ru", "Ann и Bob"), ("uk", "Ann і Bob"), ("az", "Ann və Bob"), ("hy", "Ann և Bob"), ("fa", "Ann و Bob"),
    ("ar", "Ann وBob"), ("ps", "Ann او Bob"),
])
def test_byline_in_the_newsrooms_languages(lang: str, shown: str) -> None:
    assert byline(Meta(title="T", author=("Ann", "Bob"), lang=lang)) == shown


def test_byline_in_the_page_and_the_book() -> None:
    art = article(Paragraph((Text("Text."),)), author=("Ann", "Bob"), lang="de")
    for name, doc in both(art):
        assert doc.find(".//p[@class='byline']").text == "Von Ann und Bob", name  # type: ignore[union-attr]
