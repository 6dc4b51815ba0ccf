"""One article at a time (no manifest, no workers), from a file or stdin, to files or stdout."""

from __future__ import annotations

import logging
import sys
from pathlib import Path

import click

from .. import api
from ..errors import ConvertError
from ..model import Article
from ..registry import Registry
from .messages import article_line, report_error, summary_line
from .settings import STDIO, Plan
from .verifying import VERIFIABLE, verify_output

log = logging.getLogger("convert")
#: Formats that are text; the others are never written to a terminal.
_TEXT_FORMATS = ("html",)


def refuse_binary_to_terminal(plan: Plan) -> None:
    """``-o -`` with a binary format and stdout a terminal: a usage error (the bytes would garble it)."""
    if plan.output == STDIO and sys.stdout.isatty():
        binary = [f for f in plan.formats if f not in _TEXT_FORMATS]
        if binary:
            raise click.UsageError(f"refusing to write {binary[0].upper()} to a terminal; redirect stdout "
                                   "(convert ... -o - > file) or give -o FILE")


def convert_each(plan: Plan, registry: Registry, quiet: bool) -> int:
    """Convert every source of ``plan``; prints a line per article and a summary; the exit code."""
    converted = failed = 0
    for source in plan.sources:
        ok = convert_one(source, plan, registry)
        converted, failed = converted + ok, failed + (not ok)
        article_line("converted" if ok else "failed", "<stdin>" if source == STDIO else str(source))
    summary_line(converted, failed, 0, quiet)
    return 1 if failed else 0


def convert_one(source: Path, plan: Plan, registry: Registry) -> bool:
    """Read ``source`` once and write every format; errors are printed; True if all went well."""
    try:
        article, text = read_source(source, plan)
    except ConvertError as exc:
        report_error(exc)
        return False
    ok = True
    for name in plan.formats:
        target = plan.output or plan.out_dir / f"{'stdin' if source == STDIO else source.stem}.{registry.get(name).extension}"
        try:
            _write(article, name, target, plan, registry)
        except ConvertError as exc:
            report_error(exc)
            ok = False
            continue
        log.info("wrote %s", "<stdout>" if target == STDIO else target)
        if plan.verify and name in VERIFIABLE and target != STDIO and not verify_output(target, article, name, text):
            ok = False
    return ok


def read_source(source: Path, plan: Plan) -> tuple[Article, bytes | None]:
    """The article at ``source``, or from stdin for ``-`` (its images resolve against the working folder).

    Also the Markdown read from stdin (``None`` for a file, which verify can read again).
    """
    if source == STDIO:
        text = sys.stdin.buffer.read()
        return api.read_text(text, base_dir=Path.cwd(), name="<stdin>", **plan.read_options), text
    return api.read(source, **plan.read_options), None


def _write(article: Article, name: str, target: Path, plan: Plan, registry: Registry) -> None:
    if target == STDIO:
        data = api.render(article, name, registry=registry, **plan.write_options)
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
    else:
        api.write(article, name, target, registry=registry, **plan.write_options)
