"""The collector pause: counted across threads, restored exactly, never left off."""

from __future__ import annotations

import gc
import threading
from pathlib import Path

import pytest

import convert
from convert._gc import collector_paused


def test_nested_pauses_restore_the_collector_once() -> None:
    assert gc.isenabled()
    with collector_paused():
        assert not gc.isenabled()
        with collector_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()
    assert gc.isenabled()


def test_a_collector_that_was_off_stays_off() -> None:
    gc.disable()
    try:
        with collector_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_threads_reading_and_rendering_at_once_leave_it_on() -> None:
    errors: list[BaseException] = []

    def work() -> None:
        try:
            for _ in range(5):
                convert.render(convert.read_text("# T\n\n" + "Words and *more* words.\n\n" * 50), "html")
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=work) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors and gc.isenabled()


def test_an_error_while_paused_restores_it(tmp_path: Path) -> None:
    with pytest.raises(convert.AssetError):  # raised while parsing, inside the pause
        convert.read_text("# T\n\n![gone](missing.png)\n", base_dir=tmp_path)
    assert gc.isenabled()
