"""Atomic output: a failure never leaves a partial file or clobbers a good one."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from .errors import WriterError


def write_atomically(path: Path, data: bytes, *, source: Path | None = None) -> None:
    """Write ``data`` to a temporary file beside ``path``, then rename it into place."""
    if source is not None and _same_file(path, source):
        raise WriterError(f"the output would overwrite the source: {path}", hint="choose another output path")
    folder = path.parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handle = tempfile.NamedTemporaryFile(  # noqa: SIM115 (closed by the "with" below, after the error handling)
            dir=folder, prefix=f".{path.name}.", suffix=".part", delete=False
        )
    except OSError as exc:
        raise WriterError(
            f"cannot write to folder {folder}: {exc.strerror}", hint="choose a writable output folder"
        ) from None
    temporary = Path(handle.name)
    try:
        with handle:
            handle.write(data)
        os.chmod(temporary, 0o666 & ~_umask())
        os.replace(temporary, path)
    except OSError as exc:  # disk full, a folder in the way...: the old output stays as it was
        temporary.unlink(missing_ok=True)
        raise WriterError(f"cannot write {path}: {exc.strerror or exc}", hint="check the output path and free space") from None
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def _same_file(a: Path, b: Path) -> bool:
    return os.path.realpath(a) == os.path.realpath(b)


def _umask() -> int:
    # os.umask can only be read by setting it; restore it at once.
    current = os.umask(0o022)
    os.umask(current)
    return current
