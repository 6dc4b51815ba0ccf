"""Many articles: the batch engine with a progress bar on a terminal and a line per article otherwise."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

import click

from .. import batching
from ..output import write_atomically
from ..registry import Registry
from .messages import article_line, summary_line
from .settings import Plan


@dataclass(frozen=True)
class BatchSettings:
    jobs: int | None
    force: bool
    fail_fast: bool
    report_path: Path | None
    scheduler: str | None
    quiet: bool


def run_batch(plan: Plan, registry: Registry, settings: BatchSettings) -> int:
    """Convert ``plan``'s sources with the batch engine; prints progress and a summary; the exit code."""
    total = len(batching.discover(plan.sources))
    interactive = sys.stderr.isatty() and not settings.quiet
    with click.progressbar(length=total, label="Converting", file=sys.stderr) if interactive else _NoBar() as bar:

        def progress(job: batching.Job, records: list[batching.Record]) -> None:
            bar.update(1)
            for error in dict.fromkeys(r.error for r in records if r.error):
                click.echo(error, err=True)
            if not interactive:
                statuses = ", ".join(sorted({r.status for r in records}))
                article_line(statuses, str(job.source))

        report = batching.batch(
            plan.sources, plan.formats, plan.out_dir, jobs=settings.jobs, scheduler=settings.scheduler,
            force=settings.force, fail_fast=settings.fail_fast, read_options=plan.read_options,
            write_options=plan.write_options, progress=progress, registry=registry, verify=plan.verify,
        )
    if settings.report_path is not None:
        write_atomically(settings.report_path, report.to_json().encode("utf-8"))
    summary_line(report.converted, report.failed, report.up_to_date, settings.quiet)
    return 0 if report.ok else 1


class _NoBar:
    """Stands in for the progress bar when output is not a terminal."""

    def __enter__(self) -> _NoBar:
        return self

    def __exit__(self, *_: object) -> None:
        return None

    def update(self, _steps: int) -> None:
        return None
