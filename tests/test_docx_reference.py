"""``--reference-docx``: a reference document restyles ours and keeps our named parts.

References tried: python-docx's own default template, a document saved by
LibreOffice, pandoc's default ``reference.docx`` (only where a pandoc binary is
found: it is never committed), and references without margins, with a
localised style id, or hostile (zip bomb, too many members, broken XML).
"""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import zipfile
from collections.abc import Callable
from pathlib import Path

import docx
import pytest
from docx.shared import Inches, Pt
from lxml import etree

import convert

from .test_docx_nodes import news_article
from .test_docx_package import audit

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W = f"{{{W_NS}}}"
A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
OURS = ("Caption", "Credit", "Photo Credit", "Figure", "Byline")


def python_docx_reference(path: Path) -> Path:
    reference = docx.Document()
    reference.styles["Caption"].font.size = Pt(17)
    reference.sections[0].left_margin = Inches(2)
    reference.save(path)
    return path


def rewrite(source: Path, target: Path, member: str, change: Callable[[bytes], bytes]) -> Path:
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w") as new:
        for info in old.infolist():
            data = old.read(info.filename)
            new.writestr(info, change(data) if info.filename == member else data)
    return target


def no_margins(source: Path, target: Path) -> Path:
    """pandoc's reference.docx states only header, footer and gutter in its w:pgMar."""
    def strip(data: bytes) -> bytes:
        root = etree.fromstring(data)
        for margins in root.iter(f"{W}pgMar"):
            for side in ("top", "right", "bottom", "left"):
                margins.attrib.pop(f"{W}{side}", None)
        return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    return rewrite(source, target, "word/document.xml", strip)


def merged(article: convert.Article, reference: Path) -> tuple[bytes, docx.document.Document, etree._Element]:
    data = convert.render(article, "docx", reference_docx=reference)
    styles = etree.fromstring(zipfile.ZipFile(io.BytesIO(data)).read("word/styles.xml"))
    return data, docx.Document(io.BytesIO(data)), styles


def check_merged(data: bytes, document: docx.document.Document, styles: etree._Element,
                 article: convert.Article) -> None:
    """What every merged file must keep: our parts, resolving chains, numbering that exists, a passing verify."""
    names = {s.name for s in document.styles}
    assert set(OURS) <= names
    ids = {s.get(f"{W}styleId") for s in styles.iter(f"{W}style")}
    for style in styles.iter(f"{W}style"):
        for ref in style.iterchildren(f"{W}basedOn", f"{W}next", f"{W}link"):
            assert ref.get(f"{W}val") in ids, (style.get(f"{W}styleId"), ref.get(f"{W}val"))
    numbering = etree.fromstring(zipfile.ZipFile(io.BytesIO(data)).read("word/numbering.xml"))
    nums = {n.get(f"{W}numId") for n in numbering.iter(f"{W}num")} | {"0"}
    used = {n.get(f"{W}val") for n in styles.iter(f"{W}numId")}
    used |= {n.get(f"{W}val") for n in document.element.body.iter(f"{W}numId")}
    assert used <= nums
    report = convert.verify(data, article, format="docx")
    assert report.ok, [f for f in report.findings if not f.ok]


def test_python_docx_default_template(seed_article: convert.Article, tmp_path: Path) -> None:
    reference = python_docx_reference(tmp_path / "ref.docx")
    data, document, styles = merged(seed_article, reference)
    assert document.styles["Caption"].font.size == Pt(17)
    assert document.sections[0].left_margin == Inches(2)
    theme = etree.fromstring(zipfile.ZipFile(io.BytesIO(data)).read("word/theme/theme1.xml"))
    their_theme = etree.fromstring(zipfile.ZipFile(reference).read("word/theme/theme1.xml"))
    assert theme.find(f".//{A}minorFont/{A}latin").get("typeface") == \
        their_theme.find(f".//{A}minorFont/{A}latin").get("typeface")
    check_merged(data, document, styles, seed_article)
    news = news_article()
    data, document, styles = merged(news, reference)
    check_merged(data, document, styles, news)
    bullets = document.styles["List Bullet"]._element.find(f"{W}pPr/{W}numPr/{W}numId")
    assert bullets is not None  # the reference's list definition came along, renumbered into ours


@pytest.mark.slow
def test_merged_file_passes_openxml_audit(tmp_path: Path) -> None:
    path = tmp_path / "merged.docx"
    path.write_bytes(convert.render(news_article(), "docx", reference_docx=python_docx_reference(tmp_path / "r.docx")))
    assert audit(path) == []


def test_reference_without_margins_keeps_ours(seed_article: convert.Article, tmp_path: Path) -> None:
    reference = no_margins(python_docx_reference(tmp_path / "a.docx"), tmp_path / "b.docx")
    ours = docx.Document(io.BytesIO(convert.render(seed_article, "docx"))).sections[0]
    data, document, styles = merged(seed_article, reference)
    section = document.sections[0]
    assert (section.top_margin, section.left_margin, section.bottom_margin, section.right_margin) == (
        ours.top_margin, ours.left_margin, ours.bottom_margin, ours.right_margin)
    assert section.page_width == Inches(8.5)  # the size it does state is taken
    shape = document.inline_shapes[0]
    assert shape.width <= section.page_width - section.left_margin - section.right_margin  # type: ignore[operator]
    check_merged(data, document, styles, seed_article)


def test_localised_style_ids_match_by_name(seed_article: convert.Article, tmp_path: Path) -> None:
    """German Word writes heading 2 as id 'berschrift2': it restyles our Heading2, not a twin."""
    base = python_docx_reference(tmp_path / "a.docx")

    def localise(data: bytes) -> bytes:
        root = etree.fromstring(data)
        for style in root.iter(f"{W}style"):
            if style.get(f"{W}styleId") == "Heading2":
                style.set(f"{W}styleId", "berschrift2")
                size = style.find(f"{W}rPr/{W}sz")
                size.set(f"{W}val", "40")
        return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)

    reference = rewrite(base, tmp_path / "de.docx", "word/styles.xml", localise)
    data, document, styles = merged(seed_article, reference)
    heading = document.styles["Heading 2"]
    assert heading.style_id == "Heading2" and heading.font.size == Pt(20)
    assert [s.get(f"{W}styleId") for s in styles.iter(f"{W}style")].count("berschrift2") == 0
    check_merged(data, document, styles, seed_article)


def pandoc_binary() -> str | None:
    """A pandoc to print its default reference.docx (benchmarks/ installs one; CONVERT_TEST_PANDOC may name one)."""
    candidates = [os.environ.get("CONVERT_TEST_PANDOC", ""), shutil.which("pandoc") or "",
                  str(Path(__file__).resolve().parent.parent / "benchmarks" / ".work" / "venv" / "bin" / "pandoc")]
    return next((c for c in candidates if c and Path(c).is_file()), None)


@pytest.mark.slow
@pytest.mark.skipif(pandoc_binary() is None, reason="no pandoc binary to print its reference.docx (never committed)")
def test_pandoc_default_reference(seed_article: convert.Article, tmp_path: Path) -> None:
    reference = tmp_path / "reference.docx"
    subprocess.run([str(pandoc_binary()), "-o", str(reference), "--print-default-data-file", "reference.docx"],
                   check=True, cwd=tmp_path, timeout=60)
    ours = docx.Document(io.BytesIO(convert.render(seed_article, "docx"))).sections[0]
    for article in (seed_article, news_article()):
        data, document, styles = merged(article, reference)
        check_merged(data, document, styles, article)
        assert document.sections[0].left_margin == ours.left_margin  # pandoc's w:pgMar has no sides
        path = tmp_path / "merged.docx"
        path.write_bytes(data)
        assert audit(path) == []
    assert document.styles["Title"]._element.find(f"{W}pPr/{W}jc").get(f"{W}val") == "center"  # pandoc's look


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed (.ci/run installs it)")
def test_document_saved_by_libreoffice(seed_article: convert.Article, tmp_path: Path) -> None:
    (tmp_path / "lo.html").write_text("<html><body><h1>Ref</h1><p>Body</p><ul><li>item</li></ul></body></html>")
    subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/profile", "--convert-to",
                    "docx:MS Word 2007 XML", "--outdir", str(tmp_path), str(tmp_path / "lo.html")],
                   capture_output=True, timeout=180, check=True)
    reference = tmp_path / "lo.docx"
    for article in (seed_article, news_article()):
        data, document, styles = merged(article, reference)
        check_merged(data, document, styles, article)
    path = tmp_path / "merged.docx"
    path.write_bytes(data)
    assert audit(path) == []


def test_zip_bomb_refused_before_inflating(seed_article: convert.Article, tmp_path: Path) -> None:
    bomb = tmp_path / "bomb.docx"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", b"<a/>")
        archive.writestr("word/styles.xml", b"\0" * (8 << 20))  # 8 MB of zeros, 8 KB on disk
    assert bomb.stat().st_size < 50_000
    with pytest.raises(convert.WriterError, match="unpacks to 8388612 bytes, over the limit of 1000000"):
        convert.render(seed_article, "docx", reference_docx=bomb, reference_max_bytes=1_000_000)


def test_too_many_members_refused(seed_article: convert.Article, tmp_path: Path) -> None:
    crowd = tmp_path / "crowd.docx"
    with zipfile.ZipFile(crowd, "w") as archive:
        for i in range(6000):
            archive.writestr(f"x/{i}", b"")
    with pytest.raises(convert.WriterError, match="6000 files, over the limit"):
        convert.render(seed_article, "docx", reference_docx=crowd)


@pytest.mark.parametrize("content", [b"not a docx", b"PK\x03\x04junk"])
def test_unreadable_reference(content: bytes, seed_article: convert.Article, tmp_path: Path) -> None:
    (tmp_path / "ref.docx").write_bytes(content)
    with pytest.raises(convert.WriterError, match="cannot read the reference DOCX"):
        convert.render(seed_article, "docx", reference_docx=tmp_path / "ref.docx")


def test_broken_xml_and_entities_in_reference(seed_article: convert.Article, tmp_path: Path) -> None:
    base = python_docx_reference(tmp_path / "a.docx")
    broken = rewrite(base, tmp_path / "b.docx", "word/styles.xml", lambda data: data[:-20])
    with pytest.raises(convert.WriterError, match=r"broken XML in word/styles\.xml"):
        convert.render(seed_article, "docx", reference_docx=broken)
    entity = (b'<?xml version="1.0"?><!DOCTYPE w:styles [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
              b'<w:styles xmlns:w="' + W_NS.encode() + b'"><w:style w:type="paragraph" w:styleId="Caption">'
              b'<w:name w:val="caption"/><w:rPr><w:rFonts w:ascii="&x;"/></w:rPr></w:style></w:styles>')
    hostile = rewrite(base, tmp_path / "c.docx", "word/styles.xml", lambda data: entity)
    with pytest.raises(convert.WriterError, match="external entity") as refused:  # never resolved, never read
        convert.render(seed_article, "docx", reference_docx=hostile)
    assert "root:" not in str(refused.value)
