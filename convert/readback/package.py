"""Reading untrusted outputs within bounds: zip packages and XML.

An output handed to ``verify`` may be anything (a truncated download, a zip
bomb, hostile XML), so every read is bounded: a package's declared sizes are
checked before anything is inflated (``zipfile`` never inflates past a member's
declared size, so the declaration bounds the memory), and XML is parsed without
entities, DTDs, network access or libxml2's "huge" mode (which keeps its depth
and text-node limits).
"""

from __future__ import annotations

import io
import zipfile

from lxml import etree

#: The largest output verify reads at all (bytes).
MAX_OUTPUT_BYTES = 1 << 30
#: A package's members, all inflated, may not exceed this (bytes); nor may one XML member exceed MAX_XML_BYTES.
MAX_PACKAGE_BYTES = 1 << 30
MAX_XML_BYTES = 256 << 20
MAX_MEMBERS = 10_000


class Unreadable(Exception):
    """The output cannot be read within bounds; the message says why (becomes a failed ``readable`` finding)."""


def open_package(data: bytes) -> zipfile.ZipFile:
    """A zip package whose declared sizes are within bounds. Raises :class:`Unreadable`."""
    try:
        package = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError) as exc:
        raise Unreadable(f"not a zip package ({exc})") from exc
    members = package.infolist()
    if len(members) > MAX_MEMBERS:
        raise Unreadable(f"{len(members)} members in the package (at most {MAX_MEMBERS} are read)")
    total = sum(m.file_size for m in members)
    if total > MAX_PACKAGE_BYTES:
        raise Unreadable(f"the package inflates to {total} bytes (at most {MAX_PACKAGE_BYTES} are read)")
    for member in members:
        if member.filename.endswith((".xml", ".xhtml", ".opf", ".ncx", ".rels", ".html")) and member.file_size > MAX_XML_BYTES:
            raise Unreadable(f"{member.filename} inflates to {member.file_size} bytes (at most {MAX_XML_BYTES})")
    return package


def read_member(package: zipfile.ZipFile, name: str) -> bytes:
    """A member's bytes; a missing or corrupt member raises :class:`Unreadable`."""
    try:
        return package.read(name)
    except KeyError as exc:
        raise Unreadable(f"no {name} in the package") from exc
    except (zipfile.BadZipFile, EOFError, OSError, ValueError, NotImplementedError) as exc:
        raise Unreadable(f"{name} cannot be inflated ({exc})") from exc


def parse_xml(data: bytes, name: str) -> etree._Element:
    """A safely parsed XML document (see the module docstring). Raises :class:`Unreadable`."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        raise Unreadable(f"{name} is not well-formed XML ({exc})") from exc
    if root is None:
        raise Unreadable(f"{name} is empty")
    return root


def parse_html(data: bytes) -> etree._Element:
    """An HTML page in UTF-8 (what our writer makes) parsed as browsers would (lxml.html, no network).

    Raises :class:`Unreadable`.
    """
    import lxml.html

    parser = lxml.html.HTMLParser(encoding="utf-8", no_network=True, huge_tree=False, remove_comments=False)
    try:
        root = lxml.html.document_fromstring(data, parser=parser)
    except (etree.ParserError, etree.XMLSyntaxError, ValueError) as exc:
        raise Unreadable(f"not an HTML page ({exc})") from exc
    return root
