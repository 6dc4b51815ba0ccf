"""One article's task: what it is, what it sends back, and how it runs in a worker."""

from __future__ import annotations

import hashlib
import json
import logging
import os
import stat
import threading
import time
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any, Literal

from ..errors import ConvertError, display_name
from ..reader import ReadOptions
from ..reader import read as _read
from ..registry import Registry

log = logging.getLogger("convert")
Status = Literal["converted", "failed", "up to date"]


@dataclass(frozen=True)
class Job:
    """One article to convert: where it is, where its outputs go, and how."""

    source: Path
    relative: Path  # mirrors the input tree under out_dir
    formats: tuple[str, ...]
    extensions: tuple[str, ...]
    read_options: dict[str, Any]
    write_options: dict[str, Any]
    verify: bool = False

    def outputs(self, out_dir: Path) -> dict[str, Path]:
        pairs = zip(self.formats, self.extensions, strict=True)
        return {fmt: out_dir / self.relative.with_suffix(f".{ext}") for fmt, ext in pairs}


@dataclass(frozen=True)
class Rendered:
    """What a task sends back: the bytes of each format, or the error."""

    job: Job
    outputs: dict[str, bytes] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)
    images: dict[str, str] = field(default_factory=dict)  # image file → sha256
    error: str | None = None
    problems: dict[str, str] = field(default_factory=dict)  # format → failed read-back checks
    warnings: tuple[tuple[str, str], ...] = ()  # (file:line, message) logged while rendering in a worker


@dataclass(frozen=True)
class Record:
    """One article in one format, as ``--report`` writes it."""

    source: str
    format: str
    status: Status
    output: str | None
    bytes: int
    seconds: float
    error: str | None


@dataclass
class BatchReport:
    """Every :class:`Record` of a batch, and the counts the summary line gives (per article)."""

    records: list[Record] = field(default_factory=list)
    interrupted: bool = False  # stopped by Ctrl-C or SIGTERM before every article was done

    def _articles(self, status: Status) -> int:
        by_source: dict[str, set[str]] = {}
        for record in self.records:
            by_source.setdefault(record.source, set()).add(record.status)
        if status == "failed":
            return sum(1 for s in by_source.values() if "failed" in s)
        if status == "up to date":
            return sum(1 for s in by_source.values() if s == {"up to date"})
        return sum(1 for s in by_source.values() if "converted" in s and "failed" not in s)

    @property
    def converted(self) -> int:
        return self._articles("converted")

    @property
    def failed(self) -> int:
        return self._articles("failed")

    @property
    def up_to_date(self) -> int:
        return self._articles("up to date")

    @property
    def ok(self) -> bool:
        return self.failed == 0 and not self.interrupted

    def summary(self) -> str:
        line = f"{self.converted} converted, {self.failed} failed, {self.up_to_date} up to date"
        return line + (", interrupted" if self.interrupted else "")

    def to_json(self) -> str:
        """The report as JSON text; file names that are not UTF-8 appear with ``\\udcXX`` escapes."""
        return json.dumps([asdict(r) for r in self.records], indent=2, ensure_ascii=True)


def sha256_file(path: Path, limit: int | None = None) -> str | None:
    """SHA-256 of a regular file (links followed), or None: missing, not regular, unreadable, over ``limit`` bytes."""
    try:
        descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    except (OSError, ValueError):
        return None
    with os.fdopen(descriptor, "rb") as stream:
        info = os.fstat(stream.fileno())
        if not stat.S_ISREG(info.st_mode) or (limit is not None and info.st_size > limit):
            return None
        digest = hashlib.sha256()
        while chunk := stream.read(1 << 20):
            digest.update(chunk)
        return digest.hexdigest()


def failed_records(job: Job, error: str) -> list[Record]:
    return [Record(str(job.source), fmt, "failed", None, 0, 0.0, error) for fmt in job.formats]


def describe(exc: ConvertError) -> str:
    """``file:line:col: error: message (hint)``, as the CLI prints it."""
    where = exc.location()
    message = f"{exc.message} ({exc.hint})" if exc.hint else exc.message
    return f"{where}: error: {message}" if where else f"error: {message}"


def render_job(job: Job, registry: Registry | None = None) -> Rendered:
    """Parse one article and render all its formats (runs in a worker, local or Dask).

    Never raises: any failure, even a bug, comes back as ``Rendered.error`` so one
    article cannot stop the others.
    """
    from ..api import render, verify

    try:
        article = _read(job.source, ReadOptions(**job.read_options))
        outputs: dict[str, bytes] = {}
        seconds: dict[str, float] = {}
        for fmt in job.formats:
            start = time.perf_counter()
            outputs[fmt] = render(article, fmt, registry=registry, **job.write_options)
            seconds[fmt] = time.perf_counter() - start
        # The files as they are on disk: a picture the reader normalised (an SVG given its size, a JPEG
        # turned upright) has other bytes in the model, and the manifest compares files.
        images = {i.path: sha256_file(Path(i.path)) or "" for i in article.images() if i.path}
        problems = {}
        for fmt, data in outputs.items():
            if job.verify and fmt in ("docx", "epub", "html", "pdf"):
                report = verify(data, article, fmt)
                if not report.ok:
                    problems[fmt] = "verify: " + "; ".join(str(f) for f in report.failures)
    except ConvertError as exc:
        return Rendered(job, error=describe(exc))
    except Exception as exc:  # a bug must not stop the batch: report it with the article's name
        log.debug("converting %s failed", job.source, exc_info=True)
        return Rendered(job, error=f"{display_name(str(job.source))}: error: internal error: {type(exc).__name__}: {exc}")
    return Rendered(job, outputs, seconds, images, problems=problems)


class _WarningCollector(logging.Handler):
    """In a worker process, keeps the ``convert`` logger's warnings to send back with the result."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        with self.lock or threading.Lock():
            self.records.append(record)

    def take(self) -> tuple[tuple[str, str], ...]:
        """The warnings this thread logged since the last call."""
        with self.lock or threading.Lock():
            mine = [r for r in self.records if r.thread == threading.get_ident()]
            self.records = [r for r in self.records if r.thread != threading.get_ident()]
        return tuple((str(getattr(r, "where", "")), str(getattr(r, "text", r.getMessage()))) for r in mine)


def _collector() -> _WarningCollector:
    logger = logging.getLogger("convert")
    for handler in logger.handlers:
        if isinstance(handler, _WarningCollector):
            return handler
    handler = _WarningCollector()
    logger.addHandler(handler)
    logger.propagate = False  # a worker has no terminal of its own: the client reports them
    return handler


def render_job_in_worker(job: Job) -> Rendered:
    """:func:`render_job` in a worker process: its warnings travel back with the result."""
    collector = _collector()
    rendered = render_job(job)
    return replace(rendered, warnings=collector.take())


def relay(rendered: Rendered) -> None:
    """Log, in this process, the warnings a worker collected."""
    for where, text in rendered.warnings:
        log.warning("%s: %s", where, text, extra={"where": where, "text": text})
