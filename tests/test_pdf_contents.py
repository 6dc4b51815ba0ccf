"""``--toc`` in the PDF: a contents block with page numbers, each line a link to its heading.

Read back with independent tools: poppler's pdftotext (the lines, the pages the headings
fall on), pypdf (link annotations, named destinations), pikepdf (the structure tree) and the
PyPI ``pdfua`` checker.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pikepdf
import pytest
from pypdf import PdfReader

import convert

from .conftest import ROOT, SEED
from .test_pdf_tagging import pdfua_findings, roles, structure

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils is not installed")

FILLER = ("The harbour master counted the boats twice before the tide turned, and wrote the figures in a "
          "ledger that nobody else ever read, though the clerks copied it faithfully every single season. ")
#: A contents line as pdftotext -layout shows it: text, dot leaders, page number at the end.
ENTRY = re.compile(r"^\s*(?P<text>.*?)\s*(?:\.\s*){2,}(?P<page>\d+)\s*$")


def article_text(headings: list[tuple[int, str]], paragraphs: int = 3, title: str = "The Ledger") -> str:
    parts = [f"# {title}\n"]
    for level, text in headings:
        parts.append(f"{'#' * level} {text}\n")
        parts.extend(FILLER * 3 + "\n" for _ in range(paragraphs))
    return "\n".join(parts)


def pages_of(data: bytes, tmp_path: Path, layout: bool = True) -> list[str]:
    path = tmp_path / "x.pdf"
    path.write_bytes(data)
    args = ["pdftotext", "-enc", "UTF-8", *(["-layout"] if layout else []), str(path), "-"]
    return subprocess.run(args, capture_output=True, text=True, check=True).stdout.split("\f")[:-1]


def contents_entries(pages: list[str]) -> list[tuple[str, int, int]]:
    """(text, page number shown, page index the line is on) of each contents line; a wrapped entry's
    lines joined. The block runs from "Contents" to the first line that is neither an entry nor
    part of one (the body's first heading or paragraph)."""
    found: list[tuple[str, int, int]] = []
    started, pending = False, []
    for index, page in enumerate(pages):
        lines = [line for line in page.splitlines() if line.strip()]
        lines = lines[1 if index else 0:-1]  # the running head (the title, from page 2), the page number
        for line in lines:
            if not started:
                started = line.strip() == "Contents"
                continue
            match = ENTRY.match(line)
            if match:
                text = " ".join([*pending, match.group("text")]).split()
                found.append((" ".join(text), int(match.group("page")), index))
                pending = []
            elif len(pending) < 3:  # a wrapped entry's first lines, or the body's start
                pending.append(line.strip())
            else:
                return found
    return found


def heading_page(pages: list[str], text: str) -> int:
    """The page index of the heading ``text``: its last occurrence (the contents come before the body)."""
    flat = [" ".join(page.split()) for page in pages]
    return max(index for index, page in enumerate(flat) if text in page)


def link_targets(data: bytes, page_index: int) -> list[int]:
    """The page index each link annotation on ``page_index`` leads to, top to bottom."""
    reader = PdfReader(io.BytesIO(data))
    annotations = [a.get_object() for a in reader.pages[page_index].get("/Annots", [])]
    links = [a for a in annotations if a["/Subtype"] == "/Link"]
    links.sort(key=lambda a: -float(a["/Rect"][3]))
    targets = []
    for link in links:
        destination = link["/Dest"] if "/Dest" in link else link["/A"]["/D"]
        if hasattr(destination, "get_object"):
            destination = destination.get_object()
        targets.append(reader.get_page_number(destination[0].get_object()))
    return targets


def destinations(data: bytes) -> tuple[list[tuple[int, int]], dict[str, tuple[int, int]]]:
    """The destination objects of page 1's link annotations (top to bottom), and those of the outline's
    entries by title (the headings' own destinations)."""
    with pikepdf.open(io.BytesIO(data)) as pdf:
        links = sorted((a for a in pdf.pages[0].get("/Annots", []) if a.Subtype == "/Link"),
                       key=lambda a: -float(a.Rect[3]))
        linked = [a.Dest.objgen for a in links]
        outline: dict[str, tuple[int, int]] = {}
        stack = [pdf.Root.Outlines.First]
        while stack:
            item = stack.pop()
            outline[str(item.Title)] = item.Dest.objgen
            stack.extend(i for i in (item.get("/Next"), item.get("/First")) if i is not None)
    return linked, outline


HEADINGS = [(2, "Spring arrivals"), (3, "The northern quay"), (3, "The southern quay"), (2, "Summer departures"),
            (4, "A note on the cranes"), (2, "Autumn storms"), (3, "Damage to the breakwater"), (2, "Winter accounts")]


@pytest.fixture(scope="module")
def harbour() -> tuple[bytes, bytes]:
    article = convert.read_text(article_text(HEADINGS))
    return convert.render(article, "pdf", toc=True), convert.render(article, "pdf")


def test_contents_lines_in_order_with_the_pages_of_their_headings(harbour: tuple[bytes, bytes],
                                                                   tmp_path: Path) -> None:
    data, _ = harbour
    pages = pages_of(data, tmp_path)
    entries = contents_entries(pages)
    listed = [text for level, text in HEADINGS if level <= 3]  # pandoc's --toc-depth default: 3
    assert [text for text, _, _ in entries] == listed
    assert len({page for _, page, _ in entries}) >= 3, "the headings spread over several pages"
    for text, shown, _ in entries:
        assert shown == heading_page(pages, text) + 1, text
    assert all(page.splitlines()[-1].strip() == str(i + 1) for i, page in enumerate(pages) if page.strip())


def test_each_line_links_to_its_heading(harbour: tuple[bytes, bytes], tmp_path: Path) -> None:
    data, _ = harbour
    pages = pages_of(data, tmp_path)
    entries = contents_entries(pages)
    assert link_targets(data, 0) == [shown - 1 for _, shown, _ in entries]
    linked, outline = destinations(data)
    assert linked == [outline[text] for text, _, _ in entries]  # the very destination of each heading


def test_indented_by_level_and_nothing_below_the_depth(harbour: tuple[bytes, bytes], tmp_path: Path) -> None:
    data, _ = harbour
    page = pages_of(data, tmp_path)[0]
    start = {text: len(line) - len(line.lstrip()) for line in page.splitlines()
             for text in ("Spring arrivals", "The northern quay", "A note on the cranes") if text in line}
    assert start["The northern quay"] > start["Spring arrivals"]
    assert heading_page(pages_of(data, tmp_path), "A note on the cranes") > 0  # only in the body, not page 1's list
    assert page.count("A note on the cranes") == 0


def test_no_contents_without_toc(harbour: tuple[bytes, bytes], tmp_path: Path) -> None:
    _, plain = harbour
    first = pages_of(plain, tmp_path)[0]
    assert "Contents" not in first and not ENTRY.search(first.splitlines()[2])
    assert link_targets(plain, 0) == []
    with pikepdf.open(io.BytesIO(plain)) as pdf:
        assert "TOC" not in {node.role for node in structure(pdf).walk()}


def test_an_article_without_subheadings_gets_no_contents_block(tmp_path: Path) -> None:
    article = convert.read_text(f"# Only a title\n\n{FILLER}\n\n#### Too deep to list\n\n{FILLER}\n")
    data = convert.render(article, "pdf", toc=True)
    assert "Contents" not in pages_of(data, tmp_path)[0]
    assert data == convert.render(article, "pdf")  # and no second render: the same document


def test_contents_tagged_as_toc_and_the_pdfua_checker_passes(harbour: tuple[bytes, bytes], tmp_path: Path) -> None:
    data, _ = harbour
    with pikepdf.open(io.BytesIO(data)) as pdf:
        document = structure(pdf)
        top = roles(document)
        assert top[top.index("TOC") - 1] == "H2"  # "Contents", under the title's H1
        toc = document.kids[top.index("TOC")]
        assert roles(toc) == ["TOCI", "TOC", "TOCI", "TOCI", "TOC", "TOCI"]  # the h3s nested under their h2
        items = [node for node in toc.walk() if node.role == "TOCI"]
        assert len(items) == 7
        assert all(roles(item) == ["Link"] and item.kids[0].annotations for item in items)
        outline = [str(item.title) for item in pdf.open_outline().root[0].children]
    assert outline == ["Spring arrivals", "Summer departures", "Autumn storms", "Winter accounts"]  # unchanged
    assert pdfua_findings(data, tmp_path / "toc.pdf") == ""


def test_forty_headings_fill_several_contents_pages(tmp_path: Path) -> None:
    headings = [(2 if i % 3 == 0 else 3, f"Entry {i:02d} " + ("of a much longer heading that wraps over two lines "
                                                                "in the contents " if i % 7 == 0 else "short"))
                for i in range(40)]
    data = convert.render(convert.read_text(article_text(headings, paragraphs=1)), "pdf", toc=True)
    pages = pages_of(data, tmp_path)
    entries = contents_entries(pages)
    assert [text for text, _, _ in entries] == [" ".join(text.split()) for _, text in headings]
    assert entries[-1][2] >= 1, "the contents run over onto a second page"
    for text, shown, _ in entries:
        assert shown == heading_page(pages, text) + 1, text
    for index in sorted({on for _, _, on in entries}):
        assert link_targets(data, index)[: sum(on == index for _, _, on in entries)] == [
            shown - 1 for _, shown, on in entries if on == index]
    assert pdfua_findings(data, tmp_path / "long.pdf") == ""


def test_right_to_left_contents_put_the_numbers_on_the_left(tmp_path: Path) -> None:
    body = "هذا نص عربي طويل يتحدث عن الميناء والقوارب والطقس في الشتاء. " * 12
    text = (f"---\ntitle: الميناء\nlang: ar\n---\n\n## الربيع\n\n{body}\n\n### الرصيف الشمالي\n\n{body}\n\n"
            f"## الصيف\n\n{body}\n")
    data = convert.render(convert.read_text(text), "pdf", toc=True)
    page = re.sub("[\u202a-\u202e]", "", pages_of(data, tmp_path)[0])  # poppler's embedding marks
    entries = [line.strip() for line in page.splitlines() if ". . ." in line]
    assert len(entries) == 3 and all(re.match(r"^\d+\s+\S.*(\. ?){2,}$", line) for line in entries), entries
    assert [int(line.split()[0]) for line in entries] == [p + 1 for p in link_targets(data, 0)]


def test_front_matter_toc_and_the_cli_on_the_seed(tmp_path: Path) -> None:
    out = tmp_path / "seed.pdf"
    subprocess.run([sys.executable, "-m", "convert", "--to", "pdf", "--toc", str(SEED), "-o", str(out)],
                   cwd=ROOT / "source", check=True, capture_output=True)
    pages = pages_of(out.read_bytes(), tmp_path)
    assert contents_entries(pages) == [("\u2018Renewed Dialogue\u2019", heading_page(pages, "Renewed Dialogue") + 1, 0)]
    marked = convert.read_text("---\ntitle: T\ntoc: true\n---\n\n## One\n\nText.\n\n## Two\n\nMore.\n")
    assert [text for text, _, _ in contents_entries(pages_of(convert.render(marked, "pdf"), tmp_path))] == [
        "One", "Two"]


def test_same_bytes_in_parallel_renders(harbour: tuple[bytes, bytes]) -> None:
    """Both renders of each document keep their state to themselves (no module state): threads agree."""
    article = convert.read_text(article_text(HEADINGS))
    with ThreadPoolExecutor(max_workers=3) as pool:
        results = list(pool.map(lambda toc: convert.render(article, "pdf", toc=toc), [True, False, True]))
    assert results == [harbour[0], harbour[1], harbour[0]]
