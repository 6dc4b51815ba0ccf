"""Reading an article: a Markdown source (front matter, raw HTML, images) → :class:`~convert.model.Article`.

The only package that knows Markdown and HTML. :func:`read` takes a path;
:func:`read_text` takes Markdown text: a string is never taken for a path, so
a service that passes user text to :func:`read_text` cannot be made to read a file.

Modules: :mod:`.markdown` (block tokens → blocks) with :mod:`.parser` (the
markdown-it rules), :mod:`.inlines`, :mod:`.tables`, :mod:`.table_syntax`,
:mod:`.grid_tables`, :mod:`.lists`, :mod:`.notes`, :mod:`.figures`,
:mod:`.headings`, :mod:`.identifiers`, :mod:`.attributes`, :mod:`.smart`,
:mod:`.divs`, :mod:`.inline_rules`, :mod:`.tokens` (markdown-it-py tokens
never leave these); :mod:`.finish` and :mod:`.tree` (what is settled over the
finished tree: heading levels and ids, nesting, ``#links``);
:mod:`.baseurl` (``base-url``: relative link targets made absolute);
:mod:`.html` (raw HTML → the same nodes), :mod:`.frontmatter` (metadata),
:mod:`.assets` (images), :mod:`.context` (what they share while reading).

Sources larger than ``ReadOptions.max_source_bytes`` (20 MB) are refused
before they are parsed.
"""

from __future__ import annotations

import os
from pathlib import Path

from .._gc import collector_paused
from ..errors import SourceError
from ..model import Article
from ..text import XML_ILLEGAL_OR_CONTROL
from .assets import AssetPolicy
from .context import ReadContext, ReadOptions
from .markdown import parse_article

__all__ = ["ReadContext", "ReadOptions", "read", "read_text"]


def read(path: str | os.PathLike[str], options: ReadOptions | None = None) -> Article:
    """Read the article stored at ``path`` (UTF-8; images resolve against its folder).

    Raises :class:`~convert.errors.SourceError` (missing, unreadable, not UTF-8,
    bad front matter) and :class:`~convert.errors.AssetError` (images).
    """
    where = Path(path)
    limit = (options or ReadOptions()).max_source_bytes
    return read_text(_read_bytes(where, limit), name=str(where), base_dir=where.parent, options=options)


def read_text(
    text: str | bytes,
    *,
    name: str = "<string>",
    base_dir: str | os.PathLike[str] | None = None,
    options: ReadOptions | None = None,
) -> Article:
    """Read an article from Markdown ``text`` (a ``str``, or UTF-8 ``bytes``).

    ``name`` is used in messages. Images resolve against ``base_dir``, the
    article's folder and an allowed image folder. Without it the text has no
    folder: the working folder is never used (#19), and a local image is read
    only from the folders ``options`` names (``resource_path``, ``extra_roots``,
    ``site_root``); any other is refused as leaving the allowed folders.
    """
    options = options or ReadOptions()
    _check_size(len(text) if isinstance(text, bytes) else _utf8_length(text, options.max_source_bytes), options, name)
    source = _decode(text, name) if isinstance(text, bytes) else text
    base = Path(base_dir) if base_dir is not None else None
    context = ReadContext(name=name, base_dir=base, policy=AssetPolicy.for_source(base, options), options=options)
    source = _clean(source, context)
    if not source.strip():
        raise SourceError("the source is empty", file=name, line=1, hint="write some Markdown into it")
    with collector_paused():  # linear time on long articles (see convert._gc)
        return parse_article(source, context)


def _check_size(size: int, options: ReadOptions, name: str) -> None:
    if size > options.max_source_bytes:
        raise SourceError(
            f"the source is larger than {options.max_source_bytes:,} bytes",
            file=name,
            hint="split it, or raise the limit (max_source_bytes / --max-source-bytes)",
        )


def _utf8_length(text: str, limit: int) -> int:
    """The UTF-8 size of ``text``, or a number over ``limit`` as soon as that is sure (no full encode for huge text)."""
    if len(text) > limit:
        return len(text)
    if len(text) * 4 <= limit:
        return len(text)
    return len(text.encode("utf-8", "surrogatepass"))


def _read_bytes(path: Path, limit: int) -> bytes:
    try:
        with path.open("rb") as handle:
            data = handle.read(limit + 1)
        if len(data) > limit:
            _check_size(len(data), ReadOptions(max_source_bytes=limit), str(path))
        return data
    except FileNotFoundError:
        raise SourceError("source not found", file=str(path), hint="check the path") from None
    except IsADirectoryError:
        raise SourceError("source is a folder, not a file", file=str(path)) from None
    except (OSError, ValueError) as exc:  # ValueError: a NUL byte in the path
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        raise SourceError(f"cannot read source: {reason}", file=str(path), hint="check the path") from None


def _decode(data: bytes, name: str) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        raise SourceError(
            f"not valid UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start})",
            file=name,
            line=line,
            column=column,
            hint="save the file as UTF-8",
        ) from None


def _clean(text: str, context: ReadContext) -> str:
    """One newline convention, no byte-order mark, none of the characters XML cannot hold and none of the
    invisible controls (DEL, C1; :data:`~convert.text.XML_ILLEGAL_OR_CONTROL`), each line's warned about."""
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    if not XML_ILLEGAL_OR_CONTROL.search(text):
        return text
    return "\n".join(context.legal(line, number) for number, line in enumerate(text.split("\n"), start=1))
