"""Cold start: one fresh ``convert`` process per format against pandoc on the seed, run in alternation.

Run: ``.venv/bin/python benchmarks/cold.py [--runs N]``. Prints a Markdown table of medians
(wall clock and CPU) and the ratio to pandoc in the same run, beside the targets of issue #20.
PDF is compared with pandoc + Typst (the target) and pandoc + WeasyPrint; ``--to all`` with
pandoc run four times (DOCX, EPUB, standalone HTML, PDF through Typst).
The first run installs pandoc, WeasyPrint and typst into benchmarks/.work/venv.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks._tools import (
    ROOT,
    alternate,
    ensure_tools,
    markdown_table,
    ms,
    project_convert,
    project_python,
    run_command,
    tools_env,
)

SOURCE = ROOT / "source" / "article.md"
PANDOC = {
    "docx": ["pandoc", "article.md", "-o", "{out}.docx"],
    "epub": ["pandoc", "article.md", "-o", "{out}.epub"],
    "html": ["pandoc", "article.md", "--standalone", "--embed-resources", "-o", "{out}.html"],
    "pdf": ["pandoc", "article.md", "--pdf-engine=typst", "-o", "{out}.pdf"],
    "pdf (WeasyPrint)": ["pandoc", "article.md", "--pdf-engine=weasyprint", "-o", "{out}.pdf"],
}
#: Issue #20's targets: our cold time over pandoc's, same input, same run.
TARGETS = {"docx": 1.6, "epub": 3.0, "html": 2.5, "pdf": 2.5, "all": 1.0}


def _ours(fmt: str, out: Path) -> Callable[[], None]:
    target = ["--out-dir", str(out)] if fmt == "all" else ["-o", f"{out}/x.{fmt}"]
    command = [project_convert(), "-q", "--to", fmt, str(SOURCE), *target]
    return lambda: run_command(command, ROOT)


def _pandoc(names: list[str], out: Path, env: dict[str, str]) -> Callable[[], None]:
    commands = [[part.format(out=out / "p") for part in PANDOC[name]] for name in names]

    def run() -> None:
        for command in commands:
            run_command(command, SOURCE.parent, env)

    return run


def cold_table(runs: int) -> str:
    """The cold table: each format (and ``all``) against pandoc, alternating, ``runs`` rounds."""
    env = tools_env(ensure_tools())
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        cases: list[tuple[str, list[str]]] = [(f, [f]) for f in ("docx", "epub", "html", "pdf")]
        cases.append(("all", ["docx", "epub", "html", "pdf"]))
        for fmt, pandoc_names in cases:
            actions = {"ours": _ours(fmt, out), "pandoc": _pandoc(pandoc_names, out, env)}
            if fmt == "pdf":
                actions["weasyprint"] = _pandoc(["pdf (WeasyPrint)"], out, env)
            timing = alternate(actions, runs)
            ours, peer = timing["ours"], timing["pandoc"]
            ratio = ours.wall_median / peer.wall_median
            label = {"pdf": "pdf (vs Typst)", "all": "all (vs 4 pandoc runs)"}.get(fmt, fmt)
            rows.append([label, ms(ours.wall_median), ms(peer.wall_median), f"{ratio:.2f}",
                         f"{ours.cpu_median / peer.cpu_median:.2f}", f"≤ {TARGETS[fmt]}",
                         "yes" if ratio <= TARGETS[fmt] else "**no**"])
            if "weasyprint" in timing:
                weasy = timing["weasyprint"]
                rows.append(["pdf (vs WeasyPrint)", ms(ours.wall_median), ms(weasy.wall_median),
                             f"{ours.wall_median / weasy.wall_median:.2f}",
                             f"{ours.cpu_median / weasy.cpu_median:.2f}", "-", "-"])
    floor = alternate({
        "python": lambda: run_command([project_python(), "-c", "pass"], ROOT),
        "version": lambda: run_command([project_convert(), "--version"], ROOT),
    }, runs)
    header = ["format", "ours (wall)", "pandoc (wall)", "ratio (wall)", "ratio (CPU)", "target", "met"]
    return (f"Cold runs on the seed, median of {runs} alternating rounds\n\n" + markdown_table(header, rows)
            + f"\n\nFloor: `.venv/bin/python -c pass` {ms(floor['python'].wall_median)}, "
            f"`convert --version` {ms(floor['version'].wall_median)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=11, help="alternating rounds (median)")
    args = parser.parse_args()
    print(cold_table(args.runs))


if __name__ == "__main__":
    main()
