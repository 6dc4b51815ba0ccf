"""Blocks inside DOCX footnotes are set at the note's size: lists, their continuations, quotes and definitions.

Read back with python-docx: each paragraph's size resolved through its style's
``basedOn`` chain (and the document defaults), the list numbering from the
paragraph's ``w:numPr``. The LibreOffice test measures the laid-out words.
"""

from __future__ import annotations

import io
import shutil
import subprocess
from pathlib import Path

import docx
import pytest
from docx.styles.style import BaseStyle
from lxml import etree

import convert
from convert.model import (
    Article,
    BlockQuote,
    DefinitionItem,
    DefinitionList,
    ListBlock,
    Meta,
    Note,
    Paragraph,
    Text,
)

from .test_docx_reference import check_merged, merged, python_docx_reference

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
FOOTNOTES = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes"


def para(text: str) -> Paragraph:
    return Paragraph((Text(text),), line=4)


NOTE = Note((
    para("Notetext first."),
    ListBlock(False, (
        (para("Bulletone"), para("Continuation"), ListBlock(True, ((para("Numberedinner"),),), start=2)),
        (para("Bullettwo"),),
    ), line=5),
    BlockQuote((para("Quotedwords"),), line=7),
    DefinitionList((DefinitionItem((Text("Termword"),), ((para("Definitionword"),),)),), line=8),
))


def article() -> Article:
    return Article(Meta(title="Notes"), (
        Paragraph((Text("Body with a note"), NOTE, Text(".")), line=2),
        ListBlock(False, ((para("Bodybullet"),),), line=10),
    ), source="story.md")


def note_paragraphs(document: docx.document.Document) -> list[etree._Element]:
    part = next(rel.target_part for rel in document.part.rels.values() if rel.reltype == FOOTNOTES)
    root = etree.fromstring(part.blob)
    return [p for note in root.iter(f"{W}footnote") if note.get(f"{W}type") is None for p in note.iter(f"{W}p")]


def style_id(p: etree._Element) -> str:
    style = p.find(f"{W}pPr/{W}pStyle")
    return style.get(f"{W}val") if style is not None else ""


def text(p: etree._Element) -> str:
    return "".join(t.text or "" for t in p.iter(f"{W}t")).strip()


def point_size(document: docx.document.Document, style: BaseStyle | None) -> float:
    """The size a style sets, through its basedOn chain, else the document default (python-docx reads each)."""
    while style is not None:
        if style.font.size is not None:
            return style.font.size.pt
        style = style.base_style
    default = document.styles.element.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr/{W}sz")
    return int(default.get(f"{W}val")) / 2 if default is not None else 10.0


def named(document: docx.document.Document, name: str) -> BaseStyle:
    """A style by its name, whatever its case (Word writes "footnote text", shows "Footnote Text")."""
    return next(s for s in document.styles if (s.name or "").lower() == name.lower())


def sizes(document: docx.document.Document, paragraphs: list[etree._Element]) -> dict[str, float]:
    by_id = {s.style_id: s for s in document.styles}
    return {text(p): point_size(document, by_id.get(style_id(p))) for p in paragraphs}


@pytest.fixture(scope="module")
def rendered() -> docx.document.Document:
    return docx.Document(io.BytesIO(convert.render(article(), "docx")))


def test_every_block_of_a_note_at_the_note_size(rendered: docx.document.Document) -> None:
    note_size = point_size(rendered, named(rendered, "footnote text"))
    found = sizes(rendered, note_paragraphs(rendered))
    assert list(found) == ["Notetext first.", "Bulletone", "Continuation", "Numberedinner", "Bullettwo", "Quotedwords",
                           "Termword", "Definitionword"]
    assert set(found.values()) == {note_size}
    assert note_size < point_size(rendered, named(rendered, "Body Text"))


def test_body_lists_keep_the_body_size(rendered: docx.document.Document) -> None:
    bullet = next(p for p in rendered.paragraphs if p.text == "Bodybullet")
    assert bullet.style is not None and bullet.style.name == "List Bullet"
    assert point_size(rendered, bullet.style) == point_size(rendered, named(rendered, "Body Text"))


def test_note_lists_stay_numbered_lists(rendered: docx.document.Document) -> None:
    paragraphs = {text(p): p for p in note_paragraphs(rendered)}
    levels = {name: p.find(f"{W}pPr/{W}numPr/{W}ilvl") for name, p in paragraphs.items()}
    assert levels["Bulletone"].get(f"{W}val") == "0" and levels["Bullettwo"].get(f"{W}val") == "0"
    assert levels["Numberedinner"].get(f"{W}val") == "1"
    assert levels["Continuation"] is None and levels["Notetext first."] is None
    indent = paragraphs["Continuation"].find(f"{W}pPr/{W}ind")
    assert indent is not None and int(indent.get(f"{W}left")) > 0  # lines up with its item's text
    names = {s.style_id: s.name for s in rendered.styles}
    assert [names[style_id(paragraphs[n])] for n in ("Bulletone", "Numberedinner", "Quotedwords", "Termword")] == [
        "Footnote List Bullet", "Footnote List Number", "Footnote Quote", "Footnote Definition Term"]
    for name in ("Footnote List Bullet", "Footnote Quote", "Footnote Definition"):
        base = named(rendered, name).base_style
        assert base is not None and base.name.lower() == "footnote text"  # restyling the notes restyles them


def test_reference_document_keeps_the_note_styles_resolving(tmp_path: Path) -> None:
    data, document, styles = merged(article(), python_docx_reference(tmp_path / "ref.docx"))
    check_merged(data, document, styles, article())
    found = sizes(document, note_paragraphs(document))
    assert len(set(found.values())) == 1
    assert found["Bulletone"] == point_size(document, named(document, "footnote text"))


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("soffice") is None or shutil.which("pdftotext") is None,
                    reason="LibreOffice and pdftotext are needed")
def test_libreoffice_sets_note_lists_at_the_note_size(tmp_path: Path) -> None:
    source = tmp_path / "notes.docx"
    source.write_bytes(convert.render(article(), "docx"))
    subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/profile", "--convert-to",
                    "pdf", "--outdir", str(tmp_path), str(source)], capture_output=True, timeout=300, check=True)
    page = subprocess.run(["pdftotext", "-bbox", str(tmp_path / "notes.pdf"), "-"], capture_output=True, text=True,
                          check=True).stdout
    heights = {}
    for word in etree.fromstring(page.encode(), etree.XMLParser(recover=True)).iter("{*}word"):
        heights[(word.text or "").strip(".")] = float(word.get("yMax") or 0) - float(word.get("yMin") or 0)
    note = heights["Notetext"]
    for word in ("Bulletone", "Continuation", "Numberedinner", "Quotedwords", "Termword", "Definitionword"):
        assert heights[word] == pytest.approx(note, rel=0.05), word
    assert heights["Bodybullet"] > note * 1.15
