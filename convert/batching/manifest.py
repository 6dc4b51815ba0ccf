"""The output folder's manifest: what each output was made from, so an up-to-date one is not rebuilt.

The manifest is data someone may have edited by hand: every entry is checked on
load (a wrong one is dropped, so that output is rebuilt), only regular files
are ever read (never a FIFO or ``/dev/zero`` named in it), and sizes are capped.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
from pathlib import Path
from typing import Any

from .._version import __version__
from ..errors import WriterError, display_name
from ..output import write_atomically
from .jobs import Job, Record, sha256_file

MANIFEST = ".convert-manifest.json"
#: A manifest larger than this is not read (all outputs are rebuilt).
MAX_MANIFEST_BYTES = 64 * 1024 * 1024
_KEYS = ("source_sha256", "options_sha256", "version", "output_sha256")


def _read_regular(path: Path, limit: int) -> bytes | None:
    try:
        descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_NOFOLLOW)
    except (OSError, ValueError):
        return None
    with os.fdopen(descriptor, "rb") as stream:
        info = os.fstat(stream.fileno())
        if not stat.S_ISREG(info.st_mode) or info.st_size > limit:
            return None
        return stream.read(limit + 1)


def _valid(entry: object) -> bool:
    if not isinstance(entry, dict) or not all(isinstance(entry.get(k), str) for k in _KEYS):
        return False
    images = entry.get("images", {})
    return isinstance(images, dict) and all(isinstance(k, str) and isinstance(v, str) for k, v in images.items())


class Manifest:
    """Output path (relative to the output folder) → what it was made from."""

    def __init__(self, entries: dict[str, dict[str, Any]]) -> None:
        self.entries = entries
        self.changed = False

    @classmethod
    def load(cls, out_dir: Path) -> Manifest:
        """The manifest in ``out_dir``; missing, unreadable or malformed parts count as absent."""
        raw = _read_regular(out_dir / MANIFEST, MAX_MANIFEST_BYTES)
        try:
            loaded = json.loads(raw) if raw is not None else {}
        except (ValueError, RecursionError):
            loaded = {}
        entries = {k: v for k, v in loaded.items() if isinstance(k, str) and _valid(v)} if isinstance(loaded, dict) else {}
        return cls(entries)

    def save(self, out_dir: Path) -> None:
        """Write the manifest if anything changed; refuses to write through anything but a regular file."""
        if self.changed:
            path = out_dir / MANIFEST
            if (os.path.lexists(path) and not path.is_file()) or path.is_symlink():
                raise WriterError(f"the manifest {display_name(str(path))} is not a regular file; not written",
                                  hint="remove it; the next run rebuilds it")
            data = json.dumps(self.entries, indent=1, sort_keys=True).encode("utf-8", "surrogateescape")
            write_atomically(path, data)

    @staticmethod
    def key(job: Job, fmt: str) -> dict[str, Any]:
        options = json.dumps([job.read_options, job.write_options, fmt], sort_keys=True, default=str)
        return {"source_sha256": sha256_file(job.source), "options_sha256": hashlib.sha256(options.encode()).hexdigest(),
                "version": __version__}

    def remember(self, job: Job, fmt: str, target: Path, data: bytes, images: dict[str, str], out_dir: Path) -> None:
        entry = {**self.key(job, fmt), "images": images, "output_sha256": hashlib.sha256(data).hexdigest()}
        self.entries[str(target.relative_to(out_dir))] = entry
        self.changed = True

    def fresh(self, job: Job, out_dir: Path) -> list[Record] | None:
        """Records for an article whose every output is up to date, else None."""
        records = []
        for fmt, target in job.outputs(out_dir).items():
            entry = self.entries.get(str(target.relative_to(out_dir)))
            if entry is None or {k: entry.get(k) for k in ("source_sha256", "options_sha256", "version")} != self.key(job, fmt):
                return None
            if any(sha256_file(Path(image)) != digest for image, digest in entry.get("images", {}).items()):
                return None
            if sha256_file(target) != entry.get("output_sha256"):
                return None
            records.append(Record(str(job.source), fmt, "up to date", str(target), target.stat().st_size, 0.0, None))
        return records
