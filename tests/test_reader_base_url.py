"""``base-url`` (issue 19): relative link targets made absolute by the reader, so DOCX and PDF keep them live.

Read back with python-docx (hyperlink relationships), pypdf (link annotations) and
lxml (HTML ``href``); the warnings about relative links are gone when the key is set;
a bad value is an error naming the key's line.
"""

from __future__ import annotations

import io
import logging
import subprocess
import sys
from pathlib import Path

import docx
import pypdf
import pytest
from lxml import etree, html

import convert
from convert.errors import SourceError
from convert.model import Figure, InlineImage, Link, Note, Paragraph, walk_inlines

from .conftest import WriteArticle

CONVERT = Path(sys.executable).parent / "convert"
BASE = "https://example.org/news/2024/"
BODY = """
See [the archive](/archive/), [part two](../part-2/), [the budget](budget.html?year=2024#totals),
[the agency](https://agency.example.net/report), [write to us](mailto:desk@example.org),
<a href="raw/page.html">a raw link</a> and [this section](#method).[^1]

## Method {#method}

![A gauge on the river](photo.jpg)

Inline ![icon](photo.jpg) picture.

[^1]: The notes link [elsewhere](notes/sources.html).
"""
#: Each relative target of BODY and what it becomes against BASE (urllib.parse.urljoin, RFC 3986).
JOINED = {
    "/archive/": "https://example.org/archive/",
    "../part-2/": "https://example.org/news/part-2/",
    "budget.html?year=2024#totals": "https://example.org/news/2024/budget.html?year=2024#totals",
    "raw/page.html": "https://example.org/news/2024/raw/page.html",
    "notes/sources.html": "https://example.org/news/2024/notes/sources.html",
}
UNCHANGED = ["https://agency.example.net/report", "mailto:desk@example.org"]


def article_text(base: str | None = BASE) -> str:
    key = f"base-url: {base}\n" if base else ""
    return f"---\ntitle: Flood gauges\n{key}---\n{BODY}"


def links_of(article: convert.Article) -> list[str]:
    found: list[str] = []
    pending = [article.blocks]
    while pending:
        for block in pending.pop(0):
            inlines = block.inlines if isinstance(block, Paragraph) else ()
            for span in walk_inlines(inlines):
                if isinstance(span, Link):
                    found.append(span.target)
                elif isinstance(span, Note):
                    pending.append(span.blocks)
    return found


def read(write_article: WriteArticle, base: str | None = BASE, **options: object) -> convert.Article:
    return convert.read(write_article(article_text(base)), **options)


def test_relative_targets_become_absolute_and_others_stay(write_article: WriteArticle) -> None:
    article = read(write_article)
    assert links_of(article) == [*list(JOINED.values())[:3], *UNCHANGED, JOINED["raw/page.html"], "#method",
                                 JOINED["notes/sources.html"]]


def test_images_are_files_not_links(write_article: WriteArticle) -> None:
    article = read(write_article)
    figure = next(b for b in article.blocks if isinstance(b, Figure))
    inline = [s for b in article.blocks if isinstance(b, Paragraph) for s in walk_inlines(b.inlines)
              if isinstance(s, InlineImage)]
    assert (figure.src, [i.src for i in inline]) == ("photo.jpg", ["photo.jpg"])
    assert figure.image is not None and inline[0].image is not None


def test_without_base_url_targets_stay_as_written(write_article: WriteArticle) -> None:
    assert links_of(read(write_article, base=None))[:3] == list(JOINED)[:3]


def test_a_base_without_a_final_slash_is_a_file(write_article: WriteArticle) -> None:
    article = read(write_article, base="https://example.org/news/story.html")
    assert links_of(article)[2] == "https://example.org/news/budget.html?year=2024#totals"


def test_metadata_override_and_default_give_it_too(write_article: WriteArticle) -> None:
    path = write_article(article_text(None))
    over = convert.read(path, metadata_overrides=(("base-url", "https://m.example.org/"),))
    default = convert.read(path, metadata=(("base-url", "https://d.example.org/a/"),))
    assert links_of(over)[0] == "https://m.example.org/archive/"
    assert links_of(default)[1] == "https://d.example.org/part-2/"


# --- the writers keep them live ---------------------------------------------------------------------


def docx_targets(data: bytes) -> list[str]:
    document = docx.Document(io.BytesIO(data))
    ns = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}hyperlink"
    rels = document.part.rels
    found = [rels[h.get(ns)].target_ref for h in document.element.body.iter(w) if h.get(ns)]
    footnotes = [p for p in document.part.package.parts if p.partname.endswith("/footnotes.xml")]
    for part in footnotes:  # the note's own links live in the footnotes part
        root = etree.fromstring(part.blob)
        found += [part.rels[h.get(ns)].target_ref for h in root.iter(w) if h.get(ns)]
    return found


def pdf_targets(data: bytes) -> list[str]:
    reader = pypdf.PdfReader(io.BytesIO(data))
    return [str(a.get_object()["/A"]["/URI"]) for page in reader.pages for a in page.get("/Annots") or []
            if a.get_object().get("/A") is not None and a.get_object()["/A"].get("/URI") is not None]


def html_targets(data: bytes) -> list[str]:
    page = html.fromstring(data)
    return [a.get("href") for a in page.iter("a") if not (a.get("href") or "#").startswith("#")]


@pytest.mark.parametrize(("fmt", "targets"), [("docx", docx_targets), ("pdf", pdf_targets), ("html", html_targets)])
def test_writers_keep_them_as_live_links_without_a_warning(
    write_article: WriteArticle, caplog: pytest.LogCaptureFixture, fmt: str, targets: object
) -> None:
    assert callable(targets)
    article = read(write_article)
    with caplog.at_level(logging.WARNING, logger="convert"):
        found = targets(convert.render(article, fmt))
    assert sorted(set(found)) == sorted([*JOINED.values(), *UNCHANGED])  # a link over two lines: two PDF rects
    assert [r.getMessage() for r in caplog.records if "link" in r.getMessage()] == []


@pytest.mark.parametrize("fmt", ["docx", "pdf"])
def test_without_it_docx_and_pdf_warn_and_keep_text(
    write_article: WriteArticle, caplog: pytest.LogCaptureFixture, fmt: str
) -> None:
    article = read(write_article, base=None)
    with caplog.at_level(logging.WARNING, logger="convert"):
        convert.render(article, fmt)
    warned = [r.getMessage() for r in caplog.records if "kept as text" in r.getMessage()]
    assert len(warned) == len(JOINED)
    assert all("set base-url" in message for message in warned)  # each says how to make it a link


@pytest.mark.parametrize("fmt", ["docx", "pdf"])
def test_an_unsafe_or_unknown_scheme_gets_no_base_url_hint(caplog: pytest.LogCaptureFixture, fmt: str) -> None:
    article = convert.read_text("# T\n\n[ftp](ftp://example.org/x) and [a](relative.html)\n")
    with caplog.at_level(logging.WARNING, logger="convert"):
        convert.render(article, fmt)
    hints = {("ftp:" in r.getMessage(), "set base-url" in r.getMessage()) for r in caplog.records
             if "kept as text" in r.getMessage()}
    assert hints == {(True, False), (False, True)}


def test_project_metadata_reaches_it_through_the_cli(tmp_path: Path) -> None:
    (tmp_path / "convert.toml").write_text('[metadata]\nbase-url = "https://example.org/blog/"\n', encoding="utf-8")
    (tmp_path / "post.md").write_text("---\ntitle: T\n---\n\nSee [a](a.html) and [b](/b/).\n", encoding="utf-8")
    done = subprocess.run([str(CONVERT), "--to", "docx,html", "post.md"], cwd=tmp_path, capture_output=True, text=True,
                          timeout=120, check=False)
    assert (done.returncode, "warning" in done.stderr) == (0, False), done.stderr
    page = (tmp_path / "out" / "post.html").read_bytes()
    assert html_targets(page) == ["https://example.org/blog/a.html", "https://example.org/b/"]
    assert docx_targets((tmp_path / "out" / "post.docx").read_bytes()) == html_targets(page)


# --- a bad value is an error naming the key ------------------------------------------------------------


@pytest.mark.parametrize("value", ["/news/", "news/", "ftp://example.org/", "https://", "'https:///x'",
                                   "[https://example.org/]", "mailto:desk@example.org", "https://exa mple.org/",
                                   "https://example.org:99999/", "42"])
def test_a_value_that_is_no_http_address_is_an_error_at_its_line(write_article: WriteArticle, value: str) -> None:
    path = write_article(f"---\ntitle: T\nauthor: A\nbase-url: {value}\n---\n\nSee [a](a.html).\n")
    with pytest.raises(SourceError) as caught:
        convert.read(path)
    assert (caught.value.file, caught.value.line) == (str(path), 4)
    assert "'base-url' must be an absolute http(s) address, e.g. https://example.org/news/" in str(caught.value)


def test_a_bad_override_names_the_option_not_the_article(write_article: WriteArticle) -> None:
    path = write_article(article_text(None))
    with pytest.raises(SourceError) as caught:
        convert.read(path, metadata_overrides=(("base-url", "example.org"),))
    assert caught.value.file is None
    assert "-M base-url must be an absolute http(s) address" in str(caught.value)


def test_an_empty_value_means_none(write_article: WriteArticle) -> None:
    path = write_article(article_text(None).replace("---\n\n", "base-url:\n---\n\n", 1))
    assert links_of(convert.read(path))[0] == "/archive/"


def test_scheme_relative_joins_and_a_windows_share_stays() -> None:
    from convert.model import Text
    from convert.reader.baseurl import absolute_links

    links = (Link("//cdn.example.net/x.pdf", (Text("a"),)), Link("\\\\server\\share", (Text("b"),)), Link("", ()))
    done = absolute_links((Paragraph(links, 1),), BASE)
    assert [s.target for s in done[0].inlines if isinstance(s, Link)] == [  # type: ignore[attr-defined]
        "https://cdn.example.net/x.pdf", "\\\\server\\share", ""]
