"""Atomic output: a failure never leaves a partial file or clobbers a good one.

A reader of the output path sees the old file or the new one, never half of
one. A symbolic link keeps being a link (the file it points to is replaced);
a device or a FIFO (``/dev/stdout``, a pipe) is written to directly, never
replaced by a regular file.
"""

from __future__ import annotations

import os
import re
import signal
import stat
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from .errors import WriterError

#: Temporary files are named ``.NAME.convert-TOKEN.part``; a run killed mid-write leaves one behind.
_PART = re.compile(r"^\..+\.convert-[0-9a-f]{16}\.part$")


def write_atomically(path: Path, data: bytes, *, source: Path | None = None) -> None:
    """Write ``data`` to ``path``: a temporary file beside the real target, then a rename.

    Raises :class:`~convert.errors.WriterError` (unwritable folder, full disk,
    the output would overwrite ``source``); the old output then stays as it was.
    """
    if "\0" in str(path):
        raise WriterError(f"the output path holds a NUL character: {str(path)!r}", hint="choose another file name")
    if source is not None and _same_file(path, source):
        raise WriterError(f"the output would overwrite the source: {path}", hint="choose another output path")
    target = _real_target(path)
    if target is None:
        _write_in_place(path, data)
        return
    with _signals_deferred():  # Ctrl-C or SIGTERM mid-write must not leave a temporary file behind
        _replace(path, target, data)


def _replace(path: Path, target: Path, data: bytes) -> None:
    folder = target.parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
        temporary, handle = _create_part(folder, target.name)
    except (OSError, ValueError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        raise WriterError(f"cannot write to folder {folder}: {reason}", hint="choose a writable output folder") from None
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.replace(temporary, target)
    except OSError as exc:  # disk full, a folder in the way...: the old output stays as it was
        temporary.unlink(missing_ok=True)
        raise WriterError(f"cannot write {path}: {exc.strerror or exc}", hint="check the output path and free space") from None
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


@contextmanager
def _signals_deferred() -> Iterator[None]:
    """Hold SIGINT and SIGTERM until the block is done (their handlers then run at once)."""
    if threading.current_thread() is not threading.main_thread():
        yield  # Python runs signal handlers in the main thread only
        return
    held = {signal.SIGINT, signal.SIGTERM}
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, held)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def remove_stale_parts(folder: Path) -> list[Path]:
    """Remove the temporary files a killed run left under ``folder``; returns what was removed.

    Call it only while no other run writes there (the batch holds the output folder's lock).
    """
    removed: list[Path] = []
    if not folder.is_dir():
        return removed
    for directory, _, names in os.walk(folder):
        for name in names:
            if _PART.match(name):
                leftover = Path(directory) / name
                leftover.unlink(missing_ok=True)
                removed.append(leftover)
    return removed


def _real_target(path: Path) -> Path | None:
    """The regular file to replace for ``path`` (a link's target), or None to write in place (device, FIFO)."""
    try:
        info = os.stat(path)  # follows links
    except FileNotFoundError:
        return Path(os.path.realpath(path)) if path.is_symlink() else path  # a dangling link: create its target
    except (OSError, ValueError):
        return path  # let the write itself report what is wrong
    if stat.S_ISREG(info.st_mode):
        return Path(os.path.realpath(path)) if path.is_symlink() else path
    if stat.S_ISDIR(info.st_mode):
        raise WriterError(f"cannot write {path}: it is a folder", hint="give a file name, or use --out-dir")
    return None


def _write_in_place(path: Path, data: bytes) -> None:
    try:
        with open(path, "wb") as stream:  # a device or a FIFO: there is nothing to replace
            stream.write(data)
    except OSError as exc:
        raise WriterError(f"cannot write {path}: {exc.strerror or exc}", hint="check the output path") from None


def _create_part(folder: Path, name: str) -> tuple[Path, int]:
    """A new, exclusive temporary file in ``folder`` with the mode a plain ``open`` would give."""
    while True:
        temporary = folder / f".{name[:100]}.convert-{os.urandom(8).hex()}.part"
        try:
            return temporary, os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
        except FileExistsError:
            continue


def _same_file(a: Path, b: Path) -> bool:
    return os.path.realpath(a) == os.path.realpath(b)
