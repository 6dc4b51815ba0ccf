"""Shared by the benchmark scripts: timing, and pandoc with its PDF engines.

pandoc (pypandoc-binary), WeasyPrint and typst are installed into
``benchmarks/.work/venv`` by the benchmarks only; the project never depends on them.
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
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
    found = PROJECT_BIN / "convert"
    return str(found) if found.exists() else shutil.which("convert") or "convert"
