"""The metadata block at the top of a source → checked fields → :class:`~convert.model.Meta`.

:func:`extract` takes the block off the top of the source, leaving blank
lines so that line numbers in the body stay those of the file. Three kinds of
block are read, as the tools that write them read them:

- YAML front matter (pandoc, Jekyll, Hugo, Quarto): ``---`` on the first line,
  its first key on the very next line, closed by ``---`` or ``...``. A ``---``
  followed by a blank line is a thematic break, not front matter (pandoc's
  rule), and a block that is not a mapping (``---`` / ``Just text`` / ``---``)
  stays in the body: text is never taken for metadata unseen. Loading is safe
  and bounded (see :mod:`.safeyaml`).
- TOML front matter (Hugo, Zola): between two ``+++`` lines, read with ``tomllib``.
- pandoc's title block: ``% Title`` / ``% Author; Author`` / ``% Date`` (see :mod:`.titleblock`).

Keys are mapped and checked by :mod:`.metakeys`, dates read by :mod:`.dates`.
"""

from __future__ import annotations

import logging
import re
import tomllib
from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING, Any

from ..errors import SourceError
from ..errors import warn as log_warning
from ..model import Meta, Settings
from .metakeys import PAPERS, Warn, normalise
from .safeyaml import Entry, Origin, load_entries
from .titleblock import is_title_block, read_title_block

if TYPE_CHECKING:
    from .context import ReadContext

__all__ = ["DEFAULT_MAX_BYTES", "extract", "to_meta", "to_settings"]

#: Largest metadata block read by default (UTF-8 bytes); ``ReadOptions.max_front_matter_bytes`` changes it.
DEFAULT_MAX_BYTES = 1_000_000

_YAML_OPEN = re.compile(r"^---[ \t]*$")
_YAML_CLOSE = re.compile(r"^(---|\.\.\.)[ \t]*$")
_TOML_FENCE = re.compile(r"^\+\+\+[ \t]*$")
_TOML_POSITION = re.compile(r"\(at line (\d+), column (\d+)\)")
_TOML_PLACE = re.compile(r"\s*\(at (?:line \d+, column \d+|end of document)\)")
_TOML_KEY = re.compile(r"""^\s*("(?:[^"\\]|\\.)*"|'[^']*'|[A-Za-z0-9_-]+)\s*[=.]""")

log = logging.getLogger("convert")


def extract(
    text: str,
    *,
    name: str,
    warn: Warn | None = None,
    max_bytes: int | None = None,
    environ: Mapping[str, str] | None = None,
    defaults: Iterable[tuple[str, object]] = (),
    overrides: Iterable[tuple[str, object]] = (),
    context: ReadContext | None = None,
) -> tuple[dict[str, object], str]:
    """The checked fields of the metadata block at the top of ``text``, and the body.

    The body keeps the file's line count: the block's lines become blank lines.
    Fields are those of :func:`.metakeys.normalise` (our names, plus every other
    key as written). ``warn(message, line)`` receives warnings (default: the
    ``convert`` logger, like :meth:`ReadContext.warn`; warnings about ``defaults``
    and ``overrides`` then name no file and no line, and say ``-M title`` or
    ``metadata default 'title'`` where the source's say ``front matter 'title'``); ``max_bytes`` bounds the
    block (UTF-8 bytes; default the context's ``max_front_matter_bytes``, else
    :data:`DEFAULT_MAX_BYTES`); ``environ`` gives ``SOURCE_DATE_EPOCH`` for ``date: today``.

    ``defaults`` (a project file, ``--metadata-file``) lie under the block and
    ``overrides`` (``-M key=value``) over it, as pandoc merges them: a field
    given by a higher layer replaces the lower one's whole (``author`` and
    ``keywords`` too; ``date`` and ``date_text`` together). With ``context``
    (a :class:`~convert.reader.context.ReadContext`), its ``warn`` and its
    options' ``metadata``, ``metadata_overrides`` and ``max_front_matter_bytes``
    are used when not given here.

    Raises :class:`~convert.errors.SourceError` naming file, line and column.
    """
    given = warn or _unplaced  # metadata given outside the source has no file:line to point at
    if context is not None:
        warn = warn or context.warn
        max_bytes = context.options.max_front_matter_bytes if max_bytes is None else max_bytes
        defaults = defaults or context.options.metadata
        overrides = overrides or context.options.metadata_overrides
    sink = warn or (lambda message, line: log_warning(log, message, file=name, line=line))
    lines = text.split("\n")
    found = _block(lines, name=name, max_bytes=DEFAULT_MAX_BYTES if max_bytes is None else max_bytes)
    entries, taken = found if found is not None else ([], 0)
    layers = [_given(defaults, "metadata"), entries, _given(overrides, "-M")]
    lang = next((str(e.value) for layer in reversed(layers) for e in layer if e.key in ("lang", "language")), None)
    fields: dict[str, object] = {}
    for layer in layers:
        checked = normalise(layer, name=name, warn=sink if layer is entries else given, environ=environ, lang=lang)
        if "date" in checked or "date_text" in checked:
            fields.pop("date", None)
            fields.pop("date_text", None)
        fields.update(checked)
    return fields, ("\n" * taken + "\n".join(lines[taken:]) if taken else text)


def _given(pairs: Iterable[tuple[str, object]], origin: Origin) -> list[Entry]:
    """Metadata given outside the source (no line to point at), named in messages by ``origin``."""
    return [Entry(str(key), value, None, written=value if isinstance(value, str) else None, origin=origin)
            for key, value in pairs]


def _unplaced(message: str, line: int | None) -> None:
    """A warning about metadata given outside the source (``-M``, defaults): no article's file:line."""
    log.warning("%s", message, extra={"text": message})


def _block(lines: list[str], *, name: str, max_bytes: int) -> tuple[list[Entry], int] | None:
    """The entries of the block opening ``lines`` and the number of lines it takes; None without one."""
    first = lines[0]
    if is_title_block(first):
        return read_title_block(lines)
    if _TOML_FENCE.match(first):
        end = _closing(lines, _TOML_FENCE)
        if end is None:
            return None
        body = _bounded(lines[1:end], name=name, max_bytes=max_bytes)
        return _toml_entries(body, name=name), end + 1
    if _YAML_OPEN.match(first) and len(lines) > 1 and lines[1].strip():
        end = _closing(lines, _YAML_CLOSE)
        if end is None:
            return None
        entries = load_entries(_bounded(lines[1:end], name=name, max_bytes=max_bytes), name=name, first_line=2)
        return None if entries is None else (entries, end + 1)
    return None


def _closing(lines: list[str], fence: re.Pattern[str]) -> int | None:
    return next((i for i in range(1, len(lines)) if fence.match(lines[i])), None)


def _bounded(block: list[str], *, name: str, max_bytes: int) -> str:
    text = "\n".join(block)
    size = len(text.encode("utf-8", "surrogatepass"))
    if size > max_bytes:
        raise SourceError(
            f"front matter is {size:,} bytes, over the limit of {max_bytes:,}",
            file=name, line=1, column=1,
            hint="front matter holds the article's metadata: move data elsewhere, or raise the limit "
                 "(--max-front-matter-bytes, ReadOptions.max_front_matter_bytes)",
        )
    return text


def _toml_entries(text: str, *, name: str) -> list[Entry]:
    """Top-level entries of TOML front matter (lines found by a scan: ``tomllib`` gives none)."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        where = _TOML_POSITION.search(str(exc))
        last = text.count("\n") + 1  # "(at end of document)"
        line, column = (int(where.group(1)), int(where.group(2))) if where else (last, len(text.split("\n")[-1]) + 1)
        problem = _TOML_PLACE.sub("", str(exc)).strip()
        raise SourceError(f"broken TOML front matter: {problem}", file=name, line=line + 1, column=column,
                          hint="fix the TOML between the '+++' lines (quote text values: title = \"...\")") from None
    key_lines = _toml_key_lines(text)
    return [Entry(key, value, key_lines.get(key, 2)) for key, value in data.items()]


def _toml_key_lines(text: str) -> dict[str, int]:
    """The file line of each top-level key (keys of ``[tables]`` are the table's)."""
    found: dict[str, int] = {}
    for number, line in enumerate(text.split("\n"), start=2):
        table = re.match(r"^\s*\[+\s*([^\].]+)", line)
        key = table or _TOML_KEY.match(line)
        if key:
            found.setdefault(key.group(1).strip().strip("\"'"), number)
    return found


def to_meta(fields: Mapping[str, object], *, title: str, typography: Callable[[str], str]) -> Meta:
    """Build :class:`Meta` from the fields :func:`extract` returned.

    ``title`` is the title found by the reader (the field, or a leading heading);
    ``typography`` applies the body's smart punctuation to display text (title,
    subtitle, authors, description, publisher, rights), as pandoc's ``smart``
    applies to metadata.
    """

    def text(key: str) -> str | None:
        value = fields.get(key)
        return str(value) if value is not None and str(value).strip() else None

    def display(key: str) -> str | None:
        value = text(key)
        return typography(value) if value else None

    return Meta(
        title=typography(title) if "title" in fields else title,
        subtitle=display("subtitle"),
        author=tuple(typography(name) for name in _strings(fields.get("author"))),
        date=text("date"),
        lang=text("lang") or "en",
        publisher=display("publisher"),
        rights=display("rights"),
        identifier=text("identifier"),
        keywords=_strings(fields.get("keywords")),
        description=display("description"),
        date_text=text("date_text"),
        certified_by=text("certified-by"),
    )




def to_settings(fields: Mapping[str, object], context: ReadContext) -> Settings:
    """pandoc's writer variables in the front matter: ``papersize``, ``mainfont``, ``toc``, ``cover-image``.

    A value we cannot use was warned about at its line and left out by :func:`.metakeys.normalise`;
    ``cover-image`` is found and checked as any image (a missing one refuses the article, as pandoc does).
    """
    paper = str(fields.get("papersize") or "").strip().lower()
    font = fields.get("mainfont")
    toc = fields.get("toc")
    cover = str(fields.get("cover-image") or "").strip()
    return Settings(paper=PAPERS.get(paper), font_family=str(font).strip() if isinstance(font, str) and
                    font.strip() else None, toc=toc if isinstance(toc, bool) else None,
                    cover=context.image(cover, 1) if cover else None)


def _strings(value: Any) -> tuple[str, ...]:
    if isinstance(value, (tuple, list)):
        return tuple(str(v) for v in value)
    return ()

