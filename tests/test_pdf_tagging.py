"""Tagged PDF (PDF/UA-1): the structure tree, marked content and artifacts, read back independently.

The tree is read with pikepdf; the marked content of each page with pdfminer.six
(its own content-stream interpreter and font decoding); the page text with
poppler's pdftotext. None of them shares code with the writer.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pikepdf
import pytest
from pdfminer.pdfdevice import PDFDevice
from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager
from pdfminer.pdfpage import PDFPage
from pdfminer.psparser import PSLiteral

import convert

from .conftest import ROOT, SEED
from .test_pdf_state import RICH

# --- reading the marked content (pdfminer) ----------------------------------------------------------


class _Marks(PDFDevice):  # type: ignore[misc]
    """Collects, per page, the text of each MCID, of artifacts, and of anything unmarked (a span's
    ``/ActualText`` in place of its glyphs, as a screen reader reads it); counts unmarked paint."""

    def __init__(self, manager: PDFResourceManager) -> None:
        super().__init__(manager)
        self.page = -1
        self.stack: list[tuple[str, int | None]] = []
        self.mcids: dict[tuple[int, int], str] = {}
        self.order: list[tuple[int, int]] = []
        self.artifacts: dict[int, list[str]] = {}
        self.unmarked: list[str] = []
        self.unmarked_paint = 0
        self.spans: list[str] = []  # open actual-text spans
        self.span_depth: list[int] = []

    def begin_page(self, page: Any, ctm: Any) -> None:
        self.page += 1
        self.artifacts[self.page] = []

    def begin_tag(self, tag: PSLiteral, props: Any = None) -> None:
        mcid = props.get("MCID") if isinstance(props, dict) else None
        actual = props.get("ActualText") if isinstance(props, dict) else None
        if isinstance(actual, bytes):  # the text the span's glyphs stand for (a hyphenated word, a bidi run)
            self.spans.append(actual[2:].decode("utf-16-be") if actual[:2] == b"\xfe\xff" else actual.decode("latin-1"))
            self.span_depth.append(len(self.stack))
        self.stack.append((str(tag.name), mcid))
        if mcid is not None:
            assert (self.page, mcid) not in self.mcids, "an MCID is used once on its page"
            assert not any(m is not None for _, m in self.stack[:-1]), "no sequence with an MCID inside another"
            assert all(name != "Artifact" for name, _ in self.stack[:-1]), "no tagged content inside an artifact"
            self.order.append((self.page, mcid))
            self.mcids[(self.page, mcid)] = ""
        elif str(tag.name) == "Artifact":
            assert not any(m is not None for _, m in self.stack[:-1]), "no artifact inside tagged content"

    def end_tag(self) -> None:
        _, mcid = self.stack.pop()
        if self.span_depth and self.span_depth[-1] == len(self.stack):
            self.span_depth.pop()
            actual = self.spans.pop()
            if not self.spans and mcid is not None:  # a sequence's own actual text (small caps) is its text
                self.mcids[(self.page, mcid)] += actual
            elif not self.spans:
                self._text(actual)

    def _where(self) -> tuple[str, int | None] | None:
        for name, mcid in reversed(self.stack):
            if mcid is not None:
                return name, mcid
        return ("Artifact", None) if any(name == "Artifact" for name, _ in self.stack) else None

    def render_string(self, textstate: Any, seq: Any, ncs: Any, graphicstate: Any) -> None:
        font = textstate.font
        text = ""
        for chunk in seq:
            if isinstance(chunk, bytes):
                for cid in font.decode(chunk):
                    try:
                        text += font.to_unichr(cid)
                    except Exception:  # a glyph without Unicode: not ours to judge here
                        text += "\ufffd"
        if not self.spans:  # inside an actual-text span the glyphs are read as its text instead
            self._text(text)

    def _text(self, text: str) -> None:
        where = self._where()
        if where is None:
            self.unmarked.append(text)
        elif where[1] is None:
            self.artifacts[self.page].append(text)
        else:
            self.mcids[(self.page, where[1])] += text

    def paint_path(self, graphicstate: Any, stroke: Any, fill: Any, evenodd: Any, path: Any) -> None:
        if self._where() is None:
            self.unmarked_paint += 1

    def render_image(self, name: str, stream: Any) -> None:
        if self._where() is None:
            self.unmarked_paint += 1


def marked_content(data: bytes) -> _Marks:
    manager = PDFResourceManager()
    device = _Marks(manager)
    interpreter = PDFPageInterpreter(manager, device)
    for page in PDFPage.get_pages(io.BytesIO(data)):
        interpreter.process_page(page)
    return device


# --- reading the structure tree (pikepdf) ---------------------------------------------------------------


@dataclass
class Node:
    role: str
    obj: Any
    kids: list[Node] = field(default_factory=list)
    mcids: list[tuple[int, int]] = field(default_factory=list)  # (page index, MCID), in order
    annotations: list[Any] = field(default_factory=list)

    def walk(self) -> Iterator[Node]:
        yield self
        for kid in self.kids:
            yield from kid.walk()

    def text(self, marks: _Marks) -> str:
        """The text of the element, its content and kids in the order of /K."""
        return "".join(marks.mcids.get(m, "") if isinstance(m, tuple) else m.text(marks) for m in self.content)

    content: list[Any] = field(default_factory=list)


def structure(pdf: pikepdf.Pdf) -> Node:
    pages = {page.objgen: index for index, page in enumerate(pdf.pages)}
    return _node(pdf.Root.StructTreeRoot.K, pages)


def _node(element: Any, pages: dict[tuple[int, int], int]) -> Node:
    node = Node(str(element.S)[1:], element)
    page = pages.get(element.Pg.objgen) if "/Pg" in element else None
    kids = element.get("/K")
    for kid in (list(kids) if isinstance(kids, pikepdf.Array) else [] if kids is None else [kids]):
        if isinstance(kid, int):
            assert page is not None, "an MCID kid needs the element's /Pg"
            node.mcids.append((page, int(kid)))
            node.content.append((page, int(kid)))
        elif kid.get("/Type") == "/MCR":
            node.mcids.append((pages[kid.Pg.objgen], int(kid.MCID)))
            node.content.append(node.mcids[-1])
        elif kid.get("/Type") == "/OBJR":
            node.annotations.append(kid.Obj)
        else:
            assert kid.P.objgen == element.objgen, "each element's /P is its parent"
            child = _node(kid, pages)
            node.kids.append(child)
            node.content.append(child)
    return node


def roles(node: Node) -> list[str]:
    return [kid.role for kid in node.kids]


def squeeze(text: str) -> str:
    """Text without white space; poppler shows an added hyphen as its actual text, the soft hyphen."""
    return re.sub(r"\s+", "", text.replace("\u00ad", "-"))


def without_artifacts(text: str, artifacts: list[str]) -> str:
    """``text`` without the running head at its start and the page number at its end."""
    for artifact in (squeeze(a) for a in artifacts):
        if text.startswith(artifact):
            text = text[len(artifact):]
        else:
            assert text.endswith(artifact), (artifact, text[-80:])
            text = text[: -len(artifact)]
    return text


def pdftotext_pages(data: bytes, tmp_path: Path) -> list[str]:
    path = tmp_path / "x.pdf"
    path.write_bytes(data)
    out = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True, check=True)
    return out.stdout.split("\f")[:-1]


# --- fixtures -----------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def seed() -> tuple[convert.Article, bytes]:
    article = convert.read(SEED, resource_path=(ROOT / "assets",))
    return article, convert.render(article, "pdf")


@pytest.fixture(scope="module")
def rich() -> bytes:
    return convert.render(convert.read_text(RICH), "pdf")


# --- the seed ----------------------------------------------------------------------------------------------


def test_seed_tags_in_reading_order(seed: tuple[convert.Article, bytes]) -> None:
    article, data = seed
    with pikepdf.open(io.BytesIO(data)) as pdf:
        document = structure(pdf)
        role_map = {str(k)[1:]: str(v)[1:] for k, v in pdf.Root.StructTreeRoot.RoleMap.items()}
    assert document.role == "Document" and str(document.obj.Lang) == "en"
    top = roles(document)
    assert top[:2] == ["H1", "Date"]  # the date line sits in the title block
    body = [r for r in top if r not in ("Date", "Byline")]
    assert body == ["H1", "Figure", "Caption", *["P"] * 5, "H2", *["P"] * 6, "Credit"]
    figure = document.kids[top.index("Figure")]
    assert str(figure.obj.Alt) == article.figures()[0].alt
    assert role_map["Credit"] == "P" and role_map["PhotoCredit"] == "P" and role_map["Byline"] == "P"
    marks = marked_content(data)
    h2 = document.kids[top.index("H2")]
    assert h2.text(marks) == "\u2018Renewed Dialogue\u2019"
    caption = document.kids[top.index("Caption")]
    assert squeeze(caption.text(marks)) == squeeze(convert.model.plain_text(article.figures()[0].caption))


def test_every_mcid_is_in_the_parent_tree(seed: tuple[convert.Article, bytes], rich: bytes) -> None:
    for data in (seed[1], rich):
        marks = marked_content(data)
        with pikepdf.open(io.BytesIO(data)) as pdf:
            tree = pdf.Root.StructTreeRoot
            nums = list(tree.ParentTree.Nums)
            rows = {int(nums[i]): nums[i + 1] for i in range(0, len(nums), 2)}
            document = structure(pdf)
            owner = {m: node.obj.objgen for node in document.walk() for m in node.mcids}
            for index, page in enumerate(pdf.pages):
                row = rows[int(page.StructParents)]
                on_page = sorted(mcid for p, mcid in marks.order if p == index)
                assert on_page == list(range(len(row))), "MCIDs run 0..n-1 and each has a parent-tree entry"
                for mcid in on_page:
                    assert row[mcid].objgen == owner[(index, mcid)], "the entry is the element that holds the MCID"
            assert sorted(owner) == sorted(marks.order), "every MCID drawn is in the tree, and only those"
            assert int(tree.ParentTreeNextKey) > max(rows)


def test_nothing_visible_is_left_unmarked(seed: tuple[convert.Article, bytes], rich: bytes) -> None:
    for data in (seed[1], rich):
        marks = marked_content(data)
        assert marks.unmarked == [] and marks.unmarked_paint == 0


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils is not installed")
def test_tagged_text_is_the_page_text_less_artifacts(seed: tuple[convert.Article, bytes], tmp_path: Path) -> None:
    """Per page: pdftotext's text = the text of the tagged content in order, once the artifacts are taken out."""
    data = seed[1]
    marks = marked_content(data)
    pages = pdftotext_pages(data, tmp_path)
    assert len(pages) == len(marks.artifacts) >= 2
    for index, page_text in enumerate(pages):
        shown = without_artifacts(squeeze(page_text), marks.artifacts[index])
        tagged = "".join(marks.mcids[key] for key in marks.order if key[0] == index)
        assert shown == squeeze(tagged)
    assert squeeze("".join(marks.artifacts[0])) == "1"  # page 1: only its number


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils is not installed")
def test_structure_tree_reads_in_the_order_of_the_text(seed: tuple[convert.Article, bytes], tmp_path: Path) -> None:
    data = seed[1]
    marks = marked_content(data)
    with pikepdf.open(io.BytesIO(data)) as pdf:
        tree_text = squeeze(structure(pdf).text(marks))
    pages = pdftotext_pages(data, tmp_path)
    assert tree_text == "".join(without_artifacts(squeeze(p), marks.artifacts[i]) for i, p in enumerate(pages))


def test_document_level_entries(seed: tuple[convert.Article, bytes]) -> None:
    with pikepdf.open(io.BytesIO(seed[1])) as pdf:
        root = pdf.Root
        assert bool(root.MarkInfo.Marked) is True and "/Suspects" not in root.MarkInfo
        assert bool(root.ViewerPreferences.DisplayDocTitle) is True
        assert str(root.Lang) == "en" and pdf.pdf_version == "1.7"
        with pdf.open_metadata() as xmp:
            assert xmp.get("pdfuaid:part") == "1" and xmp.get("dc:title")
        keys = [int(page.StructParents) for page in pdf.pages]
        assert len(set(keys)) == len(keys) and all(page.Tabs == "/S" for page in pdf.pages)


# --- links, notes, lists, tables: the richer article ---------------------------------------------------------


def test_every_link_annotation_sits_in_its_link_element(rich: bytes) -> None:
    marks = marked_content(rich)
    with pikepdf.open(io.BytesIO(rich)) as pdf:
        document = structure(pdf)
        nums = list(pdf.Root.StructTreeRoot.ParentTree.Nums)
        rows = {int(nums[i]): nums[i + 1] for i in range(0, len(nums), 2)}
        links = [node for node in document.walk() if node.role == "Link"]
        held = {a.objgen: node for node in links for a in node.annotations}
        annotations = [a for page in pdf.pages for a in page.get("/Annots", []) if a.Subtype == "/Link"]
        assert len(annotations) >= 4
        for annotation in annotations:
            assert annotation.objgen in held, "every link annotation has an OBJR in a Link element"
            assert rows[int(annotation.StructParent)].objgen == held[annotation.objgen].obj.objgen
            assert str(annotation.Contents).strip(), "a link's alternate description (PDF/UA-1 7.18.5)"
    texts = {node.text(marks).strip() for node in links}
    assert {"a link", "the section", "link"} <= texts


def test_notes_lists_definitions_and_tables(rich: bytes) -> None:
    marks = marked_content(rich)
    with pikepdf.open(io.BytesIO(rich)) as pdf:
        document = structure(pdf)
        nodes = list(document.walk())
        note = next(n for n in nodes if n.role == "Note")
        assert str(note.obj.ID) == "note-1"
        ids = list(pdf.Root.StructTreeRoot.IDTree.Names)
        assert str(ids[0]) == "note-1" and ids[1].objgen == note.obj.objgen
    holder = next(n for n in nodes if note in n.kids)
    assert holder.role == "P" and holder.kids[holder.kids.index(note) - 1].role == "Link"  # right after its reference
    assert roles(note)[:2] == ["Lbl", "P"] and note.kids[0].kids[0].role == "Link"
    assert squeeze(note.text(marks)) == squeeze("1.\u00a0The note, with a link.")
    lists = [n for n in nodes if n.role == "L"]
    bullets, numbered, definitions = lists
    assert all(roles(item) == ["Lbl", "LBody"] for item in bullets.kids)
    assert [item.kids[0].text(marks) for item in bullets.kids] == ["\u2022", "\u2022"]
    assert str(bullets.obj.A.ListNumbering) == "/Disc" and str(numbered.obj.A.ListNumbering) == "/Decimal"
    assert numbered in bullets.kids[1].kids[1].kids  # nested in the second item's body
    term, body = definitions.kids[0].kids
    assert (term.role, term.text(marks), body.role) == ("Lbl", "Turnout", "LBody")
    table = next(n for n in nodes if n.role == "Table")
    assert roles(table) == ["Caption", "THead", "TBody"]
    head = table.kids[1].kids[0]
    assert [c.role for c in head.kids] == ["TH"] * 3 and all(str(c.obj.A.Scope) == "/Column" for c in head.kids)
    assert [c.text(marks) for c in head.kids] == ["District", "Votes", "Turnout"]
    assert [c.text(marks) for c in table.kids[2].kids[0].kids] == ["North", "12,450", "61.2 %"]
    code = [n for n in nodes if n.role == "Code"]
    assert code and code[0].text(marks).strip() == "code"
    assert next(n for n in nodes if n.role == "BlockQuote").kids[0].role == "P"


def pdfua_findings(data: bytes, path: Path) -> str:
    """What the PyPI ``pdfua`` checker finds in ``data`` (written to ``path``): "" when nothing; skips without it."""
    pytest.importorskip("pdfua")
    path.write_bytes(data)
    checker = shutil.which("pdfua") or str(Path(sys.executable).parent / "pdfua")
    result = subprocess.run([checker, "check", str(path)], capture_output=True, text=True)
    return "" if result.returncode == 0 else result.stdout


def test_pdfua_checker_finds_nothing(seed: tuple[convert.Article, bytes], rich: bytes, tmp_path: Path) -> None:
    assert pdfua_findings(seed[1], tmp_path / "seed.pdf") == ""
    assert pdfua_findings(rich, tmp_path / "rich.pdf") == ""
