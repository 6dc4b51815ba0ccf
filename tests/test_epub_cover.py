"""The generated EPUB cover: the headline over a band below the first picture, reproducible, and no title page."""

from __future__ import annotations

import io
import zipfile

from lxml import etree
from PIL import Image as PILImage

import convert
from convert.model import Article, Figure, Meta, Paragraph, Text
from convert.writers.xhtml import cover

from .test_html_nodes import picture

OPF = {"opf": "http://www.idpf.org/2007/opf"}


def cover_of(data: bytes) -> tuple[etree._Element, PILImage.Image | None]:
    package = zipfile.ZipFile(io.BytesIO(data))
    opf = etree.fromstring(package.read("EPUB/content.opf"))
    item = opf.find(".//opf:item[@properties='cover-image']", OPF)
    if item is None:
        return opf, None
    return opf, PILImage.open(io.BytesIO(package.read("EPUB/" + item.get("href", "")))).convert("RGB")


def white_columns(image: PILImage.Image, top: int) -> list[int]:
    """Columns holding near-white pixels (the headline) below ``top``."""
    band = image.crop((0, top, image.width, image.height)).convert("L").point(lambda v: 255 if v > 200 else 0)
    box = band.getbbox()
    return [] if box is None else [box[0], box[2]]


def test_seed_cover_carries_photo_and_headline(seed_article: convert.Article) -> None:
    opf, image = cover_of(convert.render(seed_article, "epub"))
    assert image is not None and image.size == (cover.WIDTH, cover.HEIGHT)
    red, green, blue = image.getpixel((cover.WIDTH // 2, int(cover.HEIGHT * 0.3)))  # the stand-in photo's blue sky
    assert blue > red + 40 and blue > green
    left, right = white_columns(image, int(cover.HEIGHT * 0.55) + 10)
    assert left <= 80 and right > cover.WIDTH // 2  # the headline starts at the margin and runs across
    spine = [ref.get("idref") for ref in opf.iterfind(".//opf:spine/opf:itemref", OPF)]
    assert spine == ["article"]  # no cover page, no near-empty title page


def test_cover_is_reproducible_byte_for_byte(seed_article: convert.Article) -> None:
    first = cover.cover_image(seed_article)
    photo = seed_article.images()[0]
    again = cover._draw.__wrapped__(seed_article.document_title, "RFE/RL · November 23, 2017", "en", photo)
    assert first.data == again.data and first.format == "jpeg"


def test_text_only_and_rtl_covers() -> None:
    plain = Article(Meta("A headline without a picture"), (Paragraph((Text("x"),)),), "a.md")
    _, image = cover_of(convert.render(plain, "epub"))
    assert image is not None and white_columns(image, cover.HEIGHT // 3)
    rtl = Article(Meta("عنوان قصير", lang="ar"), (Figure(picture(), (Text("c"),), "a"),), "b.md")
    _, image = cover_of(convert.render(rtl, "epub"))
    assert image is not None
    left, right = white_columns(image, int(cover.HEIGHT * 0.55) + 10)
    assert right >= cover.WIDTH - 80 and left > cover.WIDTH // 3  # set from the right margin


def test_long_title_is_cut_on_the_cover_only() -> None:
    title = "word " * 400
    art = Article(Meta(title.strip()), (Paragraph((Text("x"),)),), "c.md")
    _, image = cover_of(convert.render(art, "epub"))
    assert image is not None
    doc = etree.fromstring(zipfile.ZipFile(io.BytesIO(convert.render(art, "epub"))).read("EPUB/article.xhtml"))
    assert "".join(doc.find(".//{http://www.w3.org/1999/xhtml}h1").itertext()) == title.strip()


def test_no_cover_option(seed_article: convert.Article) -> None:
    opf, image = cover_of(convert.render(seed_article, "epub", cover=False))
    assert image is None and opf.find(".//opf:meta[@name='cover']", OPF) is None
    names = zipfile.ZipFile(io.BytesIO(convert.render(seed_article, "epub", cover=False))).namelist()
    assert not [n for n in names if "cover" in n]


def test_line_breaks_of_every_kind_in_the_date_line_stay_on_one_line() -> None:
    """fuzz xhtml-cover-nel: libraqm failed on U+0085 (NEL) in a date shown as written ('raqm_layout() failed')."""
    meta = Meta("Title", date_text="x\x85<", publisher="Desk\rOne\x1cTwo\u2029Three")
    _, image = cover_of(convert.render(Article(meta, (Paragraph((Text("Body"),)),), "n.md"), "epub"))
    assert image is not None
    footer = image.crop((0, cover.HEIGHT - 100, cover.WIDTH, cover.HEIGHT)).convert("L").point(lambda v: 255 if v > 150 else 0)
    box = footer.getbbox()
    assert box is not None and box[3] - box[1] < 45  # one line of 30 px text, not four
