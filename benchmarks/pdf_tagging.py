"""What tagging (PDF/UA-1) costs: warm render time and size, tagged vs the same code before it.

Run: ``.venv/bin/python benchmarks/pdf_tagging.py [--before REV] [--runs N]``. The tree of
``convert/`` at ``REV`` (default: the commit before tagging came in) is extracted into a
temporary folder with ``git archive``; each version renders the seed and a richer article
in its own process, the two processes taking turns, and the CPU time of each warm render
is measured (``time.process_time``: a busy machine changes it less than wall time). Prints a
Markdown table with medians.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
#: The last commit whose PDF writer had no tagging.
UNTAGGED = "b049df3"

WORKER = r"""
import json, sys, time
sys.path.insert(0, sys.argv[1])
import convert
sys.path.insert(0, sys.argv[2])
from tests.test_pdf_state import RICH
articles = {"seed": convert.read(sys.argv[2] + "/source/article.md", resource_path=(sys.argv[2] + "/assets",)),
            "rich": convert.read_text(RICH)}
for article in articles.values():
    for _ in range(3):
        convert.render(article, "pdf")
for line in sys.stdin:
    name, runs = line.split()
    times = []
    for _ in range(int(runs)):
        start = time.process_time()
        data = convert.render(articles[name], "pdf")
        times.append(time.process_time() - start)
    print(json.dumps({"times": times, "bytes": len(data)}), flush=True)
"""


def _worker(code_root: Path) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-c", WORKER, str(code_root), str(ROOT)], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, text=True, cwd=ROOT)


def _ask(worker: subprocess.Popen[str], name: str, runs: int) -> dict[str, object]:
    assert worker.stdin is not None and worker.stdout is not None
    worker.stdin.write(f"{name} {runs}\n")
    worker.stdin.flush()
    answer: dict[str, object] = json.loads(worker.stdout.readline())
    return answer


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--before", default=UNTAGGED, help="the revision to compare with (untagged)")
    parser.add_argument("--runs", type=int, default=200, help="warm renders per article and version")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        archive = subprocess.run(["git", "archive", args.before, "convert"], cwd=ROOT, capture_output=True, check=True)
        subprocess.run(["tar", "-x", "-C", tmp], input=archive.stdout, check=True)
        before, after = _worker(Path(tmp)), _worker(ROOT)
        rows = []
        for name in ("seed", "rich"):
            times: dict[str, list[float]] = {"before": [], "after": []}
            sizes: dict[str, int] = {}
            for _ in range(10):  # take turns, so both see the same load
                for label, worker in (("before", before), ("after", after)):
                    answer = _ask(worker, name, max(1, args.runs // 10))
                    times[label].extend(answer["times"])  # type: ignore[arg-type]
                    sizes[label] = int(answer["bytes"])  # type: ignore[call-overload]
            old, new = (statistics.median(times[k]) * 1000 for k in ("before", "after"))
            rows.append((name, f"{old:.1f} ms", f"{new:.1f} ms", f"{(new / old - 1) * 100:+.0f} %",
                         f"{sizes['before'] / 1024:.1f} KB", f"{sizes['after'] / 1024:.1f} KB",
                         f"{(sizes['after'] / sizes['before'] - 1) * 100:+.1f} %"))
        for worker in (before, after):
            assert worker.stdin is not None
            worker.stdin.close()
            worker.wait()
    print(f"CPU time of a warm render, median of {args.runs}; `{args.before}` (untagged) against the working tree\n")
    print("| article | untagged | tagged | time | untagged size | tagged size | size |")
    print("| --- | --- | --- | --- | --- | --- | --- |")
    for row in rows:
        print("| " + " | ".join(row) + " |")


if __name__ == "__main__":
    main()
