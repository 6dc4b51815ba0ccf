"""Read an output back and prove the article's parts arrived as parts.

Independent of the writers: outputs are read with reading libraries only
(python-docx, pypdf, zip + lxml), never with the code that wrote them, so a
writer bug cannot hide itself. Two kinds of checks:

* the model's parts, each in its native form (:mod:`.docx`, :mod:`.epub` for
  EPUB and HTML, :mod:`.pdf`; what must appear is :mod:`.expected`);
* the source's words (:mod:`.source`): every word of the Markdown's visible
  text, from an independent rendering, must be in the output, so a reader bug
  that loses text fails too.

Text comparisons forgive only what formats legitimately change (see
:mod:`.compare`). An output that cannot be read (truncated, not the format it
claims, a zip bomb, broken XML) gives a failed ``readable`` finding, never an
exception, and reading is bounded (see :mod:`.package`).
"""

from __future__ import annotations

import os
import stat
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import ConvertError
from ..model import Article
from .expected import Expected
from .package import MAX_OUTPUT_BYTES, Unreadable, open_package
from .report import Finding, Report

if TYPE_CHECKING:
    from .source import SourceWords

__all__ = ["Finding", "Report", "verify"]

#: The largest source read for the source-words check (bytes).
MAX_SOURCE_BYTES = 64 << 20

#: A checker reads ``data``, records its findings and returns readings of the output's whole visible text.
Checker = Callable[[bytes, Expected, Report], list[str]]


def verify(
    output: str | os.PathLike[str] | bytes,
    article: Article,
    format: str | None = None,
    *,
    source_text: str | bytes | SourceWords | None = None,
    source_words: bool = True,
) -> Report:
    """Check an output (a path or its bytes) against ``article``; one :class:`Finding` per check.

    ``format`` ("docx", "epub", "html", "pdf") defaults to what the bytes are
    (then the file name's extension). The source-words check runs when
    ``source_words`` is true and the Markdown is at hand: ``source_text`` (the
    text, its UTF-8 bytes, or :func:`.source.parse` of it, to parse it once for
    several outputs), else the file ``article.source`` names (an article read
    from text has none: pass ``source_text`` then). Either way the source is
    parsed once for the outputs verified one after another (see :mod:`.source`).

    Raises :class:`~convert.errors.ConvertError` for a format it cannot verify and
    ``OSError`` when the path cannot be opened; anything wrong *inside* the
    output is a failed ``readable`` finding.
    """
    report = Report(format or "unknown")
    data = _load(output, report)
    if data is None:
        return report
    kind = format or _sniff(data, output)
    report.format = kind
    checker = _checkers().get(kind)
    if checker is None:
        if data.startswith(b"PK"):
            report.fail("readable", kind, "a readable docx or epub file", "a zip package of neither kind")
            return report
        raise ConvertError(f"cannot verify format {kind!r}", hint="verify docx, epub, html or pdf files")
    try:
        readings = checker(data, Expected.of(article), report)
    except Exception as exc:  # a reading library's error on a corrupt file: any type, by design
        report.fail("readable", kind, f"a readable {kind} file", _describe(exc))
        return report
    markdown = _source_markdown(article, source_text) if source_words else None
    if markdown is not None:
        from . import source

        source.check(report, markdown, readings, name=_source_name(article), split_words=kind == "pdf")
    return report


def _describe(exc: BaseException) -> str:
    text = str(exc) if isinstance(exc, Unreadable) else f"{type(exc).__name__}: {exc}"
    return text if len(text) <= 300 else text[:299] + "\u2026"


def _load(output: str | os.PathLike[str] | bytes, report: Report) -> bytes | None:
    """The output's bytes, or ``None`` (with a failed finding) when it is not a regular file of sane size."""
    data = output if isinstance(output, bytes) else _read_regular(output, MAX_OUTPUT_BYTES + 1)
    if data is None:
        report.fail("readable", os.fsdecode(output), "a regular file", "not a regular file")
        return None
    if len(data) > MAX_OUTPUT_BYTES:
        report.fail("readable", report.format, f"at most {MAX_OUTPUT_BYTES} bytes", "a larger file")
        return None
    return data


def _sniff(data: bytes, output: object) -> str:
    head = data[:1024]
    if b"%PDF-" in head:
        return "pdf"
    if data.startswith(b"PK"):
        try:
            names = set(open_package(data).namelist())
        except (Unreadable, zipfile.BadZipFile):
            names = set()
        if "mimetype" in names or "META-INF/container.xml" in names:
            return "epub"
        if "word/document.xml" in names:
            return "docx"
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if start.startswith((b"<!doctype html", b"<html")):
        return "html"
    return Path(os.fsdecode(output)).suffix.lstrip(".").lower() if isinstance(output, (str, os.PathLike)) else "unknown"


def _checkers() -> dict[str, Checker]:
    from . import docx, epub, pdf

    return {"docx": docx.check, "epub": epub.check_epub, "html": epub.check_html, "pdf": pdf.check}


def _source_markdown(article: Article, source_text: str | bytes | SourceWords | None) -> str | SourceWords | None:
    """The Markdown the article was read from, when the caller gave it or ``article.source`` is a readable file."""
    if source_text is None:
        source_text = _read_source(article.source)
    if isinstance(source_text, bytes):
        return source_text.decode("utf-8-sig", errors="replace")
    return source_text


def _read_regular(path: str | os.PathLike[str], limit: int) -> bytes | None:
    """At most ``limit`` bytes of ``path``, or ``None`` when it is not a regular file (a FIFO is never waited on)."""
    descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    with os.fdopen(descriptor, "rb") as handle:  # opened once: what is checked is what is read
        if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
            return None
        return handle.read(limit)


def _read_source(name: str) -> bytes | None:
    if not name or name.startswith("<") or name == "-":
        return None
    try:
        data = _read_regular(name, MAX_SOURCE_BYTES + 1)
    except (OSError, ValueError):
        return None
    return data if data is not None and len(data) <= MAX_SOURCE_BYTES else None


def _source_name(article: Article) -> str:
    return os.path.basename(article.source) if not article.source.startswith("<") else article.source
