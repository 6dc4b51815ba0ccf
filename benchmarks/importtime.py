"""Where a cold ``convert --to F`` spends its imports (``python -X importtime``), per format.

Run: ``.venv/bin/python benchmarks/importtime.py [--runs N] [--formats docx,pdf]``. Prints
(1) the import time per package (the sum of its modules' own times, the best of N runs, so
the table partitions the total), per format; (2) the modules one article should not need
(batch machinery, network and e-mail libraries, ``tempfile``, ``importlib.metadata``...)
with the chain that imported them.
"""

from __future__ import annotations

import argparse
import re
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import subprocess

from benchmarks._tools import ROOT, markdown_table, project_convert, project_python

SOURCE = ROOT / "source" / "article.md"
_LINE = re.compile(r"^import time:\s+(\d+) \|\s+(\d+) \| (\s*)(\S+)$")
#: Modules the path of one article should not load, and why they cost.
UNWANTED = {
    "convert.batching": "batch machinery (concurrent.futures, multiprocessing)",
    "multiprocessing": "process pools",
    "concurrent.futures": "thread and process pools",
    "xml.sax.saxutils": "pulls in urllib.request, http.client, email, ssl for one escape",
    "urllib.request": "HTTP client",
    "http.client": "HTTP client (email.parser, ssl)",
    "ssl": "OpenSSL bindings",
    "email.parser": "e-mail parsing",
    "tempfile": "random, shutil",
    "importlib.metadata": "scans installed packages",
    "asyncio": "event loop",
    "PIL.Image": "Pillow (only when an image is read)",
    "convert.readback": "read-back checks (only with --verify)",
    "pypdf": "PDF reader (only with --verify)",
    "distributed": "Dask",
}


@dataclass
class Module:
    name: str
    own: int  # microseconds
    cumulative: int
    depth: int
    parent: str


def parse(stderr: str) -> list[Module]:
    """Modules in import order's report order (children first), each with the module that imported it."""
    rows = [(int(m[1]), int(m[2]), len(m[3]) // 2, m[4]) for m in map(_LINE.match, stderr.splitlines()) if m]
    modules = []
    for index, (own, cumulative, depth, name) in enumerate(rows):
        parent = next((later[3] for later in rows[index + 1:] if later[2] < depth), "<main>")
        modules.append(Module(name, own, cumulative, depth, parent))
    return modules


def profile(fmt: str, runs: int) -> dict[str, Module]:
    """Per module, the run with the smallest own time (best of ``runs``: the machine may be busy)."""
    best: dict[str, Module] = {}
    with tempfile.TemporaryDirectory() as tmp:
        target = ["--out-dir", tmp] if fmt == "all" else ["-o", f"{tmp}/x.{fmt}"]
        command = [project_python(), "-X", "importtime", project_convert(), "-q", "--to", fmt, str(SOURCE), *target]
        for _ in range(runs):
            result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=True)
            for module in parse(result.stderr):
                if module.name not in best or module.own < best[module.name].own:
                    best[module.name] = module
    return best


def group(name: str) -> str:
    """Our modules by subpackage (``convert.writers.pdf``), everything else by top-level package."""
    parts = name.split(".")
    if parts[0] == "convert":
        return ".".join(parts[:3]) if len(parts) > 2 and parts[1] in ("writers", "reader") else ".".join(parts[:2])
    if parts[0] in ("site", "encodings", "_distutils_hack") or parts[0].startswith("__editable__"):
        return "interpreter start-up (site, .pth hooks)"
    return parts[0]


def package_table(profiles: dict[str, dict[str, Module]], top: int) -> str:
    totals: dict[str, dict[str, int]] = {}
    for fmt, modules in profiles.items():
        for module in modules.values():
            cell = totals.setdefault(group(module.name), {})
            cell[fmt] = cell.get(fmt, 0) + module.own
    ranked = sorted(totals, key=lambda g: -max(totals[g].values()))
    rows = [[g, *[f"{totals[g].get(fmt, 0) / 1000:.1f}" for fmt in profiles]] for g in ranked[:top]]
    rest = ranked[top:]
    rows.append([f"{len(rest)} smaller packages", *[
        f"{sum(totals[g].get(fmt, 0) for g in rest) / 1000:.1f}" for fmt in profiles]])
    rows.append(["**total imports**", *[
        f"**{sum(m.own for m in modules.values()) / 1000:.0f}**" for modules in profiles.values()]])
    return markdown_table(["package (ms, own time summed)", *profiles], rows)


def chain(modules: dict[str, Module], name: str) -> str:
    links = [name]
    while links[-1] in modules and modules[links[-1]].parent != "<main>" and len(links) < 8:
        links.append(modules[links[-1]].parent)
    return " ← ".join(links)


def unwanted_table(profiles: dict[str, dict[str, Module]]) -> str:
    rows = []
    for name, why in UNWANTED.items():
        loaded = [fmt for fmt, modules in profiles.items() if name in modules]
        if loaded:
            modules = profiles[loaded[0]]
            rows.append([f"`{name}`", why, ", ".join(loaded), f"{modules[name].cumulative / 1000:.1f}",
                         chain(modules, name)])
    if not rows:
        return "None of the unwanted modules is imported."
    return markdown_table(["module", "what it is", "loaded for", "ms (with its imports)", "imported by"], rows)


def importtime_tables(formats: list[str], runs: int, top: int = 22) -> str:
    profiles = {fmt: profile(fmt, runs) for fmt in formats}
    return (f"`python -X importtime` of `convert -q --to F` on the seed, best of {runs} runs per module\n\n"
            + package_table(profiles, top) + "\n\nModules one article should not need\n\n" + unwanted_table(profiles))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--formats", default="docx,epub,html,pdf,all")
    parser.add_argument("--top", type=int, default=22, help="packages listed before the rest are summed")
    args = parser.parse_args()
    print(importtime_tables(args.formats.split(","), args.runs, args.top))


if __name__ == "__main__":
    main()
