"""The HTML page and the EPUB's content document in headless Chromium: axe-core, image shapes, page width.

puppeteer-core drives Debian's chromium; axe-core is the engine Ace and browser
extensions use. At 360 px (a phone) and 1200 px (a desktop): nothing wider than the
window, every picture drawn with the shape of its pixels, the headline clear of the
window's top; at 1200 px axe finds no violation. Tools: ``scripts/validators.sh``.
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import zipfile
from pathlib import Path
from typing import Any

import pytest

import convert

from .test_epub_validators import chromium, generated, need, validators_dir

_CHECK = """
// Usage: node check.js CHROMIUM FILE... ; prints {file: {axe: [...], widths: {360: {...}, 1200: {...}}}}.
const fs = require('fs');
const puppeteer = require('puppeteer-core');
const axeSource = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
(async () => {
  const [executablePath, ...files] = process.argv.slice(2);
  const browser = await puppeteer.launch({ executablePath, headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--font-render-hinting=none'] });
  const page = await browser.newPage();
  const results = {};
  for (const file of files) {
    const result = { widths: {} };
    for (const width of [360, 1200]) {
      await page.setViewport({ width, height: 800 });
      await page.goto('file://' + file, { waitUntil: 'load' });
      result.widths[width] = await page.evaluate(() => {
        const h1 = document.querySelector('h1');
        return {
          overflow: document.documentElement.scrollWidth - window.innerWidth,
          titleTop: h1 ? h1.getBoundingClientRect().top : null,
          images: [...document.images].map((img) => {
            const box = img.getBoundingClientRect();
            return { natural: [img.naturalWidth, img.naturalHeight], box: [box.width, box.height], complete: img.complete };
          }),
        };
      });
      if (width === 1200) {
        await page.evaluate(axeSource);
        result.axe = await page.evaluate(async () => (await axe.run(document, { resultTypes: ['violations'] }))
          .violations.map((v) => `${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`));
      }
    }
    results[file] = result;
  }
  await browser.close();
  process.stdout.write(JSON.stringify(results));
})().catch((err) => { console.error(err); process.exit(1); });
"""


def browser_check(files: list[Path]) -> dict[str, Any]:
    modules = need("node_modules")
    script = files[0].parent / "check.js"
    script.write_text(_CHECK, encoding="utf-8")
    run = subprocess.run(["node", str(script), chromium() or "", *map(str, files)], capture_output=True, text=True,
                         env={**os.environ, "NODE_PATH": modules}, timeout=300, check=False)
    assert run.returncode == 0, run.stderr[-2000:]
    results: dict[str, Any] = json.loads(run.stdout)
    return results


@pytest.fixture(scope="module")
def checked(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    need("node_modules")
    folder = tmp_path_factory.mktemp("pages")
    files: dict[str, Path] = {}
    for name, article in generated().items():
        files[f"{name}.html"] = folder / f"{name}.html"
        files[f"{name}.html"].write_bytes(convert.render(article, "html"))
        with zipfile.ZipFile(io.BytesIO(convert.render(article, "epub"))) as package:
            package.extractall(folder / name)
        files[f"{name}.xhtml"] = folder / name / "EPUB" / "article.xhtml"  # the EPUB as a browser-based reader shows it
    results = browser_check(list(files.values()))
    return {name: results[str(path)] for name, path in files.items()}


@pytest.mark.slow
def test_axe_finds_no_violation(checked: dict[str, Any]) -> None:
    found = {name: r["axe"] for name, r in checked.items() if r["axe"]}
    # An article without a title has no headline (none is invented): axe's best-practice page-has-heading-one
    # is the one finding expected there (Ace turns that rule off for EPUB content documents).
    for name in ("text-only.html", "text-only.xhtml"):
        assert [v.split(" ")[0] for v in found.pop(name, [])] in ([], ["page-has-heading-one"])
    assert found == {}


@pytest.mark.slow
def test_nothing_overflows_the_window(checked: dict[str, Any]) -> None:
    wide = {(name, width): r["overflow"] for name, found in checked.items() for width, r in found["widths"].items()
            if r["overflow"] > 0}
    assert wide == {}


@pytest.mark.slow
def test_no_picture_is_distorted_or_blown_up(checked: dict[str, Any]) -> None:
    bad = []
    for name, found in checked.items():
        for width, r in found["widths"].items():
            for image in r["images"]:
                (nw, nh), (bw, bh) = image["natural"], image["box"]
                assert image["complete"] and nw and nh, (name, image)
                if abs(bh - bw * nh / nw) > 1.0 or bw > nw + 0.5:  # same shape (to a pixel), never past its pixels
                    bad.append((name, width, image))
                if bw > int(width):
                    bad.append((name, width, image))
    assert bad == []
    shown = [i for i in checked["images.html"]["widths"]["360"]["images"]]
    assert len(shown) == 5 and shown[2]["box"] == [10, 10]  # the 10x10 icon stays 10x10


@pytest.mark.slow
def test_headline_clear_of_the_top(checked: dict[str, Any]) -> None:
    for name, found in checked.items():
        for width, r in found["widths"].items():
            assert r["titleTop"] is None or r["titleTop"] >= 16, (name, width, r["titleTop"])


def test_validators_script_is_idempotent_and_prints_paths(tmp_path: Path) -> None:
    """scripts/validators.sh prints where the tools are (it installs nothing new when they are there)."""
    need("ace")
    script = Path(__file__).resolve().parent.parent / "scripts" / "validators.sh"
    run = subprocess.run(["bash", str(script)], capture_output=True, text=True, timeout=120, check=False,
                         env={**os.environ, "CONVERT_VALIDATORS": str(validators_dir())})
    assert run.returncode == 0, run.stderr
    printed = dict(line.split("=", 1) for line in run.stdout.splitlines() if "=" in line)
    assert Path(printed["ACE"]).exists() and Path(printed["CHROMIUM"]).exists()
    assert printed["CONVERT_VALIDATORS"] == str(validators_dir())
