"""The reader: each part of the article lands in the right model node with the right text."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

import convert
from convert.model import (
    Attr,
    BlockQuote,
    Code,
    CodeBlock,
    CreditLine,
    Div,
    Emph,
    Figure,
    LineBreak,
    Link,
    ListBlock,
    Paragraph,
    Rule,
    Strong,
    Subheading,
    Text,
    plain_text,
)

from .conftest import SEED, WriteArticle

# The story as the newsroom delivered it: ../shared/seed/article.txt beside the repository
# (as in CI), else the copy kept in tests/fixtures.
_SHARED_SEED = Path(__file__).resolve().parent.parent.parent / "shared" / "seed" / "article.txt"
SEED_TEXT = _SHARED_SEED if _SHARED_SEED.exists() else Path(__file__).parent / "fixtures" / "seed-article.txt"


def test_seed_article_parts(seed_article: convert.Article) -> None:
    meta = seed_article.meta
    assert meta.title == "NATO Chief, Azerbaijani President Discuss Nagorno-Karabakh Conflict"
    assert (meta.date, meta.lang, meta.publisher) == ("2017-11-23", "en", "RFE/RL")
    kinds = [type(b).__name__ for b in seed_article.blocks]
    assert kinds == ["Figure"] + ["Paragraph"] * 5 + ["Subheading"] + ["Paragraph"] * 6 + ["CreditLine"]
    figure = seed_article.blocks[0]
    assert isinstance(figure, Figure)
    assert plain_text(figure.caption).startswith("Azerbaijani President Ilham Aliyev (left) and NATO")
    assert figure.alt == plain_text(figure.caption)
    assert (figure.image.format, figure.image.width, figure.image.height) == ("jpeg", 1200, 800)
    sub = seed_article.blocks[6]
    assert isinstance(sub, Subheading) and sub.level == 2
    assert plain_text(sub.inlines) == "\u2018Renewed Dialogue\u2019"
    credit = seed_article.blocks[-1]
    assert isinstance(credit, CreditLine)
    assert plain_text(credit.inlines) == "With reporting by RFE/RL\u2019s Azerbaijani and Armenian services"


def _normalize(text: str) -> str:
    return (text.replace("\u2018", "'").replace("\u2019", "'").replace("\u201c", '"').replace("\u201d", '"'))


def test_seed_text_kept_exactly(seed_article: convert.Article) -> None:
    """Every paragraph of the seed story is in the model, word for word (quotes aside)."""
    seed_paragraphs = [p.strip() for p in SEED_TEXT.read_text(encoding="utf-8").split("\n\n") if p.strip()]
    ours = [seed_article.meta.title]
    for block in seed_article.blocks:
        if isinstance(block, Figure):
            ours.append(plain_text(block.caption))
        elif isinstance(block, (Paragraph, Subheading, CreditLine)):
            ours.append(plain_text(block.inlines))
    assert [_normalize(t) for t in ours] == seed_paragraphs


def test_smart_typography_like_pandoc() -> None:
    article = convert.read_text("# T\n\n\"Hi\" -- it's 1990--91 --- wait... (c) 'q'\n")
    text = plain_text(article.blocks[0].inlines)  # type: ignore[union-attr]
    assert text == "\u201cHi\u201d \u2013 it\u2019s 1990\u201391 \u2014 wait\u2026 (c) \u2018q\u2019"


def test_no_smart_keeps_straight_punctuation() -> None:
    article = convert.read_text("# T\n\n\"Hi\" -- wait...\n", smart=False)
    assert plain_text(article.blocks[0].inlines) == '"Hi" -- wait...'  # type: ignore[union-attr]


def test_code_is_not_smartened() -> None:
    article = convert.read_text('# T\n\n`a -- "b"`\n')
    assert article.blocks[0] == Paragraph((Code('a -- "b"'),), 3)


def test_inline_formatting_and_links() -> None:
    article = convert.read_text("# T\n\nA *b* **c** [d](https://x.org/)  \ne\n")
    assert article.blocks[0].inlines == (  # type: ignore[union-attr]
        Text("A "), Emph((Text("b"),)), Text(" "), Strong((Text("c"),)), Text(" "),
        Link("https://x.org/", (Text("d"),)), LineBreak(), Text("e"),
    )


def test_figure_with_attributes(write_article: WriteArticle) -> None:
    path = write_article('---\ntitle: T\n---\n\n![A "good" *cap*](photo.jpg){alt="Two men" credit="Photo: AFP/J. Doe"}\n')
    figure = convert.read(path).blocks[0]
    assert isinstance(figure, Figure)
    assert figure.caption == (Text("A \u201cgood\u201d "), Emph((Text("cap"),)))
    assert (figure.alt, figure.credit) == ("Two men", "Photo: AFP/J. Doe")


def test_image_inside_text_is_not_a_figure(write_article: WriteArticle) -> None:
    path = write_article("# T\n\nSee ![pic](photo.jpg) here\n")
    assert isinstance(convert.read(path).blocks[0], Paragraph)


@pytest.mark.parametrize("opening", ["::: credit", "::: {.credit}", ":::: {#c .credit .x}"])
def test_credit_div_forms(opening: str) -> None:
    closing = ":" * opening.index(" ")
    article = convert.read_text(f"# T\n\nBody\n\n{opening}\nWith reporting by *us*\n{closing}\n")
    assert article.blocks[-1] == CreditLine((Text("With reporting by "), Emph((Text("us"),))), 5)


def test_other_divs_are_divs() -> None:
    article = convert.read_text("# T\n\n::: note\nInside\n:::\n")
    assert article.blocks == (Div(Attr(classes=("note",)), (Paragraph((Text("Inside"),), 4),), 3),)


def test_block_structures() -> None:
    article = convert.read_text("# T\n\n> quoted\n\n- a\n  - b\n\n3. x\n4. y\n\n---\n\n```py\ncode -- here\n```\n")
    quote, bullets, numbers, rule, code = article.blocks
    assert isinstance(quote, BlockQuote) and quote.blocks[0] == Paragraph((Text("quoted"),), 3)
    assert isinstance(bullets, ListBlock) and not bullets.ordered
    nested = bullets.items[0][1]
    assert isinstance(nested, ListBlock) and nested.items[0][0] == Paragraph((Text("b"),), 6)
    assert isinstance(numbers, ListBlock) and numbers.ordered and numbers.start == 3
    assert isinstance(rule, Rule)
    assert code == CodeBlock("code -- here", "py", 13)


def test_title_from_leading_heading_and_front_matter_wins() -> None:
    assert convert.read_text("# Only *heading*\n\nText\n").meta.title == "Only heading"
    article = convert.read_text("---\ntitle: From YAML\n---\n# Other\n\nText\n")
    assert article.meta.title == "From YAML"
    assert article.blocks[0] == Subheading(2, (Text("Other"),), 4, Attr("other"))


@pytest.mark.parametrize("source", ["---\ntitle: ''\n---\nText\n", "#   \n\nText\n", "# \x07\n\nText\n"])
def test_an_empty_title_stays_empty_and_the_file_name_stands_in(source: str, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="convert"):
        article = convert.read_text(source)
    assert article.meta.title == "" and [type(b) for b in article.blocks] == [Paragraph]
    assert article.document_title == "Untitled"
    assert sum("no title" in r.getMessage() for r in caplog.records) == 1


def test_duplicate_title_heading_is_dropped() -> None:
    article = convert.read_text("---\ntitle: Same\n---\n# Same\n\nText\n")
    assert [type(b) for b in article.blocks] == [Paragraph]


def test_front_matter_fields() -> None:
    article = convert.read_text(
        "---\ntitle: 'It''s here'\nsubtitle: Sub\nauthor: [Ann, Bob]\ndate: 2017-11-23\nlang: az-Latn\n"
        "keywords: NATO, Azerbaijan\nrights: CC BY\nidentifier: urn:isbn:123\n---\nText\n"
    )
    meta = article.meta
    assert meta.title == "It\u2019s here"
    assert meta.author == ("Ann", "Bob")
    assert meta.keywords == ("NATO", "Azerbaijan")
    assert (meta.date, meta.lang, meta.rights, meta.identifier) == ("2017-11-23", "az-Latn", "CC BY", "urn:isbn:123")


@pytest.mark.parametrize(
    ("front", "message", "line"),
    [
        ("title: [a, b]", "'title' must be text", 2),
        ("title: T\nlang: 'not a tag!'", "BCP 47", 3),
        ("title: T\nauthor: {a: 1}", "'author' must be text", 3),
        ("title: a: b: c", "broken YAML", 2),
    ],
)
def test_front_matter_errors_name_the_line(front: str, message: str, line: int) -> None:
    with pytest.raises(convert.SourceError) as caught:
        convert.read_text(f"---\n{front}\n---\nText\n")
    assert message in caught.value.message
    assert caught.value.line == line


def test_raw_html_never_passes_through_and_is_warned(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="convert"):
        article = convert.read_text("# T\n\n<script>alert(1)</script>\n\nAT&T <b>bold</b>\n")
    texts = [t for b in article.blocks for t in [plain_text(getattr(b, "inlines", ()))]]
    assert not any("<script" in t for t in texts)
    assert any(t.startswith("AT&T") and "bold" in t for t in texts)
    assert "<string>:3" in [getattr(r, "where", "") for r in caplog.records]


def test_javascript_links_become_text() -> None:
    article = convert.read_text("# T\n\n[x](javascript:alert(1)) [y](JaVaScRiPt:alert(2))\n")
    spans = article.blocks[0].inlines  # type: ignore[union-attr]
    assert not any(isinstance(s, Link) for s in spans)
    assert "x" in plain_text(spans)


def test_control_characters_removed_with_warning(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="convert"):
        article = convert.read_text("# T\n\nbell\x07 and \x0bvt\n")
    assert plain_text(article.blocks[0].inlines) == "bell and vt"  # type: ignore[union-attr]
    assert any("U+0007" in r.getMessage() and getattr(r, "where", "") == "<string>:3" for r in caplog.records)


def test_bom_and_crlf(tmp_path: Path) -> None:
    path = tmp_path / "a.md"
    path.write_bytes(b"\xef\xbb\xbf---\r\ntitle: T\r\n---\r\n\r\nHello\r\nworld\r\n")
    article = convert.read(path)
    assert article.meta.title == "T"
    assert article.blocks == (Paragraph((Text("Hello world"),), 5),)


def test_invalid_utf8_names_offset(tmp_path: Path) -> None:
    path = tmp_path / "bad.md"
    path.write_bytes(b"# T\n\nabc\xff\n")
    with pytest.raises(convert.SourceError) as caught:
        convert.read(path)
    assert (caught.value.line, caught.value.column) == (3, 4)
    assert "offset 8" in caught.value.message


def test_empty_and_missing_sources(tmp_path: Path) -> None:
    (tmp_path / "empty.md").write_text("  \n")
    with pytest.raises(convert.SourceError, match="empty"):
        convert.read(tmp_path / "empty.md")
    with pytest.raises(convert.SourceError, match="not found"):
        convert.read(tmp_path / "missing.md")


def test_a_long_line_of_text_is_text_not_a_path() -> None:
    assert convert.read_text("x" * 5000).blocks[0].inlines == (Text("x" * 5000),)  # type: ignore[union-attr]


def test_read_takes_paths_and_read_text_takes_text_or_bytes() -> None:
    assets = (SEED.parent.parent,)  # the library allows only the article's folder and what the caller names (#19)
    assert convert.read(str(SEED), resource_path=assets).meta.title == convert.read(SEED, resource_path=assets).meta.title
    from_bytes = convert.read_text(SEED.read_bytes(), base_dir=SEED.parent, resource_path=(SEED.parent.parent,))
    assert from_bytes.meta.title == convert.read(SEED, resource_path=assets).meta.title
    assert convert.read_text(b"# From bytes\n").meta.title == "From bytes"
    assert convert.read_text("# From text\n").meta.title == "From text"
