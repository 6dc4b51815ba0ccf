"""The DOCX title block: title, subtitle, description, byline, date and keywords, each in its own style.

Read back with python-docx (paragraph styles, core properties) and lxml (the
package's styles.xml); articles are built from model nodes.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import docx
import pytest
from lxml import etree

import convert
from convert.model import Article, Meta, Paragraph, Text

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
CORE = {"dc": "http://purl.org/dc/elements/1.1/",
        "cp": "http://schemas.openxmlformats.org/package/2006/metadata/core-properties"}


def render(meta: Meta, **options: object) -> bytes:
    return convert.render(Article(meta, (Paragraph((Text("Body words."),), line=3),), source="story.md"), "docx",
                          **options)


def styled(data: bytes) -> list[tuple[str, str]]:
    document = docx.Document(io.BytesIO(data))
    return [(p.style.name if p.style is not None else "", p.text) for p in document.paragraphs]


def style_element(data: bytes, style_id: str) -> etree._Element:
    styles = etree.fromstring(zipfile.ZipFile(io.BytesIO(data)).read("word/styles.xml"))
    found = [s for s in styles.iter(f"{W}style") if s.get(f"{W}styleId") == style_id]
    assert len(found) == 1, style_id
    return found[0]


FULL = Meta(title="Ward 3 counts its votes", subtitle="A close race", author=("Ann Writer",), date="2024-05-02",
            description="How a recount decided the closest race in the city's history.",
            keywords=("elections", "Ward 3", "recount"))


def test_description_and_keywords_in_their_places() -> None:
    paragraphs = styled(render(FULL))
    assert paragraphs == [
        ("Title", "Ward 3 counts its votes"), ("Subtitle", "A close race"),
        ("Description", "How a recount decided the closest race in the city's history."),
        ("Byline", "By Ann Writer"), ("Date", "May 2, 2024"), ("Keywords", "elections, Ward 3, recount"),
        ("Body Text", "Body words.")]


def test_each_only_when_present() -> None:
    assert styled(render(Meta(title="T", description="  ", keywords=("", " ")))) == [
        ("Title", "T"), ("Body Text", "Body words.")]
    assert styled(render(Meta(title="", description="Only a summary"))) == [
        ("Description", "Only a summary"), ("Body Text", "Body words.")]
    assert styled(render(Meta(title="T", keywords=("solo",))))[1] == ("Keywords", "solo")


def test_core_properties_carry_both() -> None:
    data = render(FULL)
    properties = docx.Document(io.BytesIO(data)).core_properties
    assert properties.keywords == "elections, Ward 3, recount"
    assert properties.comments == FULL.description  # python-docx reads dc:description as "comments"
    core = etree.fromstring(zipfile.ZipFile(io.BytesIO(data)).read("docProps/core.xml"))
    assert core.findtext("dc:description", namespaces=CORE) == FULL.description
    assert core.findtext("cp:keywords", namespaces=CORE) == "elections, Ward 3, recount"


@pytest.mark.parametrize(("lang", "line"), [
    ("en", "NATO, Azerbaijan, New York"),
    ("ja", "NATO、Azerbaijan、New York"),  # the ideographic comma, no "and"
    ("ar", "NATO، Azerbaijan، New York"),  # the Arabic comma; CLDR's "و" (and) is left out
    ("fa", "NATO،\u200f Azerbaijan،\u200f New York"),
    ("th", "NATO, Azerbaijan, New York"),  # CLDR separates Thai items by a space alone: too weak for tags
    ("xx-unknown", "NATO, Azerbaijan, New York"),
])
def test_keywords_joined_as_the_language_lists_them(lang: str, line: str) -> None:
    meta = Meta(title="T", lang=lang, keywords=("NATO", "Azerbaijan", "New  York"))
    assert styled(render(meta))[1] == ("Keywords", line)


def test_date_hands_the_closing_space_to_keywords() -> None:
    data = render(FULL)
    document = docx.Document(io.BytesIO(data))
    date = next(p for p in document.paragraphs if p.style is not None and p.style.name == "Date")
    keywords = next(p for p in document.paragraphs if p.style is not None and p.style.name == "Keywords")
    assert date.paragraph_format.space_after is not None and date.paragraph_format.space_after.pt <= 2
    assert keywords.style.paragraph_format.space_after.pt >= 12  # type: ignore[union-attr]
    without = docx.Document(io.BytesIO(render(Meta(title="T", date="2024-05-02"))))
    assert without.paragraphs[1].paragraph_format.space_after is None  # the Date style's own space stands


def test_styles_are_in_the_gallery_and_resolve() -> None:
    data = render(FULL)
    for style_id in ("Description", "Keywords"):
        style = style_element(data, style_id)
        assert style.get(f"{W}type") == "paragraph"
        assert style.find(f"{W}qFormat") is not None and style.find(f"{W}uiPriority") is not None
        assert style.find(f"{W}basedOn").get(f"{W}val") in ("Normal", "Subtitle")
    description = docx.Document(io.BytesIO(data)).styles["Description"]
    keywords = docx.Document(io.BytesIO(data)).styles["Keywords"]
    assert description.font.size is not None and keywords.font.size is not None
    assert description.font.size > keywords.font.size  # a summary reads as text, the tags as small print


def test_right_to_left_description_is_marked() -> None:
    data = render(Meta(title="عنوان", lang="ar", description="ملخص المقال", keywords=("سياسة", "اقتصاد")))
    body = etree.fromstring(zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml"))
    for p in body.iter(f"{W}p"):
        style = p.find(f"{W}pPr/{W}pStyle")
        if style is not None and style.get(f"{W}val") in ("Description", "Keywords"):
            assert p.find(f"{W}pPr/{W}bidi") is not None
            assert all(r.find(f"{W}rPr/{W}rtl") is not None for r in p.iter(f"{W}r") if r.find(f"{W}t") is not None
                       and any("\u0600" <= c <= "\u06ff" for c in r.findtext(f"{W}t", "")))


def test_verify_passes_with_description_and_keywords() -> None:
    article = Article(FULL, (Paragraph((Text("Body words."),), line=3),), source="story.md")
    report = convert.verify(convert.render(article, "docx"), article, "docx", source_words=False)
    assert report.ok, report.failures


@pytest.mark.slow  # openxml-audit loads its schemas on first use
def test_openxml_audit_finds_no_errors_with_the_whole_title_block(tmp_path: Path) -> None:
    from .test_docx_package import audit

    path = tmp_path / "full.docx"
    path.write_bytes(render(FULL))
    assert audit(path) == []


def test_a_description_that_only_repeats_the_start_is_not_shown_but_kept_in_the_properties() -> None:
    """Hugo's automatic summary (corpus 01): the first words of the article, cut off; shown, they would be read twice."""
    summary = "Body words. And then the"  # the start of the article, punctuation and case aside, cut mid-sentence
    art = Article(Meta(title="T", description=summary), (Paragraph((Text("Body words."),), line=3),
                                                         Paragraph((Text("And THEN the story goes on."),), line=5)))
    data = convert.render(art, "docx")
    assert [style for style, _ in styled(data)] == ["Title", "Body Text", "Body Text"]
    assert docx.Document(io.BytesIO(data)).core_properties.comments == summary  # dc:description keeps it
    other = Article(Meta(title="T", description="Body words, and a summary of its own…"), art.blocks)
    assert ("Description", "Body words, and a summary of its own…") in styled(convert.render(other, "docx"))
