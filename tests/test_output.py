"""Atomic writes: links stay links, devices and pipes are written to, killed runs leave nothing for long."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest

from convert.errors import WriterError
from convert.output import remove_stale_parts, write_atomically


def test_a_symlink_to_a_file_keeps_being_a_link(tmp_path: Path) -> None:
    (tmp_path / "real").mkdir()
    target = tmp_path / "real" / "story.pdf"
    target.write_bytes(b"old")
    link = tmp_path / "link.pdf"
    link.symlink_to(target)
    write_atomically(link, b"new")
    assert link.is_symlink() and os.readlink(link) == str(target)
    assert target.read_bytes() == b"new"
    assert sorted(p.name for p in (tmp_path / "real").iterdir()) == ["story.pdf"]  # no temporary file left


def test_a_dangling_symlink_creates_its_target(tmp_path: Path) -> None:
    link = tmp_path / "link.pdf"
    link.symlink_to(tmp_path / "made.pdf")
    write_atomically(link, b"new")
    assert link.is_symlink() and (tmp_path / "made.pdf").read_bytes() == b"new"


def test_a_device_is_written_to_not_replaced() -> None:
    write_atomically(Path("/dev/null"), b"anything")
    assert Path("/dev/null").is_char_device()


def test_a_fifo_is_written_to_not_replaced(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()))
    reader.start()
    write_atomically(fifo, b"through the pipe")
    reader.join(timeout=10)
    assert received == [b"through the pipe"]
    assert fifo.is_fifo()


def test_a_folder_in_the_way_is_a_clear_error(tmp_path: Path) -> None:
    (tmp_path / "x.pdf").mkdir()
    with pytest.raises(WriterError, match="it is a folder"):
        write_atomically(tmp_path / "x.pdf", b"new")


def test_new_files_get_the_usual_permissions(tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        write_atomically(tmp_path / "a.html", b"x")
    finally:
        os.umask(old)
    assert (tmp_path / "a.html").stat().st_mode & 0o777 == 0o644


def test_stale_parts_of_a_killed_run_are_removed_and_nothing_else(tmp_path: Path) -> None:
    (tmp_path / "desk").mkdir()
    stale = tmp_path / "desk" / ".story.pdf.convert-0123456789abcdef.part"
    stale.write_bytes(b"")
    keep = [tmp_path / "desk" / "story.pdf", tmp_path / ".hidden.part", tmp_path / "notes.part"]
    for path in keep:
        path.write_bytes(b"mine")
    assert remove_stale_parts(tmp_path) == [stale]
    assert all(path.exists() for path in keep) and not stale.exists()


def test_a_nul_in_the_file_name_is_named_as_such(tmp_path: Path) -> None:
    with pytest.raises(WriterError, match="NUL character"):
        write_atomically(tmp_path / "w\x00.html", b"x")
    assert list(tmp_path.iterdir()) == []
