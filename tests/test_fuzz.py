"""The fuzzing harness in the suite: a short Hypothesis run of fuzz/'s grammar, and every saved reproducer replayed.

The long, coverage-guided run is ``fuzz/fuzz_convert.py`` (see its docstring).
A reproducer listed in ``fuzz/regressions/index.json`` as ``pending`` is a bug
an owner has yet to fix: its replay is an expected failure naming the owner,
and the short run does not fail on that same bug again.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from fuzz import harness
from fuzz.choices import HypothesisChoices
from fuzz.grammar import article

REGRESSIONS = Path(__file__).resolve().parent.parent / "fuzz" / "regressions"
INDEX: dict[str, dict[str, Any]] = json.loads((REGRESSIONS / "index.json").read_text())
PENDING = {signature for entry in INDEX.values() if entry.get("pending") for signature in entry["signatures"]}
#: Articles in the short run (about 10 s in all; Hypothesis draws small ones first; longer runs are fuzz_convert.py's).
SHORT_RUN_EXAMPLES = 40


def _describe(findings: list[harness.Finding]) -> str:
    return "\n".join(f"{f.kind} {f.stage}: {f.detail} [{f.where}]\n{f.trace}" for f in findings)


# The same articles every run (derandomized), so the suite fails on a change in the code, never on luck; exploring
# is fuzz/fuzz_convert.py's job. No shrinking: a failure prints its Markdown, and fuzz/minimize.py shrinks it.
@settings(max_examples=SHORT_RUN_EXAMPLES, deadline=None, database=None, suppress_health_check=list(HealthCheck),
          phases=[Phase.explicit, Phase.generate], derandomize=True)
@given(st.data())
def test_a_short_fuzzing_run_finds_nothing_new(data: st.DataObject) -> None:
    markdown = article(HypothesisChoices(data))
    outcome = harness.run(markdown, budget=60.0)
    new = [f for f in outcome.findings if f.signature not in PENDING]
    assert not new, f"{markdown!r}\n{_describe(new)}"


def _replays() -> list[Any]:
    cases: list[Any] = []
    for path in sorted(REGRESSIONS.glob("*.md")):
        entry = INDEX.get(path.name, {})
        marks = [pytest.mark.xfail(strict=False, reason=f"{entry['owner']}: {entry['what']}")] if entry.get("pending") else []
        cases.append(pytest.param(path, id=path.stem, marks=marks))
    return cases


@pytest.mark.parametrize("path", _replays())
def test_a_saved_reproducer_gives_no_finding(path: Path) -> None:
    outcome = harness.run(harness.load(path), budget=60.0)
    assert not outcome.findings, _describe(outcome.findings)


def test_every_reproducer_is_described() -> None:
    """Each file under fuzz/regressions/ says what it found and whose it is."""
    names = {path.name for path in REGRESSIONS.glob("*.md")}
    assert names == set(INDEX), names ^ set(INDEX)
    assert all({"owner", "what", "signatures"} <= set(entry) for entry in INDEX.values())


def test_the_harness_catches_what_it_is_for() -> None:
    """The harness itself: a refusal is not a finding, and an output with live markup or a broken file is one."""
    from fuzz.outputs import check_docx, check_epub, check_html, check_pdf

    refused = harness.run("---\ntitle: [a\n---\n\nBody\n", formats=())
    assert refused.refused and not refused.findings
    assert [p.kind for p in check_html(b"<html><body><p onclick='x'>a</p><script>x</script></body></html>")] == [
        "live-markup", "live-markup"]
    assert "unreadable" in [p.kind for p in check_pdf(b"%PDF-1.4 truncated")]
    assert [p.kind for p in check_docx(b"PK\x03\x04junk")] == ["unreadable"]
    assert [p.kind for p in check_epub(b"PK\x03\x04junk")] == ["unreadable"]
    slow = harness.run("# T\n\nBody\n", budget=0.001)
    assert [f.kind for f in slow.findings] == ["slow"]
