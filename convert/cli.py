"""The ``convert`` command. It only orchestrates: parse options, call the API, report.

Exit codes: 0 success, 1 a conversion failed, 2 a usage error.
"""

from __future__ import annotations

import logging
import os
import signal
import sys
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import click

from . import __version__, api
from . import batching as batch_module
from .errors import ConvertError, display_name
from .output import write_atomically
from .registry import Registry

log = logging.getLogger("convert")

DEFAULT_SOURCE = Path("source/article.md")

EPILOG = """\b
Examples:
  convert --to pdf                      source/article.md -> out/article.pdf
  convert --to all                      every format into out/
  convert --to docx,epub story.md --out-dir build
  convert --to pdf story.md -o story.pdf --paper letter
  convert --to all content/ --out-dir out/ --jobs 2     every article in a folder tree
  convert --to all --verify             read each output back and check its parts
  python -m convert --list-formats      (if ImageMagick's 'convert' shadows ours)
"""


class _CompilerStyle(logging.Formatter):
    """``file:line: warning: message``, like a compiler."""

    def format(self, record: logging.LogRecord) -> str:
        level = record.levelname.lower()
        where = getattr(record, "where", None)
        if where:
            return f"{where}: {level}: {getattr(record, 'text', record.getMessage())}"
        return f"convert: {level}: {record.getMessage()}"


@dataclass
class _Run:
    """What one invocation asked for, after checking."""

    sources: list[Path]
    formats: list[str]
    output: Path | None
    out_dir: Path
    read_options: dict[str, Any]
    write_options: dict[str, Any]
    verify: bool = False


def _split_formats(value: str, registry: Registry) -> list[str]:
    wanted: list[str] = []
    for part in (p.strip().lower() for p in value.split(",")):
        if part == "all":
            wanted.extend(registry.names())
        elif part not in registry:
            choices = ", ".join(registry.names())
            raise click.BadParameter(f"unknown format {part!r}; choose from {choices} or all", param_hint="--to")
        else:
            wanted.append(part)
    return list(dict.fromkeys(wanted))


@click.command(epilog=EPILOG, context_settings={"help_option_names": ["-h", "--help"]})
@click.argument("sources", nargs=-1, type=click.Path(path_type=Path))
@click.option("--to", "to", metavar="FORMATS", help="Comma-separated formats, or 'all' (default: from -o, else all).")
@click.option("-o", "--output", type=click.Path(path_type=Path), help="Output file (one source, one format).")
@click.option("--out-dir", type=click.Path(path_type=Path), default=Path("out"), show_default=True,
              help="Folder for outputs.")
@click.option("--list-formats", is_flag=True, help="List the formats and exit.")
@click.option("--no-smart", is_flag=True, help="Keep straight quotes, -- and ... as typed.")
@click.option("--paper", type=click.Choice(["a4", "letter"]), default="a4", show_default=True)
@click.option("--reference-docx", type=click.Path(path_type=Path, dir_okay=False),
              help="Take DOCX styles from this Word file.")
@click.option("--font-family", help="PDF font family (a fontconfig name, e.g. 'DejaVu Serif').")
@click.option("--no-cover", is_flag=True, help="EPUB: do not use the first figure as the cover.")
@click.option("--resource-path", multiple=True, metavar="DIR",
              help=f"Another folder images may come from (repeat, or join with '{os.pathsep}').")
@click.option("--max-image-pixels", type=click.IntRange(min=1), help="Refuse images with more pixels than this.")
@click.option("--verify", is_flag=True, help="Read each output back and check every part arrived (exit 1 if not).")
@click.option("--verify-only", is_flag=True,
              help="Check existing outputs (SOURCES are the outputs) against --source; convert nothing.")
@click.option("--source", "verify_source", type=click.Path(path_type=Path), default=DEFAULT_SOURCE, show_default=True,
              help="With --verify-only: the Markdown the outputs were made from.")
@click.option("-j", "--jobs", type=click.IntRange(min=1), help="Worker processes for many articles (default: cores).")
@click.option("--force", is_flag=True, help="Rebuild outputs even if they are up to date.")
@click.option("--fail-fast", is_flag=True, help="Stop at the first article that fails.")
@click.option("--report", "report_path", type=click.Path(path_type=Path, dir_okay=False),
              help="Write a JSON record per article and format.")
@click.option("--scheduler", metavar="ADDRESS", help="Run on a Dask cluster (tcp://host:port); needs the 'dask' extra.")
@click.option("-q", "--quiet", is_flag=True, help="Print errors only.")
@click.option("-v", "--verbose", count=True, help="Print more (repeat for debug output).")
@click.version_option(__version__, "--version", prog_name="convert")
def command(sources: tuple[Path, ...], to: str | None, output: Path | None, out_dir: Path, list_formats: bool,
            no_smart: bool, paper: str, reference_docx: Path | None, font_family: str | None, no_cover: bool,
            resource_path: tuple[str, ...], max_image_pixels: int | None, verify: bool, verify_only: bool,
            verify_source: Path, jobs: int | None, force: bool, fail_fast: bool, report_path: Path | None,
            scheduler: str | None, quiet: bool, verbose: int) -> None:
    """Convert Markdown articles to DOCX, PDF, EPUB and HTML.

    SOURCES are Markdown files or folders of them (default: source/article.md).
    Outputs go to --out-dir as NAME.EXT (folders mirrored), or to -o FILE.
    """
    _configure_logging(quiet, verbose)
    registry = Registry.default()
    if list_formats:
        for name in registry.names():
            click.echo(name)
        return
    read_options = {
        "smart": not no_smart,
        "resource_path": tuple(p for entry in resource_path for p in entry.split(os.pathsep) if p),
        "max_image_pixels": max_image_pixels,
    }
    if verify_only:
        if not sources:
            raise click.UsageError("--verify-only needs the output files to check")
        sys.exit(_verify_files(list(sources), verify_source, read_options))
    run = _Run(
        sources=list(sources) or [DEFAULT_SOURCE],
        formats=_choose_formats(to, output, registry),
        output=output,
        out_dir=out_dir,
        read_options=read_options,
        write_options={"paper": paper, "reference_docx": reference_docx, "font_family": font_family,
                       "cover": not no_cover},
        verify=verify,
    )
    many = len(run.sources) > 1 or any(s.is_dir() for s in run.sources)
    if output is not None and (many or len(run.formats) > 1):
        raise click.UsageError("-o/--output takes one source and one format; use --out-dir for more")
    if many or jobs or force or fail_fast or report_path or scheduler:
        settings = _BatchSettings(jobs, force, fail_fast, report_path, scheduler, quiet)
        sys.exit(_run_batch(run, registry, settings))
    failed = _convert_all(run, registry)
    sys.exit(1 if failed else 0)


def _choose_formats(to: str | None, output: Path | None, registry: Registry) -> list[str]:
    if to is not None:
        return _split_formats(to, registry)
    if output is not None and output.suffix:
        return _split_formats(output.suffix[1:], registry)
    return _split_formats("all", registry)


def _convert_all(run: _Run, registry: Registry) -> int:
    failed = 0
    for source in run.sources:
        try:
            article = api.read(source, **run.read_options)
        except ConvertError as exc:
            _report(exc)
            failed += 1
            continue
        for name in run.formats:
            target = run.output or run.out_dir / f"{source.stem}.{registry.get(name).extension}"
            try:
                api.write(article, name, target, registry=registry, **run.write_options)
            except ConvertError as exc:
                _report(exc)
                failed += 1
                continue
            log.info("wrote %s", target)
            if run.verify and name in VERIFIABLE and not _show_report(target, api.verify(target, article, name)):
                failed += 1
    return failed


VERIFIABLE = ("docx", "epub", "pdf")


@dataclass(frozen=True)
class _BatchSettings:
    jobs: int | None
    force: bool
    fail_fast: bool
    report_path: Path | None
    scheduler: str | None
    quiet: bool


def _run_batch(run: _Run, registry: Registry, settings: _BatchSettings) -> int:
    """Many articles: a progress bar on a terminal, a line per article otherwise, a summary."""
    total = len(batch_module.discover(run.sources))
    interactive = sys.stderr.isatty() and not settings.quiet
    with click.progressbar(length=total, label="Converting", file=sys.stderr) if interactive else _NoBar() as bar:

        def progress(job: batch_module.Job, records: list[batch_module.Record]) -> None:
            bar.update(1)
            for error in dict.fromkeys(r.error for r in records if r.error):
                click.echo(error, err=True)
            if not interactive and not settings.quiet:
                statuses = sorted({r.status for r in records})
                click.echo(f"{', '.join(statuses)}: {display_name(str(job.source))}")

        report = batch_module.batch(
            run.sources, run.formats, run.out_dir, jobs=settings.jobs, scheduler=settings.scheduler,
            force=settings.force, fail_fast=settings.fail_fast, read_options=run.read_options,
            write_options=run.write_options, progress=progress, registry=registry, verify=run.verify,
        )
    if settings.report_path is not None:
        write_atomically(settings.report_path, report.to_json().encode("utf-8"))
    if not settings.quiet:
        click.echo(report.summary())
    return 0 if report.ok else 1


class _NoBar:
    """Stands in for the progress bar when output is not a terminal."""

    def __enter__(self) -> _NoBar:
        return self

    def __exit__(self, *_: object) -> None:
        return None

    def update(self, _steps: int) -> None:
        return None


def _verify_files(outputs: list[Path], source: Path, read_options: dict[str, Any]) -> int:
    try:
        article = api.read(source, **read_options)
    except ConvertError as exc:
        _report(exc)
        return 1
    failed = 0
    for output in outputs:
        try:
            report = api.verify(output, article)
        except (ConvertError, OSError) as exc:
            message = exc.message if isinstance(exc, ConvertError) else exc.strerror
            click.echo(f"{output}: error: cannot verify: {message}", err=True)
            failed += 1
            continue
        failed += 0 if _show_report(output, report) else 1
    return 1 if failed else 0


def _show_report(output: Path, report: Any) -> bool:
    """Print what failed (and, verbosely, what passed); True if everything passed."""
    for finding in report.findings:
        if not finding.ok:
            click.echo(f"{output}: verify: {finding}", err=True)
        else:
            log.debug("%s: verify: %s", output, finding)
    if report.ok:
        log.info("%s: verified, %d checks passed", output, len(report.findings))
    else:
        click.echo(f"{output}: verify: {len(report.failures)} of {len(report.findings)} checks failed", err=True)
    return bool(report.ok)


def _report(exc: ConvertError) -> None:
    where = exc.location()
    message = f"{exc.message} ({exc.hint})" if exc.hint else exc.message
    click.echo(f"{where}: error: {message}" if where else f"convert: error: {message}", err=True)


def _configure_logging(quiet: bool, verbose: int) -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(_CompilerStyle())
    logger = logging.getLogger("convert")
    logger.handlers[:] = [handler]
    logger.propagate = False
    logger.setLevel(logging.ERROR if quiet else logging.DEBUG if verbose > 1 else
                    logging.INFO if verbose else logging.WARNING)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI and return its exit code (never raises, never prints a traceback).

    SIGTERM is handled like Ctrl-C (a batch stops its workers and writes its manifest
    for what finished) and exits with 143 (128 + 15), as a terminated process does.
    """
    terminated = threading.Event()

    def on_sigterm(_signum: int, _frame: object) -> None:
        terminated.set()
        raise KeyboardInterrupt

    in_main_thread = threading.current_thread() is threading.main_thread()
    previous = signal.signal(signal.SIGTERM, on_sigterm) if in_main_thread else None
    try:
        return _main(argv, terminated)
    except KeyboardInterrupt:  # between click's own handling and here
        click.echo("convert: interrupted", err=True)
        return 143 if terminated.is_set() else 130
    finally:
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)


def _main(argv: Sequence[str] | None, terminated: threading.Event) -> int:
    try:
        command.main(args=list(argv) if argv is not None else None, prog_name="convert", standalone_mode=False)
    except click.exceptions.Exit as exc:
        return int(exc.exit_code)
    except click.ClickException as exc:
        exc.show()
        return exc.exit_code
    except click.Abort:
        click.echo("convert: terminated" if terminated.is_set() else "convert: interrupted", err=True)
        return 143 if terminated.is_set() else 130
    except SystemExit as exc:
        return int(exc.code or 0)
    except ConvertError as exc:
        _report(exc)
        return 1
    except Exception as exc:  # the last line of defence: a bug, reported without a traceback
        log.debug("unexpected error", exc_info=True)
        click.echo(f"convert: error: internal error: {type(exc).__name__}: {exc} (run with -vv for details)", err=True)
        return 1
    return 0
