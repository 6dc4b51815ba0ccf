"""Front matter → checked metadata fields (safe loading only).

:func:`extract` takes the metadata block off the top of the source (leaving
blank lines, so line numbers in the body stay those of the file); :func:`parse`
checks its fields; :func:`to_meta` builds :class:`~convert.model.Meta`.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Any

import yaml

from ..errors import SourceError
from ..model import Meta

_SCALARS = ("title", "subtitle", "lang", "publisher", "rights", "identifier")
_LISTS = ("author", "keywords")
_LANG = re.compile(r"^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*$")


_FENCE = re.compile(r"^---[ \t]*$")
_CLOSE = re.compile(r"^(---|\.\.\.)[ \t]*$")


def extract(text: str, *, name: str) -> tuple[dict[str, object], str]:
    """The checked fields of the metadata block at the top of ``text``, and the body.

    The body keeps the file's line count: the block's lines become blank lines.
    """
    lines = text.split("\n")
    if not lines or not _FENCE.match(lines[0]):
        return {}, text
    end = next((i for i in range(1, len(lines)) if _CLOSE.match(lines[i])), None)
    if end is None:
        return {}, text
    fields = parse("\n".join(lines[1:end]), name=name, first_line=2)
    return fields, "\n" * end + "\n" + "\n".join(lines[end + 1 :])


def parse(text: str, *, name: str, first_line: int) -> dict[str, object]:
    """Load and check front matter; ``first_line`` is the file line of its first line."""
    try:
        loaded = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = first_line + mark.line if mark is not None else first_line
        column = mark.column + 1 if mark is not None else 1
        problem = getattr(exc, "problem", None) or str(exc)
        raise SourceError(
            f"broken YAML front matter: {problem}",
            file=name,
            line=line,
            column=column,
            hint="fix the YAML between the '---' lines (quote values that contain ': ')",
        ) from None
    except ValueError as exc:  # YAML resolved a value (e.g. 2017-13-45 as a date) it cannot build
        key, line = _unbuildable(text, first_line)
        raise SourceError(f"front matter '{key}' is not a valid value: {exc}", file=name, line=line,
                          hint="write an ISO date, e.g. 'date: 2017-11-23', or quote the value") from None
    if loaded is None:
        return {}
    if not isinstance(loaded, dict):
        raise SourceError(
            "front matter must be a mapping of 'key: value' lines",
            file=name,
            line=first_line,
            hint="write e.g. 'title: My story'",
        )
    lines = _key_lines(text, first_line)
    checked: dict[str, object] = {}
    for key, value in loaded.items():
        key = str(key)
        if value is None:
            continue

        def fail(message: str, hint: str, key: str = key) -> SourceError:
            return SourceError(message, file=name, line=lines.get(key, first_line), hint=hint)

        checked[key] = _check(key, value, fail)
    return checked


def _unbuildable(text: str, first_line: int) -> tuple[str, int]:
    """The key whose value YAML recognised but could not construct, and its line."""
    node = yaml.compose(text, Loader=yaml.SafeLoader)
    constructor = yaml.SafeLoader("")
    for key, value in node.value if isinstance(node, yaml.MappingNode) else []:
        try:
            constructor.construct_object(value, deep=True)
        except ValueError:
            return str(key.value), first_line + key.start_mark.line
    return "?", first_line


def _key_lines(text: str, first_line: int) -> dict[str, int]:
    node = yaml.compose(text, Loader=yaml.SafeLoader)
    if not isinstance(node, yaml.MappingNode):
        return {}
    return {str(k.value): first_line + k.start_mark.line for k, _ in node.value}


def _check(key: str, value: Any, fail: Callable[[str, str], SourceError]) -> object:
    if key == "date":
        return _iso_date(value, fail)
    if key in _SCALARS:
        if isinstance(value, bool) or not isinstance(value, (str, int, float)):
            raise fail(f"front matter '{key}' must be text, not {_kind(value)}", f"write '{key}: some text'")
        text = str(value).strip()
        if key == "lang" and not _LANG.match(text):
            raise fail(f"front matter 'lang' is not a BCP 47 language tag: {text!r}", "write e.g. 'lang: en' or 'lang: az-Latn'")
        return text
    if key in _LISTS:
        items = value if isinstance(value, list) else [value]
        if key == "keywords" and isinstance(value, str):
            items = [part for part in value.split(",")]
        if not all(isinstance(v, (str, int, float)) and not isinstance(v, bool) for v in items):
            raise fail(f"front matter '{key}' must be text or a list of text", f"write '{key}: [one, two]'")
        return tuple(str(v).strip() for v in items if str(v).strip())
    return value  # unknown keys are kept for extensions and ignored by writers


def _iso_date(value: Any, fail: Callable[[str, str], SourceError]) -> str:
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip()[:10]).isoformat()
        except ValueError:
            pass
    raise fail(f"front matter 'date' is not a date: {value!r}", "write an ISO date, e.g. 'date: 2017-11-23'")


def _kind(value: object) -> str:
    return {list: "a list", dict: "a mapping", bool: "true/false"}.get(type(value), type(value).__name__)


def to_meta(fields: dict[str, object], *, title: str, typography: Callable[[str], str]) -> Meta:
    """Build :class:`Meta`; ``typography`` applies the body's smart punctuation to display text."""

    def text(key: str) -> str | None:
        value = fields.get(key)
        return str(value) if value is not None else None

    subtitle = text("subtitle")
    lang = text("lang") or "en"
    return Meta(
        title=typography(title) if "title" in fields else title,
        subtitle=typography(subtitle) if subtitle else None,
        author=_tuple(fields.get("author")),
        date=text("date"),
        lang=lang,
        publisher=text("publisher"),
        rights=text("rights"),
        identifier=text("identifier"),
        keywords=_tuple(fields.get("keywords")),
    )


def _tuple(value: object) -> tuple[str, ...]:
    return value if isinstance(value, tuple) else ()
