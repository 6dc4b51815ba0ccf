"""Escaping, attributes and identifiers: everything that turns model text into markup goes through here.

Nothing from the source becomes an element or an attribute name: text is escaped,
classes are reduced to safe tokens, ``lang``/``dir`` are checked, other key-value
pairs become ``data-*`` attributes (as pandoc's HTML5 writer does), and identifiers
become valid XML names (EPUBCheck refuses an ``id`` that is not an NCName).
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable

from ...model import Article, Attr, identifiers
from ...text import xml_safe

_CLASS = re.compile(r"^[A-Za-z_][A-Za-z0-9_-]{0,63}$")
_LANG = re.compile(r"^[A-Za-z]{1,8}(?:-[A-Za-z0-9]{1,8})*$")
_DATA_KEY = re.compile(r"^[a-z][a-z0-9_-]{0,63}$")
_RESERVED_PAIRS = frozenset({"lang", "dir", "id", "class", "style", "alt", "credit", "width", "height"})


def esc(text: str) -> str:
    """Text or attribute value, escaped and stripped of what XML cannot hold."""
    return html.escape(xml_safe(text), quote=True)


def classes(names: Iterable[str]) -> list[str]:
    """The class names that are safe tokens (letters, digits, ``-``, ``_``); the others are dropped."""
    return [name for name in names if _CLASS.match(name)]


def attributes(attr: Attr, *, element_id: str | None = None, extra_classes: Iterable[str] = ()) -> str:
    """`` id="..." class="..." lang="..." dir="..." data-k="v"`` for an element (with a leading space, or ``""``).

    ``element_id`` is the identifier already made unique by :class:`Anchors`;
    ``attr.identifier`` itself is never written.
    """
    parts: list[str] = []
    if element_id:
        parts.append(f'id="{esc(element_id)}"')
    names = [*extra_classes, *classes(attr.classes)]
    if names:
        parts.append(f'class="{esc(" ".join(dict.fromkeys(names)))}"')
    lang = attr.get("lang")
    if lang and _LANG.match(lang):
        parts.append(f'lang="{esc(lang)}"')
    direction = given_direction(attr)
    if direction:
        parts.append(f'dir="{direction}"')
    seen: set[str] = set()
    for key, value in attr.pairs:
        name = key.lower()
        if name in _RESERVED_PAIRS or name in seen or not _DATA_KEY.match(name):
            continue
        seen.add(name)
        parts.append(f'data-{name}="{esc(value)}"')
    return "".join(" " + part for part in parts)


def xml_name(identifier: str) -> str:
    """``identifier`` as a valid XML name without colons: bad characters become ``-``, a bad start gets ``id-``."""
    cleaned = re.sub(r"[^\w.-]", "-", xml_safe(identifier))
    return cleaned if cleaned and (cleaned[0].isalpha() or cleaned[0] == "_") else f"id-{cleaned}"


class Anchors:
    """The ``id`` each identifier gets, unique in the document, and fresh ids for what the writer adds.

    Every identifier a ``#link`` may point at (:func:`convert.model.identifiers`) is
    mapped once, before rendering, so links and destinations agree. An identifier
    met a second time gets no ``id`` (an EPUB with duplicate ids is invalid).
    """

    def __init__(self, article: Article) -> None:
        self._ids: dict[str, str] = {}
        self._taken: set[str] = set()
        for identifier in sorted(identifiers(article)):
            self._ids[identifier] = self._unique(xml_name(identifier))
        self._emitted: set[str] = set()

    def _unique(self, base: str) -> str:
        candidate, number = base, 1
        while candidate in self._taken:
            number += 1
            candidate = f"{base}-{number}"
        self._taken.add(candidate)
        return candidate

    def href(self, target: str) -> str | None:
        """``#id`` for an internal link ``#identifier`` whose destination exists, else ``None``."""
        found = self._ids.get(target[1:]) if target.startswith("#") else None
        return f"#{found}" if found else None

    def claim(self, identifier: str) -> str | None:
        """The ``id`` to write for ``identifier`` on an element: ``None`` for ``""`` or an identifier already written."""
        if not identifier:
            return None
        found = self._ids.get(identifier)
        if found is None:  # not a link destination (e.g. inside a note): still an id, but a fresh one
            found = self._ids[identifier] = self._unique(xml_name(identifier))
        if found in self._emitted:
            return None
        self._emitted.add(found)
        return found

    def fresh(self, base: str) -> str:
        """A new id like ``base`` that no identifier of the article uses (``fn-1``, ``figure-2``...)."""
        found = self._unique(base)
        self._emitted.add(found)
        return found


def given_direction(attr: Attr) -> str | None:
    """The source's own ``dir`` (``ltr``, ``rtl`` or ``auto``, any case), or None when it gives none or another."""
    direction = (attr.get("dir") or "").lower()
    return direction if direction in ("ltr", "rtl", "auto") else None
