"""Guard: every real article of the shared corpus, rendered in all four formats, verifies clean (the source-words
check included). A failure here is either verify misreading a right output or a writer losing something: see the
finding. The corpus lives beside the checkout (/work/shared/corpus); the test is skipped without it.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import convert

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"
ARTICLES = sorted(p.name for p in CORPUS.iterdir() if (p / "article.md").is_file()) if CORPUS.is_dir() else []
FORMATS = ("docx", "pdf", "epub", "html")


@pytest.mark.slow
@pytest.mark.skipif(not ARTICLES, reason="the shared corpus is not beside the checkout")
@pytest.mark.parametrize("name", ARTICLES or ["none"])
def test_a_corpus_article_verifies_clean_in_every_format(name: str) -> None:
    """Read as the fidelity tool has the CLI read it (images and site-root paths from the article's folder)."""
    folder = CORPUS / name
    source = folder / "article.md"
    article = convert.read(source, resource_path=(folder,), site_root=folder)
    text = source.read_text(encoding="utf-8")
    failed = {}
    for format in FORMATS:
        report = convert.verify(convert.render(article, format), article, format, source_text=text)
        assert "source words" in {f.check for f in report.findings}, format
        failed[format] = [str(f) for f in report.failures]
    assert failed == {format: [] for format in FORMATS}
