"""Read an output back and prove the article's parts arrived as parts.

Independent of the writers: it reads files with reading libraries only
(python-docx, pypdf, zip + lxml), never with the code that wrote them, so a
writer bug cannot hide itself. Text comparisons tolerate what formats
legitimately change (curly vs straight quotes, whitespace, and in PDF line
breaks inside words) and nothing else.
"""

from __future__ import annotations

import io
import os
import re
import unicodedata
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from .errors import ConvertError
from .model import Article, CreditLine, Figure, Paragraph, Subheading, plain_text, walk

_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'",
                         "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u00ad": None})


@dataclass(frozen=True)
class Finding:
    """One check: what was expected, what was found, and where we looked."""

    check: str
    where: str
    expected: str
    found: str
    ok: bool

    def __str__(self) -> str:
        status = "ok" if self.ok else "FAIL"
        detail = "" if self.ok else f": expected {self.expected!r}, found {self.found!r}"
        return f"{status} {self.check} [{self.where}]{detail}"


@dataclass
class Report:
    format: str
    findings: list[Finding] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return all(f.ok for f in self.findings)

    @property
    def failures(self) -> list[Finding]:
        return [f for f in self.findings if not f.ok]

    def check(self, check: str, where: str, expected: str, found: str | None, *, loose: bool = False) -> None:
        same = found is not None and _same(expected, found, loose=loose)
        self.findings.append(Finding(check, where, expected, "(nothing)" if found is None else found, same))


def _normal(text: str, *, loose: bool) -> str:
    text = unicodedata.normalize("NFC", text).translate(_QUOTES)
    return re.sub(r"\s+", "" if loose else " ", text).strip()


def _same(expected: str, found: str, *, loose: bool = False) -> bool:
    return _normal(expected, loose=loose) == _normal(found, loose=loose)


def verify(source: str | os.PathLike[str] | bytes, article: Article, format: str | None = None) -> Report:
    """Check an output (a path or its bytes) against ``article``; see :class:`Report`."""
    data = Path(source).read_bytes() if isinstance(source, (str, os.PathLike)) else source
    kind = format or _sniff(data, source)
    checker = {"docx": _verify_docx, "epub": _verify_epub, "pdf": _verify_pdf}.get(kind)
    if checker is None:
        raise ConvertError(f"cannot verify format {kind!r}", hint="verify docx, epub or pdf files")
    report = Report(kind)
    try:
        checker(data, article, report)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        report.findings.append(Finding("readable", kind, f"a readable {kind} file", f"{type(exc).__name__}: {exc}", False))
    return report


def _sniff(data: bytes, source: object) -> str:
    if data.startswith(b"%PDF"):
        return "pdf"
    if data.startswith(b"PK"):
        names = zipfile.ZipFile(io.BytesIO(data)).namelist()
        if "mimetype" in names:
            return "epub"
        if "word/document.xml" in names:
            return "docx"
    return Path(str(source)).suffix.lstrip(".").lower() if not isinstance(source, bytes) else "unknown"


# --- what every format must show ---------------------------------------------


@dataclass(frozen=True)
class _Expected:
    title: str
    figures: list[Figure]
    subheadings: list[tuple[int, str]]
    credits: list[str]
    paragraphs: list[str]

    @classmethod
    def of(cls, article: Article) -> _Expected:
        blocks = walk(article.blocks)
        return cls(
            title=article.meta.title,
            figures=[b for b in blocks if isinstance(b, Figure)],
            subheadings=[(b.level, plain_text(b.inlines)) for b in blocks if isinstance(b, Subheading)],
            credits=[plain_text(b.inlines) for b in blocks if isinstance(b, CreditLine)],
            paragraphs=[plain_text(b.inlines) for b in blocks if isinstance(b, Paragraph) and plain_text(b.inlines).strip()],
        )


def _in_order(report: Report, where: str, expected: list[str], found: list[str], *, loose: bool = False) -> None:
    """Each expected text must appear among ``found``, after the one before it."""
    position = 0
    normal = [_normal(f, loose=loose) for f in found]
    for number, text in enumerate(expected, start=1):
        target = _normal(text, loose=loose)
        hit = next((i for i in range(position, len(normal)) if normal[i] == target), None)
        report.check(f"body paragraph {number}", where, text, found[hit] if hit is not None else None, loose=loose)
        position = hit + 1 if hit is not None else position


# --- DOCX ----------------------------------------------------------------------

_WP_DOCPR = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}docPr"


def _verify_docx(data: bytes, article: Article, report: Report) -> None:
    import docx

    document = docx.Document(io.BytesIO(data))
    paragraphs = [(p.style.name if p.style is not None else "", p.text, p) for p in document.paragraphs]
    expected = _Expected.of(article)

    def styled(name: str) -> list[str]:
        return [text for style, text, _ in paragraphs if style == name]

    report.check("title", 'style "Title"', expected.title, next(iter(styled("Title")), None))
    report.check("document title", "core properties", expected.title, document.core_properties.title)
    holders = [p for style, _, p in paragraphs if style == "Figure"]
    captions, photo_credits = styled("Caption"), styled("Photo Credit")
    for number, figure in enumerate(expected.figures, start=1):
        holder = holders[number - 1] if number <= len(holders) else None
        doc_pr = holder._p.find(f".//{_WP_DOCPR}") if holder is not None else None
        report.check(f"figure {number} picture", 'style "Figure"', "a picture", "a picture" if doc_pr is not None else None)
        report.check(f"figure {number} alt text", "wp:docPr/@descr", figure.alt,
                     doc_pr.get("descr") if doc_pr is not None else None)
        report.check(f"figure {number} caption", 'style "Caption"', plain_text(figure.caption),
                     captions[number - 1] if number <= len(captions) else None)
        if figure.credit:
            report.check(f"figure {number} photo credit", 'style "Photo Credit"', figure.credit,
                         photo_credits.pop(0) if photo_credits else None)
    found_headings = [(style, text) for style, text, _ in paragraphs if style.startswith("Heading ")]
    for number, (level, text) in enumerate(expected.subheadings, start=1):
        style = f"Heading {min(level, 3)}"
        hit = found_headings[number - 1] if number <= len(found_headings) else None
        report.check(f"subheading {number}", f'style "{style}"', f"{style}: {text}",
                     f"{hit[0]}: {hit[1]}" if hit else None)
    credits = styled("Credit")
    for number, text in enumerate(expected.credits, start=1):
        report.check(f"credit line {number}", 'style "Credit"', text, credits[number - 1] if number <= len(credits) else None)
    _in_order(report, "paragraph text", expected.paragraphs, [text for _, text, _ in paragraphs])


# --- EPUB ----------------------------------------------------------------------

_NS = {"x": "http://www.w3.org/1999/xhtml", "opf": "http://www.idpf.org/2007/opf",
       "dc": "http://purl.org/dc/elements/1.1/", "c": "urn:oasis:names:tc:opendocument:xmlns:container"}


def _verify_epub(data: bytes, article: Article, report: Report) -> None:
    from lxml import etree

    package = zipfile.ZipFile(io.BytesIO(data))
    container = etree.fromstring(package.read("META-INF/container.xml"))
    opf_path = PurePosixPath(str(container.xpath("string(//c:rootfile/@full-path)", namespaces=_NS)))
    opf = etree.fromstring(package.read(str(opf_path)))
    base = opf_path.parent
    manifest = {i.get("id"): str(i.get("href")) for i in opf.iterfind(".//opf:manifest/opf:item", _NS)}
    spine = [manifest[ref.get("idref")] for ref in opf.iterfind(".//opf:spine/opf:itemref", _NS)]
    documents = [(str(base / href), etree.fromstring(package.read(str(base / href)))) for href in spine]
    expected = _Expected.of(article)
    report.check("document title", "dc:title", expected.title, opf.findtext(".//dc:title", namespaces=_NS))

    def elements(xpath: str) -> Iterator[tuple[str, etree._Element]]:
        for name, doc in documents:
            found = doc.xpath(xpath, namespaces=_NS)
            for element in found if isinstance(found, list) else []:
                if isinstance(element, etree._Element):
                    yield name, element

    h1 = [_text(e) for _, e in elements("//x:h1")]
    report.check("title", "<h1>", expected.title, h1[0] if h1 else None)
    _epub_figures(report, expected, list(elements("//x:figure")), package)
    headings = [(e.tag.split("}")[1], _text(e)) for _, e in elements("//x:h2|//x:h3|//x:h4|//x:h5|//x:h6")]
    for number, (level, text) in enumerate(expected.subheadings, start=1):
        tag = f"h{min(max(level, 2), 6)}"
        hit = headings[number - 1] if number <= len(headings) else None
        report.check(f"subheading {number}", f"<{tag}>", f"{tag}: {text}", f"{hit[0]}: {hit[1]}" if hit else None)
    credits = [_text(e) for _, e in elements("//*[contains(concat(' ', normalize-space(@class), ' '), ' credit ')]")]
    for number, text in enumerate(expected.credits, start=1):
        report.check(f"credit line {number}", '[class~="credit"]', text, credits[number - 1] if number <= len(credits) else None)
    _in_order(report, "<p>", expected.paragraphs, [_text(e) for _, e in elements("//x:p")])


def _epub_figures(report: Report, expected: _Expected, figures: list[tuple[str, object]], package: zipfile.ZipFile) -> None:
    names = set(package.namelist())
    for number, figure in enumerate(expected.figures, start=1):
        where = f"<figure> {number}"
        element = figures[number - 1][1] if number <= len(figures) else None
        img = element.find("x:img", _NS) if element is not None else None  # type: ignore[attr-defined]
        src = img.get("src") if img is not None else None
        path = str(PurePosixPath(figures[number - 1][0]).parent / src) if src else None
        report.check(f"figure {number} image", where, "an image in the package",
                     "an image in the package" if path and os.path.normpath(path) in names else None)
        report.check(f"figure {number} alt text", f"{where} img@alt", figure.alt, img.get("alt") if img is not None else None)
        caption = element.find("x:figcaption", _NS) if element is not None else None  # type: ignore[attr-defined]
        credit = caption.find(".//*[@class='photo-credit']", _NS) if caption is not None else None
        report.check(f"figure {number} caption", f"{where} <figcaption>", plain_text(figure.caption),
                     _text(caption, skip=credit) if caption is not None else None)
        if figure.credit:
            report.check(f"figure {number} photo credit", f"{where} .photo-credit", figure.credit,
                         _text(credit) if credit is not None else None)


def _text(element: object, skip: object = None) -> str:
    parts: list[str] = []

    def collect(node: object) -> None:
        if node is skip:
            parts.append(node.tail or "")  # type: ignore[attr-defined]
            return
        parts.append(node.text or "")  # type: ignore[attr-defined]
        for child in node:  # type: ignore[attr-defined]
            collect(child)
        if node is not element:
            parts.append(node.tail or "")  # type: ignore[attr-defined]

    collect(element)
    return "".join(parts).strip()


# --- PDF -----------------------------------------------------------------------


def _verify_pdf(data: bytes, article: Article, report: Report) -> None:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    expected = _Expected.of(article)
    text = " ".join(_page_body(page.extract_text() or "", expected.title if number else None)
                    for number, page in enumerate(reader.pages))
    flat = _normal(text, loose=True)
    info = reader.metadata
    report.check("document title", "/Info /Title", expected.title, str(info.title) if info and info.title else None)
    outline = [str(getattr(item, "title", "")) for item in _flatten(reader.outline)]
    report.check("title", "outline", expected.title, next((t for t in outline if _same(t, expected.title)), None))
    for number, (_, heading) in enumerate(expected.subheadings, start=1):
        report.check(f"subheading {number} bookmark", "outline", heading,
                     next((t for t in outline if _same(t, heading)), None))
    cursor = 0
    sequence = [("title", expected.title)]
    for block in walk(article.blocks):
        if isinstance(block, Figure):
            sequence.append(("figure caption", plain_text(block.caption)))
        elif isinstance(block, Subheading):
            sequence.append(("subheading", plain_text(block.inlines)))
        elif isinstance(block, Paragraph) and plain_text(block.inlines).strip():
            sequence.append(("body paragraph", plain_text(block.inlines)))
        elif isinstance(block, CreditLine):
            sequence.append(("credit line", plain_text(block.inlines)))
    for number, (check, wanted) in enumerate(sequence, start=1):
        at = flat.find(_normal(wanted, loose=True), cursor)
        report.check(f"{check} in reading order ({number})", "extracted text", wanted,
                     wanted if at >= 0 else None, loose=True)
        cursor = at + 1 if at >= 0 else cursor
    images = sum(len(page.images) for page in reader.pages)
    report.check("figure images", "image XObjects", str(len(expected.figures)), str(min(images, len(expected.figures))))


def _page_body(text: str, title: str | None) -> str:
    """A page's text without its running header (``title``, from page 2) and its page number."""
    lines = text.splitlines()
    edges = {0, 1, len(lines) - 2, len(lines) - 1}
    return "\n".join(line for i, line in enumerate(lines)
                     if not (i in edges and (line.strip().isdigit() or _is_header(line, title))))


def _is_header(line: str, title: str | None) -> bool:
    """The title, or its start cut with an ellipsis to fit the header."""
    if title is None or not line.strip():
        return False
    shown = _normal(line, loose=False)
    return shown == _normal(title, loose=False) or (
        shown.endswith("\u2026") and _normal(title, loose=False).startswith(shown[:-1].rstrip()))


def _flatten(outline: object) -> Iterator[object]:
    for item in outline:  # type: ignore[attr-defined]
        if isinstance(item, list):
            yield from _flatten(item)
        else:
            yield item
