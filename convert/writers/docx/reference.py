"""``--reference-docx``: take the look of a Word file, as pandoc's ``--reference-doc`` does, and keep our parts.

Merged from the reference: every style (matched by id, or by name when a
localised Word gave it another id), with the numbering definitions its styles
use, the theme, the font table, the document defaults, and the page size and
margins it actually states (pandoc's own ``reference.docx`` has a ``w:pgMar``
without top/right/bottom/left: ours stay). Our styles the reference lacks
(``Credit``, ``Photo Credit``, ``Figure``...) stay as they are, so no part of
the article loses its style; references that would dangle (``basedOn``,
``next``, ``link`` to a style nobody defines) are dropped.

The file is untrusted: its zip directory is checked (member count, total
uncompressed size) before anything is inflated, and XML is parsed without
entities, DTDs or network access.
"""

from __future__ import annotations

import copy
import posixpath
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from lxml import etree

from ...errors import WriterError
from .ooxml import W_NS, w

if TYPE_CHECKING:
    from .template import Parts

MAX_MEMBERS = 5_000
MAX_TOTAL_BYTES = 100 * 1024 * 1024


def _parser() -> etree.XMLParser:
    """A parser that resolves no entity and reads no DTD or network (one per use: lxml parsers are not thread-safe)."""
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)

_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
_RT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
_STYLE, _STYLE_ID, _TYPE, _NAME, _VAL = w("style"), w("styleId"), w("type"), w("name"), w("val")
_REFS = (w("basedOn"), w("next"), w("link"))
_NUM, _NUM_ID, _ABSTRACT, _ABSTRACT_ID = w("num"), w("numId"), w("abstractNum"), w("abstractNumId")
_PAGE_MARGINS = ("top", "right", "bottom", "left", "header", "footer", "gutter")
_HINT = "give a .docx file saved by Word or LibreOffice"


@dataclass
class Reference:
    """The parts of a reference document that shape ours (None where it has none)."""

    path: str
    styles: etree._Element | None
    numbering: etree._Element | None
    theme: bytes | None
    fonts: etree._Element | None
    section: etree._Element | None

    @classmethod
    def load(cls, path: Path, max_members: int = MAX_MEMBERS, max_bytes: int = MAX_TOTAL_BYTES) -> Reference:
        """Read the parts we use; :class:`WriterError` for an unreadable, oversized or malformed file."""
        name = str(path)
        try:
            with zipfile.ZipFile(path) as archive:
                _check_size(archive, name, max_members, max_bytes)
                main = _main_part(archive)
                targets = _targets(archive, main)
                document = _xml(archive, main, name)
                return cls(
                    path=name,
                    styles=_optional_xml(archive, targets.get("styles"), name),
                    numbering=_optional_xml(archive, targets.get("numbering"), name),
                    theme=archive.read(targets["theme"]) if targets.get("theme") in archive.namelist() else None,
                    fonts=_optional_xml(archive, targets.get("fontTable"), name),
                    section=_last_section(document),
                )
        except (OSError, zipfile.BadZipFile, KeyError, ValueError, EOFError) as exc:
            raise WriterError(f"cannot read the reference DOCX: {exc}", file=name, hint=_HINT) from None

    def merge_into(self, parts: Parts) -> None:
        """Restyle the package with the reference (styles, numbering, defaults, page)."""
        if self.styles is not None:
            copied = _merge_styles(parts.styles.element, self.styles)
            used = list(dict.fromkeys(n.get(_VAL) or "" for style in copied for n in style.iter(_NUM_ID)
                                      if n.get(_VAL) not in (None, "0")))
            renumbered = {}
            if self.numbering is not None and used:
                renumbered = _copy_numbering(parts.numbering.element, self.numbering, used)
            _renumber_styles(copied, renumbered)
        if self.section is not None:
            _merge_page(parts.section, self.section)

    def merged_font_table(self, ours: bytes) -> bytes:
        """The reference's font table plus our faces it lacks (embedded-font links dropped: those parts stay behind)."""
        if self.fonts is None:
            return ours
        merged = copy.deepcopy(self.fonts)
        for font in merged.iter(w("font")):
            for child in list(font):
                if child.tag.startswith(f"{{{W_NS}}}embed"):
                    font.remove(child)
        present = {font.get(w("name")) for font in merged.iter(w("font"))}
        for font in etree.fromstring(ours, _parser()).iter(w("font")):
            if font.get(w("name")) not in present:
                merged.append(copy.deepcopy(font))
        return etree.tostring(merged, xml_declaration=True, encoding="UTF-8", standalone=True)


def _check_size(archive: zipfile.ZipFile, name: str, max_members: int, max_bytes: int) -> None:
    infos = archive.infolist()
    if len(infos) > max_members:
        raise WriterError(f"the reference DOCX has {len(infos)} files, over the limit of {max_members}", file=name,
                          hint=_HINT)
    total = sum(info.file_size for info in infos)
    if total > max_bytes:
        raise WriterError(f"the reference DOCX unpacks to {total} bytes, over the limit of {max_bytes}", file=name,
                          hint=_HINT)


def _xml(archive: zipfile.ZipFile, member: str, name: str) -> etree._Element:
    try:
        return etree.fromstring(archive.read(member), _parser())
    except etree.XMLSyntaxError as exc:
        raise WriterError(f"the reference DOCX has broken XML in {member}: {exc}", file=name, hint=_HINT) from None


def _optional_xml(archive: zipfile.ZipFile, member: str | None, name: str) -> etree._Element | None:
    return _xml(archive, member, name) if member and member in archive.namelist() else None


def _relationships(archive: zipfile.ZipFile, rels: str) -> dict[str, str]:
    """Relationship type (last path segment) → target, for one rels member (empty if absent)."""
    if rels not in archive.namelist():
        return {}
    root = etree.fromstring(archive.read(rels), _parser())
    found: dict[str, str] = {}
    for rel in root.iter(f"{{{_REL_NS}}}Relationship"):
        kind, target = rel.get("Type") or "", rel.get("Target") or ""
        if rel.get("TargetMode") != "External":
            found.setdefault(kind.rsplit("/", 1)[-1], target)
    return found


def _main_part(archive: zipfile.ZipFile) -> str:
    target = _relationships(archive, "_rels/.rels").get("officeDocument", "word/document.xml")
    return target.lstrip("/")


def _targets(archive: zipfile.ZipFile, main: str) -> dict[str, str]:
    folder, base = posixpath.split(main)
    rels = _relationships(archive, posixpath.join(folder, "_rels", base + ".rels"))
    return {kind: posixpath.normpath(target.lstrip("/") if target.startswith("/") else posixpath.join(folder, target))
            for kind, target in rels.items()}


def _last_section(document: etree._Element) -> etree._Element | None:
    body = document.find(w("body"))
    return body.find(w("sectPr")) if body is not None else None


# --- styles ----------------------------------------------------------------------


def _key(style: etree._Element) -> tuple[str, str]:
    name = style.find(_NAME)
    return style.get(_TYPE) or "", ((name.get(_VAL) if name is not None else "") or "").lower()


def _merge_styles(ours: etree._Element, theirs: etree._Element) -> list[etree._Element]:
    """Every reference style into ``ours`` (theirs win); returns the styles copied."""
    mine = {s.get(_STYLE_ID): s for s in ours.iterchildren(_STYLE)}
    by_name = {_key(s): s.get(_STYLE_ID) for s in mine.values()}
    renamed = {}  # their id → ours, for a style Word named as ours under another id (localised Word)
    for style in theirs.iterchildren(_STYLE):
        their_id = style.get(_STYLE_ID)
        ours_id = by_name.get(_key(style))
        if ours_id and their_id != ours_id and their_id not in mine:
            renamed[their_id] = ours_id
    copied: list[etree._Element] = []
    for style in theirs.iterchildren(_STYLE):
        made = copy.deepcopy(style)
        made.set(_STYLE_ID, renamed.get(style.get(_STYLE_ID), style.get(_STYLE_ID) or ""))
        for ref in made.iterchildren(*_REFS):
            ref.set(_VAL, renamed.get(ref.get(_VAL), ref.get(_VAL) or ""))
        current = mine.get(made.get(_STYLE_ID))
        if current is not None and current.get(_TYPE) != made.get(_TYPE):
            continue
        copied.append(made)
        if current is not None:
            current.addnext(made)
            ours.remove(current)
        else:
            ours.append(made)
        mine[made.get(_STYLE_ID)] = made
    defaults = theirs.find(w("docDefaults"))
    if defaults is not None:
        existing = ours.find(w("docDefaults"))
        if existing is not None:
            ours.replace(existing, copy.deepcopy(defaults))
    _one_default_each(ours)
    resolve_references(ours)
    return copied


def _one_default_each(styles: etree._Element) -> None:
    """One default style per kind (ours where there are two: the writer refers to it by our id)."""
    ours = {"paragraph": "Normal", "character": "DefaultParagraphFont", "table": "TableNormal", "numbering": "NoList"}
    for style in styles.iterchildren(_STYLE):
        if style.get(w("default")) in ("1", "true") and style.get(_STYLE_ID) != ours.get(style.get(_TYPE) or ""):
            kind_has_ours = any(s.get(_STYLE_ID) == ours.get(style.get(_TYPE) or "") for s in styles.iterchildren(_STYLE))
            if kind_has_ours:
                del style.attrib[w("default")]


def resolve_references(styles: etree._Element) -> None:
    """Drop ``basedOn``, ``next`` and ``link`` that name a style the sheet does not define."""
    ids = {s.get(_STYLE_ID) for s in styles.iterchildren(_STYLE)}
    for style in styles.iterchildren(_STYLE):
        for ref in list(style.iterchildren(*_REFS)):
            if ref.get(_VAL) not in ids or ref.get(_VAL) == style.get(_STYLE_ID):
                style.remove(ref)


# --- numbering -------------------------------------------------------------------


def _copy_numbering(ours: etree._Element, theirs: etree._Element, used: list[str]) -> dict[str, str]:
    """Copy the reference's ``w:num`` ``used`` by its styles (and their definitions) under fresh ids."""
    their_nums = {n.get(_NUM_ID): n for n in theirs.iterchildren(_NUM)}
    their_abstracts = {a.get(_ABSTRACT_ID): a for a in theirs.iterchildren(_ABSTRACT)}
    next_abstract = max((int(a.get(_ABSTRACT_ID) or 0) for a in ours.iterchildren(_ABSTRACT)), default=-1) + 1
    next_num = max((int(n.get(_NUM_ID) or 0) for n in ours.iterchildren(_NUM)), default=0) + 1
    abstract_ids: dict[str, str] = {}
    renumbered: dict[str, str] = {}
    first_num = next(ours.iterchildren(_NUM), None)
    last_num = list(ours.iterchildren(_NUM))[-1] if first_num is not None else None
    for num_id in used:
        num = their_nums.get(num_id)
        abstract_ref = num.find(_ABSTRACT_ID) if num is not None else None
        abstract = their_abstracts.get(abstract_ref.get(_VAL)) if abstract_ref is not None else None
        if num is None or abstract_ref is None or abstract is None:
            continue
        old_abstract = abstract_ref.get(_VAL) or ""
        if old_abstract not in abstract_ids:
            made = copy.deepcopy(abstract)
            made.set(_ABSTRACT_ID, str(next_abstract))
            abstract_ids[old_abstract] = str(next_abstract)
            next_abstract += 1
            (first_num.addprevious if first_num is not None else ours.append)(made)
        new_num = copy.deepcopy(num)
        new_num.set(_NUM_ID, str(next_num))
        new_num.find(_ABSTRACT_ID).set(_VAL, abstract_ids[old_abstract])  # type: ignore[union-attr]
        renumbered[num_id] = str(next_num)
        next_num += 1
        if last_num is not None:
            last_num.addnext(new_num)
        else:
            ours.append(new_num)
        last_num = new_num
    return renumbered


def _renumber_styles(copied: list[etree._Element], renumbered: dict[str, str]) -> None:
    """Point the copied styles at the copied numbering (a definition the reference lacks: none)."""
    for style in copied:
        for num_id in style.iter(_NUM_ID):
            value = num_id.get(_VAL) or ""
            if value != "0":
                num_id.set(_VAL, renumbered.get(value, "0"))


def list_numbering(styles: etree._Element) -> tuple[str, str]:
    """The ``w:numId`` of ``List Bullet`` and ``List Number`` (ours, 1 and 2, where the style names none)."""
    found = {"ListBullet": "1", "ListNumber": "2"}
    for style in styles.iterchildren(_STYLE):
        style_id = style.get(_STYLE_ID)
        if style_id in found:
            num_id = style.find(f"{w('pPr')}/{w('numPr')}/{_NUM_ID}")
            if num_id is not None and num_id.get(_VAL) not in (None, "0"):
                found[style_id] = num_id.get(_VAL) or found[style_id]
    return found["ListBullet"], found["ListNumber"]


# --- page ---------------------------------------------------------------------------


def _merge_page(ours: etree._Element, theirs: etree._Element) -> None:
    """Page size and margins, each only where the reference states it."""
    their_size, our_size = theirs.find(w("pgSz")), ours.find(w("pgSz"))
    if their_size is not None and our_size is not None and their_size.get(w("w")) and their_size.get(w("h")):
        for attribute in ("w", "h", "orient"):
            value = their_size.get(w(attribute))
            if value is not None:
                our_size.set(w(attribute), value)
    their_margins, our_margins = theirs.find(w("pgMar")), ours.find(w("pgMar"))
    if their_margins is not None and our_margins is not None:
        for side in _PAGE_MARGINS:
            value = their_margins.get(w(side))
            if value is not None and value.lstrip("-").isdigit():
                our_margins.set(w(side), value)
