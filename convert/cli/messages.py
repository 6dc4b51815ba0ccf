"""How the command speaks: compiler-style lines on stderr, one line per article, a summary.

Every mode (one article, many, ``--watch``) speaks the same way, all on stderr (stdout
carries only a document, with ``-o -``): errors and warnings as they come, like a
compiler's; a progress bar while many articles convert on a terminal; then one summary
line, ``N converted, N failed, N up to date``. ``-v`` adds a line per article
(``converted: SOURCE``) and per output written; ``-q`` prints errors only.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Iterator
from contextlib import contextmanager

import click

from ..errors import ConvertError, display_name

log = logging.getLogger("convert")


class CompilerStyle(logging.Formatter):
    """``file:line: warning: message``, like a compiler."""

    def format(self, record: logging.LogRecord) -> str:
        level = record.levelname.lower()
        where = getattr(record, "where", None)
        if where:
            return f"{where}: {level}: {getattr(record, 'text', record.getMessage())}"
        if record.levelno == logging.INFO:
            return record.getMessage()  # progress lines: "converted: story.md", "wrote out/story.pdf"
        return f"convert: {level}: {record.getMessage()}"


@contextmanager
def logging_restored() -> Iterator[None]:
    """Around a run of the command: the ``convert`` and ``pypdf`` loggers as they were afterwards (handlers,
    level, propagation), so a program that runs the command and then uses the library in one process gets
    the library's own logging back (no global state left changed)."""
    saved = [(logger, list(logger.handlers), logger.level, logger.propagate, logger.disabled)
             for logger in (logging.getLogger("convert"), logging.getLogger("pypdf"))]
    try:
        yield
    finally:
        for logger, handlers, level, propagate, disabled in saved:
            logger.handlers[:] = handlers
            logger.setLevel(level)
            logger.propagate, logger.disabled = propagate, disabled


def configure_logging(quiet: bool, verbose: int) -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(CompilerStyle())
    logger = logging.getLogger("convert")
    logger.handlers[:] = [handler]
    logger.propagate = False
    logger.setLevel(logging.ERROR if quiet else logging.DEBUG if verbose > 1 else
                    logging.INFO if verbose else logging.WARNING)
    # pypdf (read-back) logs its own notes on what it parses ("EOF marker not found"); --verify reports
    # what matters as findings, so they are shown only with -vv.
    pypdf = logging.getLogger("pypdf")
    pypdf.handlers[:] = [handler] if verbose > 1 else [logging.NullHandler()]
    pypdf.propagate = False


def report_error(exc: ConvertError) -> None:
    """``file:line:col: error: message (hint)`` on stderr."""
    where = exc.location()
    message = f"{exc.message} ({exc.hint})" if exc.hint else exc.message
    click.echo(f"{where}: error: {message}" if where else f"convert: error: {message}", err=True)


def article_line(status: str, source: str) -> None:
    """The line per article every mode prints with ``-v``."""
    log.info("%s: %s", status, display_name(source))


def summary_line(converted: int, failed: int, up_to_date: int, quiet: bool) -> None:
    if not quiet:
        click.echo(f"{converted} converted, {failed} failed, {up_to_date} up to date", err=True)
