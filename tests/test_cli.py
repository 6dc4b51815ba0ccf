"""The CLI: exit codes, compiler-style error lines, atomic writes, no tracebacks."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

import convert
from convert.cli import main

from .conftest import ROOT, SEED, WriteArticle


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_default_source_to_pdf(workdir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (workdir / "source").mkdir()
    (workdir / "source" / "article.md").write_text(SEED.read_text(encoding="utf-8"))
    (workdir / "assets").mkdir()
    (workdir / "assets" / "photo.jpg").write_bytes((ROOT / "assets" / "photo.jpg").read_bytes())
    code, _, err = run(capsys, "--to", "pdf")
    assert (code, err) == (0, "1 converted, 0 failed, 0 up to date\n")  # one summary line, as for many articles
    assert (workdir / "out" / "article.pdf").read_bytes().startswith(b"%PDF-")


def test_list_formats_and_version(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--list-formats")
    assert code == 0 and {"docx", "pdf", "epub", "html"} <= set(out.split())
    code, out, _ = run(capsys, "--version")
    assert code == 0 and convert.__version__ in out


def test_python_dash_m_lists_formats() -> None:
    result = subprocess.run([sys.executable, "-m", "convert", "--list-formats"], capture_output=True, text=True,
                            check=True)
    assert result.stdout.split()[:3] == ["docx", "epub", "html"]


def test_help_has_examples(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--help")
    assert code == 0 and "convert --to pdf" in out and "python -m convert" in out


@pytest.mark.parametrize("args", [["--to", "rtf"], ["--paper", "a5"], ["--bogus"], ["--to", "pdf,docx", "-o", "x.pdf"]])
def test_usage_errors_exit_2(capsys: pytest.CaptureFixture[str], args: list[str]) -> None:
    code, _, err = run(capsys, *args, str(SEED))
    assert code == 2
    assert "Traceback" not in err and "Error" in err


def test_several_formats_and_out_dir(write_article: WriteArticle, capsys: pytest.CaptureFixture[str]) -> None:
    source = write_article("# Title\n\n![cap](photo.jpg)\n\nText\n")
    code, _, _ = run(capsys, "--to", "docx,epub,html", str(source), "--out-dir", "build")
    assert code == 0
    assert sorted(p.name for p in (source.parent / "build").iterdir()) == ["story.docx", "story.epub", "story.html"]


def test_output_format_from_extension(write_article: WriteArticle, capsys: pytest.CaptureFixture[str]) -> None:
    source = write_article("# Title\n\nText\n")
    code, _, _ = run(capsys, str(source), "-o", "mine.html")
    assert code == 0 and (source.parent / "mine.html").read_text().startswith("<!DOCTYPE html>")


def test_error_line_and_nothing_written(write_article: WriteArticle, capsys: pytest.CaptureFixture[str]) -> None:
    source = write_article("# Title\n\nText\n\n![cap](missing.jpg)\n")
    code, _, err = run(capsys, "--to", "pdf", str(source))
    assert code == 1
    assert err.splitlines() == [
        f"{source}:5:1: error: image not found: missing.jpg (looked for {source.parent / 'missing.jpg'})",
        "0 converted, 1 failed, 0 up to date"]
    assert not (source.parent / "out").exists()


def test_failure_keeps_the_good_output(write_article: WriteArticle, capsys: pytest.CaptureFixture[str]) -> None:
    source = write_article("# Title\n\nText\n")
    assert run(capsys, "--to", "docx", str(source))[0] == 0
    target = source.parent / "out" / "story.docx"
    good = target.read_bytes()
    source.write_text("---\ntitle: [broken\n---\n")
    code, _, err = run(capsys, "--to", "docx", str(source))
    assert code == 1 and ":2:" in err and "broken YAML" in err
    assert target.read_bytes() == good
    assert [p.name for p in target.parent.iterdir()] == ["story.docx"]


def test_output_cannot_be_the_source(write_article: WriteArticle, capsys: pytest.CaptureFixture[str]) -> None:
    source = write_article("# Title\n\nText\n")
    before = source.read_bytes()
    code, _, err = run(capsys, "--to", "html", str(source), "-o", str(source))
    assert code == 1 and "overwrite the source" in err
    assert source.read_bytes() == before


def test_unwritable_output_folder(write_article: WriteArticle, capsys: pytest.CaptureFixture[str]) -> None:
    source = write_article("# Title\n\nText\n")
    (source.parent / "file").write_text("not a folder")
    code, _, err = run(capsys, "--to", "html", str(source), "--out-dir", str(source.parent / "file" / "sub"))
    assert code == 1 and "cannot write to folder" in err and "Traceback" not in err


def test_warnings_are_compiler_style(write_article: WriteArticle, capsys: pytest.CaptureFixture[str]) -> None:
    source = write_article("# Title\n\nAT&T <blink>bold</blink>\n")
    code, _, err = run(capsys, "--to", "html", str(source))
    assert code == 0
    assert f"{source}:3: warning: raw HTML <blink> is not modelled; kept its text" in err
    code, _, err = run(capsys, "-q", "--to", "html", str(source))
    assert (code, err) == (0, "")


def test_no_smart(write_article: WriteArticle, capsys: pytest.CaptureFixture[str]) -> None:
    source = write_article('# Title\n\n"quoted" -- text\n')
    run(capsys, "--no-smart", "--to", "html", str(source))
    assert '&quot;quoted&quot; -- text' in (source.parent / "out" / "story.html").read_text()


def test_missing_source(capsys: pytest.CaptureFixture[str], workdir: Path) -> None:
    code, _, err = run(capsys, "--to", "pdf", "nope.md")
    assert code == 1 and err.splitlines()[0] == "nope.md: error: source not found (check the path)"


def test_output_onto_a_folder_is_a_clear_error(write_article: WriteArticle, capsys: pytest.CaptureFixture[str]) -> None:
    source = write_article("# Title\n\nText\n")
    (source.parent / "taken.html").mkdir()
    code, _, err = run(capsys, "--to", "html", str(source), "-o", str(source.parent / "taken.html"))
    assert code == 1 and "error: cannot write" in err and "internal error" not in err
    assert sorted(p.name for p in source.parent.iterdir()) == ["photo.jpg", "story.md", "taken.html"]


def test_the_command_leaves_the_library_logging_as_it_found_it(tmp_path: Path) -> None:
    import logging

    from convert.cli import main

    (tmp_path / "a.md").write_text("# A\n\nText.\n", encoding="utf-8")
    logger = logging.getLogger("convert")
    before = (list(logger.handlers), logger.level, logger.propagate)
    assert main(["--to", "html", str(tmp_path / "a.md"), "--out-dir", str(tmp_path / "out"), "-q"]) == 0
    assert (list(logger.handlers), logger.level, logger.propagate) == before  # -q set ERROR while it ran
