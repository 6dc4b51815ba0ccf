"""pandoc's inline extensions: strikeout, sub/superscript, spans, attributes, math; smart typography."""

from __future__ import annotations

from typing import Any

import pytest

import convert
from convert.model import (
    Attr,
    Code,
    Emph,
    Inline,
    Link,
    Math,
    Paragraph,
    SmallCaps,
    Span,
    Strikeout,
    Subscript,
    Superscript,
    Text,
    Underline,
    plain_text,
)
from convert.reader.attributes import parse_attributes, trailing_attributes


def _inlines(source: str, **options: Any) -> tuple[Inline, ...]:
    block = convert.read_text(source, **options).blocks[0]
    return block.inlines  # type: ignore[union-attr]


def test_issue_11_inline_extensions() -> None:
    spans = _inlines("Water is H~2~O, the 19^th^ century, ~~old~~ new, [Small Caps]{.smallcaps} "
                     "and [a site](https://example.org){.external}.")
    assert spans == (
        Text("Water is H"), Subscript((Text("2"),)), Text("O, the 19"), Superscript((Text("th"),)),
        Text(" century, "), Strikeout((Text("old"),)), Text(" new, "), SmallCaps((Text("Small Caps"),)),
        Text(" and "), Link("https://example.org", (Text("a site"),), attr=Attr(classes=("external",))), Text("."),
    )


@pytest.mark.parametrize("source", ["a~b c~", "x^y z^", "~ a~"])
def test_sub_and_superscript_need_no_unescaped_spaces_like_pandoc(source: str) -> None:
    assert not any(isinstance(s, (Subscript, Superscript)) for s in _inlines(source))


def test_escaped_spaces_inside_subscript() -> None:
    assert _inlines("P~a\\ cat~")[1] == Subscript((Text("a cat"),))


def test_spans_keep_ids_classes_and_custom_style() -> None:
    spans = _inlines('[x]{#anchor .note custom-style="Emphatic"} [y]{.underline} [z]{.ul .smallcaps #k}')
    assert spans[0] == Span(Attr("anchor", ("note",), (("custom-style", "Emphatic"),)), (Text("x"),))
    assert spans[2] == Underline((Text("y"),))
    assert spans[4] == Span(Attr("k"), (Underline((SmallCaps((Text("z"),)),)),))


def test_a_reference_link_followed_by_attributes_stays_a_link() -> None:
    spans = _inlines("[ref]{.x}\n\n[ref]: https://example.org\n")
    assert spans == (Link("https://example.org", (Text("ref"),), attr=Attr(classes=("x",))),)


def test_attributes_after_images_links_and_code_are_read_never_printed() -> None:
    spans = _inlines('`print()`{.python} and [l](https://x.org "T"){#a key="v w"}')
    assert spans == (Code("print()"), Text(" and "),
                     Link("https://x.org", (Text("l"),), "T", Attr("a", (), (("key", "v w"),))))


def test_brace_text_that_is_not_attributes_stays_text() -> None:
    assert plain_text(_inlines("[a](https://x.org) {.x} and [b]{not attrs} {#1984}")) == \
        "a {.x} and [b]{not attrs} {#1984}"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("{#id .c1 .c2 k=v}", Attr("id", ("c1", "c2"), (("k", "v"),))),
        ("{credit='AP'}", Attr(pairs=(("credit", "AP"),))),
        ('{alt="a} b"}', Attr(pairs=(("alt", "a} b"),))),
        ('{alt="say \\"hi\\""}', Attr(pairs=(("alt", 'say "hi"'),))),
        ("{alt='it\\'s' x=\"it's\"}", Attr(pairs=(("alt", "it's"), ("x", "it's")))),
        ('{alt="two\n  lines"}', Attr(pairs=(("alt", "two lines"),))),
        ("{width=80% .img-border}", Attr("", ("img-border",), (("width", "80%"),))),
        ('{id="x" class="a b" -}', Attr("x", ("a", "b", "unnumbered"))),
        ('{t="AT&amp;T"}', Attr(pairs=(("t", "AT&T"),))),
        ("{#تطبيق-مدونة}", Attr("تطبيق-مدونة")),
        ("{}", Attr()),
    ],
)
def test_pandoc_attribute_syntax(text: str, expected: Attr) -> None:
    # mdit-py-plugins' attrs parser refuses single quotes and braces in values; pandoc reads them: pandoc wins.
    assert parse_attributes(text) == (expected, len(text))


@pytest.mark.parametrize("text", ["{#1984}", "{.}", '{a="unclosed}', "{a=\"x\n\ny\"}", "{x}", "{#a", "{.a!}"])
def test_not_attributes(text: str) -> None:
    assert parse_attributes(text) is None


def test_trailing_attributes_are_linear_on_lines_full_of_braces() -> None:
    assert trailing_attributes("Title {#t}") == ("Title", Attr("t"))
    assert trailing_attributes("{" * 50_000 + "}") is None


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("$x^2$", Math("x^2")),
        ("$$a + b$$", Math("a + b", display=True)),
        ("1$x$", Math("x")),
    ],
)
def test_tex_math_dollars(source: str, expected: Math) -> None:
    # mdit-py-plugins' dollarmath (allow_digits=False) refuses a digit before the opening $; pandoc allows it: pandoc wins.
    assert expected in _inlines(source)


@pytest.mark.parametrize("source", ["$20,000 and $30,000", "$ x$", "$x $", "$x$2", "\\$x$"])
def test_dollars_that_are_not_math(source: str) -> None:
    assert not any(isinstance(s, Math) for s in _inlines(source))


def test_math_is_not_smartened() -> None:
    assert _inlines("$a -- b 'c'$") == (Math("a -- b 'c'"),)


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("'Tis the season", "\u2019Tis the season"),
        ("In the '90s it was", "In the \u201990s it was"),
        ("rock 'n' roll", "rock \u2019n\u2019 roll"),
        ("the '90s and 'quoted'", "the \u201990s and \u2018quoted\u2019"),
        ("dogs' bowls", "dogs\u2019 bowls"),
        ("He said 'hello", "He said \u2019hello"),  # pandoc: an unmatched single quote is an apostrophe
        ('"a \'b\' c"', "\u201ca \u2018b\u2019 c\u201d"),
        ('x " y', "x \u201d y"),  # pandoc
        ("1990--91 --- wait...", "1990\u201391 \u2014 wait\u2026"),
        ('"*emphasis*"', "\u201cemphasis\u201d"),
    ],
)
def test_smart_typography_as_pandoc(source: str, expected: str) -> None:
    # markdown-it's smartquotes leaves unmatched quotes straight; pandoc curls them: pandoc wins.
    assert plain_text(_inlines(source)) == expected


def test_a_quotation_continued_over_paragraphs_opens_again() -> None:
    article = convert.read_text('"First paragraph of a quote.\n\n"Second paragraph ends."\n')
    texts = [plain_text(b.inlines) for b in article.blocks]  # type: ignore[union-attr]
    assert texts == ["\u201cFirst paragraph of a quote.", "\u201cSecond paragraph ends.\u201d"]


def test_escaped_quotes_stay_straight_and_code_is_untouched() -> None:
    assert _inlines('\\"x\\" `"y"`') == (Text('"x" '), Code('"y"'))


def test_smart_typography_in_captions_credits_terms_and_headings(tmp_path: object) -> None:
    article = convert.read_text("# \"Title\"\n\n## It's\n\nTerm's\n:   Def's\n")
    assert article.meta.title == "\u201cTitle\u201d"
    assert plain_text(article.blocks[0].inlines) == "It\u2019s"  # type: ignore[union-attr]
    terms = article.blocks[1].items[0]  # type: ignore[union-attr]
    assert not isinstance(terms, tuple)
    assert plain_text(terms.term) == "Term\u2019s"


def test_no_smart_keeps_everything_straight() -> None:
    assert plain_text(_inlines("'Tis \"x\" -- y", smart=False)) == "'Tis \"x\" -- y"


def test_deep_inline_nesting_is_bounded() -> None:
    depth = 0
    spans: tuple[Inline, ...] = _inlines("".join("*a _b " for _ in range(200)) + "x" + "_ *" * 200)
    stack = [(s, 1) for s in spans]
    while stack:
        span, level = stack.pop()
        depth = max(depth, level)
        stack.extend((c, level + 1) for c in getattr(span, "children", ()))
    assert depth <= 33


def test_ten_thousand_brackets_do_not_recurse_too_deep() -> None:
    spans = _inlines("[" * 10_000 + "x" + "]" * 10_000)
    assert plain_text(spans).count("[") == 10_000


def test_emphasis_in_a_span_in_a_link() -> None:
    assert _inlines("[[*a*]{.k}](https://x.org)") == (
        Link("https://x.org", (Span(Attr(classes=("k",)), (Emph((Text("a"),)),)),)),
    )


def test_an_autolink_shows_a_decoded_control_character_as_it_was_written() -> None:
    # markdown-it decodes %00 for display; no document can hold U+0000 (found by the fuzzer: the paragraph vanished)
    assert _inlines("<https://example.org/%00> <https://example.org/%e2%80%99>") == (
        Link("https://example.org/%00", (Text("https://example.org/%00"),)),
        Text(" "),
        Link("https://example.org/%e2%80%99", (Text("https://example.org/\u2019"),)),
    )


def test_a_title_from_a_heading_with_such_an_autolink_keeps_the_escape() -> None:
    # fuzz/regressions/reader-title-autolink-nul.md: the title was 'ps:\x00', which the EPUB writer could not hold
    assert convert.read_text("# <ps:%00>\n\nBody\n").meta.title == "ps:%00"


@pytest.mark.parametrize("target", ["javascript:alert(1)", "<file:///etc/passwd>", "JaVaScRiPt:alert(2)", "vbscript:x"])
def test_an_unsafe_link_keeps_its_text_with_a_warning_not_its_markdown(target: str,
                                                                       caplog: pytest.LogCaptureFixture) -> None:
    """markdown-it would leave ``[x](javascript:...)`` unparsed as literal text; pandoc reads the link."""
    with caplog.at_level("WARNING", logger="convert"):
        article = convert.read_text(f"# T\n\nSee [the page]({target}) now.\n")
    assert article.blocks == (Paragraph((Text("See the page now."),), 3),)
    assert any("unsafe link target" in r.getMessage() for r in caplog.records)
