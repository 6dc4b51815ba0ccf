#!/usr/bin/env python3
"""Fuzz ``convert``: Markdown articles through read → every writer → read back → verify.

Engines:

* ``atheris`` (default; coverage-guided libFuzzer over the ``convert`` package,
  markdown-it and PyYAML). An input whose first byte is 0 is raw Markdown (the
  rest, UTF-8 with undecodable bytes as lone surrogates); any other input
  drives :func:`fuzz.grammar.article`. libFuzzer options pass through::

      .venv/bin/python fuzz/fuzz_convert.py -max_total_time=600 -rss_limit_mb=4096 fuzz/work/corpus fuzz/seeds

* ``hypothesis`` (``--engine hypothesis --seconds 600``): the same grammar drawn
  by Hypothesis, steered with ``hypothesis.target`` towards slow runs and big
  outputs.

Other commands: ``--replay FILE...`` runs saved inputs and prints their
findings; ``--minimize FILE.md`` shrinks a saved finding (its ``.json`` beside
it says what to keep) into ``FILE.min.md``.

Findings go to ``--out`` (default ``fuzz/findings``, one ``.md`` input and one
``.json`` description per signature); running figures (executions, refusals,
findings, the slowest input and its time) to ``stats-<pid>.json`` there;
``--summary`` adds them up over every process.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

INSTRUMENTED = ["convert", "markdown_it", "mdit_py_plugins", "yaml"]


@dataclass
class Stats:
    """What a fuzzing process has done so far; written to ``stats-<pid>.json`` as it goes."""

    out: Path
    engine: str
    executions: int = 0
    refused: int = 0
    warned: int = 0
    signatures: dict[str, str] = field(default_factory=dict)
    slowest: float = 0.0
    slowest_input: str = ""
    started: float = field(default_factory=time.time)

    def record(self, markdown: str, outcome: object) -> None:
        from fuzz.harness import Outcome, save

        assert isinstance(outcome, Outcome)
        self.executions += 1
        self.refused += outcome.refused is not None
        self.warned += bool(outcome.warnings)
        for finding in outcome.findings:
            path = save(finding, markdown, self.out)
            if finding.signature not in self.signatures:
                self.signatures[finding.signature] = path.name
                print(f"NEW FINDING {finding.kind} {finding.stage}: {finding.detail[:160]} [{finding.where}]",
                      file=sys.stderr, flush=True)
        if outcome.total > self.slowest:
            self.slowest = outcome.total
            self.slowest_input = f"slowest-{os.getpid()}.md"
            (self.out / self.slowest_input).write_bytes(markdown.encode("utf-8", "surrogatepass"))
        if self.executions % 20 == 0:
            self.write()

    def write(self) -> None:
        self.out.mkdir(parents=True, exist_ok=True)
        figures = {
            "engine": self.engine, "executions": self.executions, "refused": self.refused, "warned": self.warned,
            "unique_findings": len(self.signatures), "findings": self.signatures,
            "slowest_seconds": round(self.slowest, 2), "slowest_input": self.slowest_input,
            "elapsed_seconds": round(time.time() - self.started, 1),
        }
        (self.out / f"stats-{os.getpid()}.json").write_text(json.dumps(figures, indent=1, ensure_ascii=False))


def markdown_of(data: bytes) -> str:
    """The article an input stands for: raw Markdown when the first byte is 0, else the grammar's article."""
    if data[:1] == b"\x00":
        return data[1:].decode("utf-8", "surrogateescape")
    import atheris  # type: ignore[import-untyped]

    from fuzz.choices import BytesChoices
    from fuzz.grammar import article

    return article(BytesChoices(atheris.FuzzedDataProvider(data)))


def run_atheris(stats: Stats, argv: list[str], budget: float) -> None:
    import atheris

    with atheris.instrument_imports(include=INSTRUMENTED):
        import convert.readback.docx
        import convert.readback.epub
        import convert.readback.pdf
        import convert.writers.docx
        import convert.writers.epub
        import convert.writers.html
        import convert.writers.pdf  # noqa: F401  (imported here to be instrumented)
        from fuzz import harness

    def one_input(data: bytes) -> None:
        markdown = markdown_of(data)
        stats.record(markdown, harness.run(markdown, budget=budget))

    defaults = [f"-artifact_prefix={stats.out}/", "-max_len=8192", "-len_control=0", "-rss_limit_mb=4096",
                f"-timeout={int(budget * 3)}"]
    given = {option.split("=", 1)[0] for option in argv}
    argv = [option for option in defaults if option.split("=", 1)[0] not in given] + argv
    atheris.Setup([sys.argv[0], *argv], one_input)
    try:
        atheris.Fuzz()
    finally:
        stats.write()


def run_hypothesis(stats: Stats, seconds: float, budget: float) -> None:
    """Batches of 25 articles until ``seconds`` have passed (a test that returned early on time would be flaky)."""
    from hypothesis import HealthCheck, Phase, given, settings, target
    from hypothesis import strategies as st

    from fuzz import harness
    from fuzz.choices import HypothesisChoices
    from fuzz.grammar import article

    @settings(max_examples=25, deadline=None, database=None, phases=[Phase.generate],
              suppress_health_check=list(HealthCheck))
    @given(st.data())
    def explore(data: st.DataObject) -> None:
        markdown = article(HypothesisChoices(data))
        outcome = harness.run(markdown, budget=budget)
        stats.record(markdown, outcome)
        target(outcome.total, label="seconds")
        target(float(len(outcome.findings)), label="findings")

    deadline = time.monotonic() + seconds
    try:
        while time.monotonic() < deadline:
            explore()
    finally:
        stats.write()


def replay(paths: list[Path], budget: float) -> int:
    from fuzz import harness

    bad = 0
    for path in paths:
        outcome = harness.run(harness.load(path), budget=budget)
        status = "refused" if outcome.refused else "converted"
        print(f"{path}: {status} in {outcome.total:.2f} s, {len(outcome.warnings)} warning(s)")
        for finding in outcome.findings:
            bad += 1
            print(f"  {finding.kind} {finding.stage}: {finding.detail[:300]} [{finding.where}]")
            if finding.trace:
                print("    " + finding.trace.strip().replace("\n", "\n    "))
    return 1 if bad else 0


def shrink(path: Path, seconds: float) -> None:
    from fuzz import harness
    from fuzz.minimize import minimize

    record = json.loads(path.with_suffix(".json").read_text())
    finding = harness.Finding(record["kind"], record["stage"], record["detail"], record["where"], record["trace"])
    text = harness.load(path)
    smaller = minimize(text, finding, seconds=seconds)
    target = path.with_suffix(".min.md")
    target.write_bytes(smaller.encode("utf-8", "surrogatepass"))
    print(f"{path}: {len(text)} → {len(smaller)} characters in {target}")


def summary(folder: Path) -> None:
    """Totals over every ``stats-*.json`` in ``folder`` (one per fuzzing process)."""
    runs = [json.loads(path.read_text()) for path in sorted(folder.glob("stats-*.json"))]
    findings: dict[str, str] = {}
    for figures in runs:
        findings.update(figures["findings"])
    slowest = max(runs, key=lambda figures: figures["slowest_seconds"], default=None)
    print(f"processes: {len(runs)}; executions: {sum(r['executions'] for r in runs)}; "
          f"refused: {sum(r['refused'] for r in runs)}; with warnings: {sum(r['warned'] for r in runs)}; "
          f"unique findings: {len(findings)}")
    if slowest is not None:
        print(f"slowest input: {slowest['slowest_seconds']} s ({folder / slowest['slowest_input']})")
    for signature, name in sorted(findings.items()):
        print(f"  {signature}  ->  {name}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--engine", choices=("atheris", "hypothesis"), default="atheris")
    parser.add_argument("--seconds", type=float, default=600.0, help="hypothesis: how long to run")
    parser.add_argument("--budget", type=float, default=20.0, help="seconds one input may take")
    parser.add_argument("--out", type=Path, default=ROOT / "fuzz" / "findings")
    parser.add_argument("--replay", nargs="+", type=Path, metavar="FILE")
    parser.add_argument("--minimize", type=Path, metavar="FILE.md")
    parser.add_argument("--summary", action="store_true", help="print the totals of the runs in --out")
    options, rest = parser.parse_known_args()
    if options.summary:
        summary(options.out)
        return
    if options.replay:
        sys.exit(replay(options.replay, options.budget))
    if options.minimize:
        shrink(options.minimize, options.seconds)
        return
    options.out.mkdir(parents=True, exist_ok=True)
    stats = Stats(options.out, options.engine)
    if options.engine == "atheris":
        run_atheris(stats, rest, options.budget)
    else:
        run_hypothesis(stats, options.seconds, options.budget)


if __name__ == "__main__":
    main()
