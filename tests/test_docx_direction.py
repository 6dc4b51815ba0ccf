"""DOCX: direction from the text (the shared rule), right-to-left tables, quotes, credits and figures as in the
other formats, bylines, and list levels whatever the reference document brings; read back with python-docx and
the package XML (lxml), and LibreOffice for the list labels (slow)."""

from __future__ import annotations

import io
import shutil
import subprocess
import zipfile
from pathlib import Path

import docx
import pytest
from lxml import etree

import convert
from convert.model import Article, BlockQuote, Cell, Figure, ListBlock, Meta, Paragraph, Row, Table, Text

from .test_docx_reference import rewrite
from .test_html_direction import ENGLISH, PERSIAN
from .test_html_look import _luminance
from .test_html_nodes import picture

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W = f"{{{W_NS}}}"
CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"


def p(text: str) -> Paragraph:
    return Paragraph((Text(text),))


def cell(text: str) -> Cell:
    return Cell((p(text),))


def table(*rows: tuple[str, ...]) -> Table:
    return Table((), (), (Row(tuple(map(cell, rows[0]))),), tuple(Row(tuple(map(cell, row))) for row in rows[1:]))


def body_of(art: Article, **options: object) -> etree._Element:
    data = convert.render(art, "docx", **options)
    return etree.fromstring(zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml")).find(f"{W}body")


def text(element: etree._Element) -> str:
    return "".join(t.text or "" for t in element.iter(f"{W}t"))


def bidi(paragraph: etree._Element) -> bool:
    return paragraph.find(f"{W}pPr/{W}bidi") is not None


def persian(*blocks: object) -> Article:
    """A Persian article without ``lang`` (corpus 09): the reader's default "en"."""
    return Article(Meta("اینترنت چگونه کار می‌کند"), (p(PERSIAN), *blocks, p(PERSIAN)), source="fa.md")  # type: ignore[arg-type]


def test_table_in_a_right_to_left_article_runs_right_to_left() -> None:
    body = body_of(persian(table(("ID", "نام", "سن"), ("1", "علی", "۲۰"), ("2", "Sara", "30"))))
    tbl = body.find(f"{W}tbl")
    assert tbl is not None
    properties = tbl.find(f"{W}tblPr")
    assert properties is not None and properties.find(f"{W}bidiVisual") is not None  # first column on the right
    assert [child.tag for child in properties][:2] == [f"{W}tblStyle", f"{W}bidiVisual"]  # CT_TblPr's order
    section = body.find(f"{W}sectPr")
    page, margins = section.find(f"{W}pgSz"), section.find(f"{W}pgMar")  # type: ignore[union-attr]
    room = int(page.get(f"{W}w")) - int(margins.get(f"{W}left")) - int(margins.get(f"{W}right"))  # type: ignore[union-attr, arg-type]
    assert sum(int(col.get(f"{W}w") or 0) for col in tbl.iter(f"{W}gridCol")) == room  # from margin to margin
    cells = [p for tc in tbl.iter(f"{W}tc") for p in tc.iterchildren(f"{W}p")]
    assert cells and all(bidi(p) for p in cells)  # "ID", "1", "Sara" too: every cell starts at its right edge


def test_left_to_right_tables_stay_so() -> None:
    english = body_of(persian(table(("Name", "Age"), ("Sara Connor", "30"))))  # English text in a Persian article
    plain = body_of(Article(Meta("T"), (table(("Name", "Age"), ("Sara", "30")),), source="en.md"))
    for body in (english, plain):
        properties = body.find(f"{W}tbl/{W}tblPr")
        assert properties is not None and properties.find(f"{W}bidiVisual") is None
        assert not any(bidi(p) for p in body.iter(f"{W}tc") for p in p.iterchildren(f"{W}p"))


def test_paragraph_direction_by_most_letters_else_the_article() -> None:
    paragraphs = {text(x): x for x in body_of(persian(p("HTML " + PERSIAN), p(ENGLISH), p("2024"))).iter(f"{W}p")}
    assert bidi(paragraphs["HTML " + PERSIAN])  # a Persian sentence opening with a Latin word
    assert not bidi(paragraphs[ENGLISH])
    assert bidi(paragraphs["2024"])  # no letters: the article's direction
    english = {text(x): x for x in body_of(Article(Meta("T"), (p("2024"),), source="en.md")).iter(f"{W}p")}
    assert not bidi(english["2024"])


def test_quote_rule_on_the_side_the_text_starts() -> None:
    body = body_of(persian(BlockQuote((p(PERSIAN + " نقل قول"),)), BlockQuote((p(ENGLISH),))))
    quotes = [x for x in body.iter(f"{W}p") if x.find(f"{W}pPr/{W}pStyle[@{W}val='Quote']") is not None]
    assert len(quotes) == 2
    rtl, ltr = quotes
    assert bidi(rtl) and rtl.find(f"{W}pPr/{W}pBdr/{W}right").get(f"{W}val") == "single"  # type: ignore[union-attr]
    assert rtl.find(f"{W}pPr/{W}pBdr/{W}left").get(f"{W}val") == "nil"  # type: ignore[union-attr]
    assert not bidi(ltr) and ltr.find(f"{W}pPr/{W}pBdr") is None  # the style's own rule, on the left


def _styles() -> dict[str, etree._Element]:
    data = convert.render(Article(Meta("T"), (p("x"),), source="s.md"), "docx")
    root = etree.fromstring(zipfile.ZipFile(io.BytesIO(data)).read("word/styles.xml"))
    return {s.get(f"{W}styleId") or "": s for s in root.iter(f"{W}style")}


def test_quote_style_upright_indented_with_a_rule() -> None:
    for style_id in ("Quote", "FootnoteQuote"):
        quote = _styles()[style_id]
        assert quote.find(f"{W}rPr/{W}i") is None, style_id
        assert int(quote.find(f"{W}pPr/{W}ind").get(f"{W}left") or 0) > 0, style_id  # type: ignore[union-attr]
        assert quote.find(f"{W}pPr/{W}pBdr/{W}left").get(f"{W}val") == "single", style_id  # type: ignore[union-attr]


def test_photo_credit_normal_case_smaller_than_the_caption_and_grey() -> None:
    styles = _styles()
    credit, caption = styles["PhotoCredit"], styles["Caption"]
    assert credit.find(f".//{W}caps") is None and caption.find(f".//{W}caps") is None
    size = int(credit.find(f"{W}rPr/{W}sz").get(f"{W}val") or 0)  # type: ignore[union-attr]
    assert 0 < size < int(caption.find(f"{W}rPr/{W}sz").get(f"{W}val") or 0)  # type: ignore[union-attr]
    colour = credit.find(f"{W}rPr/{W}color").get(f"{W}val")  # type: ignore[union-attr]
    assert colour and 1.05 / (_luminance(colour) + 0.05) >= 4.5


def test_consecutive_figures_apart_like_a_figure_and_a_paragraph() -> None:
    art = Article(Meta("T"), (Figure(picture(), (), "One"), Figure(picture(), (), "Two"), p("After.")), source="f.md")
    document = docx.Document(io.BytesIO(convert.render(art, "docx")))
    figures = [x for x in document.paragraphs if x.style is not None and x.style.name == "Figure"]
    assert len(figures) == 2
    assert all(x.paragraph_format.space_after is not None and x.paragraph_format.space_after.pt == 12 for x in figures)


def test_byline_word_in_german() -> None:
    art = Article(Meta("T", author=("Ann", "Bob"), lang="de"), (p("Text."),), source="de.md")
    document = docx.Document(io.BytesIO(convert.render(art, "docx")))
    assert [x.text for x in document.paragraphs if x.style is not None and x.style.name == "Byline"] == [
        "Von Ann und Bob"]


@pytest.mark.skipif(not (CORPUS / "09-djangogirls-fa-internet").is_dir(), reason="corpus not beside the checkout")
def test_corpus_09_paragraphs_run_right_to_left() -> None:
    art = convert.read(CORPUS / "09-djangogirls-fa-internet" / "article.md")
    body = body_of(art)
    styled = [x for x in body.iter(f"{W}p") if x.find(f"{W}pPr/{W}pStyle[@{W}val='BodyText']") is not None]
    assert styled and sum(map(bidi, styled)) / len(styled) > 0.9


# --- list levels whatever the reference brings ---------------------------------------------------------

NESTED = Article(Meta("Lists"), (ListBlock(True, ((p("first"), ListBlock(False, ((p("nested bullet"),),))),)),),
                 source="l.md")


def _level_zero_only(tmp_path: Path) -> Path:
    """A reference whose bullet definition (behind ``List Bullet``) defines level 0 only."""
    ours = tmp_path / "ours.docx"
    ours.write_bytes(convert.render(Article(Meta("R"), (ListBlock(False, ((p("a"),),)),), source="r.md"), "docx"))

    def strip(data: bytes) -> bytes:
        root = etree.fromstring(data)
        for abstract in root.iter(f"{W}abstractNum"):
            if abstract.get(f"{W}abstractNumId") == "0":
                for level in abstract.findall(f"{W}lvl"):
                    if level.get(f"{W}ilvl") != "0":
                        abstract.remove(level)
        return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    return rewrite(ours, tmp_path / "reference.docx", "word/numbering.xml", strip)


def _levels(data: bytes) -> tuple[dict[str, etree._Element], etree._Element]:
    package = zipfile.ZipFile(io.BytesIO(data))
    numbering = etree.fromstring(package.read("word/numbering.xml"))
    abstracts = {a.get(f"{W}abstractNumId") or "": a for a in numbering.iter(f"{W}abstractNum")}
    nums = {n.get(f"{W}numId"): abstracts[n.find(f"{W}abstractNumId").get(f"{W}val") or ""]  # type: ignore[union-attr]
            for n in numbering.iter(f"{W}num")}
    body = etree.fromstring(package.read("word/document.xml"))
    bullet = next(x for x in body.iter(f"{W}p") if text(x) == "nested bullet")
    num_id = bullet.find(f"{W}pPr/{W}numPr/{W}numId").get(f"{W}val")  # type: ignore[union-attr]
    return nums, nums[num_id]  # type: ignore[index]


def test_reference_with_one_bullet_level_still_defines_every_level(tmp_path: Path) -> None:
    reference = _level_zero_only(tmp_path)
    data = convert.render(NESTED, "docx", reference_docx=reference)
    nums, bullets = _levels(data)
    levels = {lvl.get(f"{W}ilvl"): lvl for lvl in bullets.iter(f"{W}lvl")}
    assert sorted(levels, key=int) == [str(i) for i in range(9)]
    assert [lvl.get(f"{W}ilvl") for lvl in bullets.iter(f"{W}lvl")] == [str(i) for i in range(9)]  # in order
    assert levels["1"].find(f"{W}numFmt").get(f"{W}val") == "bullet"  # type: ignore[union-attr]
    for abstract in nums.values():  # every definition a list uses covers every level
        assert len(list(abstract.iter(f"{W}lvl"))) == 9


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice not installed")
def test_libreoffice_shows_a_bullet_for_the_nested_item(tmp_path: Path) -> None:
    reference = _level_zero_only(tmp_path)
    out = tmp_path / "nested.docx"
    out.write_bytes(convert.render(NESTED, "docx", reference_docx=reference))
    subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/lo", "--convert-to",
                    "txt:Text (encoded):UTF8", "--outdir", str(tmp_path), str(out)], check=True, timeout=120,
                   capture_output=True)
    lines = [line.strip() for line in (tmp_path / "nested.txt").read_text(encoding="utf-8-sig").splitlines()]
    nested = next(line for line in lines if "nested bullet" in line)
    assert not nested.startswith(("1.", "1)")), lines
    assert next(line for line in lines if line.endswith("first")).startswith("1."), lines
