"""Writers are plugins: entry points, the registry API, lazy loading."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path
from typing import BinaryIO

import pytest

import convert
from convert.model import plain_text
from convert.registry import Registry, WriteOptions

from .conftest import ROOT, SEED


class ShoutWriter:
    name = "shout"
    extension = "txt"
    media_type = "text/plain"

    def write(self, article: convert.Article, out: BinaryIO, options: WriteOptions) -> None:
        out.write(article.meta.title.upper().encode())
        for figure in article.figures():
            out.write(b"\n" + plain_text(figure.caption).encode())


def test_builtins_come_from_entry_points() -> None:
    from importlib.metadata import entry_points

    declared = {ep.name: ep.value for ep in entry_points(group="convert.writers")}
    from convert.registry import BUILTIN_WRITERS

    assert {name: declared.get(name) for name in BUILTIN_WRITERS} == dict(BUILTIN_WRITERS)
    assert {"docx", "pdf", "epub"} <= set(convert.formats())


def test_register_a_writer_through_the_api(seed_article: convert.Article) -> None:
    registry = Registry.default()
    registry.register("shout", ShoutWriter)
    data = convert.render(seed_article, "shout", registry=registry)
    assert data.startswith(b"NATO CHIEF, AZERBAIJANI PRESIDENT")
    assert "shout" not in convert.formats()  # the default registry is untouched


def test_duplicate_names_are_refused() -> None:
    registry = Registry.default()
    with pytest.raises(convert.WriterError, match="already registered"):
        registry.register("pdf", ShoutWriter)


def test_unknown_format() -> None:
    with pytest.raises(convert.UnknownFormatError, match="unknown format 'rtf'"):
        Registry.default().get("rtf")


def test_a_broken_plugin_is_a_clear_error() -> None:
    registry = Registry()
    registry.register("bad", "no_such_module:Writer")
    with pytest.raises(convert.WriterError, match="cannot load the 'bad' writer"):
        registry.get("bad")


def _install_plugin(folder: Path, entry_points: str) -> dict[str, str]:
    """A dist-info with entry points in ``folder``, as pip would leave it; the environment to see it."""
    info = folder / "shout_plugin-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: shout-plugin\nVersion: 1.0\n")
    (info / "entry_points.txt").write_text(f"[convert.writers]\n{entry_points}\n")
    return {"PYTHONPATH": str(folder), "PATH": "/usr/bin:/bin"}


def test_a_plugin_cannot_take_a_built_in_name(tmp_path: Path) -> None:
    env = _install_plugin(tmp_path, "pdf = shout_plugin:ShoutWriter")
    listed = subprocess.run([sys.executable, "-m", "convert", "--list-formats"], env=env, cwd=ROOT,
                            capture_output=True, text=True, check=True)
    assert listed.stdout.split() == ["docx", "epub", "html", "pdf"]
    assert "writer 'pdf' from shout_plugin:ShoutWriter is ignored: 'pdf' is a built-in format" in listed.stderr
    out = tmp_path / "a.pdf"
    subprocess.run([sys.executable, "-m", "convert", "--to", "pdf", str(SEED), "-o", str(out)], env=env, cwd=ROOT,
                   check=True, capture_output=True)
    assert out.read_bytes().startswith(b"%PDF")


def test_third_party_entry_point_from_the_cli(tmp_path: Path) -> None:
    """A package installed beside ours (a dist-info with an entry point) is a new format."""
    (tmp_path / "shout_plugin.py").write_text(textwrap.dedent('''
        class ShoutWriter:
            name = "shout"
            extension = "txt"
            media_type = "text/plain"
            def write(self, article, out, options):
                out.write(article.meta.title.upper().encode())
    '''))
    env = _install_plugin(tmp_path, "shout = shout_plugin:ShoutWriter")
    listed = subprocess.run([sys.executable, "-m", "convert", "--list-formats"], env=env, cwd=ROOT,
                            capture_output=True, text=True, check=True)
    assert "shout" in listed.stdout.split()
    out = tmp_path / "t.txt"
    subprocess.run([sys.executable, "-m", "convert", "--to", "shout", str(SEED), "-o", str(out)], env=env, cwd=ROOT,
                   check=True)
    assert out.read_text().startswith("NATO CHIEF")


@pytest.mark.parametrize(("fmt", "absent"), [("pdf", ("docx", "ebooklib", "importlib.metadata")),
                                             ("docx", ("reportlab", "ebooklib", "importlib.metadata")),
                                             ("epub", ("docx", "reportlab", "importlib.metadata"))])
def test_writers_load_lazily(tmp_path: Path, fmt: str, absent: tuple[str, ...]) -> None:
    code = textwrap.dedent(f"""
        import sys
        from convert.cli import main
        code = main(["--to", "{fmt}", "-q", r"{SEED}", "--out-dir", r"{tmp_path}"])
        print(code, *sorted(m for m in {absent!r} if m in sys.modules))
    """)
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert result.stdout.split() == ["0"], result.stdout + result.stderr
    assert (tmp_path / f"article.{fmt}").stat().st_size > 1000
