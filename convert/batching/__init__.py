"""Many articles to many formats: parallel, incremental, isolated failures, optional Dask.

Each article is parsed once and rendered to every requested format by one task, in a
warm worker process (or on a Dask cluster). Tasks return the rendered bytes; this
process writes them (atomically) and keeps a manifest, so a local run and a cluster run
give byte-identical files, the same manifest and the same report. An article whose
output is up to date (same source, images, options and converter version) is not
rebuilt and its files are not touched.

A batch survives what long runs meet: a failing or crashing article is reported and
the rest go on; a dying worker is replaced; Ctrl-C or SIGTERM (turned into
:class:`KeyboardInterrupt` by the CLI) stops the workers and still writes the manifest
for what finished; a second run into the same output folder waits for the first.
"""

from __future__ import annotations

import fcntl
import logging
import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from ..errors import ConvertError, SourceError, WriterError, display_name
from ..output import remove_stale_parts, write_atomically
from ..registry import Registry
from .cluster import run_dask
from .jobs import BatchReport, Job, Record, Rendered, describe, failed_records, relay, render_job
from .local import run_local
from .manifest import MANIFEST, Manifest

__all__ = ["MANIFEST", "BatchReport", "Job", "Progress", "Record", "batch", "discover", "render_job"]

log = logging.getLogger("convert")
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
    scheduler: str | Any | None = None,
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
    Raises :class:`~convert.errors.ConvertError` for a bad request (no articles, two
    articles writing one output, an unreachable scheduler); article failures are records.
    A :class:`KeyboardInterrupt` stops the run after writing the manifest, and propagates.
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
    report = BatchReport()
    with _locked(output_root):
        remove_stale_parts(output_root)
        manifest = Manifest.load(output_root)
        pending = []
        for job in all_jobs:
            fresh = None if force else manifest.fresh(job, output_root)
            if fresh is not None:
                _emit(report, progress, job, fresh)
            else:
                pending.append(job)
        try:
            for rendered in _run(pending, jobs, scheduler, registry):
                relay(rendered)
                _emit(report, progress, rendered.job, _store(rendered, output_root, manifest))
                if fail_fast and rendered.error is not None:
                    break
        except KeyboardInterrupt:
            report.interrupted = True
            raise
        finally:
            manifest.save(output_root)
    report.records.sort(key=lambda r: (r.source, r.format))
    return report


@contextmanager
def _locked(out_dir: Path) -> Iterator[None]:
    """Hold the output folder's lock: a second run into it waits until this one is done."""
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        descriptor = os.open(out_dir, os.O_RDONLY | os.O_DIRECTORY)
    except OSError as exc:
        raise WriterError(f"cannot write to folder {display_name(str(out_dir))}: {exc.strerror}",
                          hint="choose a writable output folder") from None
    try:
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            log.warning("waiting for another run that writes to %s", display_name(str(out_dir)))
            fcntl.flock(descriptor, fcntl.LOCK_EX)
        yield
    finally:
        os.close(descriptor)  # closing releases the lock


def _refuse_collisions(jobs: list[Job], out_dir: Path) -> None:
    """Two articles must never write the same output (say a/story.md and b/story.md)."""
    owners: dict[Path, Path] = {}
    for job in jobs:
        for target in job.outputs(out_dir).values():
            other = owners.setdefault(target, job.source)
            if other != job.source:
                raise ConvertError(
                    f"{display_name(str(other))} and {display_name(str(job.source))} would both write "
                    f"{display_name(str(target))}",
                    hint="pass their folders instead (outputs mirror the tree), or convert them separately",
                )


def _emit(report: BatchReport, progress: Progress | None, job: Job, records: list[Record]) -> None:
    report.records.extend(records)
    if progress is not None:
        progress(job, records)


def _run(pending: list[Job], jobs: int | None, scheduler: Any, registry: Registry) -> Iterator[Rendered]:
    if not pending:
        return
    workers = min(jobs or os.cpu_count() or 1, len(pending))
    if scheduler is not None or workers > 1:
        _refuse_private_writers(pending[0].formats, registry)
    if scheduler is not None:
        yield from run_dask(pending, scheduler)
    elif workers <= 1:
        yield from (render_job(job, registry) for job in pending)
    else:
        yield from run_local(pending, workers)


def _refuse_private_writers(formats: tuple[str, ...], registry: Registry) -> None:
    """Workers find writers through entry points; one registered only in this process is not there."""
    installed = Registry.default()
    private = [fmt for fmt in formats if fmt not in installed]
    if private:
        raise ConvertError(
            f"the {', '.join(private)} writer is registered only in this process; worker processes cannot use it",
            hint="publish it under the 'convert.writers' entry point, or run with jobs=1",
        )


def _store(rendered: Rendered, out_dir: Path, manifest: Manifest) -> list[Record]:
    job = rendered.job
    targets = job.outputs(out_dir)
    if rendered.error is not None:
        return failed_records(job, rendered.error)
    records = []
    for fmt, data in rendered.outputs.items():
        try:
            write_atomically(targets[fmt], data, source=job.source)
        except ConvertError as exc:
            records.append(Record(str(job.source), fmt, "failed", None, 0, 0.0, describe(exc)))
            continue
        problem = rendered.problems.get(fmt)
        if problem is None:  # an output that failed its read-back is kept but never counts as up to date
            manifest.remember(job, fmt, targets[fmt], data, rendered.images, out_dir)
        records.append(Record(str(job.source), fmt, "failed" if problem else "converted", str(targets[fmt]), len(data),
                              round(rendered.seconds[fmt], 4), problem))
    return records
