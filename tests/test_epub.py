"""EPUB read back as zip + XML; the HTML writer shares the markup (EPUBCheck and Ace: test_epub_validators.py)."""

from __future__ import annotations

import io
import zipfile

import pytest
from lxml import etree, html

import convert

from .conftest import WriteArticle

NS = {"x": "http://www.w3.org/1999/xhtml", "opf": "http://www.idpf.org/2007/opf",
      "dc": "http://purl.org/dc/elements/1.1/", "epub": "http://www.idpf.org/2007/ops"}


def part(data: bytes, name: str) -> etree._Element:
    return etree.fromstring(zipfile.ZipFile(io.BytesIO(data)).read(name))


def text(element: etree._Element) -> str:
    return "".join(element.itertext()).strip()


@pytest.fixture(scope="module")
def seed_epub(seed_article: convert.Article) -> bytes:
    return convert.render(seed_article, "epub")


def test_content_document_parts(seed_epub: bytes) -> None:
    doc = part(seed_epub, "EPUB/article.xhtml")
    assert [text(h) for h in doc.iterfind(".//x:h1", NS)] == [
        "NATO Chief, Azerbaijani President Discuss Nagorno-Karabakh Conflict"]
    figcaption = doc.find(".//x:figure/x:figcaption", NS)
    assert figcaption is not None and text(figcaption).startswith("Azerbaijani President Ilham Aliyev (left)")
    img = doc.find(".//x:figure/x:img", NS)
    assert img is not None and img.get("alt", "").startswith("Azerbaijani President") and img.get("src") == "images/figure-1.jpg"
    assert [text(h) for h in doc.iterfind(".//x:h2", NS)] == ["\u2018Renewed Dialogue\u2019"]
    credits = doc.xpath(".//*[contains(concat(' ', @class, ' '), ' credit ')]")
    assert [text(c) for c in credits] == ["With reporting by RFE/RL\u2019s Azerbaijani and Armenian services"]
    article = doc.find(".//x:article", NS)
    assert article is not None and article[-1] is credits[0]  # the credit line ends the article
    assert doc.get("{http://www.w3.org/XML/1998/namespace}lang") == "en"


def test_package_metadata_nav_and_cover(seed_epub: bytes, seed_article: convert.Article) -> None:
    opf = part(seed_epub, "EPUB/content.opf")
    meta = opf.find("opf:metadata", NS)
    assert meta is not None

    def dc(name: str) -> list[str]:
        return [e.text or "" for e in meta.iterfind(f"dc:{name}", NS)]

    assert dc("title") == [seed_article.meta.title] and dc("language") == ["en"]
    assert dc("publisher") == ["RFE/RL"] and dc("date") == ["2017-11-23"]
    assert dc("creator") == []  # no author: the publisher is dc:publisher, not a creator
    assert dc("identifier")[0].startswith("urn:uuid:")
    props = {e.get("property"): e.text for e in meta.iterfind("opf:meta", NS) if e.get("property")}
    assert props["dcterms:modified"] == "2017-11-23T00:00:00Z"
    for name in ("accessMode", "accessModeSufficient", "accessibilityFeature", "accessibilityHazard",
                 "accessibilitySummary"):
        assert f"schema:{name}" in props
    items = {i.get("href"): i for i in opf.iterfind("opf:manifest/opf:item", NS)}
    assert items["images/figure-1.jpg"].get("media-type") == "image/jpeg"
    assert items["images/cover.jpg"].get("properties") == "cover-image"  # generated: see test_epub_cover.py
    nav = part(seed_epub, "EPUB/nav.xhtml")
    toc = nav.find(".//x:nav[@epub:type='toc']", NS)
    assert [text(a) for a in toc.iterfind(".//x:a", NS)] == [seed_article.meta.title, "\u2018Renewed Dialogue\u2019"]
    assert "toc.ncx" in {i.get("href") for i in opf.iterfind("opf:manifest/opf:item", NS)}


def test_reproducible_zip(seed_article: convert.Article, seed_epub: bytes) -> None:
    assert convert.render(seed_article, "epub") == seed_epub
    package = zipfile.ZipFile(io.BytesIO(seed_epub))
    first = package.infolist()[0]
    assert (first.filename, first.compress_type) == ("mimetype", zipfile.ZIP_STORED)
    assert package.getinfo("EPUB/images/figure-1.jpg").compress_type == zipfile.ZIP_STORED
    assert all(i.date_time == (1980, 1, 1, 0, 0, 0) for i in package.infolist())


def test_no_cover_and_given_identifier(write_article: WriteArticle) -> None:
    article = convert.read(write_article("---\ntitle: T\nidentifier: urn:isbn:9780000000001\n---\n![c](photo.jpg)\n"))
    data = convert.render(article, "epub", cover=False)
    opf = part(data, "EPUB/content.opf")
    assert opf.find(".//opf:item[@properties='cover-image']", NS) is None
    assert [e.text for e in opf.iterfind(".//dc:identifier", NS)] == ["urn:isbn:9780000000001"]


HOSTILE = (
    "# <script>alert(1)</script> AT&T\n\n<script>alert(2)</script>\n\n"
    '<img src="https://example.org/x.png" onerror="alert(3)">\n\nText [x](javascript:alert(4)) <b onclick="alert(5)">b</b>\n'
)


@pytest.mark.parametrize("fmt", ["epub", "html"])
def test_nothing_live_in_the_output(fmt: str) -> None:
    data = convert.render(convert.read_text(HOSTILE), fmt)
    if fmt == "epub":
        data = zipfile.ZipFile(io.BytesIO(data)).read("EPUB/article.xhtml")
    tree = html.fromstring(data)
    assert tree.xpath("//script") == [] and tree.xpath("//img") == [] and tree.xpath("//b") == []
    assert not [a for el in tree.iter() for a in el.attrib if a.startswith("on")]
    assert b"javascript:" not in data.replace(b"[x](javascript:alert(4))", b"")
    assert "alert(2)" not in tree.text_content()  # the reader drops scripts (with a warning); never live


def test_html_is_standalone_and_shares_markup(seed_article: convert.Article, seed_epub: bytes) -> None:
    page = convert.render(seed_article, "html")
    tree = html.fromstring(page)
    assert tree.get("lang") == "en" and tree.find(".//style") is not None
    img = tree.find(".//figure/img")
    assert img is not None and img.get("src", "").startswith("data:image/jpeg;base64,")
    epub_doc = zipfile.ZipFile(io.BytesIO(seed_epub)).read("EPUB/article.xhtml").decode()
    article_html = page.decode()
    start = article_html.index("<article>")
    same = article_html[start:article_html.index("</article>")].split('<img src="')[0]
    assert same in epub_doc
