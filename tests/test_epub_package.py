"""The EPUB package document: creators, language, dates, direction and accessibility metadata (issue 16)."""

from __future__ import annotations

import io
import zipfile

import pytest
from lxml import etree

import convert
from convert.model import Article, Figure, InlineImage, Meta, Note, Paragraph, Subheading, Text

from .test_html_nodes import picture

NS = {"opf": "http://www.idpf.org/2007/opf", "dc": "http://purl.org/dc/elements/1.1/",
      "x": "http://www.w3.org/1999/xhtml", "epub": "http://www.idpf.org/2007/ops"}
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def package(art: Article, **options: object) -> etree._Element:
    data = convert.render(art, "epub", **options)
    return etree.fromstring(zipfile.ZipFile(io.BytesIO(data)).read("EPUB/content.opf"))


def props(opf: etree._Element, name: str) -> list[str]:
    return [m.text or "" for m in opf.iterfind("opf:metadata/opf:meta", NS) if m.get("property") == name]


def article(*blocks: object, title: str = "T", **meta: object) -> Article:
    return Article(Meta(title=title, **meta), tuple(blocks) or (Paragraph((Text("Body."),)),), source="s.md")  # type: ignore[arg-type]


def test_one_creator_per_author_with_unique_ids_and_roles() -> None:
    opf = package(article(author=("Ann Writer", "Bob Reporter", "Cé Ørsted"), publisher="RFE/RL"))
    creators = opf.findall("opf:metadata/dc:creator", NS)
    assert [c.text for c in creators] == ["Ann Writer", "Bob Reporter", "Cé Ørsted"]
    ids = [c.get("id") for c in creators]
    assert len(set(ids)) == 3 and all(ids)
    roles = {m.get("refines"): m.text for m in opf.iterfind("opf:metadata/opf:meta", NS) if m.get("property") == "role"}
    assert roles == {f"#{i}": "aut" for i in ids}
    assert [p.text for p in opf.findall("opf:metadata/dc:publisher", NS)] == ["RFE/RL"]


def test_no_author_no_creator() -> None:
    opf = package(article(publisher="RFE/RL"))
    assert opf.findall("opf:metadata/dc:creator", NS) == []


@pytest.mark.parametrize(("lang", "rtl"), [("en", False), ("hy", False), ("ar", True), ("he-IL", True)])
def test_package_language_and_direction(lang: str, rtl: bool) -> None:
    opf = package(article(lang=lang))
    assert opf.get(XML_LANG) == lang and opf.findtext("opf:metadata/dc:language", namespaces=NS) == lang
    assert opf.get("dir") == ("rtl" if rtl else None)
    assert opf.find("opf:spine", NS).get("page-progression-direction") == ("rtl" if rtl else None)


@pytest.mark.parametrize("day", ["0999-05-05", "0001-01-01", "1969-12-31", "2099-02-28"])
def test_dates_of_any_year(day: str) -> None:
    opf = package(article(date=day))
    assert props(opf, "dcterms:modified") == [f"{day}T00:00:00Z"]
    assert opf.findtext("opf:metadata/dc:date", namespaces=NS) == day


def test_title_falls_back_to_the_file_name() -> None:
    opf = package(Article(Meta(title=""), (Paragraph((Text("x"),)),), source="/news/the-story.md"))
    assert opf.findtext("opf:metadata/dc:title", namespaces=NS) == "the-story"


# --- accessibility metadata follows the content ---------------------------------------------

def test_text_only_article_claims_no_visual_mode() -> None:
    opf = package(article())
    assert props(opf, "schema:accessMode") == ["textual"]
    assert props(opf, "schema:accessModeSufficient") == ["textual"]
    features = props(opf, "schema:accessibilityFeature")
    assert "alternativeText" not in features and "longDescription" not in features
    assert {"tableOfContents", "readingOrder", "structuralNavigation", "displayTransformability"} <= set(features)
    assert props(opf, "schema:accessibilityHazard") == ["none"]
    assert "no images" in props(opf, "schema:accessibilitySummary")[0]
    assert props(opf, "dcterms:conformsTo") == ["EPUB Accessibility 1.1 - WCAG 2.2 Level AA"]
    assert props(opf, "a11y:certifiedBy") == ["article-convert"]


@pytest.mark.parametrize(("certified_by", "shown"), [
    ("Jane Auditor, Accessible Books Ltd", "Jane Auditor, Accessible Books Ltd"),
    ("  DAISY\n Consortium ", "DAISY Consortium"),
    ("   ", "article-convert"),
    (None, "article-convert"),
])
def test_certified_by_names_who_vouches(certified_by: str | None, shown: str) -> None:
    """``Meta.certified_by`` (front matter ``certified-by``) replaces the tool's name in a11y:certifiedBy."""
    opf = package(article(certified_by=certified_by))
    assert props(opf, "dcterms:conformsTo") == ["EPUB Accessibility 1.1 - WCAG 2.2 Level AA"]
    assert props(opf, "a11y:certifiedBy") == [shown]


def test_certified_by_from_front_matter() -> None:
    art = convert.read_text("---\ntitle: T\ncertified-by: Jane Auditor\n---\nText.\n")
    assert props(package(art), "a11y:certifiedBy") == ["Jane Auditor"]


def test_certified_by_is_never_claimed_without_conformance() -> None:
    opf = package(article(Subheading(3, (Text("Skips h2"),)), certified_by="Jane Auditor"))
    assert props(opf, "dcterms:conformsTo") == [] and props(opf, "a11y:certifiedBy") == []
    assert "Jane Auditor" not in etree.tostring(opf, encoding="unicode")


def test_images_with_alt_text() -> None:
    opf = package(article(Figure(picture(), (Text("Cap"),), "Alt"),
                          Paragraph((Text("Note"), Note((Paragraph((InlineImage(picture(), "i.png", "icon"),)),))))))
    assert props(opf, "schema:accessMode") == ["textual", "visual"]
    assert props(opf, "schema:accessModeSufficient") == ["textual,visual", "textual"]
    assert "alternativeText" in props(opf, "schema:accessibilityFeature")
    assert props(opf, "dcterms:conformsTo")


def test_an_image_without_alt_text_withdraws_the_claims() -> None:
    opf = package(article(Figure(picture(), (Text("Cap"),), "Alt"), Figure(picture(30, 20), (), "")))
    assert props(opf, "schema:accessModeSufficient") == ["textual,visual"]
    assert "alternativeText" not in props(opf, "schema:accessibilityFeature")
    assert "1 of 2 images" in props(opf, "schema:accessibilitySummary")[0]
    assert props(opf, "dcterms:conformsTo") == [] and props(opf, "a11y:certifiedBy") == []


def test_gif_hazard_unknown() -> None:
    gif = picture()
    gif = type(gif)("a.gif", gif.data, "gif", 120, 80)  # a GIF may be animated: flashing cannot be ruled out
    assert props(package(article(Figure(gif, (Text("c"),), "a"))), "schema:accessibilityHazard") == ["unknown"]


@pytest.mark.parametrize("blocks", [
    (Subheading(3, (Text("Skips h2"),)),),
    (Subheading(2, (Text(" "),)),),
])
def test_no_conformance_claim_when_headings_would_fail(blocks: tuple[object, ...]) -> None:
    assert props(package(article(*blocks)), "dcterms:conformsTo") == []


def test_no_conformance_claim_for_an_invalid_language() -> None:
    assert props(package(article(lang="english")), "dcterms:conformsTo") == []


def test_bodymatter_landmark() -> None:
    data = convert.render(article(), "epub")
    package_zip = zipfile.ZipFile(io.BytesIO(data))
    doc = etree.fromstring(package_zip.read("EPUB/article.xhtml"))
    assert doc.find("x:body", NS).get("{http://www.idpf.org/2007/ops}type") == "bodymatter"
    assert doc.find("x:body/x:main", NS) is not None
    nav = etree.fromstring(package_zip.read("EPUB/nav.xhtml"))
    marks = nav.xpath("//x:nav[@epub:type='landmarks']//x:a", namespaces=NS)
    assert [(a.get("{http://www.idpf.org/2007/ops}type"), a.get("href")) for a in marks] == [("bodymatter", "article.xhtml")]
