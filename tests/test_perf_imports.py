"""Cold start: one article loads only what its format needs (issue #20).

Each case runs in a fresh interpreter and looks at ``sys.modules`` afterwards. Timings are
measured in benchmarks/ (importtime.py, cold.py), never asserted here.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

import convert

from .conftest import ASSETS, ROOT, SEED

#: Never needed to convert one article: the batch machinery and what it brings.
BATCH = ("convert.batching", "concurrent.futures", "multiprocessing")
#: Not needed unless a remote image is fetched, a non-ISO date parsed or a writer escapes with them.
HEAVY_STDLIB = ("xml.sax.saxutils", "urllib.request", "http.client", "ssl", "email.parser", "tempfile",
                "importlib.metadata")


def loaded_after(code: str) -> set[str]:
    """The modules a fresh interpreter holds after running ``code`` (from the repository root)."""
    script = f"{code}\nimport sys, json\nprint(json.dumps(sorted(sys.modules)))"
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=120,
                          check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    return set(json.loads(done.stdout.splitlines()[-1]))


def one_article(fmt: str) -> str:
    return (f"import convert\narticle = convert.read({str(SEED)!r}, resource_path=({str(ASSETS)!r},))\n"
            f"convert.render(article, {fmt!r})")


def test_import_convert_loads_only_the_package_and_its_errors() -> None:
    loaded = loaded_after("import convert")
    ours = {name for name in loaded if name.split(".")[0] == "convert"}
    assert ours == {"convert", "convert._version", "convert.errors"}
    assert not {"click", "PIL", "reportlab", "docx", "yaml", "markdown_it"} & {n.split(".")[0] for n in loaded}


def test_public_names_load_on_first_use() -> None:
    assert convert.BatchReport.__name__ == "BatchReport" and callable(convert.batch)
    assert convert.read is convert.api.read and convert.Article is convert.model.Article
    assert {"batch", "BatchReport", "read", "render", "Registry", "api"} <= set(dir(convert))
    namespace: dict[str, object] = {}
    exec("from convert import *", namespace)
    assert set(convert.__all__) <= set(namespace)
    with pytest.raises(AttributeError, match="no attribute 'nope'"):
        _ = convert.nope  # type: ignore[attr-defined]


@pytest.mark.parametrize("fmt", ["docx", "epub", "html", "pdf"])
def test_one_article_through_the_library_loads_no_batch_machinery(fmt: str) -> None:
    loaded = loaded_after(one_article(fmt))
    assert not [name for name in BATCH if name in loaded]
    others = {"docx": "docx", "epub": "ebooklib", "pdf": "reportlab"}
    assert not [top for f, top in others.items() if f != fmt and top in loaded]  # only the asked writer


def test_version_loads_neither_reader_nor_writers() -> None:
    loaded = loaded_after("from convert.cli import main\ntry:\n    main(['--version'])\nexcept SystemExit:\n    pass")
    assert not {"convert.reader", "convert.writers", "reportlab", "docx", "PIL"} & loaded


def test_one_article_through_the_cli_loads_no_batch_machinery(tmp_path: Path) -> None:
    loaded = loaded_after(f"from convert.cli import main\nmain(['-q', '--to', 'html', {str(SEED)!r}, "
                          f"'-o', {str(tmp_path / 'x.html')!r}])")
    assert not [name for name in BATCH if name in loaded]


@pytest.mark.parametrize("fmt", ["html", pytest.param("pdf", marks=pytest.mark.xfail(
    reason="reportlab imports tempfile itself, and pyphen's dictionaries come through importlib.resources",
    strict=True))])
def test_one_article_loads_no_network_mail_or_tempfile_modules(fmt: str) -> None:
    loaded = loaded_after(one_article(fmt))
    assert [name for name in HEAVY_STDLIB if name in loaded] == []


def test_an_article_without_images_loads_no_pillow() -> None:
    loaded = loaded_after("import convert\nconvert.render(convert.read_text('# T\\n\\nText.'), 'html')")
    assert "PIL" not in loaded
