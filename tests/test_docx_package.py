"""The DOCX package is what Word itself writes: every part present and referenced, styles whose chains resolve.

Read with zipfile + lxml and python-docx, and checked by ``openxml-audit`` (an
OOXML validator from PyPI) where it is installed.
"""

from __future__ import annotations

import io
import logging
import posixpath
import zipfile
from pathlib import Path

import docx
import pytest
from lxml import etree

import convert
from convert.model import Article, Meta, Paragraph, Text

from .test_docx_nodes import news_article

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W = f"{{{W_NS}}}"
A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
CT = "{http://schemas.openxmlformats.org/package/2006/content-types}"
RT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"


@pytest.fixture(scope="module")
def seed_docx(seed_article: convert.Article) -> bytes:
    return convert.render(seed_article, "docx")


@pytest.fixture(scope="module")
def news_docx() -> bytes:
    return convert.render(news_article(), "docx")


def read(data: bytes, name: str) -> etree._Element:
    return etree.fromstring(zipfile.ZipFile(io.BytesIO(data)).read(name))


def relationships(data: bytes, rels: str) -> dict[str, str]:
    """Relationship type (last segment) → the package member it points at."""
    base = posixpath.dirname(posixpath.dirname(rels))
    found = {}
    for rel in read(data, rels).iter(f"{REL}Relationship"):
        if rel.get("TargetMode") != "External":
            found[rel.get("Type").rsplit("/", 1)[-1]] = posixpath.normpath(posixpath.join(base, rel.get("Target")))
    return found


@pytest.mark.parametrize("which", ["seed", "news"])
def test_every_part_exists_and_is_referenced(which: str, seed_docx: bytes, news_docx: bytes) -> None:
    data = seed_docx if which == "seed" else news_docx
    names = set(zipfile.ZipFile(io.BytesIO(data)).namelist())
    package = relationships(data, "_rels/.rels")
    assert package["officeDocument"] == "word/document.xml"
    assert package["core-properties"] == "docProps/core.xml" and package["extended-properties"] == "docProps/app.xml"
    document = relationships(data, "word/_rels/document.xml.rels")
    for kind, member in (("styles", "word/styles.xml"), ("numbering", "word/numbering.xml"),
                         ("settings", "word/settings.xml"), ("theme", "word/theme/theme1.xml"),
                         ("fontTable", "word/fontTable.xml"), ("webSettings", "word/webSettings.xml"),
                         ("header", "word/header1.xml"), ("footer", "word/footer1.xml")):
        assert document.get(kind) == member and member in names, kind
    if which == "news":
        assert document["footnotes"] == "word/footnotes.xml" and "word/footnotes.xml" in names
    overrides = {o.get("PartName") for o in read(data, "[Content_Types].xml").iter(f"{CT}Override")}
    defaults = {d.get("Extension") for d in read(data, "[Content_Types].xml").iter(f"{CT}Default")}
    for member in names - {"[Content_Types].xml"}:
        assert "/" + member in overrides or member.rsplit(".", 1)[-1] in defaults, member
    assert read(data, "word/styles.xml").find(f"{W}latentStyles") is not None


def test_every_style_reference_resolves_and_every_style_has_a_priority(news_docx: bytes) -> None:
    styles = list(read(news_docx, "word/styles.xml").iter(f"{W}style"))
    ids = {s.get(f"{W}styleId"): s for s in styles}
    for style in styles:
        for ref in style.iterchildren(f"{W}basedOn", f"{W}next", f"{W}link"):
            assert ref.get(f"{W}val") in ids, (style.get(f"{W}styleId"), ref.tag)
        assert style.find(f"{W}uiPriority") is not None, style.get(f"{W}styleId")
        link = style.find(f"{W}link")
        if link is not None:  # linked both ways, paragraph to character, as Word makes them
            partner = ids[link.get(f"{W}val")]
            assert partner.find(f"{W}link").get(f"{W}val") == style.get(f"{W}styleId")
            assert {partner.get(f"{W}type"), style.get(f"{W}type")} == {"paragraph", "character"}
    gallery = {s.get(f"{W}styleId") for s in styles if s.find(f"{W}qFormat") is not None}
    assert {"Title", "Heading2", "Caption", "PhotoCredit", "Credit", "Byline", "TableCaption"} <= gallery
    assert not {"Header", "Footer", "FootnoteText", "Heading2Char"} & gallery
    priorities = {i: int(s.find(f"{W}uiPriority").get(f"{W}val")) for i, s in ids.items()}
    assert max(priorities[i] for i in ("Caption", "PhotoCredit", "Credit", "Byline")) < priorities["Header"]
    assert ids["Heading2"].find(f"{W}link").get(f"{W}val") == "Heading2Char"
    for kind in ("paragraph", "character", "table", "numbering"):
        assert sum(1 for s in styles if s.get(f"{W}type") == kind and s.get(f"{W}default") == "1") == 1


def test_settings_theme_and_fonts(seed_docx: bytes) -> None:
    settings = read(seed_docx, "word/settings.xml")
    modes = [c.get(f"{W}val") for c in settings.iter(f"{W}compatSetting") if c.get(f"{W}name") == "compatibilityMode"]
    assert modes == ["15"]
    theme = read(seed_docx, "word/theme/theme1.xml")
    assert theme.find(f".//{A}majorFont/{A}latin").get("typeface") == "Arial"
    assert theme.find(f".//{A}minorFont/{A}latin").get("typeface") == "Georgia"
    fonts = {f.get(f"{W}name") for f in read(seed_docx, "word/fontTable.xml").iter(f"{W}font")}
    assert {"Georgia", "Arial", "Courier New"} <= fonts
    defaults = read(seed_docx, "word/styles.xml").find(f"{W}docDefaults/{W}rPrDefault/{W}rPr/{W}rFonts")
    assert defaults.get(f"{W}asciiTheme") == "minorHAnsi"


def test_theme_fonts_follow_font_family(seed_article: convert.Article) -> None:
    data = convert.render(seed_article, "docx", font_family="Noto Serif, Noto Sans")
    theme = read(data, "word/theme/theme1.xml")
    assert theme.find(f".//{A}minorFont/{A}latin").get("typeface") == "Noto Serif"
    assert theme.find(f".//{A}majorFont/{A}latin").get("typeface") == "Noto Sans"
    assert {"Noto Serif", "Noto Sans"} <= {f.get(f"{W}name") for f in read(data, "word/fontTable.xml").iter(f"{W}font")}


def test_running_head_and_page_number(seed_docx: bytes) -> None:
    document = docx.Document(io.BytesIO(seed_docx))
    section = document.sections[0]
    assert section.different_first_page_header_footer  # page 1 shows the title itself
    header = section.header.paragraphs[0]
    assert header.style is not None and header.style.name == "Header"
    assert header.text == "NATO Chief, Azerbaijani President Discuss Nagorno-Karabakh Conflict"
    for footer in (section.footer, section.first_page_footer):
        paragraph = footer.paragraphs[0]
        assert paragraph.style is not None and paragraph.style.name == "Footer"
        assert "PAGE" in "".join(t.text or "" for t in paragraph._p.iter(f"{W}instrText"))


def test_small_and_reproducible(seed_article: convert.Article, seed_docx: bytes) -> None:
    package = zipfile.ZipFile(io.BytesIO(seed_docx))
    without_photo = sum(i.compress_size for i in package.infolist() if not i.filename.startswith("word/media/"))
    assert without_photo < 40_000
    assert package.getinfo("word/styles.xml").compress_size < 5_000  # the template stays a few KB
    assert convert.render(seed_article, "docx") == seed_docx
    assert package.namelist()[0] == "[Content_Types].xml"
    assert all(info.date_time == (1980, 1, 1, 0, 0, 0) for info in package.infolist())


def test_core_properties_within_words_limits(caplog: pytest.LogCaptureFixture) -> None:
    long_title = " ".join(["Headline"] * 60)  # 539 characters
    meta = Meta(title=long_title, subtitle="s" * 300, author=tuple(f"Author Number {i}" for i in range(40)),
                keywords=tuple(f"keyword{i}" for i in range(60)), date="0001-01-01")
    article = Article(meta, (Paragraph((Text("Body."),)),), source="long.md")
    with caplog.at_level(logging.WARNING, logger="convert"):
        data = convert.render(article, "docx")
    props = docx.Document(io.BytesIO(data)).core_properties
    for value in (props.title, props.subject, props.author, props.keywords):
        assert len(value) <= 255 and value.endswith("\u2026")
    assert props.title.startswith("Headline Headline") and not props.title[:-1].endswith(" ")
    assert docx.Document(io.BytesIO(data)).paragraphs[0].text == long_title  # the full title stays in the document
    core = read(data, "docProps/core.xml")
    created = core.find("{http://purl.org/dc/terms/}created").text
    assert created == "0001-01-01T00:00:00Z" and props.created is not None and props.created.year == 1
    assert any("long.md" in r.getMessage() and "255" in r.getMessage() for r in caplog.records)


def test_no_title_means_no_title_paragraph() -> None:
    article = Article(Meta(title=""), (Paragraph((Text("Just text."),)),), source="/x/untitled-story.md")
    data = convert.render(article, "docx")
    document = docx.Document(io.BytesIO(data))
    assert [p.style.name for p in document.paragraphs if p.style is not None] == ["Body Text"]
    assert document.core_properties.title == "untitled-story"
    assert "word/header1.xml" not in zipfile.ZipFile(io.BytesIO(data)).namelist()  # no invented running head


def audit(path: Path) -> list[str]:
    openxml_audit = pytest.importorskip("openxml_audit")
    result = openxml_audit.OpenXmlValidator().validate(str(path))
    return [f"{e.part_uri}: {e.description}" for e in result.errors
            if str(getattr(e.severity, "value", e.severity)) == "error"]


@pytest.mark.slow  # openxml-audit loads its schemas on first use (about 3 s)
@pytest.mark.parametrize("which", ["seed", "news"])
def test_openxml_audit_finds_no_errors(which: str, seed_docx: bytes, news_docx: bytes, tmp_path: Path) -> None:
    path = tmp_path / f"{which}.docx"
    path.write_bytes(seed_docx if which == "seed" else news_docx)
    assert audit(path) == []


def test_page_furniture_can_be_left_out(seed_article: convert.Article) -> None:
    data = convert.render(seed_article, "docx", page_furniture=False)
    names = zipfile.ZipFile(io.BytesIO(data)).namelist()
    assert "word/header1.xml" not in names and "word/footer1.xml" not in names
    assert read(data, "word/document.xml").find(f".//{W}footerReference") is None


def test_threads_do_not_see_each_other(news_docx: bytes, tmp_path: Path) -> None:
    from concurrent.futures import ThreadPoolExecutor

    from .test_docx_reference import python_docx_reference
    reference = python_docx_reference(tmp_path / "ref.docx")
    plain_merged = convert.render(news_article(), "docx", reference_docx=reference)
    with ThreadPoolExecutor(4) as pool:
        results = list(pool.map(lambda i: convert.render(news_article(), "docx", reference_docx=reference if i % 2
                                                         else None), range(8)))
    assert all(data == (plain_merged if i % 2 else news_docx) for i, data in enumerate(results))
