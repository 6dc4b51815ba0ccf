"""``--watch``: rebuild whenever a source, one of its images, the project file or a reference changes.

File events come from watchfiles (inotify on Linux), debounced so one save is one
rebuild. A failed build is reported and the watch goes on; Ctrl-C ends it cleanly.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from pathlib import Path

import click

from .. import api
from ..errors import ConvertError
from .settings import Plan

#: Milliseconds of quiet after a change before rebuilding (an editor's save is several events).
DEBOUNCE_MS = 300


def watch(plan: Plan, build: Callable[[], int], quiet: bool) -> int:
    """Run ``build`` now and after every relevant change until Ctrl-C; returns 0."""
    from watchfiles import watch as changes  # only when watching

    build()
    try:
        while True:
            watched = _watched_files(plan)
            folders = sorted({str(_folder(p)) for p in watched if _folder(p).exists()})
            if not quiet:
                click.echo(f"watching {len(watched)} file(s); Ctrl-C to stop", err=True)
            for batch in changes(*folders, debounce=DEBOUNCE_MS, raise_interrupt=True, rust_timeout=0):
                touched = {Path(path).resolve() for _, path in batch}
                if touched & watched or any(_inside_source_folder(t, plan) for t in touched):
                    break
            build()
    except KeyboardInterrupt:
        if not quiet:
            click.echo("stopped watching", err=True)
        return 0


def _folder(path: Path) -> Path:
    return path if path.is_dir() else path.parent


def _inside_source_folder(path: Path, plan: Plan) -> bool:
    """A Markdown file added or changed under a source folder (a batch of folders)."""
    return path.suffix == ".md" and any(s.is_dir() and path.is_relative_to(s.resolve()) for s in plan.sources)


def _watched_files(plan: Plan) -> set[Path]:
    """The sources, the images they use now, the project and metadata files and the reference document."""
    files = {p.resolve() for p in plan.sources if p.is_file()}
    logger = logging.getLogger("convert")
    logger.disabled = True  # the build just showed this article's warnings; reading it again must not repeat them
    try:
        for source in list(files):
            try:
                article = api.read(source, **plan.read_options)
            except ConvertError:
                continue  # its error was shown by the build; the source itself is still watched
            files.update(Path(image.path).resolve() for image in article.images() if image.path)
    finally:
        logger.disabled = False
    extra = [*plan.watch_paths, plan.write_options.get("reference_docx")]
    files.update(Path(os.fspath(p)).resolve() for p in extra if p is not None)
    return files
