"""Long batches survive: killed workers, SIGTERM, two runs at once, a hand-edited manifest, odd file names."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections import deque
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

import convert
from convert.batching import MANIFEST, batch
from convert.cli import main

ARTICLES = 60


def make_articles(folder: Path, count: int = ARTICLES) -> Path:
    """``count`` small articles without images, three desks deep."""
    for i in range(count):
        desk = folder / f"desk{i % 3}"
        desk.mkdir(parents=True, exist_ok=True)
        (desk / f"story{i:03}.md").write_text(f"# Story {i}\n\nBody of story {i}, long enough to be text.\n\n## Sub\n\nMore.\n")
    return folder


def children_of(pid: int) -> set[int]:
    found: set[int] = set()
    for task in Path(f"/proc/{pid}/task").iterdir():
        found.update(int(p) for p in (task / "children").read_text().split())
    return found


def workers_of(pid: int) -> set[int]:
    """Child processes that are pool workers (not multiprocessing's resource tracker)."""
    return {child for child in children_of(pid)
            if b"resource_tracker" not in Path(f"/proc/{child}/cmdline").read_bytes()}


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def manifest_matches_outputs(out: Path) -> int:
    """Every manifest entry names an existing output with the recorded hash; returns the number of entries."""
    import hashlib

    entries = json.loads((out / MANIFEST).read_text())
    for name, entry in entries.items():
        assert hashlib.sha256((out / name).read_bytes()).hexdigest() == entry["output_sha256"], name
    return len(entries)


@pytest.mark.slow
def test_a_worker_killed_mid_batch_is_replaced_and_nothing_is_lost(tmp_path: Path) -> None:
    content = make_articles(tmp_path / "content")
    killed: list[int] = []

    def kill_a_worker(job: object, records: object) -> None:
        if not killed:
            worker = min(workers_of(os.getpid()))
            os.kill(worker, signal.SIGKILL)
            killed.append(worker)

    report = batch([content], ("html", "docx"), tmp_path / "out", jobs=2, progress=kill_a_worker)
    assert killed and report.ok and report.converted == ARTICLES, report.summary()
    assert manifest_matches_outputs(tmp_path / "out") == 2 * ARTICLES
    deadline = time.monotonic() + 15
    while [p for p in children_of(os.getpid()) if alive(p) and p in killed] and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not [p for p in children_of(os.getpid()) if alive(p) and p in killed]


@pytest.mark.slow
def test_sigterm_stops_workers_writes_the_manifest_and_exits_143(tmp_path: Path) -> None:
    content = make_articles(tmp_path / "content", 300)
    out = tmp_path / "out"
    process = subprocess.Popen([sys.executable, "-m", "convert", "--to", "html,docx", str(content), "--out-dir",
                                str(out), "--jobs", "2"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    while not any(out.rglob("*.docx")) and time.monotonic() < deadline:
        time.sleep(0.05)
    workers = workers_of(process.pid)
    process.send_signal(signal.SIGTERM)
    _, err = process.communicate(timeout=60)
    assert process.returncode == 143, err
    assert "terminated" in err and "Traceback" not in err
    done = manifest_matches_outputs(out)
    assert 0 < done < 2 * 300
    deadline = time.monotonic() + 15  # workers notice a vanished parent within a second (more on a busy machine)
    while [p for p in workers if alive(p)] and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not [p for p in workers if alive(p)]
    # a temporary file the stop caught mid-write (rare: writes hold the signal) is never an output, and the next
    # run removes it (README: "temporary files a killed run left are removed")
    assert all(p.name.startswith(".") for p in out.rglob("*.part"))
    report = tmp_path / "again.json"
    assert main(["--to", "html,docx", str(content), "--out-dir", str(out), "--jobs", "2", "-q",
                 "--report", str(report)]) == 0
    assert not list(out.rglob("*.part"))
    statuses = [r["status"] for r in json.loads(report.read_text())]
    assert statuses.count("up to date") >= done - 2 and manifest_matches_outputs(out) == 2 * 300


@pytest.mark.slow
def test_two_runs_into_one_folder_keep_one_complete_manifest(tmp_path: Path) -> None:
    content = make_articles(tmp_path / "content")
    out = tmp_path / "out"
    command = [sys.executable, "-m", "convert", "--to", "html,docx", str(content), "--out-dir", str(out), "-j", "1"]
    runs = [subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(2)]
    for run in runs:
        _, err = run.communicate(timeout=120)
        assert run.returncode == 0, err
    assert manifest_matches_outputs(out) == 2 * ARTICLES


@pytest.mark.parametrize("entry", ['"x"', "[]", "{}", '{"source_sha256": 1}', "null"])
def test_a_hand_edited_manifest_entry_is_rebuilt(tmp_path: Path, entry: str) -> None:
    content = make_articles(tmp_path / "content", 3)
    out = tmp_path / "out"
    assert batch([content], ("html",), out, jobs=1).converted == 3
    entries = json.loads((out / MANIFEST).read_text())
    first = sorted(entries)[0]
    (out / MANIFEST).write_text(json.dumps({**entries, first: json.loads(entry)}))
    report = batch([content], ("html",), out, jobs=1)
    assert (report.converted, report.up_to_date) == (1, 2)


def test_a_manifest_naming_devices_or_a_fifo_never_hangs(tmp_path: Path) -> None:
    content = make_articles(tmp_path / "content", 2)
    out = tmp_path / "out"
    batch([content], ("html",), out, jobs=1)
    entries = json.loads((out / MANIFEST).read_text())
    os.mkfifo(tmp_path / "fifo")
    for entry in entries.values():
        entry["images"] = {"/dev/zero": "0" * 64, str(tmp_path / "fifo"): "0" * 64}
    (out / MANIFEST).write_text(json.dumps(entries))
    assert batch([content], ("html",), out, jobs=1).converted == 2
    (out / MANIFEST).unlink()
    os.mkfifo(out / MANIFEST)  # a manifest that is a FIFO is not read (nor blocked on)
    with pytest.raises(convert.WriterError):  # and not replaced either: writing to it would block, so it is refused
        _run_with_timeout(lambda: batch([content], ("html",), out, jobs=1, force=True), 20)


def _run_with_timeout(function: Any, seconds: float) -> Any:
    outcome: dict[str, Any] = {}

    def target() -> None:
        try:
            outcome["value"] = function()
        except BaseException as exc:
            outcome["error"] = exc

    thread = threading.Thread(target=target, daemon=True)
    thread.start()
    thread.join(seconds)
    assert not thread.is_alive(), "hung"
    if "error" in outcome:
        raise outcome["error"]
    return outcome.get("value")


def test_a_stale_part_file_of_a_killed_run_is_removed(tmp_path: Path) -> None:
    content = make_articles(tmp_path / "content", 1)
    stale = tmp_path / "out" / "desk0" / ".story000.html.convert-00000000deadbeef.part"
    stale.parent.mkdir(parents=True)
    stale.write_bytes(b"")
    assert batch([content], ("html",), tmp_path / "out", jobs=1).ok
    assert not stale.exists()


def test_an_article_that_breaks_the_reader_fails_alone(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    content = make_articles(tmp_path / "content", 3)

    def broken_read(path: Any, options: Any = None) -> Any:
        if "story001" in str(path):
            raise ValueError("a bug")
        return convert.reader.read(path, options)

    monkeypatch.setattr("convert.batching.jobs._read", broken_read)
    report = batch([content], ("html",), tmp_path / "out", jobs=1)
    assert (report.converted, report.failed) == (2, 1)
    failed = next(r for r in report.records if r.status == "failed")
    assert "story001" in (failed.error or "") and "internal error: ValueError: a bug" in (failed.error or "")


def test_odd_file_names_cannot_forge_lines_and_reports_are_written(tmp_path: Path,
                                                                   capsys: pytest.CaptureFixture[str]) -> None:
    content = tmp_path / "content"
    content.mkdir()
    forged = "a\nb.md: error: forged.md"
    (content / forged).write_text("# Forged\n\n![x](missing.jpg)\n")
    with open(os.fsencode(content) + b"/caf\xe9.md", "w") as handle:  # a name that is not UTF-8
        handle.write("# Caf\n\nText\n")
    code = main(["--to", "html", str(content), "--out-dir", str(tmp_path / "out"), "--report", str(tmp_path / "r.json")])
    err = capsys.readouterr().err
    assert code == 1
    lines = err.splitlines()
    assert lines[-1] == "1 converted, 1 failed, 0 up to date"
    assert all(line.startswith(str(content)) for line in lines[:-1]), err
    assert "\\n" in err and "caf\\xe9.md" not in err  # the newline is escaped; the good file is not an error
    records = json.loads((tmp_path / "r.json").read_text())
    assert len(records) == 2 and {r["status"] for r in records} == {"converted", "failed"}


@pytest.mark.parametrize("address", ["foo", "inproc://x", "tls://127.0.0.1:8786", "tcp://127.0.0.1:99999",
                                     "tcp://host name:1"])
def test_scheduler_addresses_are_checked(tmp_path: Path, address: str) -> None:
    content = make_articles(tmp_path / "content", 1)
    with pytest.raises(convert.ConvertError, match="not a Dask scheduler address"):
        batch([content], ("html",), tmp_path / "out", scheduler=address)


@pytest.mark.parametrize("answer", [None, b"\xff" * 64])
def test_a_scheduler_that_never_answers_or_answers_garbage_is_a_clear_error(tmp_path: Path, answer: bytes | None,
                                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("distributed", reason="the 'dask' extra is part of the test install")
    monkeypatch.setattr("convert.batching.cluster.CONNECT_SECONDS", 2)
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen()
    accepted: list[socket.socket] = []

    def serve() -> None:
        while True:
            try:
                connection, _ = server.accept()
            except OSError:
                return
            accepted.append(connection)
            if answer:
                connection.sendall(answer)

    threading.Thread(target=serve, daemon=True).start()
    content = make_articles(tmp_path / "content", 1)
    started = time.monotonic()
    try:
        with pytest.raises(convert.ConvertError, match="cannot reach the Dask scheduler"):
            batch([content], ("html",), tmp_path / "out", scheduler=f"tcp://127.0.0.1:{server.getsockname()[1]}")
    finally:
        server.close()
        for connection in accepted:
            connection.close()
    assert time.monotonic() - started < 10


def test_a_task_the_cluster_loses_fails_alone(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    distributed = pytest.importorskip("distributed", reason="the 'dask' extra is part of the test install")
    from distributed.scheduler import KilledWorker

    from convert.batching.jobs import render_job_in_worker

    class Task:
        def __init__(self, key: int, job: Any) -> None:
            self.key, self.job = key, job

        def result(self) -> Any:
            if "story001" in str(self.job.source):
                raise KilledWorker("render", SimpleNamespace(address="tcp://worker"), 3)
            return render_job_in_worker(self.job)

        def release(self) -> None:
            pass

    class FakeClient(distributed.Client):  # type: ignore[misc]
        def __init__(self) -> None:  # no cluster: only what run_dask calls
            pass

        def map(self, function: Any, jobs: list[Any], pure: bool) -> list[Task]:
            return [Task(i, job) for i, job in enumerate(jobs)]

        def cancel(self, tasks: Any) -> None:
            pass

        def __del__(self) -> None:
            pass

    monkeypatch.setattr("distributed.as_completed", iter)
    content = make_articles(tmp_path / "content", 3)
    report = batch([content], ("html",), tmp_path / "out", scheduler=FakeClient())
    assert (report.converted, report.failed) == (2, 1)
    assert "lost this task (KilledWorker" in (next(r for r in report.records if r.status == "failed").error or "")


@pytest.mark.parametrize("breaks_after", [2, 5], ids=["while-filling", "while-refilling"])
def test_a_pool_that_breaks_between_tasks_loses_no_job(breaks_after: int) -> None:
    """A worker dies after its last task finished: the next submit raises BrokenProcessPool. Every job is still
    done or back in the queue (the batch raised the exception, or dropped the jobs it had taken, before)."""
    from concurrent import futures
    from concurrent.futures.process import BrokenProcessPool

    from convert.batching import local

    class Pool:
        def __init__(self) -> None:
            self.submitted = 0

        def submit(self, _function: object, job: int) -> futures.Future[int]:
            self.submitted += 1
            if self.submitted > breaks_after:
                raise BrokenProcessPool("a worker died")
            done: futures.Future[int] = futures.Future()
            done.set_result(job)
            return done

    queue: deque[int] = deque(range(10))
    suspects: deque[int] = deque()
    steps = local._run_until_broken(Pool(), queue, suspects, 1)  # type: ignore[arg-type]
    yielded = []
    try:
        while True:
            yielded.append(next(steps))
    except StopIteration as stop:
        assert stop.value is True  # the pool is broken: the caller makes a new one
    assert sorted([*yielded, *queue, *suspects]) == list(range(10))  # nothing lost
