"""EPUB and HTML read back with zip + lxml: the same semantic elements in both.

What they must hold (the writer's promises): the title in an ``<h1>``; the
title block's ``p.description`` (one or more) and ``ul.keywords`` (a ``<li>``
each); headings ``<h2>`` .. ``<h6>`` carrying their identifiers as ``id``;
figures as ``<figure>`` with ``<img alt>`` and ``<figcaption>`` (the photo
credit in ``.photo-credit``), a figure not loaded with its description in a
``p.image-description``; tables with ``<caption>``, head rows in ``<thead>`` of
``<th>`` (an empty header cell may be a ``<td>``: a header naming nothing fails
accessibility checkers); notes referenced by ``<a epub:type="noteref">`` /
``role="doc-noteref"`` and held in an ``<aside epub:type="footnote">`` /
``role="doc-footnote"`` (HTML: inside a ``doc-endnotes`` section);
``<dl>/<dt>/<dd>``; the credit line in a block element of class ``credit``; display
math (``.math.display``) a block of its own.
Navigation (``<nav>``) is never taken for content, nor a note reference's
number for the text it follows.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Collection, Iterator
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from lxml import etree

from .compare import in_order, normal, nth
from .expected import Expected, TableExpectation, holding
from .markup import classes, plain_tags, semantics, tag, text_of
from .package import open_package, parse_html, parse_xml, read_member
from .report import Report

_NS = {"opf": "http://www.idpf.org/2007/opf", "dc": "http://purl.org/dc/elements/1.1/",
       "c": "urn:oasis:names:tc:opendocument:xmlns:container"}
_NOTEREF = {"noteref", "doc-noteref"}
_NOTE = {"footnote", "endnote", "rearnote", "doc-footnote", "doc-endnote"}
_NOTES = {"footnotes", "endnotes", "rearnotes", "doc-endnotes"}
_BACKLINK = {"backlink", "doc-backlink"}
_HEADINGS = ("h2", "h3", "h4", "h5", "h6")
#: Phrasing elements: a span of the source's with class ``credit`` (``[x]{.credit}``) is not the credit line, a block.
_PHRASING = frozenset({"span", "a", "em", "strong", "small", "sup", "sub", "code", "b", "i", "u", "s", "del", "ins",
                       "mark", "abbr", "cite", "q", "bdi", "bdo", "kbd", "samp", "var", "img"})


@dataclass
class _Book:
    """The content documents (plain tag names), in reading order, and what the package holds."""

    documents: list[tuple[str, etree._Element]]
    title: str | None
    members: set[str] | None = None  # None: an HTML page, whose images are data: URIs or files beside it
    ids: dict[str, etree._Element] = field(default_factory=dict)
    nameless: frozenset[str] = frozenset()  # the targets of links with no text in the model

    def __post_init__(self) -> None:
        for _, root in self.documents:
            for element in root.iter():
                identifier = element.get("id") if tag(element) else None
                if identifier:
                    self.ids.setdefault(identifier, element)
                if {"math", "display"} <= classes(element):  # shown as a block (CSS): apart from the text around
                    element.text, element.tail = f" {element.text or ''}", f" {element.tail or ''}"

    def all(self, *names: str, outside: frozenset[str] = frozenset({"nav"})) -> Iterator[tuple[str, etree._Element]]:
        """Elements named ``names`` in reading order, not inside ``outside`` elements nor the notes."""
        for document, root in self.documents:
            for element in root.iter(*names):
                if not any(tag(a) in outside or semantics(a) & (_NOTE | _NOTES) for a in element.iterancestors()):
                    yield document, element

    def shown(self, element: etree._Element, skip: Collection[etree._Element] = ()) -> str:
        """The element's text without note reference marks (nor ``skip``): "By X" of ``By X<a noteref>3</a>``; nor
        the address the writer shows as the name of a link with no text of its own (axe's link-name)."""
        nameless = [a for a in element.iter("a") if text_of(a) in self.nameless]
        return text_of(element, skip=[*_references(element), *nameless, *skip])

    def resolves(self, document: str, src: str | None) -> bool:
        if not src:
            return False
        if self.members is None:
            return True  # an HTML page: data: URIs and files beside it cannot be told apart from bytes
        return posixpath.normpath(str(PurePosixPath(document).parent / src)) in self.members


def check_epub(data: bytes, expected: Expected, report: Report) -> list[str]:
    """Every check for an EPUB; returns the spine's text for the source-words check."""
    package = open_package(data)
    container = parse_xml(read_member(package, "META-INF/container.xml"), "META-INF/container.xml")
    opf_path = PurePosixPath(str(container.xpath("string(//c:rootfile/@full-path)", namespaces=_NS)))
    opf = parse_xml(read_member(package, str(opf_path)), str(opf_path))
    items = {i.get("id"): i for i in opf.iterfind(".//opf:manifest/opf:item", _NS)}
    documents = []
    for ref in opf.iterfind(".//opf:spine/opf:itemref", _NS):
        item = items.get(ref.get("idref"))
        if item is None or "nav" in (item.get("properties") or "").split():
            continue
        name = posixpath.normpath(str(opf_path.parent / str(item.get("href"))))
        documents.append((name, plain_tags(parse_xml(read_member(package, name), name))))
    book = _Book(documents, opf.findtext(".//dc:title", namespaces=_NS), set(package.namelist()))
    return _check(book, expected, report, "dc:title")


def check_html(data: bytes, expected: Expected, report: Report) -> list[str]:
    """Every check for an HTML page; returns its text for the source-words check."""
    root = parse_html(data)
    body = root.find("body")
    book = _Book([("", body if body is not None else root)], root.findtext(".//title"))
    return _check(book, expected, report, "<title>")


def _check(book: _Book, expected: Expected, report: Report, title_where: str) -> list[str]:
    book.nameless = frozenset(expected.nameless_links)
    report.check("document title", title_where, expected.document_title, book.title)
    titles = [t for t in (text_of(e) for _, e in book.all("h1")) if t]
    report.check("title", "<h1>", expected.title, nth(titles, 0) or ("" if not expected.title else None))
    _title_block(report, expected, book)
    _figures(report, expected, book)
    headings = [e for _, e in book.all(*_HEADINGS)]
    for number, heading in enumerate(expected.headings, start=1):
        found = nth(headings, number - 1)
        wanted = f"h{heading.level}"
        report.check(f"subheading {number}", f"<{wanted}>", f"{wanted}: {heading.text}",
                     f"{tag(found)}: {book.shown(found)}" if found is not None else None)
        if heading.identifier:
            report.present(f"subheading {number} anchor", f'id="{heading.identifier}"', "a link destination",
                           heading.identifier in book.ids)
    credits = [book.shown(e) for _, e in book.all("*") if "credit" in classes(e) and tag(e) not in _PHRASING]
    for number, text in enumerate(expected.credits, start=1):
        report.check(f"credit line {number}", '[class~="credit"]', text, nth(credits, number - 1))
    # The expected tables are the outermost ones (a table in a cell is that cell's text): so are these.
    tables = [e for _, e in book.all("table") if next(e.iterancestors("table"), None) is None]
    for number, table in enumerate(expected.tables, start=1):
        _table(report, book, number, table, nth(tables, number - 1))
    _notes(report, expected, book)
    _definitions(report, expected, book)
    paragraphs = [book.shown(e) for _, e in book.all("p", "li") if not _holds_paragraphs(e)]
    for number, (text, hit) in enumerate(zip(expected.paragraphs, in_order(expected.paragraphs, paragraphs), strict=True),
                                         start=1):
        report.check(f"body paragraph {number}", "<p>", text, hit)
    return ["\n".join(text_of(root, skip=_references(root)) for _, root in book.documents)]  # numbers glue to words


def _holds_paragraphs(element: etree._Element) -> bool:
    return tag(element) != "p" and any(tag(e) in ("p", "div", "ul", "ol", "dl", "table") for e in element)


def _references(element: etree._Element) -> list[etree._Element]:
    return [a for a in element.iter("a") if semantics(a) & _NOTEREF]


def _title_block(report: Report, expected: Expected, book: _Book) -> None:
    if expected.description:
        found = " ".join(book.shown(e) for _, e in book.all("p") if "description" in classes(e))
        report.check("description", "p.description", expected.description, found or None)
    if expected.keywords:
        lists = [e for _, e in book.all("ul") if "keywords" in classes(e)]
        items = [book.shown(li) for li in lists[0].iter("li")] if lists else None
        report.check("keywords", "ul.keywords <li>", " | ".join(expected.keywords),
                     " | ".join(items) if items is not None else None)


def _figures(report: Report, expected: Expected, book: _Book) -> None:
    pictured = [(d, e) for d, e in book.all("figure") if e.find(".//img") is not None]
    links = {e.get("href") for _, e in book.all("a", outside=frozenset())}
    blocks = [book.shown(e, _credits(e)) for _, e in book.all("figcaption", "p")]
    descriptions = [book.shown(e) for _, e in book.all("p") if "image-description" in classes(e)
                    and any(tag(a) == "figure" for a in e.iterancestors())]
    loaded = 0
    for number, figure in enumerate(expected.figures, start=1):
        if not figure.loaded:
            report.present(f"figure {number} link", "<a href>", figure.src, figure.src in links)
            if figure.caption.strip():
                report.check(f"figure {number} caption", "<figcaption> or <p>", figure.caption,
                             next((b for b in blocks if normal(b) == normal(figure.caption)), None))
            if figure.description:
                shown = next((i for i, d in enumerate(descriptions) if normal(d) == normal(figure.description)), None)
                report.check(f"figure {number} description", "<figure> p.image-description", figure.description,
                             descriptions[shown] if shown is not None else None)
                descriptions = descriptions[shown + 1:] if shown is not None else descriptions
            continue
        document, element = nth(pictured, loaded) or ("", None)
        loaded += 1
        where = f"<figure> {loaded}"
        img = element.find(".//img") if element is not None else None
        report.present(f"figure {number} image", where, "an image in the package",
                       img is not None and book.resolves(document, img.get("src")))
        report.check(f"figure {number} alt text", f"{where} img@alt", figure.alt, img.get("alt") if img is not None else None)
        caption = element.find(".//figcaption") if element is not None else None
        if figure.caption.strip():
            report.check(f"figure {number} caption", f"{where} <figcaption>", figure.caption,
                         book.shown(caption, _credits(caption)) if caption is not None else None)
        if figure.credit:
            credit = next(iter(_credits(element)), None) if element is not None else None
            report.check(f"figure {number} photo credit", f"{where} .photo-credit", figure.credit,
                         text_of(credit) if credit is not None else None)
    inline = [(d, e) for d, e in book.all("img") if not _figure_picture(e)]
    shown = 0
    for number, image in enumerate(expected.images, start=1):
        if not image.loaded:
            if image.linked:  # inside another link: its alt text is that link's text (no <a> in an <a>)
                report.present(f"inline image {number} link", "<a href>", image.src, image.src in links)
            continue
        document, img = nth(inline, shown) or ("", None)
        shown += 1
        report.present(f"inline image {number}", "<img>", "an image in the package",
                       img is not None and book.resolves(document, img.get("src")))
        report.check(f"inline image {number} alt text", "img@alt", image.alt, img.get("alt") if img is not None else None)


def _figure_picture(img: etree._Element) -> bool:
    """Whether ``img`` is a figure's picture (in a ``<figure>``, not in its caption; inline images are the rest)."""
    for ancestor in img.iterancestors():
        if tag(ancestor) == "figcaption":
            return False
        if tag(ancestor) == "figure":
            return True
    return False


def _credits(element: etree._Element) -> list[etree._Element]:
    return [e for e in element.iter() if "photo-credit" in classes(e)]


def _table(report: Report, book: _Book, number: int, table: TableExpectation, element: etree._Element | None) -> None:
    where = f"<table> {number}"
    report.present(f"table {number}", where, "a table", element is not None)
    if element is None:
        return
    if table.caption.strip():
        caption = element.find("caption")
        report.check(f"table {number} caption", f"{where} <caption>", table.caption,
                     book.shown(caption) if caption is not None else None)
    rows = [r for r in element.iter("tr") if next(r.iterancestors("table"), None) is element]
    for index, cells in enumerate(table.rows):
        found = nth(rows, index)
        texts = [book.shown(c) for c in found if tag(c) in ("td", "th")] if found is not None else None
        shown = " | ".join(texts) if texts is not None else None
        report.check(f"table {number} row {index + 1}", where, " | ".join(cells), shown)
    for index in range(table.head_rows):
        found = nth(rows, index)
        parent = found.getparent() if found is not None else None
        header = found is not None and parent is not None and tag(parent) == "thead" and all(
            tag(c) == "th" or not book.shown(c) for c in found if tag(c) in ("td", "th"))
        report.present(f"table {number} header row {index + 1}", f"{where} <thead><th>", "a header row", header)


def _notes(report: Report, expected: Expected, book: _Book) -> None:
    references = [e for _, e in book.all("a") if semantics(e) & _NOTEREF]
    for number, text in enumerate(expected.notes, start=1):
        reference = nth(references, number - 1)
        target = book.ids.get((reference.get("href") or "").rpartition("#")[2]) if reference is not None else None
        is_note = target is not None and bool(
            semantics(target) & _NOTE or any(semantics(a) & _NOTES for a in target.iterancestors()))
        report.present(f"note {number} reference", "noteref", f"a reference to note {number}", is_note)
        found = _note_text(target, number, text) if is_note and target is not None else None
        report.check(f"note {number}", "footnote", text, holding(expected, number, text, found))


def _note_text(note: etree._Element, number: int, wanted: str) -> str:
    """The note's text without its back link and, when the writer prints it, its number."""
    backlinks = [a for a in note.iter("a") if semantics(a) & _BACKLINK or "footnote-back" in classes(a)]
    text = text_of(note, skip=backlinks)
    unnumbered = re.sub(rf"^\s*[\[(]?{number}[\]).:]?\s*", "", text, count=1)
    return unnumbered if normal(unnumbered) == normal(wanted) else text


def _definitions(report: Report, expected: Expected, book: _Book) -> None:
    terms = [book.shown(e) for _, e in book.all("dt")]
    definitions = [book.shown(e) for _, e in book.all("dd")]
    wanted_terms = [t.term for t in expected.terms]
    for number, (term, hit) in enumerate(zip(wanted_terms, in_order(wanted_terms, terms), strict=True), start=1):
        report.check(f"definition term {number}", "<dt>", term, hit)
    wanted = [d for t in expected.terms for d in t.definitions]
    for number, (text, hit) in enumerate(zip(wanted, in_order(wanted, definitions), strict=True), start=1):
        report.check(f"definition {number}", "<dd>", text, hit)
