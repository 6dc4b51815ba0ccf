"""One article through the whole library: ``read_text`` → every built-in writer → read back → ``verify``.

:func:`run` returns an :class:`Outcome` whose ``findings`` are the bugs, each
with a stable ``signature`` (so a fuzzer keeps one input per bug):

* ``exception``: anything raised that is not a ``ConvertError`` (from the
  reader, a writer, or ``verify``), and a ``WriterError`` that only wraps
  another exception ("the pdf writer failed: TypeError: ...");
* ``unreadable`` / ``malformed`` / ``live-markup`` / ``live-link``: an output
  that does not read back, that a reader has to mend, or that keeps something
  live (see :mod:`fuzz.outputs`);
* ``slow``: the whole run took longer than the budget (it is interrupted there);
* ``verify-error``: ``verify`` could not read an output that reads back;
* ``verify``: a failed check on an article that converted without a warning
  that excuses it (any but :data:`BENIGN`).

A ``ConvertError`` from the reader is a refusal, not a finding. The run never
touches the network; images come from :func:`fuzz.images.image_folder`.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
import signal
import time
import traceback
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path
from types import FrameType, TracebackType

import convert
from convert.readback import verify

from .images import image_folder
from .outputs import CHECKS

FORMATS = ("docx", "pdf", "epub", "html")
#: The time budget for one small article through every writer and verify (seconds).
BUDGET = 20.0
_WRAPPED = re.compile(r"^the \w+ writer failed: ")
#: Warnings that change no part an output must keep, so they excuse no verify failure: a missing title (the
#: model has none to check), a date shown as written, characters no document can hold (the model lacks them
#: too), a script removed (its text is not visible in any rendering).
BENIGN = re.compile(r"no title \(|is not a date; shown as written|character\(s\) no document can hold|"
                    r"raw HTML <script> removed")


class BudgetExceeded(BaseException):
    """Raised by the alarm: a BaseException, so the library's ``except Exception`` cannot swallow it."""


@dataclass(frozen=True)
class Finding:
    """One bug: its ``kind``, the ``stage`` ("read", "render:pdf", "verify:epub"...), what and where."""

    kind: str
    stage: str
    detail: str
    where: str = ""
    trace: str = ""

    @property
    def signature(self) -> str:
        """What makes two findings the same bug: kind, stage, exception type or check, and the library frame."""
        head = self.detail.split(":", 1)[0] if self.kind in ("exception", "verify-error") else _generic(self.detail)
        return f"{self.kind}|{self.stage}|{head}|{self.where}"


@dataclass
class Outcome:
    """What one run gave: findings, whether the reader refused the article, warnings logged and time per stage."""

    findings: list[Finding] = field(default_factory=list)
    refused: str | None = None
    warnings: list[str] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=dict)
    current: str = "read"  # the step under way (what a "slow" finding names)

    @property
    def total(self) -> float:
        return sum(self.seconds.values())


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


@contextmanager
def _budget(seconds: float) -> Iterator[None]:
    def expire(signum: int, frame: FrameType | None) -> None:
        raise BudgetExceeded(f"over {seconds:g} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def run(markdown: str, *, budget: float = BUDGET, formats: tuple[str, ...] = FORMATS, folder: Path | None = None) -> Outcome:
    """Run ``markdown`` through read → every writer in ``formats`` → read back → verify; see the module docstring."""
    outcome = Outcome()
    collect = _Collect()
    logger = logging.getLogger("convert")
    logger.addHandler(collect)
    try:
        with _budget(budget):
            start = time.perf_counter()
            article = _read(markdown, folder or image_folder(), outcome)
            outcome.seconds["read"] = time.perf_counter() - start
            if article is not None:
                read_warnings = len(_telling(collect.messages))
                for fmt in formats:
                    _one_format(markdown, article, fmt, outcome, collect, read_warnings)
    except BudgetExceeded as exc:
        stage = outcome.current
        outcome.findings.append(Finding("slow", stage, f"{exc} (interrupted in {stage})", _library_frame(exc.__traceback__)))
    finally:
        logger.removeHandler(collect)
    outcome.warnings = collect.messages
    return outcome


def _read(markdown: str, folder: Path, outcome: Outcome) -> convert.Article | None:
    try:
        return convert.read_text(markdown, name="fuzz.md", base_dir=folder)
    except convert.ConvertError as exc:
        outcome.refused = str(exc)
    except Exception as exc:
        outcome.findings.append(_exception("read", exc))
    return None


def _one_format(markdown: str, article: convert.Article, fmt: str, outcome: Outcome, collect: _Collect,
                read_warnings: int) -> None:
    """Render, read back and verify one format; a verify failure counts when neither the reader nor this writer warned."""
    data: bytes | None = None
    before = len(collect.messages)
    stage = outcome.current = f"render:{fmt}"
    start = time.perf_counter()
    try:
        data = convert.render(article, fmt)
    except convert.WriterError as exc:
        if _WRAPPED.match(exc.message) and exc.__cause__ is not None:
            outcome.findings.append(_exception(stage, exc.__cause__))
    except convert.ConvertError:
        pass  # refused on purpose (a font missing, an option): not a bug
    except Exception as exc:
        outcome.findings.append(_exception(stage, exc))
    outcome.seconds[stage] = time.perf_counter() - start
    if data is None:
        return
    start = time.perf_counter()
    outcome.current = f"readback:{fmt}"
    problems = CHECKS[fmt](data)
    outcome.findings += [Finding(p.kind, f"output:{fmt}", p.detail) for p in problems]
    outcome.seconds[f"readback:{fmt}"] = time.perf_counter() - start
    if any(p.kind == "unreadable" for p in problems):
        return
    start = time.perf_counter()
    _verify(markdown, article, fmt, data, outcome, warned=read_warnings > 0 or bool(_telling(collect.messages[before:])))
    outcome.seconds[f"verify:{fmt}"] = time.perf_counter() - start


def _verify(markdown: str, article: convert.Article, fmt: str, data: bytes, outcome: Outcome, *, warned: bool) -> None:
    stage = outcome.current = f"verify:{fmt}"
    try:
        report = verify(data, article, fmt, source_text=markdown)
    except Exception as exc:  # ConvertError included: every format here is one verify knows
        outcome.findings.append(_exception(stage, exc))
        return
    failures = report.failures
    unreadable = [f for f in failures if f.check == "readable"]
    if unreadable:
        outcome.findings.append(Finding("verify-error", stage, unreadable[0].found[:300]))
    elif failures and not warned:
        first = failures[0]
        outcome.findings.append(Finding("verify", stage, f"{first.check}: expected {first.expected[:120]!r}, "
                                                         f"found {first.found[:120]!r} [{first.where[:60]}]"))


def _telling(messages: list[str]) -> list[str]:
    """The warnings that say a part was changed or left out (not :data:`BENIGN`)."""
    return [message for message in messages if not BENIGN.search(message)]


def _exception(stage: str, exc: BaseException) -> Finding:
    lines = traceback.format_exception(type(exc), exc, exc.__traceback__)
    head = "".join(lines[-8:])[-1500:]
    return Finding("exception", stage, f"{type(exc).__name__}: {exc}"[:300], _library_frame(exc.__traceback__), head)


def _library_frame(tb: TracebackType | None) -> str:
    """The innermost frame in the ``convert`` package: ``convert/reader/x.py:function``."""
    where = ""
    for frame, _line in traceback.walk_tb(tb):
        filename = frame.f_code.co_filename.replace("\\", "/")
        if "/convert/" in filename and "/fuzz/" not in filename:
            where = f"convert/{filename.rsplit('/convert/', 1)[1]}:{frame.f_code.co_name}"
    return where


def _generic(detail: str) -> str:
    """A detail with quoted values and numbers removed, so one bug met with different text is one signature."""
    text = re.sub(r"'[^']*'|\"[^\"]*\"", "…", detail.split(" [", 1)[0])
    return re.sub(r"\d+", "N", text)[:100]


def save(finding: Finding, markdown: str, folder: Path) -> Path:
    """Keep ``markdown`` as the reproducer of ``finding`` in ``folder`` (the smaller one when there already is one)."""
    folder.mkdir(parents=True, exist_ok=True)
    digest = hashlib.sha256(finding.signature.encode("utf-8", "surrogatepass")).hexdigest()[:12]
    path = folder / f"{finding.kind}-{finding.stage.replace(':', '-')}-{digest}.md"
    data = markdown.encode("utf-8", "surrogatepass")
    if not path.exists() or len(data) < path.stat().st_size:
        path.write_bytes(data)
        record = {**asdict(finding), "signature": finding.signature}
        path.with_suffix(".json").write_text(json.dumps(record, indent=1, ensure_ascii=False))
    return path


def load(path: Path) -> str:
    """A saved input (UTF-8, lone surrogates kept as ``surrogatepass`` writes them)."""
    return path.read_bytes().decode("utf-8", "surrogatepass")
