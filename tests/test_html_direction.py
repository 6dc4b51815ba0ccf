"""Direction from the text in the HTML page and the EPUB, read back with lxml.

A right-to-left article without ``lang`` (corpus 09) gets ``dir="rtl"`` on ``<html>``, its
pages turn right to left and its nav runs right to left; a block whose text runs the other
way gets its own ``dir``; code runs left to right. The shared rule (``_common.direction_of``)
is tested here too.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from lxml import etree

import convert
from convert.model import (
    Attr,
    BlockQuote,
    CodeBlock,
    DefinitionItem,
    DefinitionList,
    Div,
    ListBlock,
    Note,
    Paragraph,
    Row,
    Subheading,
    Table,
    Text,
)
from convert.writers._common import article_direction, direction_of

from .test_html_nodes import article, both, cell, epub_doc, html_doc

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"
OPF = {"opf": "http://www.idpf.org/2007/opf"}
PERSIAN = "قطعاً شما هر روز از اینترنت استفاده می‌کنید."
ENGLISH = "The quick brown fox jumps over the lazy dog."


def p(text: str) -> Paragraph:
    return Paragraph((Text(text),))


@pytest.mark.parametrize(("text", "found"), [
    ("HTML کدهای کامپیوتری", "rtl"),  # a Persian sentence opening with a Latin name
    ("Ann «قلم» sees", "ltr"),  # an English one quoting an Arabic word
    ("ab اب", "ltr"), ("اب ab", "rtl"),  # a tie: the first letter decides
    ("שלום", "rtl"), ("𞤀𞤁", "rtl"), ("Привет", "ltr"),
    ("2024-01-05", None), ("۲۰", None), ("", None), ("…!", None),
])
def test_direction_of_is_the_majority_of_letters(text: str, found: str | None) -> None:
    assert direction_of(text) == found


def test_article_direction_from_the_text_and_from_the_language() -> None:
    assert article_direction(article(p(PERSIAN), title="")) == "rtl"  # lang "en" by default
    assert article_direction(article(p(ENGLISH), p(PERSIAN[:8]))) == "ltr"
    assert article_direction(article(p(ENGLISH), lang="ar")) == "rtl"  # the language says so
    assert article_direction(article(CodeBlock("print('x' * 300)"), p(PERSIAN))) == "rtl"  # code does not count


def test_persian_without_lang_runs_right_to_left_in_both_formats() -> None:
    art = article(p(PERSIAN), p(PERSIAN), title="اینترنت چگونه کار می‌کند")
    assert art.meta.lang == "en"
    assert html_doc(art).get("dir") == "rtl"
    assert epub_doc(art).get("dir") == "rtl"
    with zipfile.ZipFile(io.BytesIO(convert.render(art, "epub"))) as book:
        opf = etree.fromstring(book.read("EPUB/content.opf"))
        nav = etree.fromstring(book.read("EPUB/nav.xhtml"))
    assert opf.find("opf:spine", OPF).get("page-progression-direction") == "rtl"  # type: ignore[union-attr]
    assert nav.find("{http://www.w3.org/1999/xhtml}body").get("dir") == "rtl"  # type: ignore[union-attr]


def test_left_to_right_article_has_no_direction_anywhere() -> None:
    art = article(p(ENGLISH), BlockQuote((p("quoted"),)), ListBlock(False, ((p("a"),),)), CodeBlock("x"))
    with zipfile.ZipFile(io.BytesIO(convert.render(art, "epub"))) as book:
        opf = etree.fromstring(book.read("EPUB/content.opf"))
    assert opf.find("opf:spine", OPF).get("page-progression-direction") is None  # type: ignore[union-attr]
    for _, doc in both(art):
        assert [e.tag for e in doc.iter() if e.get("dir")] == []


def test_blocks_running_the_other_way_get_their_own_direction() -> None:
    english_table = Table((), (), (Row((cell("Name"), cell("Age"))),), (Row((cell("Sara"), cell("30"))),))
    persian_table = Table((), (), (Row((cell("نام"), cell("سن"))),), (Row((cell("Sara"), cell("۲۰"))),))
    art = article(
        p(PERSIAN), p(ENGLISH), p("2024"),
        Subheading(2, (Text("Background"),), attr=Attr("background")),
        ListBlock(False, ((p("one item"),), (p("another item"), p("سلام")))),
        BlockQuote((p(ENGLISH),)), english_table, persian_table, CodeBlock("print('x')"),
        DefinitionList((DefinitionItem((Text("Term"),), ((p("A definition"),),)),)),
        Div(Attr(pairs=(("dir", "ltr"),)), (p("inside a ltr div"), p("سلام"))),
        Paragraph((Text(PERSIAN), Note((p(ENGLISH),)))), p(PERSIAN), p(PERSIAN), p(PERSIAN),
        title="اینترنت")
    assert article_direction(art) == "rtl"
    for name, doc in both(art):
        body = doc.find(".//article")
        assert body is not None, name
        paragraphs = body.findall("p")
        assert [x.get("dir") for x in paragraphs[:3]] == [None, "ltr", None], name  # "2024" keeps the page's
        assert body.find("h2").get("dir") == "ltr"  # type: ignore[union-attr]
        lists = body.findall("ul")
        assert lists[0].get("dir") == "ltr", name
        items = lists[0].findall("li/p")
        assert [x.get("dir") for x in items] == [None, None, "rtl"], name  # measured against the list's ltr
        assert body.find("blockquote").get("dir") == "ltr"  # type: ignore[union-attr]
        wraps = body.findall("div[@class='table-wrap']")
        assert [w.get("dir") for w in wraps] == ["ltr", None], name
        assert body.find("pre").get("dir") == "ltr"  # type: ignore[union-attr]
        assert body.find("dl").get("dir") == "ltr"  # type: ignore[union-attr]
        div = body.find("div[@dir='ltr']/p")
        assert div is not None and div.get("dir") is None, name
        assert body.find("div[@dir='ltr']/p[2]").get("dir") == "rtl"  # type: ignore[union-attr]
        note_text = [x for x in doc.iter("p") if "quick brown" in "".join(x.itertext())][-1]
        assert note_text.get("dir") == "ltr", name  # a note is measured against the page


def test_arabic_paragraph_in_an_english_article() -> None:
    art = article(p(ENGLISH), p("مرحبا بالعالم، هذا نص عربي."), p(ENGLISH))
    for name, doc in both(art):
        assert doc.get("dir") is None, name
        assert [x.get("dir") for x in doc.find(".//article").findall("p")] == [None, "rtl", None], name  # type: ignore[union-attr]


def test_headline_running_the_other_way() -> None:
    art = article(p(PERSIAN), p(PERSIAN), title="How the Internet works", subtitle="اینترنت")
    for name, doc in both(art):
        assert doc.get("dir") == "rtl", name
        assert doc.find(".//h1").get("dir") == "ltr", name  # type: ignore[union-attr]
        assert doc.find(".//p[@class='subtitle']").get("dir") is None, name  # type: ignore[union-attr]


@pytest.mark.skipif(not (CORPUS / "09-djangogirls-fa-internet").is_dir(), reason="corpus not beside the checkout")
def test_corpus_09_runs_right_to_left() -> None:
    art = convert.read(CORPUS / "09-djangogirls-fa-internet" / "article.md")
    assert art.meta.lang == "en"
    for name, doc in both(art):
        assert doc.get("dir") == "rtl", name
        assert all(pre.get("dir") == "ltr" for pre in doc.iter("pre")), name
