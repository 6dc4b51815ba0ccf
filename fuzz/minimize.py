"""Shrink a finding's input while it still gives the same finding (greedy delta debugging).

Removes blocks (blank-line separated), then lines, then ever smaller runs of
characters, keeping each removal after which :func:`fuzz.harness.run` still
reports a finding with the same signature. Only the formats the finding is
about are rendered, so each trial is quick.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from .harness import FORMATS, Finding, run


def formats_for(finding: Finding) -> tuple[str, ...]:
    """The formats a finding's stage needs: none for the reader, the one format for a writer, verify or output."""
    if finding.stage == "read":
        return ()
    fmt = finding.stage.split(":", 1)[1]
    return (fmt,) if fmt in FORMATS else FORMATS


def still_fails(finding: Finding, budget: float) -> Callable[[str], bool]:
    formats = formats_for(finding)
    wanted = finding.signature

    def test(candidate: str) -> bool:
        outcome = run(candidate, budget=budget, formats=formats)
        return any(f.signature == wanted for f in outcome.findings)

    return test


def _chunks(text: str, separator: str) -> list[str]:
    parts = text.split(separator)
    return [part + separator for part in parts[:-1]] + [parts[-1]]


def _remove_pieces(pieces: list[str], test: Callable[[str], bool], deadline: float) -> list[str]:
    """Drop pieces, in halves first, then one by one, while ``test`` still holds."""
    size = max(1, len(pieces) // 2)
    while size >= 1 and time.monotonic() < deadline:
        start = 0
        while start < len(pieces) and time.monotonic() < deadline:
            candidate = pieces[:start] + pieces[start + size:]
            if candidate and test("".join(candidate)):
                pieces = candidate
            else:
                start += size
        size //= 2
    return pieces


def minimize(text: str, finding: Finding, *, seconds: float = 300.0, budget: float = 30.0) -> str:
    """The smallest input found within ``seconds`` that still gives ``finding`` (``text`` itself if none)."""
    deadline = time.monotonic() + seconds
    test = still_fails(finding, budget)
    if not test(text):
        return text  # flaky, or depends on state: keep the original
    for separator in ("\n\n", "\n"):
        text = "".join(_remove_pieces(_chunks(text, separator), test, deadline))
    return "".join(_remove_pieces(list(text), test, deadline)) if len(text) < 10_000 else text
