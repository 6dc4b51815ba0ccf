"""Figures: lone images, caption and credit lines under them, caption blocks, inline and remote images."""

from __future__ import annotations

import logging

import pytest

import convert
from convert.model import Attr, Div, Emph, Figure, InlineImage, LineBreak, Paragraph, Text, plain_text

from .conftest import WriteArticle


def _blocks(write_article: WriteArticle, body: str) -> tuple[object, ...]:
    return convert.read(write_article("# T\n\n" + body)).blocks


@pytest.mark.parametrize("layout", ["![]({0})\n*Temperatures in May*\n", "![]({0})\n\n*Temperatures in May*\n"])
def test_an_italic_line_under_an_image_without_description_is_its_caption(write_article: WriteArticle, layout: str) -> None:
    (figure,) = _blocks(write_article, layout.format("photo.jpg"))
    assert isinstance(figure, Figure) and figure.image is not None
    assert figure.caption == (Text("Temperatures in May"),) and figure.alt == "Temperatures in May"


@pytest.mark.parametrize(
    ("line", "credit"),
    [
        ("*Source: city weather office*", "Source: city weather office"),
        ("Photo: Jane Doe/AFP", "Photo: Jane Doe/AFP"),
        ("_Photo by Jane Doe_", "Photo by Jane Doe"),
        ("Credit: Agency", "Credit: Agency"),
        ("\u00a9 2024 Agency", "\u00a9 2024 Agency"),
    ],
)
@pytest.mark.parametrize("separator", ["\n", "\n\n"])
def test_a_credit_line_under_an_image_is_its_photo_credit(
    write_article: WriteArticle, line: str, credit: str, separator: str
) -> None:
    (figure,) = _blocks(write_article, f"![City skyline](photo.jpg){separator}{line}\n")
    assert isinstance(figure, Figure)
    assert (plain_text(figure.caption), figure.credit) == ("City skyline", credit)


def test_caption_and_credit_lines_together(write_article: WriteArticle) -> None:
    (figure,) = _blocks(write_article, "![](photo.jpg)\n*Rain over the port*\nPhoto: AP\n")
    assert isinstance(figure, Figure)
    assert (plain_text(figure.caption), figure.credit) == ("Rain over the port", "Photo: AP")


def test_an_italic_line_under_a_described_image_stays_a_paragraph(write_article: WriteArticle) -> None:
    figure, paragraph = _blocks(write_article, "![The port](photo.jpg)\n*Seen from the hill*\n")
    assert isinstance(figure, Figure) and plain_text(figure.caption) == "The port"
    assert isinstance(paragraph, Paragraph) and paragraph.inlines == (Emph((Text("Seen from the hill"),)),)


def test_a_credit_attribute_wins_over_a_credit_line(write_article: WriteArticle) -> None:
    figure, paragraph = _blocks(write_article, "![A](photo.jpg){credit='AP'}\n\nPhoto: Reuters\n")
    assert isinstance(figure, Figure) and figure.credit == "AP"
    assert isinstance(paragraph, Paragraph) and plain_text(paragraph.inlines) == "Photo: Reuters"


def test_text_under_an_image_makes_it_an_inline_image(write_article: WriteArticle) -> None:
    (paragraph,) = _blocks(write_article, "![icon](photo.jpg)\nand then the story goes on.\n")
    assert isinstance(paragraph, Paragraph)
    image = paragraph.inlines[0]
    assert isinstance(image, InlineImage) and image.image is not None and image.alt == "icon"


def test_an_image_inside_text_is_an_inline_image(write_article: WriteArticle) -> None:
    (paragraph,) = _blocks(write_article, "See ![the logo](photo.jpg){#logo .small} here.\n")
    assert isinstance(paragraph, Paragraph)
    image = paragraph.inlines[1]
    assert isinstance(image, InlineImage) and image.src == "photo.jpg" and image.attr == Attr("logo", ("small",))
    assert plain_text(paragraph.inlines) == "See the logo here."


def test_remote_images_are_not_loaded(write_article: WriteArticle, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="convert"):
        figure, paragraph = _blocks(write_article, "![Map](https://example.org/m.png)\n\nA ![dot](https://example.org/d.png) b\n")
    assert isinstance(figure, Figure) and figure.image is None and figure.src == "https://example.org/m.png"
    assert isinstance(paragraph, Paragraph)
    assert paragraph.inlines[1] == InlineImage(None, "https://example.org/d.png", "dot")


def test_figure_attributes_with_quotes_braces_and_escapes(write_article: WriteArticle) -> None:
    (figure,) = _blocks(write_article, '![Cap](photo.jpg){#f1 .wide alt="a} \\"b\\"" credit=\'AP\' width=50%}\n')
    assert isinstance(figure, Figure) and figure.image is not None
    assert (figure.alt, figure.credit) == ('a} "b"', "AP")
    assert figure.attr == Attr("f1", ("wide",), (("width", "50%"),))


def test_a_credit_gets_smart_typography(write_article: WriteArticle) -> None:
    (figure,) = _blocks(write_article, "![A](photo.jpg){credit=\"Photo: 'AFP' -- J. O'Neil\"}\n")
    assert isinstance(figure, Figure) and figure.credit == "Photo: \u2018AFP\u2019 \u2013 J. O\u2019Neil"


def test_a_caption_block_after_a_described_figure_joins_its_caption(write_article: WriteArticle) -> None:
    # pandoc shows both: the description as the figure's caption, then the raw caption
    body = "![A long description for screen readers](photo.jpg)\n\n::: caption\nThe *short* caption\n:::\n"
    (figure,) = _blocks(write_article, body)
    assert isinstance(figure, Figure)
    assert figure.caption == (Text("A long description for screen readers"), LineBreak(), Text("The "),
                              Emph((Text("short"),)), Text(" caption"))
    assert figure.alt == "A long description for screen readers"


@pytest.mark.parametrize("description", ["", "Citizenship   test centre"])
def test_a_caption_block_after_an_empty_or_equal_description_is_the_caption(
    write_article: WriteArticle, description: str
) -> None:
    body = f'![{description}](photo.jpg)\n\n<p class="translation-caption">Citizenship test centre</p>\n'
    (figure,) = _blocks(write_article, body)
    assert isinstance(figure, Figure) and figure.caption == (Text("Citizenship test centre"),)
    assert figure.alt == (description or "Citizenship test centre")


def test_an_explicit_alt_survives_the_caption_block(write_article: WriteArticle) -> None:
    body = '![Shown](photo.jpg){alt="For screen readers"}\n\n<figcaption>\n  Also shown\n</figcaption>\n'
    (figure,) = _blocks(write_article, body)
    assert isinstance(figure, Figure) and figure.alt == "For screen readers"
    assert figure.caption == (Text("Shown"), LineBreak(), Text("Also shown"))


def test_the_credit_of_a_caption_block_becomes_the_figure_credit(write_article: WriteArticle) -> None:
    body = ('![Bus](photo.jpg)\n\n<p class="wp-caption-text">The 7 bus <small class="photo-credit">Photo: Ann</small>'
            '</p>\n\n![Tram](photo.jpg){credit="Photo: Bob"}\n\n'
            '<p class="caption">The tram <span class="credit">Photo: Cy</span></p>\n')
    bus, tram = _blocks(write_article, body)
    assert isinstance(bus, Figure) and bus.credit == "Photo: Ann"
    assert bus.caption == (Text("Bus"), LineBreak(), Text("The 7 bus"))
    # the figure has its own credit: the block's stays visible in the caption, nothing is lost
    assert isinstance(tram, Figure) and tram.credit == "Photo: Bob"
    assert plain_text(tram.caption) == "Tram The tram Photo: Cy"


def test_a_caption_block_elsewhere_stays_a_div() -> None:
    blocks = convert.read_text("# T\n\nText\n\n::: caption\nNot after a figure\n:::\n").blocks
    assert isinstance(blocks[1], Div)


def test_a_figure_with_nothing_to_show_warns(write_article: WriteArticle, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="convert"):
        _blocks(write_article, "![](photo.jpg)\n\n![](photo.jpg)\n*Has a caption*\n")
    warned = [getattr(r, "where", "") for r in caplog.records if "no caption and no alt" in r.getMessage()]
    assert len(warned) == 1 and warned[0].endswith("story.md:3")
