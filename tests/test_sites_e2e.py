"""End to end on posts as sites write them (issue 12): a Jekyll post, a Hugo post and a pandoc document.

The posts (``tests/fixtures/sites/``) are laid out as in a site's repository
(``_posts/``, ``content/posts/``, ``docs/``, pictures under ``assets/`` at the
site root, a ``convert.toml`` at the root) and converted through the real command
(``.venv/bin/convert --to all --verify``) and through the library. Every output is
read back with tools that are not ours (python-docx and lxml on the DOCX parts,
pypdf and pdftotext on the PDF, lxml on the EPUB and HTML XHTML): title, byline,
date line, figure and caption, table cells, note text, headings with their levels
and ids, every in-page link landing on a destination, no source markup in any
text, and exactly the warnings each post deserves.
"""

from __future__ import annotations

import io
import itertools
import logging
import re
import shutil
import subprocess
import sys
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import docx
import pypdf
import pytest
from lxml import etree, html
from PIL import Image

import convert

from .test_epub_validators import epubcheck_messages

FIXTURES = Path(__file__).parent / "fixtures" / "sites"
CONVERT = Path(sys.executable).parent / "convert"
FORMATS = ("docx", "pdf", "epub", "html")
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
XHTML = {"x": "http://www.w3.org/1999/xhtml"}
#: Source markup that must never reach an output's text.
RAW = ("<figure", "<img", "<iframe", "<!--", "+++", "% ", "[^", "{#", "]{.", "excerpt_separator")


@dataclass(frozen=True)
class Post:
    """A fixture, where the site keeps it, and what every output of it must show."""

    fixture: str
    path: str  # inside the site
    title: str
    byline: str  # the visible byline
    date_line: str
    headings: tuple[tuple[int, str, str], ...]  # (level, text, id), in order
    links: tuple[str, ...] = ()  # in-page link targets written in the body, in order
    caption: str | None = None  # the figure's caption (the figure holds a picture)
    cells: tuple[tuple[str, ...], ...] = ()
    notes: tuple[str, ...] = ()
    texts: tuple[str, ...] = ()  # further passages that must arrive
    warnings: tuple[tuple[int, str], ...] = ()  # (line, part of the message): these and no others

    @property
    def stem(self) -> str:
        return Path(self.path).stem


POSTS = {
    "jekyll": Post(
        "jekyll-post.md", "_posts/2024-01-24-drava-gauges.md",
        title="Flood maps for the Lower Drava: what the new gauges show", byline="By Marta Kovač",
        date_line="January 24, 2024",
        headings=((2, "What the gauges measure", "what-the-gauges-measure"),
                  (2, "The November high water", "the-november-high-water")),
        caption="The new gauge at Aljmaš, installed in October by the regional water authority.",
        cells=(("Station", "Readings", "Highest level (cm)", "Date of peak"),
               ("Aljmaš", "8,812", "412", "17 November"), ("Osijek", "8,790", "388", "16 November"),
               ("Belišće", "8,804", "351", "16 November")),
        notes=("The delay is deliberate: readings are checked for sensor faults before release.",),
        texts=("Why the Drava stayed high", "https://www.youtube.com/embed/dQw4w9WgXcQ", "our data page",
               "got wrong."),
        warnings=((41, "embedded video (<iframe>)"),),
    ),
    "hugo": Post(
        "hugo-post.md", "content/posts/promise-tracker.md",
        title="How we checked 1,200 campaign promises", byline="By Jonas Weber", date_line="March 2, 2024",
        headings=((2, "Where the promises come from", "sources"), (2, "How a promise is scored", "scoring"),
                  (2, "When a party disagrees", "appeals")),
        links=("sources", "scoring", "appeals", "scoring"),
        texts=("A look inside the promise tracker: the sources, the scoring and the appeals.",
               '{{< figure src="/images/tracker-board.png" caption="The tracking board in the newsroom, '
               'March 2024." >}}'),
        warnings=((25, "Hugo shortcode figure kept as text"),),
    ),
    "pandoc": Post(
        "pandoc-document.md", "docs/court-records.md",
        title="A Short Guide to Reading Court Records", byline="By Amira Haddad and Tomás Ferreira",
        date_line="February 12, 2024",
        headings=((2, "Why court records matter", "why-court-records-matter"),
                  (2, "The parts of a file", "the-parts-of-a-file"), (3, "Names and numbers", "names-and-numbers"),
                  (2, "Where to start", "where-to-start")),
        links=("the-parts-of-a-file",),
        notes=("Most courts publish their dockets online, but the documents themselves may still require a "
               "visit to the registry.",),
        texts=("Complaint", "The running list of everything filed and every hearing held, with dates.",
               "Judgment", "Federal Rules of Civil Procedure"),
    ),
}
PROJECT = 'to = ["docx", "pdf", "epub", "html"]\nout-dir = "out"\n'


@dataclass
class Run:
    """One way of converting every post: the outputs and the warnings, per post."""

    outputs: dict[str, dict[str, bytes]] = field(default_factory=dict)  # post → format → bytes
    warnings: dict[str, list[tuple[int, str]]] = field(default_factory=dict)


def _picture(path: Path, size: tuple[int, int], fmt: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", size, (70, 110, 150)).save(path, fmt)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("site")
    (root / "convert.toml").write_text(PROJECT, encoding="utf-8")
    _picture(root / "assets" / "img" / "gauge-aljmas.jpg", (160, 100), "JPEG")
    _picture(root / "static" / "images" / "tracker-board.png", (120, 80), "PNG")
    for post in POSTS.values():
        (root / post.path).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(FIXTURES / post.fixture, root / post.path)
    return root


def _warnings_in(stderr: str, name: str) -> list[tuple[int, str]]:
    found = re.findall(rf"^{re.escape(name)}:(\d+)(?::\d+)?: warning: (.*)$", stderr, flags=re.MULTILINE)
    return [(int(line), text) for line, text in found]


@pytest.fixture(scope="module")
def cli_run(site: Path) -> Run:
    run = Run()
    for key, post in POSTS.items():
        done = subprocess.run([str(CONVERT), "--to", "all", "--verify", post.path], cwd=site, capture_output=True,
                              text=True, timeout=180, check=False)
        assert done.returncode == 0, done.stderr
        assert len(_warnings_in(done.stderr, post.path)) == done.stderr.count("warning:"), done.stderr
        run.warnings[key] = _warnings_in(done.stderr, post.path)
        run.outputs[key] = {fmt: (site / "out" / f"{post.stem}.{fmt}").read_bytes() for fmt in FORMATS}
    return run


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@pytest.fixture(scope="module")
def library_run(site: Path) -> Run:
    run = Run()
    logger = logging.getLogger("convert")
    for key, post in POSTS.items():
        handler = _Collect()
        logger.addHandler(handler)
        # whatever an earlier test in this process did to the logger (a CLI run with -q sets its level), every
        # warning reaches the handler here
        saved = logger.level, logger.disabled, logging.root.manager.disable
        logger.setLevel(logging.WARNING)
        logger.disabled = False
        logging.disable(logging.NOTSET)
        try:
            article = convert.read(site / post.path, site_root=site)
            run.outputs[key] = {fmt: convert.render(article, fmt) for fmt in FORMATS}
        finally:
            logger.removeHandler(handler)
            logger.setLevel(saved[0])
            logger.disabled = saved[1]
            logging.disable(saved[2])
        run.warnings[key] = [(int(str(getattr(r, "where", "")).rsplit(":", 1)[-1] or 0), str(getattr(r, "text", "")))
                             for r in handler.records]
        for fmt, data in run.outputs[key].items():
            report = convert.verify(data, article, fmt)
            assert report.ok, (key, fmt, report.findings)
    return run


@pytest.fixture(scope="module", params=["cli", "library"])
def run(request: pytest.FixtureRequest) -> Run:
    found: Run = request.getfixturevalue(f"{request.param}_run")
    return found


# --- what a reader sees in each format, read back by tools that are not ours ---------------------------------


@dataclass
class Seen:
    text: str  # every visible word, in reading order
    headings: list[tuple[int, str, str]]  # (level, text, id)
    links: list[str]  # in-page link targets in the body (notes' own links left out), in order
    dangling: list[str]  # in-page link targets that reach nothing
    caption: str | None  # the caption of a figure that holds a picture
    cells: list[list[str]]
    notes: list[str]
    byline: str
    date_line: str
    title: str


def _squash(text: str) -> str:
    """Text compared across line breaks and hyphenation: letters and digits only, case kept."""
    return re.sub(r"[\W_]+", "", text.replace("\u00ad", ""))


def seen_docx(data: bytes) -> Seen:
    document = docx.Document(io.BytesIO(data))
    body = document.element.body
    styled = [(p.style.name if p.style is not None else "", p.text) for p in document.paragraphs]
    headings, caption = [], None
    for paragraph in document.paragraphs:
        name = paragraph.style.name if paragraph.style is not None else ""
        if name.startswith("Heading "):
            marks = [m.get(f"{W}name") for m in paragraph._p.iter(f"{W}bookmarkStart")]
            headings.append((int(name.split()[1]), paragraph.text, marks[0] if marks else ""))
    for (name, _), (next_name, next_text) in itertools.pairwise(styled):
        if name == "Figure" and next_name == "Caption":
            caption = next_text
    figure_pictures = [p for p in document.paragraphs if p.style is not None and p.style.name == "Figure"
                       and p._p.xpath(".//a:blip")]
    bookmarks = {m.get(f"{W}name") for m in body.iter(f"{W}bookmarkStart")}
    links = [h.get(f"{W}anchor") for h in body.iter(f"{W}hyperlink") if h.get(f"{W}anchor")]
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        footnotes = etree.fromstring(package.read("word/footnotes.xml")) if "word/footnotes.xml" in package.namelist() else None
    notes = ["".join(n.itertext()).strip() for n in footnotes.iter(f"{W}footnote")
             if n.get(f"{W}type") is None] if footnotes is not None else []
    cells = [[cell.text for cell in row.cells] for table in document.tables for row in table.rows]
    heading_at = {mark: text for _, text, mark in headings}  # Word's bookmark names are not the ids (no '-')
    text = "\n".join([t for _, t in styled] + [c for row in cells for c in row] + notes)
    dangling = [a for a in links if a not in bookmarks]
    return Seen(text, headings, [heading_at.get(a, a) for a in links], dangling, caption if figure_pictures else None,
                cells, notes, _styled(styled, "Byline"), _styled(styled, "Date"), _styled(styled, "Title"))


def _styled(styled: list[tuple[str, str]], style: str) -> str:
    return next((text for name, text in styled if name == style), "")


def seen_xhtml(root: etree._Element) -> Seen:
    def text_of(element: etree._Element) -> str:
        return " ".join("".join(element.itertext()).split())

    def find(xpath: str) -> list[etree._Element]:
        return list(root.xpath(xpath.replace("//", "//x:") if root.nsmap.get(None) else xpath, namespaces=XHTML))

    ids = {e.get("id") for e in root.iter() if e.get("id")}
    anchors = [a for a in find("//a") if (a.get("href") or "").startswith("#")]
    note_links = {"noteref", "footnote-back"}
    body_links = [a.get("href")[1:] for a in anchors if not note_links & set((a.get("class") or "").split())
                  and a.get("role") not in ("doc-backlink", "doc-noteref")]
    headings = [(int(h.tag[-1]), text_of(h), h.get("id") or "") for h in root.iter()
                if isinstance(h.tag, str) and re.fullmatch(r"(\{.*\})?h[2-6]", h.tag)]
    figures = [f for f in find("//figure") if find_in(f, "img")]
    captions = [text_of(c) for f in figures for c in find_in(f, "figcaption")]
    notes = [re.sub(r"^1\.\s*|\s*↩︎$", "", text_of(n)) for n in find("//*[@role='doc-footnote' or @id='fn-1']")]
    cells = [[text_of(c) for c in r if etree.QName(c).localname in ("td", "th")] for r in find("//tr")]
    body = find("//body")[0]
    return Seen(text_of(body), headings, body_links, [a.get("href") for a in anchors if a.get("href")[1:] not in ids],
                captions[0] if captions else None, cells, notes, _class_text(find, "byline"),
                _class_text(find, "date"), text_of(find("//h1")[0]) if find("//h1") else "")


def find_in(element: etree._Element, tag: str) -> list[etree._Element]:
    return [e for e in element.iter() if isinstance(e.tag, str) and etree.QName(e).localname == tag]


def _class_text(find: object, name: str) -> str:
    assert callable(find)
    found = find(f"//p[@class='{name}']")
    return " ".join("".join(found[0].itertext()).split()) if found else ""


def seen_epub(data: bytes) -> Seen:
    with zipfile.ZipFile(io.BytesIO(data)) as book:
        return seen_xhtml(etree.fromstring(book.read("EPUB/article.xhtml")))


def seen_html(data: bytes) -> Seen:
    return seen_xhtml(html.fromstring(data))


def seen_pdf(data: bytes, tmp: Path) -> Seen:
    path = tmp / "out.pdf"
    path.write_bytes(data)
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout
    reader = pypdf.PdfReader(io.BytesIO(data))
    outline: list[tuple[int, str, tuple[int, float]]] = []

    def walk(entries: list[object], depth: int) -> None:
        for entry in entries:
            if isinstance(entry, list):
                walk(entry, depth + 1)
            else:
                assert isinstance(entry, pypdf.generic.Destination)
                outline.append((depth, str(entry.title), (reader.get_destination_page_number(entry),
                                                          float(entry.top or 0))))

    walk(reader.outline, 0)
    at = {where: title for _, title, where in outline}
    links, dangling = [], []
    pages = {page.indirect_reference.idnum: number for number, page in enumerate(reader.pages)}
    for page in reader.pages:
        for annotation in page.get("/Annots") or []:
            annotation = annotation.get_object()
            dest = annotation.get("/Dest")
            if annotation.get("/Subtype") != "/Link" or dest is None:
                continue
            where = (pages.get(dest[0].idnum, -1), float(dest[3]))
            if where[0] < 0 or not 0 <= where[1] <= float(reader.pages[where[0]].mediabox.height):
                dangling.append(str(dest))
            if where in at:  # a heading's destination: an in-page link of the body
                links.append(at[where])
    headings = [(depth + 1, title, "") for depth, title, _ in outline if depth > 0]
    return Seen(text, headings, links, dangling, None, [], [], "", "", outline[0][1] if outline else "")


def seen(fmt: str, data: bytes, tmp: Path) -> Seen:
    if fmt == "docx":
        return seen_docx(data)
    if fmt == "pdf":
        return seen_pdf(data, tmp)
    return seen_epub(data) if fmt == "epub" else seen_html(data)


CASES = [(key, fmt) for key in POSTS for fmt in FORMATS]


@pytest.mark.parametrize(("key", "fmt"), CASES)
def test_every_part_arrives(run: Run, key: str, fmt: str, tmp_path: Path) -> None:
    post = POSTS[key]
    got = seen(fmt, run.outputs[key][fmt], tmp_path)
    # (PDF small caps copy out as written with pdftotext: test_pdf_small_caps_copy_out_as_written)
    squashed = _squash(got.text.casefold() if fmt == "pdf" else got.text)
    wanted = [post.title, post.byline, post.date_line, *post.texts, *post.notes,
              *(cell for row in post.cells for cell in row), *(text for _, text, _ in post.headings)]
    if post.caption:
        wanted.append(post.caption)
    assert [w for w in wanted if _squash(w.casefold() if fmt == "pdf" else w) not in squashed] == []
    assert [raw for raw in RAW if raw in got.text] == []
    if fmt == "pdf":
        assert got.title == post.title  # the outline's first entry
        assert [(level, text) for level, text, _ in got.headings] == [(lv, t) for lv, t, _ in post.headings]
        return
    assert (got.title, got.byline, got.date_line) == (post.title, post.byline, post.date_line)
    if fmt == "docx":  # each heading a bookmark (Word's names, not the ids)
        assert [(lv, t) for lv, t, _ in got.headings] == [(lv, t) for lv, t, _ in post.headings]
        assert all(mark for _, _, mark in got.headings)
    else:
        assert got.headings == list(post.headings)
    assert got.caption == post.caption
    assert got.cells == [list(row) for row in post.cells]
    assert got.notes == list(post.notes)


@pytest.mark.parametrize(("key", "fmt"), CASES)
def test_in_page_links_land(run: Run, key: str, fmt: str, tmp_path: Path) -> None:
    post = POSTS[key]
    got = seen(fmt, run.outputs[key][fmt], tmp_path)
    assert got.dangling == []
    if fmt in ("pdf", "docx"):  # a link lands on its heading's bookmark / where its outline entry does
        by_id = {identifier: text for _, text, identifier in post.headings}
        assert got.links == [by_id[target] for target in post.links]
    else:
        assert got.links == list(post.links)


def test_pdf_has_the_figure_picture(run: Run) -> None:
    reader = pypdf.PdfReader(io.BytesIO(run.outputs["jekyll"]["pdf"]))
    assert sum(len(page.images) for page in reader.pages) == 1


def test_small_caps_and_definition_terms_are_their_own_parts(run: Run) -> None:
    document = docx.Document(io.BytesIO(run.outputs["pandoc"]["docx"]))
    small = [r.text for p in document.paragraphs for r in p.runs if r.font.small_caps]
    assert small == ["Federal Rules of Civil Procedure"]
    page = html.fromstring(run.outputs["pandoc"]["html"])
    assert [t.text_content() for t in page.iter("dt")] == ["Complaint", "Docket", "Judgment"]
    assert [s.text_content() for s in page.find_class("smallcaps")] == ["Federal Rules of Civil Procedure"]


def test_pdf_small_caps_copy_out_as_written(cli_run: Run, tmp_path: Path) -> None:
    assert "Federal Rules of Civil Procedure" in " ".join(seen_pdf(cli_run.outputs["pandoc"]["pdf"], tmp_path).text.split())


def test_authors_are_separate_in_the_metadata(run: Run) -> None:
    with zipfile.ZipFile(io.BytesIO(run.outputs["pandoc"]["epub"])) as book:
        opf = etree.fromstring(book.read("EPUB/content.opf"))
    creators = [e.text for e in opf.iter("{http://purl.org/dc/elements/1.1/}creator")]
    assert creators == ["Amira Haddad", "Tomás Ferreira"]


@pytest.mark.parametrize("key", list(POSTS))
def test_the_expected_warnings_and_no_others(run: Run, key: str) -> None:
    got = run.warnings[key]
    assert len(got) == len(POSTS[key].warnings), got
    for (line, text), (want_line, want) in zip(got, POSTS[key].warnings, strict=True):
        assert (line, want in text) == (want_line, True), got


def test_epubcheck_finds_nothing(cli_run: Run, library_run: Run, tmp_path: Path) -> None:
    files = []
    for route, done in (("cli", cli_run), ("library", library_run)):
        for key in POSTS:
            files.append(tmp_path / f"{route}-{key}.epub")
            files[-1].write_bytes(done.outputs[key]["epub"])
    messages = epubcheck_messages(files)
    assert {name: found for name, found in messages.items() if found} == {}
