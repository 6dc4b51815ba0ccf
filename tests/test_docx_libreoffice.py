"""LibreOffice opens our DOCX files: each converts to PDF, and a round trip through LibreOffice keeps the style names.

Slow (one LibreOffice start per conversion batch), so few: the seed, the news
article (table, notes, definitions, every inline) and a reference-merged file,
each converted in one LibreOffice run per target format.
"""

from __future__ import annotations

import io
import shutil
import subprocess
from pathlib import Path

import docx
import pytest

import convert

from .test_docx_nodes import news_article
from .test_docx_reference import python_docx_reference

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed (.ci/run installs it)"),
]


def soffice(tmp_path: Path, target: str, files: list[Path], out: Path) -> None:
    result = subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/profile",
                             "--convert-to", target, "--outdir", str(out), *map(str, files)],
                            capture_output=True, text=True, timeout=300, check=False)
    assert result.returncode == 0, result.stderr


@pytest.fixture(scope="module")
def made(seed_article: convert.Article, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Path]]:
    folder = tmp_path_factory.mktemp("lo")
    reference = python_docx_reference(folder / "reference.docx")
    files = {
        "seed": convert.render(seed_article, "docx"),
        "news": convert.render(news_article(), "docx"),
        "merged": convert.render(news_article(), "docx", reference_docx=reference),
    }
    paths = {}
    for name, data in files.items():
        paths[name] = folder / f"{name}.docx"
        paths[name].write_bytes(data)
    return folder, paths


def test_each_converts_to_pdf(made: tuple[Path, dict[str, Path]]) -> None:
    folder, paths = made
    soffice(folder, "pdf", list(paths.values()), folder / "pdf")
    for name in paths:
        pdf = (folder / "pdf" / f"{name}.pdf").read_bytes()
        assert pdf.startswith(b"%PDF") and len(pdf) > 1000, name
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", str(folder / "pdf" / "news.pdf"), "-"], capture_output=True, text=True,
                              check=True).stdout
        for words in ("Results in Ward 3", "Figures from the city clerk.", "The share of registered voters", "1,204"):
            assert words in " ".join(text.split()), words


def test_style_names_survive_a_round_trip(made: tuple[Path, dict[str, Path]]) -> None:
    folder, paths = made
    soffice(folder, "docx:MS Word 2007 XML", list(paths.values()), folder / "back")
    for name, path in paths.items():
        ours = docx.Document(io.BytesIO(path.read_bytes()))
        back = docx.Document(str(folder / "back" / f"{name}.docx"))
        before = [(p.style.name if p.style is not None else "", p.text) for p in ours.paragraphs]
        after = [(p.style.name if p.style is not None else "", p.text) for p in back.paragraphs]
        assert after == before, name
        assert len(back.tables) == len(ours.tables)
