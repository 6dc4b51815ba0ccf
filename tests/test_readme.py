"""Every example in the README runs, from a temporary copy of the project, so a stale example fails CI.

Shell blocks: each `convert ...` or `python -m convert ...` line (pipelines included) runs with
this Python and must exit 0; the set-up commands (`./scripts/...`) are what CI itself runs, a
`--watch` never ends and a `--scheduler` needs a cluster (tested in test_cli_habits and test_batch).
Python blocks run as scripts. TOML blocks that are project files load without an error. The
dialect example is converted to every format and verified.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from convert.project import load_project

from .conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")
BLOCKS = [(m.group(1), m.group(2)) for m in re.finditer(r"^```(\w*)\n(.*?)^```", README, re.S | re.M)]
STORY = "---\ntitle: A story\nauthor: Ann Writer\n---\n\nA paragraph with a [link](https://example.org).\n"


def _commands() -> list[str]:
    found = []
    for language, body in BLOCKS:
        if language != "sh":
            continue
        for line in body.splitlines():
            command = line.split("  #")[0].strip()
            if not command or command.startswith(("#", "./scripts/")) or "--watch" in command or "--scheduler" in command:
                continue
            found.append(command)
    return found


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """The repository's article, photo and project file, plus the files the examples name."""
    for part in ("source", "assets"):
        shutil.copytree(ROOT / part, tmp_path / part)
    shutil.copy(ROOT / "convert.toml", tmp_path / "convert.toml")
    (tmp_path / "story.md").write_text(STORY)
    for name in ("content/desk1/a.md", "content/desk2/b.md", "more/story.md"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(STORY.replace("A story", Path(name).stem))
    return tmp_path


def _shell(command: str) -> str:
    python = f"{sys.executable} -m convert"
    command = re.sub(r"(^|\|\s*)python -m convert\b", rf"\1{python}", command)
    return re.sub(r"(^|\|\s*)convert\b", rf"\1{python}", command)


def test_the_readme_has_examples() -> None:
    assert len(_commands()) >= 10 and any(language == "python" for language, _ in BLOCKS)


@pytest.mark.parametrize("command", _commands())
def test_shell_example_runs(project: Path, command: str) -> None:
    result = subprocess.run(_shell(command), shell=True, cwd=project, capture_output=True, timeout=300, check=False)
    assert result.returncode == 0, (command, result.stderr.decode(errors="replace")[-2000:])
    assert b"Traceback" not in result.stderr


@pytest.mark.parametrize("number", [i for i, (language, _) in enumerate(BLOCKS) if language == "python"])
def test_python_example_runs(project: Path, number: int) -> None:
    result = subprocess.run([sys.executable, "-c", BLOCKS[number][1]], cwd=project, capture_output=True, timeout=300,
                            check=False)
    assert result.returncode == 0, result.stderr.decode(errors="replace")[-2000:]
    assert result.stderr == b""  # the library never prints


def test_project_file_examples_load(project: Path) -> None:
    examples = [body for language, body in BLOCKS if language == "toml" and "entry-points" not in body]
    assert examples
    for body in examples:
        (project / "convert.toml").write_text(body)
        load_project(project / "convert.toml")


def test_the_dialect_example_converts_and_verifies(project: Path) -> None:
    dialect = next(body for language, body in BLOCKS if language == "markdown")
    (project / "source" / "dialect.md").write_text(dialect)
    result = subprocess.run([sys.executable, "-m", "convert", "--to", "all", "--verify", "source/dialect.md"],
                            cwd=project, capture_output=True, timeout=300, check=False)
    assert result.returncode == 0, result.stderr.decode(errors="replace")[-2000:]
    assert sorted(p.name for p in (project / "out").iterdir()) == [f"dialect.{f}" for f in ("docx", "epub", "html", "pdf")]
