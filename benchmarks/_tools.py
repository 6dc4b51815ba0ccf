"""Shared by the benchmark scripts: timing, and pandoc with its PDF engines.

pandoc (pypandoc-binary), WeasyPrint and typst are installed into
``benchmarks/.work/venv`` by the benchmarks only; the project never depends on them.
"""

from __future__ import annotations

import os
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "benchmarks" / ".work"
TOOLS_VENV = WORK / "venv"
PROJECT_BIN = ROOT / ".venv" / "bin"

TYPST_WRAPPER = '''#!{python}
"""`typst compile IN OUT` for pandoc, through the typst Python package (it has no CLI)."""
import sys
import typst
args = sys.argv[1:]
if args[:1] == ["--version"]:
    print("typst 0.13.0")
    raise SystemExit(0)
files = [a for a in args[1:] if not a.startswith("-")]
source = files[0] if files else "-"
output = files[1] if len(files) > 1 else None
data = sys.stdin.buffer.read() if source == "-" else open(source, "rb").read()
pdf = typst.compile(data)
if output in (None, "-"):
    sys.stdout.buffer.write(pdf)
else:
    open(output, "wb").write(pdf)
'''


def ensure_tools() -> Path:
    """Install pandoc, WeasyPrint and typst beside the project (once); return the bin folder."""
    python = TOOLS_VENV / "bin" / "python"
    if not python.exists():
        subprocess.run([sys.executable, "-m", "venv", str(TOOLS_VENV)], check=True)
    probe = subprocess.run([str(python), "-c", "import pypandoc, weasyprint, typst"], capture_output=True, check=False)
    if probe.returncode != 0:
        subprocess.run([str(python), "-m", "pip", "install", "-q", "pypandoc-binary", "weasyprint", "typst"],
                       check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    bin_dir = TOOLS_VENV / "bin"
    pandoc = subprocess.run([str(python), "-c", "import pypandoc; print(pypandoc.get_pandoc_path())"],
                            capture_output=True, text=True, check=True).stdout.strip()
    link = bin_dir / "pandoc"
    if not link.exists():
        link.symlink_to(pandoc)
    wrapper = bin_dir / "typst"
    wrapper.write_text(TYPST_WRAPPER.format(python=python))
    wrapper.chmod(0o755)
    return bin_dir


def tools_env(bin_dir: Path) -> dict[str, str]:
    return {**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}"}


def median_seconds(action: Callable[[], object], runs: int) -> float:
    timings = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        timings.append(time.perf_counter() - start)
    return statistics.median(timings)


def run_command(command: list[str], cwd: Path, env: dict[str, str] | None = None) -> None:
    result = subprocess.run(command, cwd=cwd, env=env, capture_output=True, check=False)
    if result.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed: {result.stderr.decode(errors='replace')[-500:]}")


def project_convert() -> str:
    """Our ``.venv/bin/convert``: never the ``convert`` on the PATH (ImageMagick has one too)."""
    found = PROJECT_BIN / "convert"
    if not found.exists():
        raise SystemExit(f"{found} is missing: run ./scripts/convert-article first")
    return str(found)


def project_python() -> str:
    """The project's interpreter (``.venv``), else this one."""
    found = PROJECT_BIN / "python"
    return str(found) if found.exists() else sys.executable


@dataclass
class Timing:
    """Wall-clock and CPU seconds (own process plus waited-for children) of each run of one action."""

    wall: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)

    @property
    def wall_median(self) -> float:
        return statistics.median(self.wall)

    @property
    def cpu_median(self) -> float:
        return statistics.median(self.cpu)


def _cpu_now() -> float:
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time() + children.ru_utime + children.ru_stime


def alternate(actions: Mapping[str, Callable[[], object]], runs: int, warmup: int = 1) -> dict[str, Timing]:
    """Run every action once per round, ``runs`` rounds (after ``warmup`` untimed ones).

    Alternating puts each action under the same machine load as the others, so the
    ratio of two medians holds even on a busy machine; CPU seconds are steadier still.
    """
    timings = {name: Timing() for name in actions}
    for round_ in range(warmup + runs):
        for name, action in actions.items():
            cpu, wall = _cpu_now(), time.perf_counter()
            action()
            wall, cpu = time.perf_counter() - wall, _cpu_now() - cpu
            if round_ >= warmup:
                timings[name].wall.append(wall)
                timings[name].cpu.append(cpu)
    return timings


def markdown_table(header: list[str], rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join(" --- " for _ in header) + "|"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


def ms(seconds: float) -> str:
    return f"{seconds * 1000:,.0f} ms"
