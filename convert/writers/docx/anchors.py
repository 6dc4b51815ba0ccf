"""Bookmarks: every ``Attr.identifier`` becomes a Word bookmark that ``#id`` links (``w:anchor``) point at.

Word's bookmark names are at most 40 characters, start with a letter, hold
only letters, digits and underscores, and compare without regard to case
(names starting with ``_`` are hidden). pandoc's identifiers (``renewed-dialogue``,
``fig:map``, ``1990s``) often are not, so each is mapped deterministically:
an identifier that is already a valid, unused name is kept; any other becomes
its valid characters plus a short hash of the identifier (so ``a-b`` and
``a_b`` stay apart), cut to fit.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from lxml import etree

from ...model import Attr, Block, InlineImage, Link, Note, Span, block_inlines, walk, walk_inlines
from .ooxml import ANCHOR, BOOKMARK_END, BOOKMARK_START, HYPERLINK, ID, NAME

MAX_NAME = 40
_VALID = re.compile(r"[A-Za-z][A-Za-z0-9_]{0,39}\Z")
_INVALID_CHARS = re.compile(r"[^A-Za-z0-9_]+")


def _hashed(identifier: str) -> str:
    digest = hashlib.sha1(identifier.encode("utf-8", "surrogatepass")).hexdigest()[:8]
    stem = _INVALID_CHARS.sub("_", identifier).strip("_")
    if not stem[:1].isalpha():
        stem = "id_" + stem
    return f"{stem[: MAX_NAME - 9].rstrip('_')}_{digest}"


def bookmark_names(identifiers: Iterable[str]) -> dict[str, str]:
    """Identifier → bookmark name, for identifiers in reading order (the first keeps a clash-free name)."""
    names: dict[str, str] = {}
    taken: set[str] = set()
    for identifier in identifiers:
        if not identifier or identifier in names:
            continue
        name = identifier if _VALID.match(identifier) and identifier.lower() not in taken else _hashed(identifier)
        while name.lower() in taken:  # a clash of hashes: practically never, but stay unique
            name = _hashed(name + identifier)
        taken.add(name.lower())
        names[identifier] = name
    return names


@dataclass
class Bookmarks:
    """The article's bookmark table and the running ``w:id`` counter (ids unique in the document)."""

    names: dict[str, str]
    next_id: int = 0
    placed: set[str] = field(default_factory=set)

    def name(self, identifier: str) -> str | None:
        """The bookmark an ``#identifier`` link points at, or None if there is none."""
        return self.names.get(identifier)

    def start(self, parent: etree._Element, identifier: str) -> str | None:
        """Open the bookmark for ``identifier`` at the end of ``parent``; returns its ``w:id`` (None: nothing placed).

        An identifier is placed once (the first occurrence), as an HTML id would be.
        """
        name = self.names.get(identifier)
        if not name or identifier in self.placed:
            return None
        self.placed.add(identifier)
        bookmark_id = str(self.next_id)
        self.next_id += 1
        element = etree.SubElement(parent, BOOKMARK_START)
        element.set(ID, bookmark_id)
        element.set(NAME, name)
        return bookmark_id

    def unlink_unplaced(self, root: etree._Element) -> None:
        """Turn ``#id`` links whose bookmark was never placed (its target sat in a note inside a note) into text."""
        placed = {self.names[identifier] for identifier in self.placed}
        for link in list(root.iter(HYPERLINK)):
            anchor = link.get(ANCHOR)
            if anchor is not None and anchor not in placed:
                parent = link.getparent()
                if parent is not None:
                    at = parent.index(link)
                    parent[at:at + 1] = list(link)

    @staticmethod
    def end(parent: etree._Element, bookmark_id: str | None) -> None:
        if bookmark_id is not None:
            etree.SubElement(parent, BOOKMARK_END).set(ID, bookmark_id)


def identifiers_in_order(blocks: tuple[Block, ...]) -> list[str]:
    """Every identifier of blocks and spans in reading order, notes included (``"title"`` first)."""
    found = ["title"]
    pending = [blocks]
    while pending:
        for block in walk(pending.pop(0)):
            attr = getattr(block, "attr", None)
            if isinstance(attr, Attr) and attr.identifier:
                found.append(attr.identifier)
            for span in walk_inlines(block_inlines(block)):
                if isinstance(span, (Span, Link, InlineImage)) and span.attr.identifier:
                    found.append(span.attr.identifier)
                elif isinstance(span, Note):
                    pending.append(span.blocks)
    return found
