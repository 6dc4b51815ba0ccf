"""verify(): every writer's output verifies clean; each kind of tampering is caught."""

from __future__ import annotations

import dataclasses
import io
import zipfile
from pathlib import Path

import docx
import pytest

import convert
from convert.cli import main
from convert.model import Subheading

from .conftest import ASSETS, SEED, WriteArticle

FORMATS = ("docx", "epub", "pdf")
GENERATED = {
    "rich": "---\ntitle: Rich\nauthor: Ann\n---\n\n![Cap *one*](photo.jpg){alt=\"Alt one\" credit=\"Photo: A/B\"}\n\n"
            "Intro \"quoted\" -- text...\n\n## Second\n\n> Quoted para\n\n- item one\n- item two\n\n### Third\n\n"
            "Last para.\n\n::: credit\nWith reporting by us\n:::\n",
    "plain": "# Only text\n\nOne.\n\nTwo.\n",
    "long": "# Long\n\n" + "\n\n".join(f"Paragraph {i} " + "word " * 80 for i in range(30)) + "\n",
}


@pytest.mark.parametrize("fmt", FORMATS)
def test_seed_outputs_verify_clean(seed_article: convert.Article, fmt: str) -> None:
    report = convert.verify(convert.render(seed_article, fmt), seed_article)
    assert report.format == fmt and report.ok, [str(f) for f in report.failures]
    checks = {f.check for f in report.findings}
    assert {"title", "figure 1 caption", "credit line 1"} <= checks or fmt == "pdf"


@pytest.mark.parametrize("name", sorted(GENERATED))
@pytest.mark.parametrize("fmt", FORMATS)
def test_generated_articles_verify_clean(write_article: WriteArticle, name: str, fmt: str) -> None:
    article = convert.read(write_article(GENERATED[name]))
    report = convert.verify(convert.render(article, fmt), article)
    assert report.ok, [str(f) for f in report.failures]


def _failed(report: object) -> set[str]:
    return {f.check for f in report.failures}  # type: ignore[attr-defined]


def test_docx_credit_restyled_to_normal(seed_article: convert.Article) -> None:
    document = docx.Document(io.BytesIO(convert.render(seed_article, "docx")))
    credit = next(p for p in document.paragraphs if p.style is not None and p.style.name == "Credit")
    credit.style = document.styles["Normal"]
    buffer = io.BytesIO()
    document.save(buffer)
    assert _failed(convert.verify(buffer.getvalue(), seed_article)) == {"credit line 1"}


def test_docx_alt_text_emptied_and_caption_changed(seed_article: convert.Article) -> None:
    data = convert.render(seed_article, "docx")
    package = zipfile.ZipFile(io.BytesIO(data))
    xml = package.read("word/document.xml").decode()
    alt = seed_article.figures()[0].alt
    xml = xml.replace(f'descr="{alt}"', 'descr=""').replace("(left) and NATO", "(right) and NATO")
    assert _failed(convert.verify(_rezip(package, "word/document.xml", xml), seed_article, "docx")) == {
        "figure 1 alt text", "figure 1 caption"}


def test_epub_figcaption_turned_into_span_and_alt_emptied(seed_article: convert.Article) -> None:
    data = convert.render(seed_article, "epub")
    package = zipfile.ZipFile(io.BytesIO(data))
    xml = package.read("EPUB/article.xhtml").decode()
    span = xml.replace("<figcaption>", "<span>").replace("</figcaption>", "</span>")
    assert _failed(convert.verify(_rezip(package, "EPUB/article.xhtml", span), seed_article)) == {"figure 1 caption"}
    no_alt = xml.replace(f'alt="{seed_article.figures()[0].alt}"', 'alt=""')
    assert _failed(convert.verify(_rezip(package, "EPUB/article.xhtml", no_alt), seed_article)) == {"figure 1 alt text"}


def test_pdf_without_the_subheading(seed_article: convert.Article) -> None:
    stripped = dataclasses.replace(seed_article, blocks=tuple(b for b in seed_article.blocks if not isinstance(b, Subheading)))
    failed = _failed(convert.verify(convert.render(stripped, "pdf"), seed_article))
    assert failed == {"subheading 1 bookmark", "subheading in reading order (8)", "source words"}


def test_pdf_caption_changed(seed_article: convert.Article, write_article: WriteArticle) -> None:
    changed = SEED.read_text(encoding="utf-8").replace("(left)", "(right)")
    other = convert.read_text(changed.replace("../assets/photo.jpg", str(ASSETS / "photo.jpg")), resource_path=(ASSETS,))
    assert "figure caption in reading order (2)" in _failed(convert.verify(convert.render(other, "pdf"), seed_article))


def test_garbage_is_a_failed_report_not_a_crash(seed_article: convert.Article) -> None:
    report = convert.verify(b"PK\x03\x04 not really a zip", seed_article, "docx")
    assert not report.ok and report.failures[0].check == "readable"


def _rezip(package: zipfile.ZipFile, name: str, text: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as out:
        for info in package.infolist():
            content = text.encode() if info.filename == name else package.read(info.filename)
            out.writestr(zipfile.ZipInfo(info.filename, info.date_time), content)
    return buffer.getvalue()


def test_cli_verify_and_verify_only(workdir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    common = ["--resource-path", str(ASSETS)]
    assert main(["--to", "docx,epub,pdf", "--verify", str(SEED), "--out-dir", str(workdir / "out"), *common]) == 0
    outputs = [str(workdir / "out" / f"article.{f}") for f in FORMATS]
    assert main(["--verify-only", *outputs, "--source", str(SEED), *common]) == 0
    document = docx.Document(outputs[0])
    next(p for p in document.paragraphs if p.style.name == "Credit").style = document.styles["Normal"]  # type: ignore[union-attr]
    document.save(outputs[0])
    capsys.readouterr()
    assert main(["--verify-only", outputs[0], "--source", str(SEED), *common]) == 1
    err = capsys.readouterr().err
    assert "verify: FAIL credit line 1 [style \"Credit\"]" in err and "1 of 19 checks failed" in err
