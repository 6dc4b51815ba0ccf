"""verify() on hand-made EPUB packages (zipfile + strings) and HTML pages: the same semantic checks in both."""

from __future__ import annotations

import dataclasses
import io
import zipfile
from collections.abc import Callable

import pytest

import convert
from convert.model import Article, Figure, InlineImage, Meta, Text

from .test_verify_model import ARTICLE, NOTE_1, NOTE_2, PIXEL, para

OPS = "http://www.idpf.org/2007/ops"


def body(noteref: str, note: str, notes_section: bool, title: str = "Fares in May") -> str:
    """The article's markup as a faithful writer makes it; ``noteref``/``note`` are the notes' semantic attributes."""
    notes = [(1, NOTE_1), (2, NOTE_2)]
    asides = "".join(f'<aside {note} id="fn{n}"><p>{n}. {text} <a role="doc-backlink" href="#ref{n}">\u21a9</a></p></aside>'
                     for n, text in notes)
    if notes_section:
        asides = ('<section role="doc-endnotes"><ol>' + "".join(
            f'<li id="fn{n}"><p>{text} <a role="doc-backlink" href="#ref{n}">\u21a9</a></p></li>' for n, text in notes)
            + "</ol></section>")
    headline = f'<header><h1 id="title">{title}</h1></header>' if title else ""
    return (
        f"<article>{headline}"
        f'<p>The council met twice in May.<a {noteref} href="#fn1" id="ref1">1</a> A second note.'
        f'<a {noteref} href="#fn2" id="ref2">2</a></p>'
        '<h2 id="routes">Routes</h2>'
        '<table><caption>Bus fares in May</caption><thead><tr><th scope="col">Route</th><th scope="col">Fare</th></tr>'
        "</thead><tbody><tr><td>A</td><td>2.50</td></tr><tr><td>B</td><td>3.10</td></tr></tbody></table>"
        '<h3 id="terms">Terms</h3><dl><dt>Turnout</dt><dd><p>The share of registered voters who voted.</p></dd></dl>'
        '<h4 id="level-four">Level four</h4><h5 id="level-five">Level five</h5><h6 id="level-six">Level six</h6>'
        f"<p>Water is H<sub>2</sub>O, <em>really</em>.</p>{asides}</article>"
    )


def html_page(markup: str | None = None, title: str = "Fares in May") -> bytes:
    markup = markup if markup is not None else body('role="doc-noteref"', 'role="doc-footnote"', notes_section=True)
    return (f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"/><title>{title}</title></head>'
            f"<body>{markup}</body></html>").encode()


def epub(markup: str | None = None, title: str = "Fares in May", images: dict[str, bytes] | None = None) -> bytes:
    markup = markup if markup is not None else body('epub:type="noteref"', 'epub:type="footnote"', notes_section=False)
    xhtml = (f'<?xml version="1.0" encoding="utf-8"?>\n<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="{OPS}">'
             f"<head><title>{title}</title></head><body>{markup}</body></html>")
    nav = (f'<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="{OPS}"><head><title>nav</title></head><body>'
           '<nav epub:type="toc"><h1>Contents</h1><ol><li><a href="article.xhtml#routes">Routes</a></li></ol></nav>'
           "</body></html>")
    opf = ('<package xmlns="http://www.idpf.org/2007/opf" version="3.0"><metadata xmlns:dc="http://purl.org/dc/elements/1.1/">'
           f"<dc:title>{title}</dc:title></metadata><manifest>"
           '<item id="nav" href="nav.xhtml" media-type="application/xhtml+xml" properties="nav"/>'
           '<item id="article" href="article.xhtml" media-type="application/xhtml+xml"/></manifest>'
           '<spine><itemref idref="nav"/><itemref idref="article"/></spine></package>')
    container = ('<container xmlns="urn:oasis:names:tc:opendocument:xmlns:container" version="1.0"><rootfiles>'
                 '<rootfile full-path="EPUB/content.opf" media-type="application/oebps-package+xml"/></rootfiles></container>')
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        package.writestr("mimetype", "application/epub+zip")
        package.writestr("META-INF/container.xml", container)
        package.writestr("EPUB/content.opf", opf)
        package.writestr("EPUB/nav.xhtml", nav)
        package.writestr("EPUB/article.xhtml", xhtml)
        for name, data in (images or {}).items():
            package.writestr(f"EPUB/{name}", data)
    return buffer.getvalue()


def failed(data: bytes, article: Article = ARTICLE) -> set[str]:
    return {f.check for f in convert.verify(data, article).failures}


FORMATS: dict[str, tuple[Callable[..., bytes], str, str, bool]] = {
    "epub": (epub, 'epub:type="noteref"', 'epub:type="footnote"', False),
    "html": (html_page, 'role="doc-noteref"', 'role="doc-footnote"', True),
}


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_a_faithful_output_verifies_clean(fmt: str) -> None:
    report = convert.verify(FORMATS[fmt][0](), ARTICLE)
    assert report.format == fmt and report.ok, [str(f) for f in report.failures]
    assert {"table 1 header row 1", "note 2", "definition 1", "subheading 5 anchor"} <= {f.check for f in report.findings}


LOSSES: list[tuple[Callable[[str], str], set[str]]] = [
    (lambda x: x.replace("<td>2.50</td>", "<td>2.05</td>"), {"table 1 row 2"}),
    (lambda x: x.replace('<th scope="col">Route</th>', "<td>Route</td>"), {"table 1 header row 1"}),
    (lambda x: x.replace("<caption>Bus fares in May</caption>", ""), {"table 1 caption"}),
    (lambda x: x.replace("<dt>Turnout</dt>", "<p>Turnout</p>"), {"definition term 1"}),
    (lambda x: x.replace('<h5 id="level-five">Level five</h5>', '<h3 id="level-five">Level five</h3>'), {"subheading 4"}),
    (lambda x: x.replace('id="level-six"', ""), {"subheading 5 anchor"}),
    (lambda x: x.replace(NOTE_2, "Checked once."), {"note 2"}),
    (lambda x: x.replace('href="#fn2"', 'href="#nowhere"'), {"note 2 reference", "note 2"}),
]


@pytest.mark.parametrize("fmt", sorted(FORMATS))
@pytest.mark.parametrize(("change", "expected"), LOSSES,
                         ids=["cell", "header", "caption", "term", "heading-level", "anchor", "note-text", "note-target"])
def test_each_loss_fails_its_check(fmt: str, change: Callable[[str], str], expected: set[str]) -> None:
    make, noteref, note, section = FORMATS[fmt]
    assert failed(make(change(body(noteref, note, notes_section=section)))) == expected


def test_a_note_reference_must_be_marked_as_one() -> None:
    markup = body('class="ref"', 'epub:type="footnote"', notes_section=False)
    # unmarked, the numbers are also stray text in the paragraph
    assert failed(epub(markup)) == {"note 1 reference", "note 2 reference", "note 1", "note 2", "body paragraph 1"}


def test_an_empty_title_has_no_headline_but_a_document_title() -> None:
    untitled = dataclasses.replace(ARTICLE, meta=Meta(title=""), source="/x/story.md")
    markup = body('epub:type="noteref"', 'epub:type="footnote"', notes_section=False, title="")
    assert failed(epub(markup, title="story"), untitled) == set()
    assert failed(epub(markup.replace("<article>", "<article><h1>story</h1>"), title="story"), untitled) == {"title"}


def test_figures_and_inline_images_loaded_or_not() -> None:
    article = Article(Meta(title="T"), (
        Figure(None, (Text("A remote photo"),), "alt", src="https://example.org/p.jpg"),
        Figure(PIXEL, (Text("A local one"),), "Its alt", credit="Photo: A/B", src="dot.png"),
        para("An ", InlineImage(PIXEL, "dot.png", "inline dot"), " and ",
             InlineImage(None, "https://example.org/i.png", "a remote icon"), "."),
    ))
    markup = ('<article><header><h1>T</h1></header>'
              '<figure><p class="image-description">alt</p><figcaption>A remote photo</figcaption><p>'
              '<a href="https://example.org/p.jpg">https://example.org/p.jpg</a></p></figure>'
              '<figure><img src="images/dot.png" alt="Its alt"/><figcaption>A local one '
              '<small class="photo-credit">Photo: A/B</small></figcaption></figure>'
              '<p>An <img src="images/dot.png" alt="inline dot"/> and <a href="https://example.org/i.png">a remote icon</a>.</p>'
              "</article>")
    assert failed(epub(markup, title="T", images={"images/dot.png": PIXEL.data}), article) == set()
    assert failed(epub(markup, title="T"), article) == {"figure 2 image", "inline image 1"}  # not in the package
    assert failed(html_page(markup, title="T"), article) == set()
    assert failed(html_page(markup.replace('alt="inline dot"', 'alt=""').replace('href="https://example.org/p.jpg"', ""),
                            title="T"), article) == {"inline image 1 alt text", "figure 1 link"}
    assert failed(html_page(markup.replace('class="image-description"', ""), title="T"), article) == {
        "figure 1 description"}


def test_navigation_is_never_taken_for_content() -> None:
    markup = body('epub:type="noteref"', 'epub:type="footnote"', notes_section=False).replace('<h2 id="routes">Routes</h2>', "")
    assert "subheading 1" in failed(epub(markup))  # the nav's link to "Routes" does not stand in for the heading
