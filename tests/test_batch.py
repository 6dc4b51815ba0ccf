"""Batch: nested folders, isolated failures, incremental rebuilds, --force, reports, Dask."""

from __future__ import annotations

import io
import json
import os
import zipfile
from pathlib import Path

import docx
import pytest
from pypdf import PdfReader

import convert
from convert.batching import MANIFEST, batch
from convert.cli import main

from .conftest import image_bytes

FORMATS = ("docx", "pdf", "epub")


def make_tree(root: Path, count: int = 6) -> Path:
    """content/desk{n}/story{i}.md with a shared photo per desk, plus one broken article."""
    content = root / "content"
    for i in range(count):
        desk = content / f"desk{i % 3}" / ("deep" if i % 2 else "")
        desk.mkdir(parents=True, exist_ok=True)
        (desk / "photo.jpg").write_bytes(image_bytes(80 + i, 60))
        (desk / f"story{i}.md").write_text(
            f"---\ntitle: Story {i}\ndate: 2020-01-0{i % 9 + 1}\n---\n\n![Caption {i}](photo.jpg)\n\n"
            f"Body of story {i}.\n\n## Sub {i}\n\nMore.\n\n::: credit\nWith reporting by desk {i % 3}\n:::\n")
    (content / "desk1").mkdir(exist_ok=True)
    (content / "desk1" / "broken.md").write_text("---\ntitle: Broken\n---\n\n![gone](missing.jpg)\n")
    return content


def outputs(out: Path) -> dict[str, bytes]:
    return {str(p.relative_to(out)): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file() and p.name != MANIFEST}


def test_tree_with_one_broken_article(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    content = make_tree(tmp_path)
    out = tmp_path / "out"
    code = main(["--to", ",".join(FORMATS), str(content), "--out-dir", str(out), "--jobs", "2",
                 "--report", str(tmp_path / "report.json")])
    captured = capsys.readouterr()
    assert code == 1
    assert f"{content / 'desk1' / 'broken.md'}:5:1: error: image not found: missing.jpg" in captured.err
    assert captured.err.strip().splitlines()[-1] == "6 converted, 1 failed, 0 up to date"
    files = outputs(out)
    assert len(files) == 6 * 3 and not [name for name in files if "broken" in name]
    assert "desk1/deep/story1.pdf" in files and "desk0/story0.docx" in files  # the tree is mirrored
    for name, data in files.items():
        if name.endswith(".docx"):
            styles = {p.style.name for p in docx.Document(io.BytesIO(data)).paragraphs if p.style is not None}
            assert {"Title", "Caption", "Heading 2", "Credit"} <= styles
        elif name.endswith(".pdf"):
            assert "Body of story" in PdfReader(io.BytesIO(data)).pages[0].extract_text()
        else:
            assert zipfile.ZipFile(io.BytesIO(data)).namelist()[0] == "mimetype"
    records = json.loads((tmp_path / "report.json").read_text())
    assert len(records) == 7 * 3
    broken = [r for r in records if r["source"].endswith("broken.md")]
    assert {r["status"] for r in broken} == {"failed"} and all("missing.jpg" in r["error"] for r in broken)
    good = [r for r in records if r["status"] == "converted"]
    assert all(r["bytes"] > 0 and r["output"] and r["seconds"] >= 0 for r in good)


def test_second_run_rebuilds_nothing_and_force_rebuilds(tmp_path: Path) -> None:
    content = make_tree(tmp_path)
    out = tmp_path / "out"
    first = batch([content], FORMATS, out, jobs=2)
    assert (first.converted, first.failed) == (6, 1)
    before = {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in out.rglob("*") if p.is_file()}
    second = batch([content], FORMATS, out, jobs=2)
    assert (second.converted, second.failed, second.up_to_date) == (0, 1, 6)
    assert {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in out.rglob("*") if p.is_file()} == before
    (content / "desk0" / "story0.md").write_text((content / "desk0" / "story0.md").read_text() + "\nNew line.\n")
    (content / "desk2" / "photo.jpg").write_bytes(image_bytes(99, 99))  # story2's image changed
    third = batch([content], FORMATS, out, jobs=1)
    assert third.converted == 2 and third.up_to_date == 4
    forced = batch([content], FORMATS, out, jobs=2, force=True)
    assert forced.converted == 6 and forced.up_to_date == 0


def test_deleted_or_edited_output_is_rebuilt(tmp_path: Path) -> None:
    content = make_tree(tmp_path, count=2)
    out = tmp_path / "out"
    batch([content], ("html",), out, jobs=1)
    (out / "desk0" / "story0.html").unlink()
    (out / "desk1" / "deep" / "story1.html").write_text("edited by hand")
    report = batch([content], ("html",), out, jobs=1)
    assert report.converted == 2


def test_fail_fast_stops(tmp_path: Path) -> None:
    content = tmp_path / "c"
    content.mkdir()
    (content / "a.md").write_text("# A\n\n![x](missing.jpg)\n")
    for name in "bcd":
        (content / f"{name}.md").write_text(f"# {name}\n\nText\n")
    report = batch([content], ("html",), tmp_path / "out", jobs=1, fail_fast=True)
    assert report.failed == 1 and report.converted == 0


def test_batch_folders_are_allowed_image_roots(tmp_path: Path) -> None:
    content = tmp_path / "content"
    (content / "stories").mkdir(parents=True)
    (content / "images").mkdir()
    (content / "images" / "p.jpg").write_bytes(image_bytes())
    (content / "stories" / "s.md").write_text("# S\n\n![c](../images/p.jpg)\n")
    old = Path.cwd()
    os.chdir(tmp_path.parent)  # the working folder does not contain the images
    try:
        report = batch([content], ("html",), tmp_path / "out", jobs=1)
    finally:
        os.chdir(old)
    assert report.converted == 1, report.records


def test_dask_cluster_gives_the_same_bytes(tmp_path: Path) -> None:
    distributed = pytest.importorskip("distributed", reason="the 'dask' extra is part of the test install")
    content = make_tree(tmp_path, count=4)
    local = batch([content], FORMATS, tmp_path / "local", jobs=1)
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, host="127.0.0.1", dashboard_address=None,
                                  processes=True) as cluster:
        remote = batch([content], FORMATS, tmp_path / "dask", scheduler=cluster.scheduler_address)
    assert (remote.converted, remote.failed) == (local.converted, local.failed) == (4, 1)
    assert outputs(tmp_path / "dask") == outputs(tmp_path / "local")
    assert [(r.source, r.format, r.status, r.bytes) for r in remote.records] == [
        (r.source, r.format, r.status, r.bytes) for r in local.records]
    assert (tmp_path / "dask" / MANIFEST).read_text() == (tmp_path / "local" / MANIFEST).read_text()


def test_library_api_is_exported() -> None:
    assert convert.batch is batch


def test_verify_in_batch_reports_a_failed_check_and_keeps_the_file(tmp_path: Path,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    content = make_tree(tmp_path, count=1)
    clean = batch([content], FORMATS, tmp_path / "out", jobs=1, verify=True)
    assert clean.converted == 1 and {r.status for r in clean.records if "story0" in r.source} == {"converted"}

    from convert.readback import Finding, Report

    def failing(source: object, article: object, format: str | None = None) -> Report:
        return Report(format or "?", [Finding("credit line 1", 'style "Credit"', "x", "(nothing)", False)])

    monkeypatch.setattr("convert.api.verify", failing)
    report = batch([content], ("docx",), tmp_path / "out2", jobs=1, verify=True)
    record = next(r for r in report.records if "story0" in r.source)
    assert record.status == "failed" and record.error is not None and "credit line 1" in record.error
    assert record.output is not None and Path(record.output).is_file()
    again = batch([content], ("docx",), tmp_path / "out2", jobs=1)
    assert next(r for r in again.records if "story0" in r.source).status == "converted"  # never counted up to date


def test_worker_warnings_reach_the_cli_once_in_compiler_style(tmp_path: Path, capfd: pytest.CaptureFixture[str]) -> None:
    content = tmp_path / "c"
    content.mkdir()
    for name in ("a", "b"):
        (content / f"{name}.md").write_text(f"# {name}\n\nAT&T <blink>bold</blink>\n")
    assert main(["--to", "html", str(content), "--out-dir", str(tmp_path / "out"), "--jobs", "2", "-q"]) == 0
    assert capfd.readouterr().err == ""  # -q: errors only
    assert main(["--to", "html", str(content), "--out-dir", str(tmp_path / "out2"), "--jobs", "2"]) == 0
    err = capfd.readouterr().err
    for name in ("a", "b"):
        line = f"{content / name}.md:3: warning: raw HTML <blink> is not modelled; kept its text"
        assert err.count(line) == 1, err


def test_unreachable_scheduler_is_a_clear_error(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("distributed", reason="the 'dask' extra is part of the test install")
    monkeypatch.setattr("convert.batching.cluster.CONNECT_SECONDS", 2)
    import socket

    with socket.socket() as probe:  # a port on this machine that nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    content = make_tree(tmp_path, count=1)
    code = main(["--to", "html", str(content), "--out-dir", str(tmp_path / "out"),
                 "--scheduler", f"tcp://127.0.0.1:{port}"])
    err = capsys.readouterr().err
    assert code == 1 and "cannot reach the Dask scheduler" in err and "internal error" not in err


def test_two_articles_with_one_name_are_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for desk in ("a", "b"):
        (tmp_path / desk).mkdir()
        (tmp_path / desk / "story.md").write_text(f"# {desk}\n\nText\n")
    code = main(["--to", "html", str(tmp_path / "a" / "story.md"), str(tmp_path / "b" / "story.md"),
                 "--out-dir", str(tmp_path / "out")])
    assert code == 1 and "would both write" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()
    assert main(["--to", "html", str(tmp_path / "a"), str(tmp_path / "b"), "--out-dir", str(tmp_path / "out")]) == 1
    capsys.readouterr()
    same = str(tmp_path / "a" / "story.md")
    assert main(["--to", "html", same, same, "--out-dir", str(tmp_path / "out")]) == 0
    assert capsys.readouterr().err.strip().splitlines()[-1] == "1 converted, 0 failed, 0 up to date"


def test_a_writer_registered_through_the_api_works_in_process_only(tmp_path: Path) -> None:
    from convert.registry import Registry

    from .test_registry import ShoutWriter

    content = make_tree(tmp_path, count=1)
    registry = Registry.default()
    registry.register("shout", ShoutWriter)
    report = batch([content], ("shout",), tmp_path / "out", jobs=1, registry=registry)
    assert report.converted == 1
    assert (tmp_path / "out" / "desk0" / "story0.txt").read_text() == "STORY 0\nCaption 0"
    with pytest.raises(convert.ConvertError, match="registered only in this process"):
        batch([content], ("shout",), tmp_path / "out2", jobs=2, registry=registry)


def test_an_article_whose_picture_the_reader_normalises_is_up_to_date_on_the_next_run(tmp_path: Path) -> None:
    """An SVG gets its size written in, a phone photo is turned upright: the manifest compares the files."""
    content = tmp_path / "content"
    content.mkdir()
    (content / "s.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 40 20">'
                                   '<rect width="40" height="20" fill="blue"/></svg>')
    (content / "a.md").write_text("# A\n\n![Blue box](s.svg)\n")
    assert batch([content], ("html",), tmp_path / "out", jobs=1).converted == 1
    again = batch([content], ("html",), tmp_path / "out", jobs=1)
    assert (again.converted, again.up_to_date) == (0, 1)
