"""Metadata blocks (YAML, TOML, pandoc's title block), the keys sites write, and hardening against hostile YAML."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

import convert
from convert.model import ListBlock, Paragraph, Rule, plain_text
from convert.reader import ReadOptions, frontmatter, safeyaml

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"


def extract(text: str, **options: object) -> tuple[dict[str, object], str, list[tuple[str, int | None]]]:
    """``frontmatter.extract`` with its warnings collected."""
    warnings: list[tuple[str, int | None]] = []
    fields, body = frontmatter.extract(text, name="a.md", warn=lambda m, line: warnings.append((m, line)),
                                       **options)  # type: ignore[arg-type]
    return fields, body, warnings


def meta_of(text: str) -> convert.model.Meta:
    fields, _, _ = extract(text)
    return frontmatter.to_meta(fields, title=str(fields.get("title", "")), typography=lambda s: s)


# --- which block is metadata ---------------------------------------------------------------------------


def test_rule_then_blank_line_is_a_rule_and_the_note_stays() -> None:
    article = convert.read_text("---\n\nEditor's note: updated on November 24.\n\n---\n\nBody text.\n")
    kinds = [type(b) for b in article.blocks]
    assert kinds == [Rule, Paragraph, Rule, Paragraph]
    assert plain_text(article.blocks[1].inlines) == "Editor\u2019s note: updated on November 24."  # type: ignore[union-attr]


def test_prose_taken_as_a_key_is_warned_not_lost_in_silence() -> None:
    _, _, warnings = extract("---\nEditor's note: updated on November 24.\n---\nBody\n")
    assert len(warnings) == 1 and "looks like text" in warnings[0][0] and warnings[0][1] == 2


def test_a_block_that_is_not_a_mapping_stays_in_the_body() -> None:
    article = convert.read_text("---\n- one\n- two\n---\n\nText\n")
    assert ListBlock in [type(b) for b in article.blocks]
    assert extract("---\njust a sentence\n---\n")[0] == {}


@pytest.mark.parametrize(
    "source",
    [
        "---\ntitle: T\n---\nline 4\n",
        "---\ntitle: T\n...\nline 4\n",
        "+++\ntitle = 'T'\n+++\nline 4\n",
        "% T\n% A\n% 2024-01-24\nline 4\n",
    ],
)
def test_the_body_keeps_the_files_line_numbers(source: str) -> None:
    fields, body, _ = extract(source)
    assert fields["title"] == "T"
    assert body.split("\n")[3] == "line 4" and not "".join(body.split("\n")[:3]).strip()


def test_an_unclosed_block_is_body() -> None:
    assert extract("---\ntitle: T\nno end\n")[:2] == ({}, "---\ntitle: T\nno end\n")


# --- TOML (Hugo, Zola) ------------------------------------------------------------------------------------


def test_hugo_post_with_toml_front_matter() -> None:
    article = convert.read_text(
        '+++\ntitle = "NATS Connect Live 2020!"\ndate = 2020-04-27\nauthor = "Derek Collison"\n'
        'categories = ["Community", "Conferences"]\ntags = ["nats", "community"]\ndraft = false\n\n'
        '[params]\ntoc = true\n+++\n\nOn April 16th we had our first conference.\n'
    )
    meta = article.meta
    assert (meta.title, meta.date, meta.author) == ("NATS Connect Live 2020!", "2020-04-27", ("Derek Collison",))
    assert meta.keywords == ("nats", "community", "Conferences")  # keywords, tags, categories; "Community" again
    assert article.blocks[0].line == 13


def test_hugo_post_from_the_corpus() -> None:
    meta = meta_of((CORPUS / "10-nats-connect-2020" / "article.md").read_text(encoding="utf-8"))
    assert (meta.title, meta.date, meta.author) == ("NATS Connect Live 2020!", "2020-04-27", ("Derek Collison",))
    assert meta.keywords[:2] == ("nats", "microservices") and meta.keywords[-2:] == ("Newsletter", "Conferences")
    assert meta.keywords.count("community") == 1 and "Community" not in meta.keywords


def test_broken_toml_names_line_and_column() -> None:
    with pytest.raises(convert.SourceError) as caught:
        convert.read_text('+++\ntitle = "T"\ndate = \nx = 1\n+++\nText\n')
    error = caught.value
    assert "broken TOML" in error.message and (error.line, error.column) == (3, 8) and error.hint
    with pytest.raises(convert.SourceError) as at_end:
        frontmatter.extract('+++\ntitle = "T"\ndate =\n+++\nText\n', name="a.md")
    assert (at_end.value.line, "(at " in at_end.value.message) == (3, False)


# --- pandoc's title block ---------------------------------------------------------------------------------


def test_pandoc_title_block_document() -> None:
    article = convert.read_text(
        "% The *first* title\n  on two lines\n% Ann Writer; Bob Reporter\n  Cy Editor\n% June 15, 2006\n\n"
        "The body.\n"
    )
    meta = article.meta
    assert meta.title == "The first title on two lines"
    assert meta.author == ("Ann Writer", "Bob Reporter", "Cy Editor")
    assert meta.date == "2006-06-15"
    body = article.blocks[0]
    assert len(article.blocks) == 1 and isinstance(body, Paragraph) and plain_text(body.inlines) == "The body."


def test_title_block_with_an_author_and_no_title() -> None:
    fields, body, _ = extract("%\n% Ann\n\nBody\n")
    assert fields == {"author": ("Ann",)} and body.split("\n")[3] == "Body"


# --- keys as sites write them -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("front", "field", "value"),
    [
        ("description: D", "description", "D"),
        ("summary: S", "description", "S"),
        ("abstract: A", "description", "A"),
        ("summary: S\ndescription: D", "description", "D"),
        ("subtitle: Sub", "subtitle", "Sub"),
        ("language: ru", "lang", "ru"),
        ("lang: no", "lang", "no"),  # Norwegian, not false (YAML 1.2, as pandoc)
        ("publisher: RFE/RL", "publisher", "RFE/RL"),
        ("copyright: © 2024 X", "rights", "© 2024 X"),
        ("copyright:\n  holder: Jane\n  year: 2024", "rights", "© 2024 Jane"),
        ("license: CC BY", "rights", "CC BY"),
        ("identifier: urn:uuid:1", "identifier", "urn:uuid:1"),
        ("isbn: 978-0-306-40615-7", "identifier", "urn:isbn:978-0-306-40615-7"),
        ("doi: 10.59350/5dvez-q6817", "identifier", "urn:doi:10.59350/5dvez-q6817"),
        ("doi: https://doi.org/10.1/x", "identifier", "urn:doi:10.1/x"),
        ("identifier: 007", "identifier", "007"),  # as written, not the number 7
        ("tags: [a, b]\ncategories: [B, c]\nkeywords: x", "keywords", ("x", "a", "b", "c")),
        ("tags: one, two", "keywords", ("one", "two")),
        ("authors: [Ann, Bob]\nauthor: Ann", "author", ("Ann", "Bob")),
        ("author:\n  - name: Norah Jones\n    affiliation: X\n  - Bob", "author", ("Norah Jones", "Bob")),
        ("author:\n  name:\n    given: Norah\n    family: Jones", "author", ("Norah Jones",)),
        ("author: {name: {literal: The Desk}}", "author", ("The Desk",)),
    ],
)
def test_site_keys_are_mapped(front: str, field: str, value: object) -> None:
    fields, _, warnings = extract(f"---\n{front}\n---\n")
    assert fields[field] == value and warnings == []


def test_description_reaches_the_model() -> None:
    meta = convert.read_text("---\ntitle: T\nsummary: One line -- about it.\n---\nText\n").meta
    assert meta.description == "One line \u2013 about it."  # the body's typography


@pytest.mark.parametrize("key", ["toc", "papersize", "mainfont", "cover-image", "base-url", "certified-by"])
def test_pandoc_feature_keys_are_kept_silently(key: str) -> None:
    # base-url, toc and papersize are checked (test_reader_base_url, test_settings)
    value = {"base-url": "https://example.org/", "toc": True, "papersize": "letter"}.get(key, "yes-value")
    fields, _, warnings = extract(f"---\n{key}: {value}\n---\n")
    assert fields[key] == value and warnings == []


def test_unknown_keys_are_kept_silently() -> None:
    fields, _, warnings = extract("---\nweight: 10\nslug: x\npublished: false\nlayout: post\nimage: a.png\n---\n")
    assert (fields["weight"], fields["published"]) == (10, False) and warnings == []


@pytest.mark.parametrize(("key", "meant"), [("titel", "title"), ("autor", "author"), ("keyword", "keywords"),
                                            ("Title", "title"), ("descripton", "description")])
def test_a_typo_of_a_known_key_is_warned(key: str, meant: str) -> None:
    _, _, warnings = extract(f"---\nlang: en\n{key}: x\n---\n")
    assert len(warnings) == 1 and f"did you mean '{meant}'?" in warnings[0][0] and warnings[0][1] == 3


def test_a_key_given_twice_is_warned() -> None:
    fields, _, warnings = extract("---\ntitle: A\ntitle: B\n---\n")
    assert fields["title"] == "B" and warnings == [("front matter key 'title' given twice; the last one is used", 3)]


@pytest.mark.parametrize(
    ("front", "message", "line"),
    [("title: [a, b]", "'title' must be text", 2), ("author: {a: 1}", "'author' must be text", 2),
     ("lang: 'not a tag!'", "BCP 47", 2)],
)
def test_a_field_of_the_wrong_shape_is_a_clear_error(front: str, message: str, line: int) -> None:
    with pytest.raises(convert.SourceError) as caught:
        extract(f"---\n{front}\n---\n")
    assert message in caught.value.message and caught.value.line == line and caught.value.hint


def test_another_sites_key_in_a_shape_we_do_not_read_is_not_an_error() -> None:
    fields, _, _ = extract("---\nlicense: [a, b]\nrights: R\n---\n")
    assert fields["rights"] == "R" and fields["license"] == ["a", "b"]


def test_defaults_under_and_overrides_over_the_front_matter() -> None:
    fields, _, _ = extract(
        "---\ntitle: Doc\ndate: Spring issue\npublisher: Doc Press\n---\n",
        defaults=[("publisher", "Project Press"), ("rights", "CC BY"), ("lang", "en-GB")],
        overrides=[("title", "Override"), ("date", "01/02/2024")],
    )
    assert (fields["title"], fields["publisher"], fields["rights"]) == ("Override", "Doc Press", "CC BY")
    assert (fields["date"], "date_text" in fields) == ("2024-02-01", False)  # day first: en-GB from the defaults


# --- real posts -----------------------------------------------------------------------------------------


def test_quarto_post_corpus_12() -> None:
    fields, _, warnings = extract((CORPUS / "12-heiss-quarto-bibliographies" / "article.md").read_text("utf-8"))
    meta = frontmatter.to_meta(fields, title=str(fields["title"]), typography=lambda s: s)
    assert meta.title == "How to create separate bibliographies in a Quarto document"
    assert (meta.date, meta.identifier) == ("2023-12-11", "urn:doi:10.59350/5dvez-q6817")
    assert meta.description and meta.description.startswith("Use multibib")
    assert meta.keywords == ("quarto", "pandoc", "citations", "markdown", "acwri", "writing")
    assert warnings == [] and isinstance(fields["format"], dict)


def test_jekyll_posts_corpus_02_and_03() -> None:
    cds = meta_of((CORPUS / "02-cds-citizenship" / "article.md").read_text("utf-8"))
    assert (cds.date, cds.author) == ("2018-10-23", ("Kylie Havelock, Senior product manager",))
    assert cds.description and cds.description.startswith("Together with our colleagues")
    carpentries = meta_of((CORPUS / "03-carpentries-template-design" / "article.md").read_text("utf-8"))
    assert (carpentries.date, carpentries.author) == ("2021-05-25", ("Emily de la Mettrie",))
    assert carpentries.keywords == ("Accessibility", "Infrastructure", "Lesson Infrastructure")


def test_every_corpus_front_matter_reads_without_error() -> None:
    for source in sorted(CORPUS.glob("*/article.md")):
        _, body, _ = extract(source.read_text("utf-8"))
        assert body.count("\n") == source.read_text("utf-8").count("\n"), source


# --- hardening (#19) ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("front", "message", "line"),
    [
        ("x: !!bool maybe", "'maybe' is not a valid !!bool value", 3),
        ("x: !!int zz", "is not a valid !!int value", 3),
        ("x: !!float zz", "is not a valid !!float value", 3),
        ("x: !!python/object/apply:os.system [echo]", "the tag !!python/object/apply:os.system is not allowed", 3),
        ("x: !!python/name:os.system", "is not allowed", 3),
        ("x: !local thing", "the tag !local is not allowed", 3),
        ("x: " + "[" * 10_000, "nested deeper than", 3),
        ("a: &a [*a]", "refers to a node that contains it", 3),
        ("title: a: b: c", "mapping values are not allowed here", 3),
    ],
)
def test_hostile_yaml_is_a_source_error_naming_the_line(front: str, message: str, line: int) -> None:
    with pytest.raises(convert.SourceError) as caught:
        convert.read_text(f"---\ntitle: T\n{front}\n---\nText\n", name="hostile.md")
    error = caught.value
    assert message in error.message and error.line == line and error.column is not None and error.hint
    assert str(error).startswith(f"hostile.md:{line}:")


def test_a_character_yaml_does_not_allow_is_removed_before_yaml_sees_it() -> None:
    """The reader removes C1 controls from the source (warned); front matter read alone still says where one is."""
    with pytest.raises(convert.SourceError, match=r"a character YAML does not allow \(U\+0080\)") as caught:
        frontmatter.extract("---\ntitle: T\nx: \x80\n---\nText\n", name="a.md")
    assert caught.value.line == 3
    assert convert.read_text("---\ntitle: T\nx: a\x80\n---\nText\n").meta.title == "T"


def test_timestamp_tag_is_neutralised_to_text() -> None:
    fields, _, _ = extract("---\nx: !!timestamp foo\ndate: !!timestamp 2024-01-24\n---\n")
    assert (fields["x"], fields["date"]) == ("foo", "2024-01-24")


def test_billion_laughs_is_refused_quickly() -> None:
    lines = ['a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for previous, name in zip("abcdefgh", "bcdefghi", strict=True):
        lines.append(f"{name}: &{name} [{', '.join(['*' + previous] * 9)}]")
    with pytest.raises(convert.SourceError, match="aliases expand"):
        frontmatter.extract("---\n" + "\n".join(lines) + "\n---\n", name="a.md")


def test_too_many_values_are_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(safeyaml, "MAX_VALUES", 100)  # the default, 20,000, takes a second to reach
    with pytest.raises(convert.SourceError, match="more than 100 values"):
        frontmatter.extract("---\nx: [" + "1, " * 120 + "]\n---\n", name="a.md")
    assert len(extract("---\nx: [" + "1, " * 90 + "]\n---\n")[0]["x"]) == 90  # type: ignore[arg-type]


def test_a_few_aliases_are_fine() -> None:
    fields, _, _ = extract("---\nbase: &base [a, b]\ntags: *base\n---\n")
    assert fields["keywords"] == ("a", "b")


def test_front_matter_size_limit() -> None:
    with pytest.raises(convert.SourceError) as caught:
        convert.read_text("---\ntitle: T\nx: '" + "y" * 2_000_000 + "'\n---\nText\n")
    assert "over the limit of 1,000,000" in caught.value.message
    assert "--max-front-matter-bytes" in (caught.value.hint or "")
    small = "---\ntitle: T\nx: '" + "y" * 2_000 + "'\n---\nText\n"
    with pytest.raises(convert.SourceError, match="over the limit of 1,000"):
        extract(small, max_bytes=1_000)
    assert extract(small, max_bytes=3_000)[0]["title"] == "T"


def test_the_front_matter_limit_is_a_read_option() -> None:
    small = "---\ntitle: T\nx: '" + "y" * 2_000 + "'\n---\nText\n"
    with pytest.raises(convert.SourceError, match=r"front matter is 2,0\d\d bytes, over the limit of 1,000") as caught:
        convert.read_text(small, max_front_matter_bytes=1_000)
    assert (caught.value.line, caught.value.column) == (1, 1)
    large = "---\ntitle: T\nx: '" + "y" * 1_500_000 + "'\n---\nText\n"
    assert convert.read_text(large, max_front_matter_bytes=2_000_000).meta.title == "T"
    assert ReadOptions().max_front_matter_bytes == 1_000_000


def test_characters_xml_cannot_hold_are_removed_with_a_warning(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="convert"):
        meta = convert.read_text('---\ntitle: "A\\ud800B"\nauthor: "\\x01x"\ntags: ["\\x0bk"]\n---\nText\n').meta
    assert (meta.title, meta.author, meta.keywords) == ("AB", ("x",), ("k",))
    where = [getattr(r, "where", "") for r in caplog.records if "no document can hold" in r.getMessage()]
    assert where == ["<string>:2", "<string>:3", "<string>:4"]


def test_toml_escapes_are_cleaned_too() -> None:
    fields, _, warnings = extract('+++\ntitle = "A\\u0001B"\n+++\n')
    assert fields["title"] == "AB" and warnings and warnings[0][1] == 2


def test_certified_by_reaches_the_model() -> None:
    article = convert.read_text("---\ntitle: T\ncertified-by: The Accessibility Desk\n---\nText\n")
    assert article.meta.certified_by == "The Accessibility Desk"
