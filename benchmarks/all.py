"""Every performance table of issue #20 in one run: cold ratios, scaling, sizes, import profile.

Run: ``.venv/bin/python benchmarks/all.py [--quick]`` (about 10 minutes on 2 cores; ``--quick``
about 2). Each section is also a script of its own: cold.py, scaling.py, sizes.py, importtime.py.
The first run installs pandoc, WeasyPrint and typst into benchmarks/.work/venv.
"""

from __future__ import annotations

import argparse
import os
import platform
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks._tools import ROOT, ensure_tools, tools_env
from benchmarks.cold import cold_table
from benchmarks.importtime import importtime_tables
from benchmarks.scaling import scaling_tables
from benchmarks.sizes import sizes_tables


def _machine() -> str:
    pandoc = subprocess.run(["pandoc", "--version"], capture_output=True, text=True, check=False,
                            env=tools_env(ensure_tools())).stdout.split("\n")[0]
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True,
                            check=False).stdout.strip()
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    return (f"Python {platform.python_version()}, {os.cpu_count()} cores, load average {load}, {pandoc}, "
            f"commit {commit or '?'} (working tree)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="fewer runs and sizes up to 1,000 paragraphs")
    parser.add_argument("--photo", type=Path, action="append", default=[], help="a real photo (JPEG) for sizes.py")
    args = parser.parse_args()
    sections = [
        ("Cold start against pandoc", lambda: cold_table(3 if args.quick else 11)),
        ("Scaling", lambda: scaling_tables(1_000 if args.quick else 10_000, 100, 1.0 if args.quick else 3.0,
                                           3 if args.quick else 5, pandoc=not args.quick)),
        ("Sizes", lambda: sizes_tables(args.photo)),
        ("Import profile", lambda: importtime_tables(["docx", "epub", "html", "pdf", "all"], 3 if args.quick else 7)),
    ]
    print(f"# Performance of convert\n\n{_machine()}")
    for title, make in sections:
        print(f"\n## {title}\n\n{make()}", flush=True)


if __name__ == "__main__":
    main()
