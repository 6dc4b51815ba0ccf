"""``--verify`` and ``--verify-only``: read outputs back and say what did not arrive."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import click

from .. import api
from ..errors import ConvertError, display_name
from ..model import Article
from .messages import report_error

log = logging.getLogger("convert")

VERIFIABLE = ("docx", "epub", "html", "pdf")


def verify_files(outputs: list[Path], source: Path, read_options: dict[str, Any], quiet: bool = False) -> int:
    """``--verify-only``: check existing ``outputs`` against the article at ``source``; the exit code.

    Ends with one summary line, as every mode does: ``2 verified, 0 failed``.
    """
    try:
        article = api.read(source, **read_options)
    except ConvertError as exc:
        report_error(exc)
        return 1
    failed = sum(0 if verify_output(output, article) else 1 for output in outputs)
    if not quiet:
        click.echo(f"{len(outputs) - failed} verified, {failed} failed", err=True)
    return 1 if failed else 0


def verify_output(output: Path, article: Article, fmt: str | None = None, source_text: bytes | None = None) -> bool:
    """Read ``output`` back against ``article``; prints what failed; True if everything arrived.

    ``source_text``: the Markdown when it came from stdin (a file source is read again by name).
    """
    try:
        report = api.verify(output, article, fmt, source_text=source_text)
    except (ConvertError, OSError) as exc:
        message = exc.message if isinstance(exc, ConvertError) else exc.strerror
        click.echo(f"{display_name(str(output))}: error: cannot verify: {message}", err=True)
        return False
    for finding in report.findings:
        if not finding.ok:
            click.echo(f"{display_name(str(output))}: verify: {finding}", err=True)
        else:
            log.debug("%s: verify: %s", output, finding)
    if report.ok:
        log.info("%s: verified, %d checks passed", display_name(str(output)), len(report.findings))
    else:
        click.echo(f"{display_name(str(output))}: verify: {len(report.failures)} of {len(report.findings)} checks failed",
                   err=True)
    return bool(report.ok)
