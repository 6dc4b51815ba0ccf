"""Independent read-back of an output: does it open, and does anything live from the source survive in it?

Each function takes an output's bytes and returns a list of :class:`Problem`
(empty when all is well). Reading uses python-docx, pypdf, qpdf, zip and lxml
only, never the writers' or :mod:`convert.readback`'s code. "Live" means what a
reader application would act on: scripts, event attributes, frames, forms,
``javascript:`` targets (EPUB, HTML); links that are not absolute http(s),
mailto or tel in DOCX and PDF (a Word or PDF reader may open a local file or
a network share); field codes that fetch or include (DOCX); PDF actions that
launch, run JavaScript or open other files.
"""

from __future__ import annotations

import io
import logging
import re
import shutil
import subprocess
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import PurePosixPath

from lxml import etree
from lxml import html as lxml_html

#: DOCX and PDF link targets that may stay live (the issue's rule: absolute http(s), mailto, tel).
LIVE_LINK = re.compile(r"(?i)^(https?://[^/\s]|mailto:\S|tel:\S)")
#: URL schemes that run code or embed a document, wherever they appear in XHTML.
DANGEROUS_SCHEME = re.compile(r"(?i)^\s*(javascript|vbscript|livescript|data:)")
#: A picture element may show a ``data:image/...`` address (an SVG there runs no script: browsers sandbox it).
PICTURE_DATA = re.compile(r"(?i)^\s*data:image/")
LIVE_ELEMENTS = {"script", "iframe", "object", "embed", "form", "frame", "frameset", "applet", "base", "input",
                 "button", "textarea", "select", "link", "meta", "style"}
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "data", "poster", "background", "xlink:href", "srcset"}
DOCX_FIELDS = re.compile(r"\b(INCLUDEPICTURE|INCLUDETEXT|DDE|DDEAUTO|LINK|IMPORT|HYPERLINK|AUTOTEXT)\b")
PDF_BAD_ACTIONS = {"/Launch", "/JavaScript", "/GoToR", "/GoToE", "/ImportData", "/SubmitForm", "/Rendition", "/Sound",
                   "/Movie", "/ResetForm"}


@dataclass(frozen=True)
class Problem:
    """What is wrong with an output: ``kind`` and a short ``detail``.

    Kinds: "unreadable" (a reading library fails), "malformed" (it reads, but a
    reader had to mend something), "live-markup", "live-link".
    """

    kind: str
    detail: str


def _parse_xml(data: bytes, name: str) -> tuple[etree._Element | None, list[Problem]]:
    try:
        parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True)
        return etree.fromstring(data, parser), []
    except etree.XMLSyntaxError as exc:
        return None, [Problem("unreadable", f"{name}: not well-formed XML: {exc}")]


def check_docx(data: bytes) -> list[Problem]:
    import docx

    try:
        package = zipfile.ZipFile(io.BytesIO(data))
        if package.testzip() is not None:
            return [Problem("unreadable", "a zip member fails its CRC")]
        docx.Document(io.BytesIO(data))
    except Exception as exc:  # any reading library's error means Word will not open it either
        return [Problem("unreadable", f"python-docx: {type(exc).__name__}: {exc}"[:300])]
    problems: list[Problem] = []
    for name in package.namelist():
        if not name.endswith((".xml", ".rels")):
            continue
        root, bad = _parse_xml(package.read(name), name)
        problems += bad
        if root is None:
            continue
        if name.endswith(".rels"):
            problems += _docx_relationships(root, name)
        for instruction in root.iter("{*}instrText", "{*}fldSimple"):
            code = instruction.text if instruction.tag.endswith("instrText") else instruction.get(
                "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}instr")
            if code and DOCX_FIELDS.search(code):
                problems.append(Problem("live-link", f"{name}: field code {code.strip()[:80]!r}"))
    return problems


def _docx_relationships(root: etree._Element, name: str) -> list[Problem]:
    problems = []
    for relationship in root:
        external = relationship.get("TargetMode") == "External"
        target = relationship.get("Target") or ""
        if not external:
            continue
        if relationship.get("Type", "").endswith("/hyperlink"):
            if not LIVE_LINK.match(target):
                problems.append(Problem("live-link", f"{name}: hyperlink to {target[:120]!r}"))
        else:  # an external picture, template or frame: Word would fetch it
            problems.append(Problem("live-link", f"{name}: external {relationship.get('Type', '?')} {target[:120]!r}"))
    return problems


class _PypdfComplaints(logging.Handler):
    """pypdf's warnings while it reads (it mends what is malformed, and says so on its logger)."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def check_pdf(data: bytes) -> list[Problem]:
    """Opens in pypdf without a complaint, text extracts, no live actions, and ``qpdf --check`` passes."""
    complaints = _PypdfComplaints()
    logger = logging.getLogger("pypdf")
    logger.addHandler(complaints)
    try:
        problems = _read_pdf(data)
    finally:
        logger.removeHandler(complaints)
    problems += [Problem("malformed", f"pypdf: {message}"[:200]) for message in sorted(set(complaints.messages))]
    return problems + _qpdf_check(data)


def _read_pdf(data: bytes) -> list[Problem]:
    from pypdf import PdfReader
    from pypdf.generic import DictionaryObject

    try:
        reader = PdfReader(io.BytesIO(data))
        if len(reader.pages) < 1:
            return [Problem("unreadable", "pypdf: no pages")]
        problems: list[Problem] = []
        for number, page in enumerate(reader.pages, start=1):
            page.extract_text()
            for annotation in page.get("/Annots") or []:
                problems += _pdf_action(annotation.get_object(), number)
        root = reader.trailer["/Root"].get_object()
        assert isinstance(root, DictionaryObject)
        for key in ("/OpenAction", "/AA"):
            if key in root:
                problems.append(Problem("live-link", f"catalog has {key}"))
        names = root.get("/Names")
        if isinstance(names, DictionaryObject) and "/JavaScript" in names:
            problems.append(Problem("live-link", "catalog names JavaScript"))
    except Exception as exc:  # pypdf's errors have many types
        return [Problem("unreadable", f"pypdf: {type(exc).__name__}: {exc}"[:300])]
    return problems


def _pdf_action(annotation: object, page: int) -> list[Problem]:
    from pypdf.generic import DictionaryObject

    if not isinstance(annotation, DictionaryObject):
        return []
    action = annotation.get("/A")
    action = action.get_object() if action is not None else None
    if not isinstance(action, DictionaryObject):
        return []
    kind = str(action.get("/S"))
    if kind in PDF_BAD_ACTIONS:
        return [Problem("live-link", f"page {page}: a {kind} action")]
    if kind == "/URI":
        uri = str(action.get("/URI", ""))
        if not LIVE_LINK.match(uri):
            return [Problem("live-link", f"page {page}: link to {uri[:120]!r}")]
    return []


def _qpdf_check(data: bytes) -> list[Problem]:
    if shutil.which("qpdf") is None:
        return []
    with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
        handle.write(data)
        handle.flush()
        result = subprocess.run(["qpdf", "--check", handle.name], capture_output=True, timeout=60, check=False)
    if result.returncode != 0:
        text = (result.stderr or result.stdout).decode(errors="replace").strip().splitlines()
        return [Problem("unreadable", f"qpdf --check exit {result.returncode}: {' | '.join(text[-2:])[:200]}")]
    return []


def check_epub(data: bytes) -> list[Problem]:
    try:
        package = zipfile.ZipFile(io.BytesIO(data))
        first = package.infolist()[0]
        if first.filename != "mimetype" or package.read(first) != b"application/epub+zip":
            return [Problem("unreadable", "the first member is not an uncompressed mimetype")]
        if package.testzip() is not None:
            return [Problem("unreadable", "a zip member fails its CRC")]
    except (zipfile.BadZipFile, IndexError) as exc:
        return [Problem("unreadable", f"zip: {exc}")]
    problems: list[Problem] = []
    container, bad = _parse_xml(package.read("META-INF/container.xml"), "container.xml")
    if container is None:
        return bad
    opf_name = container.find(".//{*}rootfile").get("full-path", "")  # type: ignore[union-attr]
    opf, bad = _parse_xml(package.read(opf_name), opf_name)
    if opf is None:
        return bad
    folder = PurePosixPath(opf_name).parent
    names = set(package.namelist())
    for item in opf.iter("{*}item"):
        href = str(folder / (item.get("href") or ""))
        if href not in names:
            problems.append(Problem("unreadable", f"manifest item {href!r} missing from the package"))
    for name in names:
        if name.endswith((".xhtml", ".xml", ".opf", ".ncx", ".svg")):
            root, bad = _parse_xml(package.read(name), name)
            problems += bad
            if root is not None and name.endswith((".xhtml", ".svg")):
                problems += _live_markup(root, name)
    return problems


def check_html(data: bytes) -> list[Problem]:
    try:
        root = lxml_html.document_fromstring(data)
    except (etree.ParserError, ValueError) as exc:
        return [Problem("unreadable", f"lxml.html: {exc}")]
    return _live_markup(root, "html")


def _live_markup(root: etree._Element, name: str) -> list[Problem]:
    problems = []
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        tag = etree.QName(element).localname.lower()
        in_head = any(isinstance(a.tag, str) and etree.QName(a).localname == "head" for a in element.iterancestors())
        if tag in LIVE_ELEMENTS and not (in_head and tag in {"style", "meta", "link"}) and not _harmless(element, tag):
            problems.append(Problem("live-markup", f"{name}: <{tag}> element"))
        for key, raw in element.attrib.items():
            attribute, value = str(key), str(raw)
            local = etree.QName(attribute).localname.lower() if "}" in attribute else attribute.lower()
            if local.startswith("on") or local == "srcdoc":
                problems.append(Problem("live-markup", f"{name}: {local}= on <{tag}>"))
            elif (local in URL_ATTRIBUTES or attribute.endswith("}href")) and DANGEROUS_SCHEME.match(value) and not (
                    tag in {"img", "source", "image"} and local in {"src", "srcset", "href"} and PICTURE_DATA.match(value)):
                problems.append(Problem("live-markup", f"{name}: {local}={value[:60]!r} on <{tag}>"))
    return problems


def _harmless(element: etree._Element, tag: str) -> bool:
    """What the writers legitimately emit in a body: none of the live elements (a stylesheet link stays in the head)."""
    return tag == "meta" and element.get("http-equiv") is None and element.get("charset") is not None


CHECKS = {"docx": check_docx, "pdf": check_pdf, "epub": check_epub, "html": check_html}
