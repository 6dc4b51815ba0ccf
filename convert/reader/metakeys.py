"""Metadata entries (YAML, TOML, title block) → the checked fields :class:`~convert.model.Meta` is built from.

Keys as Jekyll, Hugo, Quarto and pandoc users write them are mapped where they
mean ours (:data:`ALIASES`); keys of features we have or plan (:data:`FEATURE_KEYS`)
and pandoc's other variables are kept as written, silently; any other key is
kept silently too (sites have hundreds), unless it looks like a typo of a key
we read ("did you mean 'title'?") or like prose rather than a key.
"""

from __future__ import annotations

import dataclasses
import difflib
import re
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from ..errors import SourceError
from ..text import XML_ILLEGAL_OR_CONTROL
from . import baseurl
from .dates import EpochError, read_date
from .safeyaml import Entry

#: A warning sink: ``warn(message, line)`` (what :meth:`ReadContext.warn` takes).
Warn = Callable[[str, "int | None"], None]

#: Our field ← the keys that mean it, in order of precedence. "author" and "keywords"
#: merge every key (duplicates dropped); the others take the first key present.
ALIASES: dict[str, tuple[str, ...]] = {
    "title": ("title",),
    "subtitle": ("subtitle",),
    "author": ("author", "authors"),
    "date": ("date",),
    "lang": ("lang", "language"),
    "publisher": ("publisher",),
    "rights": ("rights", "copyright", "license", "licence"),
    "identifier": ("identifier", "isbn", "doi"),
    "keywords": ("keywords", "tags", "categories", "category"),
    "description": ("description", "summary", "abstract"),
}
_MERGED = ("author", "keywords")
#: pandoc keys of features we have or will have: kept in the fields, never warned about.
FEATURE_KEYS = frozenset({"toc", "toc-depth", "toc-title", "papersize", "mainfont", "cover-image", "base-url",
                          "certified-by"})
# pandoc's other variables (its manual, "Variables"): kept silently and never "corrected".
_PANDOC_VARIABLES = frozenset({
    "abstract-title", "author-meta", "date-meta", "title-meta", "pagetitle", "title-prefix", "subject",
    "header-includes", "include-before", "include-after", "css", "dir", "document-css", "fontsize", "linestretch",
    "monofont", "sansfont", "mathfont", "fontfamily", "geometry", "margin-left", "margin-right", "margin-top",
    "margin-bottom", "lof", "lot", "numbersections", "number-sections", "documentclass", "classoption",
    "bibliography", "csl", "nocite", "link-citations", "reference-section-title", "epub-cover-image",
})
# Jekyll's, Hugo's and Quarto's own keys (their documentation), lower-cased: never taken for typos of ours.
_SITE_KEYS = frozenset({
    "layout", "permalink", "published", "excerpt", "excerpt_separator", "last_modified_at", "image",
    "redirect_from", "sitemap", "comments", "aliases", "audio", "build", "cascade", "draft", "expirydate",
    "headless", "images", "iscjklanguage", "lastmod", "linktitle", "markup", "menu", "menus", "outputs",
    "params", "publishdate", "resources", "slug", "translationkey", "type", "url", "videos", "weight", "series",
    "date-modified", "date-format", "image-alt", "citation", "funding", "format", "execute", "jupyter",
    "engine", "knitr", "editor", "filters", "toc-location", "code-fold", "title-block-banner", "freeze",
    "twitter-card", "open-graph", "google-scholar", "page-layout", "institute", "order", "listing", "crossref",
    "lightbox", "other-links", "code-links",
})
_KNOWN = frozenset(key for keys in ALIASES.values() for key in keys) | FEATURE_KEYS | _PANDOC_VARIABLES
_TYPO_TARGETS = sorted(frozenset(key for keys in ALIASES.values() for key in keys) | FEATURE_KEYS)
_TYPO_CUTOFF = 0.8  # "titel", "autor", "keyword" are caught; "published", "category" pass
_TYPO_CHECKS = 200  # keys looked at for typos (real front matter has a few dozen; a huge one stays fast)
_LANG = re.compile(r"^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*$")


def normalise(entries: Iterable[Entry], *, name: str, warn: Warn, environ: Mapping[str, str] | None = None,
              lang: str | None = None) -> dict[str, object]:
    """The checked fields of ``entries``: our field names (see :data:`ALIASES`) plus every other key as written.

    Fields: ``title``, ``subtitle``, ``publisher``, ``rights``, ``identifier``,
    ``description``, ``lang`` (str); ``author``, ``keywords`` (tuple of str);
    ``date`` (ISO str) or ``date_text`` (as written); ``base-url`` (str, an absolute http(s)
    address: :func:`.baseurl.problem`). ``lang`` orders an ambiguous day and month when the
    entries give no language (see :func:`.dates.month_first`). Raises
    :class:`~convert.errors.SourceError` for a field of the wrong type, a bad language tag or
    a ``base-url`` that is no absolute http(s) address.
    """
    by_key: dict[str, Entry] = {}
    for index, entry in enumerate(entries):
        entry = _cleaned(entry, warn)
        if entry.key in by_key:
            warn(f"{_key_named(entry)} given twice; the last one is used", entry.line)
        by_key[entry.key] = entry
        if index < _TYPO_CHECKS:
            _check_key(entry, warn)
    fields: dict[str, object] = {k: e.value for k, e in by_key.items() if k not in ALIASES}
    checker = _Checker(name)
    for field, keys in ALIASES.items():
        present = [by_key[key] for key in keys if key in by_key and by_key[key].value not in (None, "", [], {})]
        if field == "date":
            continue
        value = checker.merged(field, present) if field in _MERGED else checker.first(field, present)
        if value:
            fields[field] = value
    if by_key.get(baseurl.KEY) is not None and by_key[baseurl.KEY].value not in (None, ""):
        fields[baseurl.KEY] = checker.base_url(by_key[baseurl.KEY])
    _check_settings(by_key, fields, warn)
    if "date" in by_key and by_key["date"].value is not None:
        fields.update(_date(by_key["date"], str(fields.get("lang") or lang or "en"), name, warn, environ))
    return fields


#: pandoc's ``papersize`` values we make, and the paper each means.
PAPERS = {"a4": "a4", "a4paper": "a4", "letter": "letter", "letterpaper": "letter", "us-letter": "letter"}


def _check_settings(by_key: Mapping[str, Entry], fields: dict[str, object], warn: Warn) -> None:
    """pandoc's writer variables we use (``toc``, ``papersize``): a value we cannot use is warned about at its
    key's line and left out of ``fields`` (the writers' defaults apply), never a refused article."""
    toc = by_key.get("toc")
    if toc is not None and toc.value is not None and not isinstance(toc.value, bool):
        warn(f"{_key_named(toc)} must be true or false, not {toc.value!r}; ignored", toc.line)
        fields.pop("toc", None)
    paper = by_key.get("papersize")
    usable = paper is None or paper.value in (None, "") or (
        isinstance(paper.value, str) and paper.value.strip().lower() in PAPERS)
    if paper is not None and not usable:
        warn(f"{_key_named(paper)}: {paper.value!r} is not a paper we make (a4, letter); ignored", paper.line)
        fields.pop("papersize", None)


def _cleaned(entry: Entry, warn: Warn) -> Entry:
    """The entry without characters XML cannot hold nor DEL/C1 controls (reached through escapes such as
    ``"\\x01"``, ``"\\N"``), warned."""
    removed: list[str] = []
    value = _strip_illegal(entry.value, removed)
    key = XML_ILLEGAL_OR_CONTROL.sub("", entry.key)
    removed.extend(XML_ILLEGAL_OR_CONTROL.findall(entry.key))
    if not removed:
        return entry
    codes = ", ".join(sorted({f"U+{ord(c):04X}" for c in removed}))
    written = XML_ILLEGAL_OR_CONTROL.sub("", entry.written) if entry.written is not None else None
    cleaned = dataclasses.replace(entry, key=key, value=value, written=written)
    warn(f"removed {len(removed)} character(s) no document can hold ({codes}) from {cleaned.named()}", entry.line)
    return cleaned


def _strip_illegal(value: Any, removed: list[str]) -> Any:
    if isinstance(value, str):
        removed.extend(XML_ILLEGAL_OR_CONTROL.findall(value))
        return XML_ILLEGAL_OR_CONTROL.sub("", value)
    if isinstance(value, list):
        return [_strip_illegal(item, removed) for item in value]
    if isinstance(value, dict):
        return {_strip_illegal(k, removed): _strip_illegal(v, removed) for k, v in value.items()}
    return value


def _check_key(entry: Entry, warn: Warn) -> None:
    """Warn about a key that looks like a typo of one we read, or like prose; stay silent otherwise."""
    key = entry.key
    if key in _KNOWN or key.lower() in _SITE_KEYS:
        return
    if key.lower() in _KNOWN:
        warn(f"{_key_named(entry)} is not read: did you mean '{key.lower()}'? (keys are case-sensitive)",
             entry.line)
    elif re.search(r"\s", key.strip()):
        if entry.origin == "source":  # a sentence taken for a key; given outside the source, a key is a key
            warn(f"front matter key '{key}' looks like text, not a key, and is not shown; if it is text, "
                 "leave a blank line after the opening '---' (a rule, as in pandoc)", entry.line)
    else:
        close = difflib.get_close_matches(key.lower(), _TYPO_TARGETS, n=1, cutoff=_TYPO_CUTOFF)
        if close:
            warn(f"{_key_named(entry)} is not read: did you mean '{close[0]}'?", entry.line)


def _key_named(entry: Entry) -> str:
    """A key as a message names it: ``front matter key 'x'`` in the source, ``-M x`` or a metadata default."""
    return f"front matter key '{entry.key}'" if entry.origin == "source" else entry.named()


class _Checker:
    """Turns the entries of one field into its value, or raises a SourceError naming the line."""

    def __init__(self, name: str) -> None:
        self.name = name

    def fail(self, entry: Entry, message: str, example: str) -> SourceError:
        """The error for ``entry``; ``example`` is a value that would do (YAML), shown as its giver writes it.

        Given outside the source (``-M``, the defaults), it names no line of the article.
        """
        file = self.name if entry.origin == "source" else None
        return SourceError(f"{entry.named()} {message}", file=file, line=entry.line, hint=_how_to_write(entry, example))

    def first(self, field: str, present: list[Entry]) -> str | None:
        for entry in present:
            value = self.text(field, entry)
            if value:
                return value
        return None

    def text(self, field: str, entry: Entry) -> str | None:
        value = entry.value
        if field == "rights" and isinstance(value, dict) and entry.key in ("copyright", "license"):
            return _quarto_rights(value)
        if isinstance(value, (list, dict)):
            if entry.key != field:  # another site's key in a shape we do not read: keep it, use the next
                return None
            raise self.fail(entry, f"must be text, not {_kind(value)}", "some text")
        text = (entry.written if entry.written is not None else _scalar_text(value)).strip()
        if field == "lang" and text and not _LANG.match(text):
            raise self.fail(entry, f"is not a BCP 47 language tag: {text!r}", "en")
        if field == "identifier" and entry.key in ("isbn", "doi") and text and not text.lower().startswith("urn:"):
            return _identifier_urn(entry.key, text)
        return text

    def base_url(self, entry: Entry) -> str:
        """``base-url`` checked (see :mod:`.baseurl`): an absolute http(s) address with a host."""
        why = baseurl.problem(entry.value)
        if why is not None:
            raise self.fail(entry, why, baseurl.EXAMPLE)
        return str(entry.value).strip()

    def merged(self, field: str, present: list[Entry]) -> tuple[str, ...]:
        seen: dict[str, str] = {}
        for entry in present:
            for item in self.items(field, entry):
                seen.setdefault(item.casefold(), item)
        return tuple(seen.values())

    def items(self, field: str, entry: Entry) -> list[str]:
        value = entry.value
        if field == "keywords" and isinstance(value, str):
            return [part.strip() for part in value.split(",") if part.strip()]
        values = value if isinstance(value, list) else [value]
        names = [_author_name(v) if field == "author" else _scalar_or_none(v) for v in values]
        if any(n is None for n in names):
            shape = "text (a name), a list of names, or Quarto's {name: ...}" if field == "author" else "text or a list of text"
            raise self.fail(entry, f"must be {shape}", "[one, two]")
        return [n.strip() for n in names if n and n.strip()]


def _date(entry: Entry, lang: str, name: str, warn: Warn, environ: Mapping[str, str] | None) -> dict[str, object]:
    if isinstance(entry.value, (list, dict)):
        warn(f"{entry.named()} must be one date, not {_kind(entry.value)}; not shown", entry.line)
        return {}
    value = entry.written if entry.written is not None else entry.value
    try:
        read = read_date(value, lang=lang, environ=environ)
    except EpochError as exc:
        raise SourceError(str(exc), file=name if entry.origin == "source" else None, line=entry.line,
                          hint="set SOURCE_DATE_EPOCH to a whole number of seconds, or unset it") from None
    if read.problem:
        warn(f"{entry.named()} {read.problem}: {read.text!r}", entry.line)
    return {"date": read.iso} if read.iso else {"date_text": read.text} if read.text else {}


def _how_to_write(entry: Entry, example: str) -> str:
    """How ``entry``'s giver writes ``example``: a YAML line in the source or a metadata file, a ``-M`` option."""
    if entry.origin == "-M":
        return f"write -M '{entry.key}={example}'; -M values are read as YAML"
    return f"write '{entry.key}: {example}'"


def _author_name(value: object) -> str | None:
    """A name from a string, or from Quarto's ``{name: ...}`` / ``{name: {given:, family:}}`` / ``{name: {literal:}}``."""
    if isinstance(value, dict):
        name = value.get("name")
        if isinstance(name, dict):
            literal = _scalar_or_none(name.get("literal"))
            given_family = [_scalar_or_none(name.get(part)) for part in ("given", "non-dropping-particle", "family")]
            return literal or " ".join(p for p in given_family if p) or None
        return _scalar_or_none(name)
    return _scalar_or_none(value)


def _quarto_rights(value: dict[Any, Any]) -> str | None:
    """Quarto's ``copyright: {holder, year, statement}`` or ``license: {text, type}`` as one line."""
    for key in ("statement", "text"):
        if _scalar_or_none(value.get(key)):
            return _scalar_or_none(value.get(key))
    holder_year = [_scalar_or_none(value.get("year")), _scalar_or_none(value.get("holder"))]
    if any(holder_year):
        return "© " + " ".join(p for p in holder_year if p)
    return _scalar_or_none(value.get("type"))


def _identifier_urn(key: str, text: str) -> str:
    """``isbn: 978-...`` → ``urn:isbn:978-...``; ``doi: 10.59350/x`` or its https://doi.org/ address → ``urn:doi:10.59350/x``."""
    if key == "doi":
        text = re.sub(r"^(?:https?://(?:dx\.)?doi\.org/|doi:)", "", text, flags=re.IGNORECASE)
    else:
        text = re.sub(r"^isbn[:\s]*", "", text, flags=re.IGNORECASE)
    return f"urn:{key}:{text}"


def _scalar_or_none(value: object) -> str | None:
    if value is None or isinstance(value, (list, dict, set, bytes)):
        return None
    return _scalar_text(value)


def _scalar_text(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return value.isoformat() if hasattr(value, "isoformat") else str(value)


def _kind(value: object) -> str:
    return {list: "a list", dict: "a mapping", bool: "true/false"}.get(type(value), type(value).__name__)
