"""pandoc and Quarto habits: a project file, streams, metadata options, --watch, the article's own folder."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
from lxml import html
from pypdf import PdfReader

from convert.cli import main

from .conftest import ROOT, image_bytes


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def cli(*args: str, cwd: Path, stdin: bytes | None = None, timeout: float = 60) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([sys.executable, "-m", "convert", *args], cwd=cwd, input=stdin, capture_output=True,
                          timeout=timeout, check=False)


@pytest.fixture
def repo_copy(tmp_path: Path) -> Path:
    """A copy of this repository's article, photo and project file."""
    copy = tmp_path / "repo"
    for part in ("source", "assets"):
        shutil.copytree(ROOT / part, copy / part)
    shutil.copy(ROOT / "convert.toml", copy / "convert.toml")
    return copy


def test_the_article_converts_from_its_own_folder(repo_copy: Path) -> None:
    result = cli("--to", "pdf", "article.md", cwd=repo_copy / "source")
    assert result.returncode == 0, result.stderr
    pdf = PdfReader(repo_copy / "out" / "article.pdf")  # out-dir is the project's, relative to its root
    assert len(pdf.pages[0].images) == 1


def test_no_arguments_anywhere_in_the_project_converts_its_sources(repo_copy: Path) -> None:
    (repo_copy / "source" / "deep").mkdir()
    result = cli("--to", "html", cwd=repo_copy / "source" / "deep")
    assert result.returncode == 0, result.stderr
    assert (repo_copy / "out" / "article.html").is_file()


def test_stdin_to_stdout(repo_copy: Path) -> None:
    """``cat article.md | convert --to html - -o - | grep '<figcaption>'`` from the article's folder."""
    source = (repo_copy / "source" / "article.md").read_bytes()
    result = cli("--to", "html", "-", "-o", "-", cwd=repo_copy / "source", stdin=source)
    assert result.returncode == 0, result.stderr
    page = html.fromstring(result.stdout)
    assert page.xpath("//figure/figcaption") and page.xpath("//figure//img/@src")[0].startswith("data:image/")
    assert not (repo_copy / "out").exists() and not (repo_copy / "source" / "-").exists()


def test_binary_output_to_stdout_goes_through_a_pipe(tmp_path: Path) -> None:
    result = cli("--to", "docx", "-", "-o", "-", cwd=tmp_path, stdin=b"# T\n\nText\n")
    assert result.returncode == 0 and result.stdout[:2] == b"PK"


def test_binary_output_is_refused_on_a_terminal(tmp_path: Path) -> None:
    import pty

    leader, follower = pty.openpty()
    try:
        process = subprocess.run([sys.executable, "-m", "convert", "--to", "pdf", "-", "-o", "-"], cwd=tmp_path,
                                 input=b"# T\n", stdout=follower, stderr=subprocess.PIPE, timeout=60, check=False)
    finally:
        os.close(follower)
        os.close(leader)
    assert process.returncode == 2 and b"refusing to write PDF to a terminal" in process.stderr


def test_project_file_sets_defaults_and_the_command_line_wins(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "convert.toml").write_text('to = ["html", "epub"]\nout-dir = "built"\npaper = "letter"\n'
                                           '[metadata]\npublisher = "The Desk"\n')
    (tmp_path / "posts").mkdir()
    (tmp_path / "posts" / "a.md").write_text("# A\n\nText\n")
    code, _, err = run(capsys, str(tmp_path / "posts" / "a.md"))
    assert code == 0, err
    assert sorted(p.name for p in (tmp_path / "built").iterdir()) == ["a.epub", "a.html"]
    with zipfile.ZipFile(tmp_path / "built" / "a.epub") as book:
        opf = next(book.read(n).decode() for n in book.namelist() if n.endswith(".opf"))
    assert "The Desk</dc:publisher>" in opf  # metadata defaults reach the article
    code, _, err = run(capsys, "--to", "pdf", "--paper", "a4", str(tmp_path / "posts" / "a.md"))
    box = PdfReader(tmp_path / "built" / "a.pdf").pages[0].mediabox
    assert code == 0 and round(float(box.width)) == 595  # --paper a4 beats the project's letter
    code, _, err = run(capsys, "--to", "pdf", str(tmp_path / "posts" / "a.md"))
    box = PdfReader(tmp_path / "built" / "a.pdf").pages[0].mediabox
    assert round(float(box.width)) == 612  # the project's letter


def test_site_root_images_resolve_against_the_project_root(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "convert.toml").write_text("")
    (tmp_path / "static" / "img").mkdir(parents=True)
    (tmp_path / "static" / "img" / "p.png").write_bytes(image_bytes(40, 30, "PNG"))
    (tmp_path / "convert.toml").write_text('site-root = "static"\n')
    (tmp_path / "posts").mkdir()
    (tmp_path / "posts" / "a.md").write_text("# A\n\n![A picture](/img/p.png)\n")
    code, _, err = run(capsys, "--to", "html", str(tmp_path / "posts" / "a.md"), "--out-dir", str(tmp_path / "out"))
    assert code == 0, err
    assert html.parse(str(tmp_path / "out" / "a.html")).xpath("//figure//img/@src")[0].startswith("data:image/png")


@pytest.mark.parametrize(("content", "message"), [
    ('tto = ["pdf"]\n', "2:1: error: unknown key 'tto' in the project file (did you mean 'to'?)"),
    ("jobs = 0\n", "2:1: error: 'jobs' must be a whole number above 0"),
    ("to = [\n", "error: broken TOML in the project file"),
])
def test_project_file_errors_name_the_line(tmp_path: Path, capsys: pytest.CaptureFixture[str], content: str,
                                           message: str) -> None:
    (tmp_path / "convert.toml").write_text("# settings\n" + content)
    (tmp_path / "a.md").write_text("# A\n")
    code, _, err = run(capsys, str(tmp_path / "a.md"))
    assert code == 1 and message in err and str(tmp_path / "convert.toml") in err


def test_no_project_ignores_it(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "convert.toml").write_text("tto = 1\n")
    (tmp_path / "a.md").write_text("# A\n")
    code, _, _ = run(capsys, "--no-project", "--to", "html", str(tmp_path / "a.md"), "--out-dir", str(tmp_path / "o"))
    assert code == 0


def test_metadata_options_merge_as_pandoc(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "meta.yaml").write_text("publisher: From the file\nsubtitle: Default subtitle\nrights: CC BY\n")
    (tmp_path / "a.md").write_text("---\ntitle: T\nsubtitle: The article's own\n---\nText\n")
    code, _, err = run(capsys, "--to", "html,epub", str(tmp_path / "a.md"), "--out-dir", str(tmp_path / "o"),
                       "--metadata-file", str(tmp_path / "meta.yaml"), "-M", "title=Overridden", "-M", "date=2020-02-03")
    assert code == 0, err
    page = html.parse(str(tmp_path / "o" / "a.html"))
    assert page.xpath("string(//h1)") == "Overridden"  # -M beats the front matter
    assert page.xpath("string(//*[@class='subtitle'])") == "The article\u2019s own"  # front matter beats the file
    assert page.xpath("//time/@datetime") == ["2020-02-03"]
    with zipfile.ZipFile(tmp_path / "o" / "a.epub") as book:
        opf = next(book.read(n).decode() for n in book.namelist() if n.endswith(".opf"))
    assert "From the file</dc:publisher>" in opf  # the file gives what the article does not say


def test_reference_doc_is_an_alias(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import docx

    reference = tmp_path / "ref.docx"
    docx.Document().save(str(reference))
    (tmp_path / "a.md").write_text("# A\n\nText\n")
    code, _, err = run(capsys, "--to", "docx", str(tmp_path / "a.md"), "--out-dir", str(tmp_path / "o"),
                       "--reference-doc", str(reference))
    assert code == 0, err


@pytest.mark.slow
def test_watch_rebuilds_on_each_change_and_stops_on_ctrl_c(tmp_path: Path) -> None:
    source = tmp_path / "a.md"
    source.write_text("# A\n\nFirst.\n")
    out = tmp_path / "out" / "a.html"
    process = subprocess.Popen([sys.executable, "-m", "convert", "--watch", "--to", "html", str(source),
                                "--out-dir", str(tmp_path / "out")], stderr=subprocess.PIPE, cwd=tmp_path)
    try:
        for builds, text in enumerate(("Second.", "Third."), start=1):
            # the build before this change has finished: its summary printed (the file is written before it)
            _wait_for(lambda builds=builds: _peek(process).count(b"watching") >= builds and out.is_file(), 30)
            time.sleep(0.5)  # the watcher is set up
            source.write_text(f"# A\n\n{text}\n")
            _wait_for(lambda text=text: out.is_file() and text in out.read_text(), 30)
        _wait_for(lambda: _peek(process).count(b"1 converted, 0 failed") >= 3, 30)  # not stopped mid-summary
    finally:
        process.send_signal(signal.SIGINT)
        _, rest = process.communicate(timeout=30)
    err = _peek(process) + rest
    assert process.returncode == 0, err
    assert b"stopped watching" in err and b"Traceback" not in err
    assert err.count(b"1 converted, 0 failed") == 3  # the first build and two rebuilds


_SEEN: dict[int, bytes] = {}


def _peek(process: subprocess.Popen[bytes]) -> bytes:
    """What the process wrote to stderr so far (non-blocking)."""
    assert process.stderr is not None
    if process.stderr.closed:
        return _SEEN.get(process.pid, b"")
    os.set_blocking(process.stderr.fileno(), False)
    chunk = process.stderr.read() or b""
    _SEEN[process.pid] = _SEEN.get(process.pid, b"") + chunk
    return _SEEN[process.pid]


def _wait_for(condition: object, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():  # type: ignore[operator]
            return
        time.sleep(0.05)
    raise AssertionError("timed out")


def test_library_never_prints(tmp_path: Path) -> None:
    script = ("import convert\n"
              "a = convert.read_text('# T\\n\\nAT&T <b>x</b> and (missing.jpg)\\n')\n"
              "convert.render(a, 'html')\n")
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, cwd=tmp_path, timeout=60, check=False)
    assert result.returncode == 0 and result.stdout == b"" and result.stderr == b""


def test_verify_works_on_the_plain_dependencies() -> None:
    """pypdf is a runtime dependency: ``--verify`` never needs the test extras."""
    import tomllib

    dependencies = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["dependencies"]
    assert any(d.lower().startswith("pypdf") for d in dependencies)


def test_a_bad_format_in_the_project_file_names_its_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "convert.toml").write_text('out-dir = "o"\nto = "pdff"\n')
    (tmp_path / "a.md").write_text("# A\n")
    code, _, err = run(capsys, str(tmp_path / "a.md"))
    assert code == 1 and f"{tmp_path / 'convert.toml'}:2:1: error: 'to' in the project file: unknown format 'pdff'" in err


def test_no_article_and_no_project_says_what_to_do(tmp_path: Path) -> None:
    result = cli(cwd=tmp_path)
    assert result.returncode == 2 and b"name the article to convert" in result.stderr


def test_verify_only_ends_with_a_summary(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "a.md").write_text("# A\n\nText\n")
    assert run(capsys, "--to", "html,docx", str(tmp_path / "a.md"), "--out-dir", str(tmp_path / "o"))[0] == 0
    code, _, err = run(capsys, "--verify-only", str(tmp_path / "o" / "a.html"), str(tmp_path / "o" / "a.docx"),
                       "--source", str(tmp_path / "a.md"))
    assert code == 0 and err.splitlines()[-1] == "2 verified, 0 failed"


def test_verify_of_a_broken_pdf_prints_nothing_from_the_library(tmp_path: Path) -> None:
    script = ("import convert\n"
              "report = convert.verify(b'%PDF-1.4 garbage', convert.read_text('# T\\n\\nx\\n'), 'pdf')\n"
              "assert not report.ok\n")
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, cwd=tmp_path, timeout=60, check=False)
    assert result.returncode == 0 and result.stdout == b"" and result.stderr == b"", result.stderr
