"""DOCX read back with python-docx and lxml: styles, pictures, tables, footnotes, definition lists.

What a DOCX must hold (the writer's promises, in Word's terms): the title in
``Title``; headings in ``Heading 2`` .. ``Heading 6``; figures as a picture in a
``Figure`` paragraph (alt text in ``wp:docPr/@descr``) with ``Caption`` and
``Photo Credit`` paragraphs; tables as ``w:tbl`` with the caption in a ``Table
Caption`` paragraph just above and head rows marked to repeat (``w:tblHeader``);
notes as real footnotes (``w:footnoteReference`` in the text, the note in the
footnotes part); definition lists in ``Definition Term`` / ``Definition``; the
title block's ``Description`` and ``Keywords`` (each keyword, in order, on the
one line: the separator is the language's); a figure not loaded shows its
description in its ``Figure`` paragraph.

Nothing else about the writer is relied on: body, list, table-cell (``Compact``)
and footnote styles (``footnote text``, ``Footnote List Bullet``...) may be
anything, and style names are compared as Word compares them, without case
(``heading 2`` is ``Heading 2``).
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from dataclasses import dataclass

from lxml import etree

from .compare import in_order, normal, nth, same_or_cut
from .expected import Expected, TableExpectation, holding
from .package import open_package, parse_xml
from .report import Report

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_DOC_PR = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}docPr"
_FOOTNOTES = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes"
_HEADINGS = {f"heading {level}" for level in range(2, 7)}


def w(name: str) -> str:
    return f"{{{W}}}{name}"


@dataclass(frozen=True)
class _Para:
    style: str
    text: str
    element: etree._Element


def paragraph_text(element: etree._Element) -> str:
    """A ``w:p``'s visible text: ``w:t`` runs, tabs and breaks as spaces, non-breaking hyphens (not deleted text)."""
    parts: list[str] = []
    for node in element.iter(w("t"), w("tab"), w("br"), w("cr"), w("noBreakHyphen")):
        if node.tag == w("t"):
            parts.append(node.text or "")
        else:
            parts.append("-" if node.tag == w("noBreakHyphen") else " ")
    return "".join(parts)


def check(data: bytes, expected: Expected, report: Report) -> list[str]:
    """Every check for a DOCX; returns the whole text (body, then footnotes) for the source-words check."""
    import docx

    open_package(data)  # bounds first: python-docx inflates every part
    document = docx.Document(io.BytesIO(data))
    names = {style.style_id: (style.name or "").casefold() for style in document.styles}
    body = document.element.body
    default = names.get("Normal", "normal")
    paragraphs = [_Para(_style(p, names, default), paragraph_text(p), p) for p in body.iter(w("p"))]
    links = {rel.target_ref for rel in document.part.rels.values() if rel.is_external}
    notes = _footnotes(document)

    def styled(name: str) -> list[str]:
        return [p.text for p in paragraphs if p.style == name.casefold()]

    titles = [t for t in styled("Title") if t.strip()]
    report.check("title", 'style "Title"', expected.title, nth(titles, 0) or ("" if not expected.title else None))
    report.check("document title", "core properties", expected.document_title,
                 _core_title(expected.document_title, document.core_properties.title))
    _title_block(report, expected, styled("Description"), styled("Keywords"))
    _figures(report, expected, paragraphs, links)
    headings = [f"Heading {p.style[-1]}: {p.text}" for p in paragraphs if p.style in _HEADINGS]
    for number, heading in enumerate(expected.headings, start=1):
        style = f"Heading {heading.level}"
        report.check(f"subheading {number}", f'style "{style}"', f"{style}: {heading.text}", nth(headings, number - 1))
    credits = styled("Credit")
    for number, text in enumerate(expected.credits, start=1):
        report.check(f"credit line {number}", 'style "Credit"', text, nth(credits, number - 1))
    # The expected tables are the outermost ones (a table in a cell is that cell's text): so are these.
    tables = [t for t in body.iter(w("tbl")) if next(t.iterancestors(w("tbl")), None) is None]
    for number, table in enumerate(expected.tables, start=1):
        _table(report, number, table, nth(tables, number - 1), names, default)
    _notes(report, expected, body, notes)
    _definitions(report, expected, styled("Definition Term"), styled("Definition"))
    hits = in_order(expected.paragraphs, [p.text for p in paragraphs])
    for number, (text, hit) in enumerate(zip(expected.paragraphs, hits, strict=True), start=1):
        report.check(f"body paragraph {number}", "paragraph text", text, hit)
    return ["\n".join([*(p.text for p in paragraphs), *notes.values()])]


def _style(p: etree._Element, names: dict[str, str], default: str) -> str:
    style_id = p.find(f"{w('pPr')}/{w('pStyle')}")
    if style_id is None:
        return default
    value = style_id.get(w("val")) or ""
    return names.get(value, value.casefold())


#: Word's limit on a core property's length (characters): a longer title is cut there.
MAX_CORE_PROPERTY = 255


def _core_title(wanted: str, found: str | None) -> str | None:
    """The core properties' title, as ``wanted`` when it is its start cut at Word's limit (or with an ellipsis)."""
    if found is None:
        return None
    cut = len(found) >= MAX_CORE_PROPERTY and normal(wanted).startswith(normal(found))
    return wanted if cut or same_or_cut(wanted, found) else found


def _title_block(report: Report, expected: Expected, descriptions: list[str], keywords: list[str]) -> None:
    if expected.description:
        report.check("description", 'style "Description"', expected.description, " ".join(descriptions) or None)
    if expected.keywords:
        wanted = ", ".join(expected.keywords)
        line = nth(keywords, 0)
        report.check("keywords", 'style "Keywords"', wanted, wanted if line is not None and _in_order(
            expected.keywords, line) else line)


def _in_order(parts: tuple[str, ...], text: str) -> bool:
    """Whether each of ``parts`` is in ``text``, one after another (as compared: see :mod:`.compare`)."""
    position, text = 0, normal(text)
    for part in parts:
        found = text.find(normal(part), position)
        if found < 0:
            return False
        position = found + len(normal(part))
    return True


def _figures(report: Report, expected: Expected, paragraphs: list[_Para], links: set[str]) -> None:
    holders = [(p, p.element.find(f".//{_DOC_PR}")) for p in paragraphs if p.style == "figure"]
    pictures = [d for _, d in holders if d is not None]
    stand_ins = [p.text for p, d in holders if d is None]
    captions, photo_credits = [p.text for p in paragraphs if p.style == "caption"], [p.text for p in paragraphs
                                                                                     if p.style == "photo credit"]
    loaded = captioned = 0
    for number, figure in enumerate(expected.figures, start=1):
        if figure.loaded:
            doc_pr = nth(pictures, loaded)
            loaded += 1
            report.present(f"figure {number} picture", 'style "Figure"', "a picture", doc_pr is not None)
            report.check(f"figure {number} alt text", "wp:docPr/@descr", figure.alt,
                         doc_pr.get("descr") if doc_pr is not None else None)
        else:
            report.present(f"figure {number} link", "hyperlinks", figure.src, figure.src in links)
        if figure.description:
            shown = next((i for i, text in enumerate(stand_ins) if _in_order((figure.description,), text)), None)
            report.check(f"figure {number} description", 'style "Figure"', figure.description,
                         figure.description if shown is not None else None)
            stand_ins = stand_ins[shown + 1:] if shown is not None else stand_ins
        if figure.caption.strip():  # a figure without a caption has no caption paragraph
            report.check(f"figure {number} caption", 'style "Caption"', figure.caption, nth(captions, captioned))
            captioned += 1
        if figure.credit:
            report.check(f"figure {number} photo credit", 'style "Photo Credit"', figure.credit,
                         photo_credits.pop(0) if photo_credits else None)
    inline = [d for p in paragraphs if p.style != "figure" for d in p.element.iter(_DOC_PR)]
    shown = 0
    for number, image in enumerate(expected.images, start=1):
        if image.loaded:
            doc_pr = nth(inline, shown)
            shown += 1
            report.check(f"inline image {number}", "wp:docPr/@descr", image.alt,
                         doc_pr.get("descr") if doc_pr is not None else None)
        elif image.linked:  # inside another link: its alt text is that link's text
            report.present(f"inline image {number} link", "hyperlinks", image.src, image.src in links)


def _cells(row: etree._Element) -> Iterator[str]:
    """The text of each cell a row starts (not those continuing a vertical merge)."""
    for cell in row.findall(w("tc")):
        merge = cell.find(f"{w('tcPr')}/{w('vMerge')}")
        if merge is not None and merge.get(w("val")) != "restart":
            continue
        yield " ".join(paragraph_text(p) for p in cell.iter(w("p")) if paragraph_text(p).strip())


def _table(report: Report, number: int, table: TableExpectation, element: etree._Element | None,
           names: dict[str, str], default: str) -> None:
    where = f"w:tbl {number}"
    report.present(f"table {number}", where, "a Word table", element is not None)
    if element is None:
        return
    if table.caption.strip():
        above = element.getprevious()
        caption = paragraph_text(above) if above is not None and above.tag == w("p") and \
            _style(above, names, default) == "table caption" else None
        report.check(f"table {number} caption", 'style "Table Caption" above', table.caption, caption)
    rows = element.findall(w("tr"))
    for index, cells in enumerate(table.rows):
        found = nth(rows, index)
        report.check(f"table {number} row {index + 1}", where, " | ".join(cells),
                     " | ".join(_cells(found)) if found is not None else None)
    for index in range(table.head_rows):
        found = nth(rows, index)
        marked = found is not None and found.find(f"{w('trPr')}/{w('tblHeader')}") is not None
        report.present(f"table {number} header row {index + 1}", f"{where} w:tblHeader", "repeats on each page", marked)


def _footnotes(document: object) -> dict[str, str]:
    """The footnotes part's notes by id (separators left out): their paragraphs' text joined by spaces."""
    part = next((rel.target_part for rel in document.part.rels.values()  # type: ignore[attr-defined]
                 if rel.reltype == _FOOTNOTES and not rel.is_external), None)
    if part is None:
        return {}
    root = parse_xml(part.blob, "word/footnotes.xml")
    notes: dict[str, str] = {}
    for note in root.iter(w("footnote")):
        if note.get(w("type")) in ("separator", "continuationSeparator", "continuationNotice"):
            continue
        notes[note.get(w("id")) or ""] = " ".join(t for t in (paragraph_text(p) for p in note.iter(w("p"))) if t.strip())
    return notes


def _notes(report: Report, expected: Expected, body: etree._Element, notes: dict[str, str]) -> None:
    references = [ref.get(w("id")) or "" for ref in body.iter(w("footnoteReference"))]
    for number, text in enumerate(expected.notes, start=1):
        reference = nth(references, number - 1)
        report.present(f"note {number} reference", "w:footnoteReference", f"a reference to note {number}",
                       reference is not None and reference in notes)
        found = notes.get(reference) if reference is not None else None
        report.check(f"note {number}", "footnotes part", text, holding(expected, number, text, found))


def _definitions(report: Report, expected: Expected, terms: list[str], definitions: list[str]) -> None:
    wanted_terms = [t.term for t in expected.terms]
    for number, (term, hit) in enumerate(zip(wanted_terms, in_order(wanted_terms, terms), strict=True), start=1):
        report.check(f"definition term {number}", 'style "Definition Term"', term, hit)
    wanted = [text for t in expected.terms for text in t.paragraphs]
    for number, (text, hit) in enumerate(zip(wanted, in_order(wanted, definitions), strict=True), start=1):
        report.check(f"definition {number}", 'style "Definition"', text, hit)
