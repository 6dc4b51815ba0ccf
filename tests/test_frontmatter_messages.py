"""What metadata messages say: the fix-it hint for broken YAML, and where a bad value came from (-M, defaults)."""

from __future__ import annotations

import logging
import subprocess
import sys
from pathlib import Path

import pytest

import convert


def _broken(front: str) -> convert.SourceError:
    with pytest.raises(convert.SourceError) as caught:
        convert.read_text(f"---\nlang: en\n{front}\n---\n\nText\n", name="story.md")
    return caught.value


# --- the commonest YAML mistake: a second ': ' in a plain value --------------------------------------------------


@pytest.mark.parametrize(("front", "column", "quoted"), [
    ("title: NATO: Chief meets Aliyev", 12, 'title: "NATO: Chief meets Aliyev"'),
    ("subtitle: Baku: the \"talks\" go on", 15, 'subtitle: "Baku: the \\"talks\\" go on"'),
])
def test_a_colon_in_a_plain_value_says_to_quote_it_with_line_and_column(front: str, column: int, quoted: str) -> None:
    error = _broken(front)
    assert "mapping values are not allowed here" in error.message
    assert (error.file, error.line, error.column) == ("story.md", 3, column)
    hint = error.hint or ""
    assert "quote a value that contains ': '" in hint and quoted in hint and "tags" not in hint


def test_refused_tags_keep_their_own_hint() -> None:
    for front in ("x: !!bool maybe", "x: !local thing"):
        hint = _broken(front).hint or ""
        assert "without tags" in hint and "quote" not in hint


def test_a_colon_in_a_flow_mapping_still_says_to_quote() -> None:
    error = _broken("x: {a: b: c}")
    assert error.line == 3 and "quote values that contain ': '" in (error.hint or "")


# --- metadata given outside the article: named as its giver wrote it, not as the article's front matter ----------


def test_a_bad_m_value_is_blamed_on_m_not_on_the_file() -> None:
    with pytest.raises(convert.SourceError) as caught:
        convert.read_text("# T\n\nText\n", name="rich.md", metadata_overrides=(("title", ["a", "b"]),))
    error = caught.value
    assert error.message == "-M title must be text, not a list"
    assert (error.file, error.line) == (None, None) and "rich.md" not in str(error)
    assert "-M 'title=" in (error.hint or "")


def test_a_bad_default_is_blamed_on_the_metadata_defaults() -> None:
    with pytest.raises(convert.SourceError) as caught:
        convert.read_text("# T\n\nText\n", name="rich.md", metadata=(("lang", "not a tag!"),))
    error = caught.value
    assert error.message.startswith("metadata default 'lang' (project file or --metadata-file) is not a BCP 47")
    assert error.file is None and "rich.md" not in str(error)


def test_the_same_value_in_the_front_matter_still_names_the_file_and_line() -> None:
    with pytest.raises(convert.SourceError) as caught:
        convert.read_text("---\nlang: en\ntitle: [a, b]\n---\n\nText\n", name="rich.md")
    assert caught.value.message == "front matter 'title' must be text, not a list"
    assert (caught.value.file, caught.value.line) == ("rich.md", 3)


def test_an_m_typo_is_an_m_warning_without_the_articles_place(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="convert"):
        article = convert.read_text("# T\n\nText\n", name="rich.md",
                                    metadata_overrides=(("tilte", "Foo"), ("date", ["2024", "2025"])),
                                    metadata=(("autor", "Ann"),))
    assert article.meta.title == "T"
    messages = {r.getMessage(): getattr(r, "where", None) for r in caplog.records}
    assert messages == {"-M tilte is not read: did you mean 'title'?": None,
                        "-M date must be one date, not a list; not shown": None,
                        "metadata default 'autor' (project file or --metadata-file) is not read: did you mean 'author'?":
                        None}


def test_the_command_line_says_m(tmp_path: Path) -> None:
    (tmp_path / "rich.md").write_text("# T\n\nText\n", encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "convert", "--no-project", "--to", "html", "-M", "title=[a, b]",
                             "-M", "tilte=Foo", "rich.md"], cwd=tmp_path, capture_output=True, text=True, timeout=60)
    assert result.returncode == 1
    lines = result.stderr.splitlines()
    assert "convert: warning: -M tilte is not read: did you mean 'title'?" in lines
    assert any(line.startswith("convert: error: -M title must be text, not a list (") for line in lines)
