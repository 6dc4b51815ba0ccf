"""Many articles to many formats: parallel, incremental, isolated failures, optional Dask.

Each article is parsed once and rendered to every requested format by one task, in a
warm worker process (or on a Dask cluster). Tasks return the rendered bytes; this
process writes them (atomically) and keeps a manifest, so a local run and a cluster run
give byte-identical files, the same manifest and the same report. An article whose
output is up to date (same source, images, options and converter version) is not
rebuilt and its files are not touched.
"""

from __future__ import annotations

import concurrent.futures as futures
import hashlib
import itertools
import json
import logging
import os
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any, Literal

from ._version import __version__
from .errors import ConvertError, SourceError
from .output import write_atomically
from .reader import ReadOptions
from .reader import read as _read
from .registry import Registry

MANIFEST = ".convert-manifest.json"
log = logging.getLogger("convert")
_CONNECT_SECONDS = 10
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
    records: list[Record] = field(default_factory=list)

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
        return self.failed == 0

    def summary(self) -> str:
        return f"{self.converted} converted, {self.failed} failed, {self.up_to_date} up to date"

    def to_json(self) -> str:
        return json.dumps([asdict(r) for r in self.records], indent=2, ensure_ascii=False)


Progress = Callable[[Job, list[Record]], None]


def discover(sources: Iterable[str | os.PathLike[str]]) -> list[tuple[Path, Path, Path | None]]:
    """(file, path relative to the output folder, the input folder it came from) for every article."""
    found: list[tuple[Path, Path, Path | None]] = []
    for entry in sources:
        path = Path(entry)
        if path.is_dir():
            files = [f for f in sorted(path.rglob("*.md")) if not any(p.startswith(".") for p in f.relative_to(path).parts)]
            if not files:
                raise SourceError("no Markdown files (*.md) in this folder", file=str(path),
                                  hint="give a folder of articles or a .md file")
            found.extend((file, file.relative_to(path), path) for file in files)
        else:
            found.append((path, Path(path.name), None))
    unique: dict[str, tuple[Path, Path, Path | None]] = {}
    for item in found:  # an article named twice (or inside two given folders) is converted once
        unique.setdefault(os.path.realpath(item[0]), item)
    return list(unique.values())


def batch(
    sources: Sequence[str | os.PathLike[str]],
    to: Sequence[str] = ("docx", "pdf", "epub"),
    out_dir: str | os.PathLike[str] = "out",
    *,
    jobs: int | None = None,
    scheduler: str | None = None,
    force: bool = False,
    fail_fast: bool = False,
    read_options: dict[str, Any] | None = None,
    write_options: dict[str, Any] | None = None,
    progress: Progress | None = None,
    registry: Registry | None = None,
    verify: bool = False,
) -> BatchReport:
    """Convert every article in ``sources`` (files, or folders searched for ``*.md``) to ``to``.

    ``jobs`` worker processes (default: the number of cores); ``scheduler`` a Dask
    scheduler address (``tcp://host:port``) or a ``distributed.Client``; ``verify`` reads
    each output back (see :func:`convert.verify`) and counts a failed check as a failure.
    """
    registry = registry or Registry.default()
    extensions = tuple(registry.get(fmt).extension for fmt in to)
    output_root = Path(out_dir)
    found = discover(sources)
    roots = tuple(dict.fromkeys(root.resolve() for _, _, root in found if root is not None))
    options = dict(read_options or {})
    options["extra_roots"] = (*options.get("extra_roots", ()), *roots)
    all_jobs = [Job(file, relative, tuple(to), extensions, options, dict(write_options or {}), verify)
                for file, relative, _ in found]
    _refuse_collisions(all_jobs, output_root)
    manifest = _Manifest.load(output_root)
    report = BatchReport()
    pending = []
    for job in all_jobs:
        fresh = None if force else manifest.fresh(job, output_root)
        if fresh is not None:
            _emit(report, progress, job, fresh)
        else:
            pending.append(job)
    try:
        for rendered in _run(pending, jobs, scheduler, registry):
            _relay(rendered)
            records = _store(rendered, output_root, manifest)
            _emit(report, progress, rendered.job, records)
            if fail_fast and rendered.error is not None:
                break
    finally:
        manifest.save(output_root)
    report.records.sort(key=lambda r: (r.source, r.format))
    return report


def _refuse_collisions(jobs: list[Job], out_dir: Path) -> None:
    """Two articles must never write the same output (say a/story.md and b/story.md)."""
    owners: dict[Path, Path] = {}
    for job in jobs:
        for target in job.outputs(out_dir).values():
            other = owners.setdefault(target, job.source)
            if other != job.source:
                raise ConvertError(
                    f"{other} and {job.source} would both write {target}",
                    hint="pass their folders instead (outputs mirror the tree), or convert them separately",
                )


def _emit(report: BatchReport, progress: Progress | None, job: Job, records: list[Record]) -> None:
    report.records.extend(records)
    if progress is not None:
        progress(job, records)


def render_job(job: Job, registry: Registry | None = None) -> Rendered:
    """Parse one article and render all its formats (runs in a worker, local or Dask)."""
    from .api import render, verify

    try:
        article = _read(job.source, ReadOptions(**job.read_options))
        outputs: dict[str, bytes] = {}
        seconds: dict[str, float] = {}
        for fmt in job.formats:
            start = time.perf_counter()
            outputs[fmt] = render(article, fmt, registry=registry, **job.write_options)
            seconds[fmt] = time.perf_counter() - start
    except ConvertError as exc:
        return Rendered(job, error=_describe(exc))
    images = {i.path: hashlib.sha256(i.data).hexdigest() for i in article.images() if i.path}
    problems = {}
    for fmt, data in outputs.items():
        if job.verify and fmt in ("docx", "epub", "pdf"):
            report = verify(data, article, fmt)
            if not report.ok:
                problems[fmt] = "verify: " + "; ".join(str(f) for f in report.failures)
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


def _relay(rendered: Rendered) -> None:
    for where, text in rendered.warnings:
        log.warning("%s: %s", where, text, extra={"where": where, "text": text})


def _describe(exc: ConvertError) -> str:
    where = exc.location()
    message = f"{exc.message} ({exc.hint})" if exc.hint else exc.message
    return f"{where}: error: {message}" if where else f"error: {message}"


def _run(pending: list[Job], jobs: int | None, scheduler: Any, registry: Registry) -> Iterator[Rendered]:
    if not pending:
        return
    workers = min(jobs or os.cpu_count() or 1, len(pending))
    if scheduler is not None or workers > 1:
        _refuse_private_writers(pending[0].formats, registry)
    if scheduler is not None:
        yield from _run_dask(pending, scheduler)
        return
    if workers <= 1:
        yield from (render_job(job, registry) for job in pending)
        return
    # Warm workers: each keeps its imports and registered fonts from task to task. A few
    # tasks per worker are in flight at a time, so finished results (the rendered bytes)
    # are dropped as soon as they are stored: memory stays flat however long the batch.
    queue = iter(pending)
    with futures.ProcessPoolExecutor(max_workers=workers, max_tasks_per_child=1000) as pool:
        running = {pool.submit(render_job_in_worker, job) for job in itertools.islice(queue, workers * 4)}
        try:
            while running:
                done, running = futures.wait(running, return_when=futures.FIRST_COMPLETED)
                for future in done:
                    running.update(pool.submit(render_job_in_worker, job) for job in itertools.islice(queue, 1))
                    yield future.result()
        finally:
            for future in running:
                future.cancel()


def _refuse_private_writers(formats: tuple[str, ...], registry: Registry) -> None:
    """Workers find writers through entry points; one registered only in this process is not there."""
    installed = Registry.default()
    private = [fmt for fmt in formats if fmt not in installed]
    if private:
        raise ConvertError(
            f"the {', '.join(private)} writer is registered only in this process; worker processes cannot use it",
            hint="publish it under the 'convert.writers' entry point, or run with jobs=1",
        )


def _run_dask(pending: list[Job], scheduler: Any) -> Iterator[Rendered]:
    try:
        from distributed import Client, as_completed
    except ImportError:
        raise ConvertError("--scheduler needs Dask", hint="pip install 'article-convert[dask]'") from None
    try:
        client = scheduler if isinstance(scheduler, Client) else Client(scheduler, timeout=_CONNECT_SECONDS)
    except (OSError, TimeoutError) as exc:
        raise ConvertError(f"cannot reach the Dask scheduler at {scheduler}: {exc}",
                           hint="start it (dask scheduler) or check the address") from None
    try:
        tasks = client.map(render_job_in_worker, pending, pure=False)
        try:
            for task in as_completed(tasks):
                result = task.result()
                task.release()  # the cluster may forget the bytes once we have them
                yield result
        finally:
            client.cancel(tasks)
    finally:
        if client is not scheduler:
            client.close()


def _store(rendered: Rendered, out_dir: Path, manifest: _Manifest) -> list[Record]:
    job = rendered.job
    targets = job.outputs(out_dir)
    if rendered.error is not None:
        return [Record(str(job.source), fmt, "failed", None, 0, 0.0, rendered.error) for fmt in job.formats]
    records = []
    for fmt, data in rendered.outputs.items():
        try:
            write_atomically(targets[fmt], data, source=job.source)
        except ConvertError as exc:
            records.append(Record(str(job.source), fmt, "failed", None, 0, 0.0, _describe(exc)))
            continue
        problem = rendered.problems.get(fmt)
        if problem is None:  # an output that failed its read-back is kept but never counts as up to date
            manifest.remember(job, fmt, targets[fmt], data, rendered.images, out_dir)
        records.append(Record(str(job.source), fmt, "failed" if problem else "converted", str(targets[fmt]), len(data),
                              round(rendered.seconds[fmt], 4), problem))
    return records


def _sha256_file(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


class _Manifest:
    """Output path → what it was made from, stored as JSON in the output folder."""

    def __init__(self, entries: dict[str, dict[str, Any]]) -> None:
        self.entries = entries
        self.changed = False

    @classmethod
    def load(cls, out_dir: Path) -> _Manifest:
        try:
            entries = json.loads((out_dir / MANIFEST).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            entries = {}
        return cls(entries if isinstance(entries, dict) else {})

    def save(self, out_dir: Path) -> None:
        if self.changed:
            data = json.dumps(self.entries, indent=1, sort_keys=True).encode("utf-8")
            write_atomically(out_dir / MANIFEST, data)

    @staticmethod
    def key(job: Job, fmt: str) -> dict[str, Any]:
        source_hash = _sha256_file(job.source)
        options = json.dumps([job.read_options, job.write_options, fmt], sort_keys=True, default=str)
        return {"source_sha256": source_hash, "options_sha256": hashlib.sha256(options.encode()).hexdigest(),
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
            if any(_sha256_file(Path(image)) != digest for image, digest in entry.get("images", {}).items()):
                return None
            if _sha256_file(target) != entry.get("output_sha256"):
                return None
            records.append(Record(str(job.source), fmt, "up to date", str(target), target.stat().st_size, 0.0, None))
        return records
