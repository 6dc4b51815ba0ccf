"""The project file, ``convert.toml``: defaults for a folder of articles, as Quarto's ``_quarto.yml``.

Found in the article's folder or the nearest folder above it (the working
folder when no article is named). Its folder is the *project root*: images
anywhere under it are allowed, and site-root paths (``/assets/x.jpg``) resolve
against it (or against the ``site-root`` it names). Command-line options win
over it; ``[metadata]`` values are defaults under each article's front matter.

Example::

    sources = ["source/article.md"]     # what `convert` converts when given no article
    to = ["docx", "pdf", "epub", "html"]
    out-dir = "out"                      # relative paths are relative to this file's folder
    paper = "a4"
    resource-path = ["assets"]

    [metadata]
    publisher = "RFE/RL"
    lang = "en"
"""

from __future__ import annotations

import difflib
import re
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import SourceError

PROJECT_FILE = "convert.toml"
#: A project file larger than this is refused (it holds settings, not content).
MAX_PROJECT_BYTES = 1024 * 1024


def _text(value: object) -> str | None:
    return value if isinstance(value, str) and value.strip() else None


def _flag(value: object) -> bool | None:
    return value if isinstance(value, bool) else None


def _count(value: object) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) and value > 0 else None


def _texts(value: object) -> list[str] | None:
    items = [value] if isinstance(value, str) else value
    if isinstance(items, list) and items and all(isinstance(i, str) and i.strip() for i in items):
        return list(items)
    return None


#: key → (how to read its value, what to write in a message when it is wrong, is it a path).
_KEYS: dict[str, tuple[Callable[[object], object], str, bool]] = {
    "sources": (_texts, "a list of paths", True),
    "to": (_texts, 'a format or a list of formats, e.g. ["docx", "pdf"]', False),
    "out-dir": (_text, "a folder path", True),
    "paper": (lambda v: v if v in ("a4", "letter") else None, '"a4" or "letter"', False),
    "font-family": (_text, 'a font family name, e.g. "DejaVu Serif"', False),
    "reference-doc": (_text, "a .docx file path", True),
    "resource-path": (_texts, "a list of folders", True),
    "site-root": (_text, "a folder path", True),
    "jobs": (_count, "a whole number above 0", False),
    "max-image-pixels": (_count, "a whole number above 0", False),
    "smart": (_flag, "true or false", False),
    "cover": (_flag, "true or false", False),
    "toc": (_flag, "true or false", False),
    "fetch-images": (_flag, "true or false", False),
    "verify": (_flag, "true or false", False),
}
_ALIASES = {"reference-docx": "reference-doc", "output-dir": "out-dir", "papersize": "paper"}


@dataclass(frozen=True)
class Project:
    """A loaded project file: its folder, its option defaults (keys as in the file) and metadata defaults."""

    file: Path
    options: Mapping[str, Any] = field(default_factory=dict)  # paths already absolute
    metadata: Mapping[str, Any] = field(default_factory=dict)

    @property
    def root(self) -> Path:
        return self.file.parent

    @property
    def site_root(self) -> Path:
        return Path(self.options.get("site-root", self.root))


def find_project(start: Path) -> Path | None:
    """The nearest ``convert.toml`` in ``start`` (a folder) or a folder above it."""
    folder = start.resolve()
    for candidate in (folder, *folder.parents):
        path = candidate / PROJECT_FILE
        if path.is_file():
            return path
    return None


def load_project(path: Path) -> Project:
    """Read and check ``path``; raises :class:`~convert.errors.SourceError` naming the line of a bad key or value."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise SourceError(f"cannot read the project file: {exc.strerror}", file=str(path)) from None
    if len(raw) > MAX_PROJECT_BYTES:
        raise SourceError("the project file is over 1 MB", file=str(path), hint="keep settings only in it")
    text = raw.decode("utf-8", "replace")
    try:
        table = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        line = int(m.group(1)) if (m := re.search(r"line (\d+)", str(exc))) else None
        if line is None and "end of document" in str(exc):
            line = text.count("\n") + (0 if text.endswith("\n") else 1)  # the last line
        raise SourceError(f"broken TOML in the project file: {exc}", file=str(path), line=line,
                          hint="see https://toml.io for the syntax") from None
    metadata = table.pop("metadata", {})
    if not isinstance(metadata, dict):
        raise _bad(path, text, "metadata", "[metadata] must be a table of 'key = value' lines", "write [metadata]")
    return Project(path.resolve(), _options(path, text, table), metadata)


def _options(path: Path, text: str, table: dict[str, Any]) -> dict[str, Any]:
    options: dict[str, Any] = {}
    for written, value in table.items():
        key = _ALIASES.get(written, written)
        if key not in _KEYS:
            close = difflib.get_close_matches(written, [*_KEYS, "metadata"], n=1, cutoff=0.6)
            hint = f"did you mean '{close[0]}'?" if close else f"known keys: {', '.join(sorted(_KEYS))}, [metadata]"
            raise _bad(path, text, written, f"unknown key '{written}' in the project file", hint)
        reader, expected, is_path = _KEYS[key]
        checked = reader(value)
        if checked is None:
            raise _bad(path, text, written, f"'{written}' must be {expected}", f"for example: {written} = ...")
        if is_path:
            checked = [_absolute(path, p) for p in checked] if isinstance(checked, list) else _absolute(path, str(checked))
        options[key] = checked
    return options


def _absolute(project_file: Path, written: str) -> Path:
    return (project_file.parent / Path(written).expanduser()).resolve()


def _bad(path: Path, text: str, key: str, message: str, hint: str) -> SourceError:
    return SourceError(message, file=str(path), line=_line_of(text, key), hint=hint)


def key_line(project: Project, key: str) -> int | None:
    """The line of ``key`` in the project file (for a message about its value), if it can be found."""
    try:
        return _line_of(project.file.read_text(encoding="utf-8", errors="replace"), key)
    except OSError:
        return None


def _line_of(text: str, key: str) -> int | None:
    pattern = re.compile(rf"^\s*(?:{re.escape(key)}|\"{re.escape(key)}\"|\[{re.escape(key)}\])\s*(=|$)")
    return next((number for number, line in enumerate(text.splitlines(), start=1) if pattern.match(line)), None)
