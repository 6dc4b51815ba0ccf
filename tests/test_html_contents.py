"""``--toc`` in the HTML page and the EPUB chapter: a visible, linked, nested list after the header, read back with
lxml; only when asked, headings to level 3; the EPUB's nav document stays."""

from __future__ import annotations

import io
import zipfile

from lxml import etree, html

import convert
from convert.model import Attr, Paragraph, Subheading, Text

from .test_html_nodes import X, article

NAV_NS = {"x": "http://www.w3.org/1999/xhtml", "epub": "http://www.idpf.org/2007/ops"}


def heading(level: int, text: str, identifier: str = "") -> Subheading:
    return Subheading(level, (Text(text),), attr=Attr(identifier))


def sample(lang: str = "en") -> convert.Article:
    return article(
        heading(3, "Early detail", "early"),  # an h3 before any h2: an item of the top list
        heading(2, "Background", "background"), Paragraph((Text("x"),)),
        heading(3, "Details", "details"), heading(4, "Too deep", "deep"),
        heading(3, "More details"), heading(2, "Results", "results"), title="Votes", lang=lang)


def plain(doc: etree._Element) -> etree._Element:
    for element in doc.iter():
        if isinstance(element.tag, str) and element.tag.startswith(X):
            element.tag = element.tag[len(X):]
    return doc


def docs(art: convert.Article, **options: object) -> list[tuple[str, etree._Element]]:
    with zipfile.ZipFile(io.BytesIO(convert.render(art, "epub", **options))) as book:
        chapter = plain(etree.fromstring(book.read("EPUB/article.xhtml")))
    return [("html", html.fromstring(convert.render(art, "html", **options))), ("epub", chapter)]


def entries(ul: etree._Element) -> list[object]:
    """The list as (text, href, children) per item."""
    found: list[object] = []
    for li in ul.findall("li"):
        link = li.find("a")
        inner = li.find("ul")
        children = entries(inner) if inner is not None else []
        found.append((link.text, link.get("href"), children) if link is not None else children)
    return found


def test_contents_after_the_header_nested_to_level_three() -> None:
    for name, doc in docs(sample(), toc=True):
        navs = doc.findall(".//nav")
        assert len(navs) == 1, name
        nav = navs[0]
        assert nav.get("role") == "doc-toc", name
        assert nav.getprevious().tag == "header", name  # type: ignore[union-attr]
        title = nav.find("h2")
        assert title is not None and title.text == "Contents", name
        assert nav.get("aria-labelledby") == title.get("id"), name
        ul = nav.find("ul")
        assert ul is not None
        assert entries(ul) == [
            ("Early detail", "#early", []),
            ("Background", "#background", [("Details", "#details", []), ("More details", "#section-5", [])]),
            ("Results", "#results", []),
        ], name
        ids = {e.get("id") for e in doc.iter() if e.get("id")}
        assert all(a.get("href")[1:] in ids for a in nav.iter("a")), name  # type: ignore[index]


def test_no_contents_unless_asked() -> None:
    for name, doc in docs(sample()):
        assert doc.findall(".//nav") == [], name


def test_no_contents_without_headings() -> None:
    for name, doc in docs(article(Paragraph((Text("Only text."),))), toc=True):
        assert doc.findall(".//nav") == [], name


def test_contents_title_in_the_article_language() -> None:
    for name, doc in docs(sample("de"), toc=True):
        assert doc.find(".//nav/h2").text == "Inhaltsverzeichnis", name  # type: ignore[union-attr]
    for name, doc in docs(sample("fa"), toc=True):  # no word we can vouch for: the role names it
        nav = doc.find(".//nav")
        assert nav is not None and nav.find("h2") is None and nav.get("aria-labelledby") is None, name


def test_epub_package_nav_stays() -> None:
    with zipfile.ZipFile(io.BytesIO(convert.render(sample(), "epub", toc=True))) as book:
        nav = etree.fromstring(book.read("EPUB/nav.xhtml"))
    toc = nav.find(".//x:nav[@epub:type='toc']", NAV_NS)
    assert toc is not None
    assert [a.text for a in toc.iter(f"{X}a")][:2] == ["Votes", "Early detail"]


def test_toc_from_the_front_matter(tmp_path: object) -> None:
    """pandoc's ``toc: true`` variable reaches the writers when the caller leaves it open."""
    from pathlib import Path

    folder = Path(str(tmp_path))
    source = folder / "a.md"
    source.write_text("---\ntitle: T\ntoc: true\n---\n\n## One\n\nText.\n\n## Two\n\nMore.\n", encoding="utf-8")
    page = html.fromstring(convert.render(convert.read(source), "html"))
    assert [a.text for a in page.findall(".//nav/ul/li/a")] == ["One", "Two"]
