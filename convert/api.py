"""The library's public functions; ``convert/__init__.py`` re-exports them."""

from __future__ import annotations

import dataclasses
import io
import logging
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO, Literal

from ._gc import collector_paused
from .errors import ConvertError, WriterError
from .model import Article
from .output import write_atomically
from .reader import ReadOptions
from .reader import read as _read
from .reader import read_text as _read_text
from .registry import Registry, WriteOptions

if TYPE_CHECKING:
    from .readback import Report
    from .readback.source import SourceWords

log = logging.getLogger("convert")

_OPTION_FIELDS = {f.name for f in dataclasses.fields(WriteOptions)} - {"extra"}


def read(path: str | os.PathLike[str], **options: Any) -> Article:
    """Read the article stored at ``path``; a string is always a path (use :func:`read_text` for Markdown text).

    Options are the fields of :class:`~convert.reader.ReadOptions`: ``smart``, ``resource_path`` (folders
    searched for images, in order), ``site_root`` (where ``/assets/x.jpg`` resolves), ``extra_roots``,
    ``fetch_images``, ``max_image_pixels``, ``max_source_bytes``, ``max_front_matter_bytes``,
    ``shift_heading_level_by``, ``metadata`` (defaults under the front matter, as ``(key, value)`` pairs)
    and ``metadata_overrides`` (over it, as ``-M``). Raises :class:`~convert.errors.ConvertError`.
    """
    return _read(path, ReadOptions(**options))


def read_text(
    text: str | bytes, *, base_dir: str | os.PathLike[str] | None = None, name: str = "<string>", **options: Any
) -> Article:
    """Read an article from Markdown ``text`` (``str`` or UTF-8 ``bytes``); never from a file.

    Relative image paths resolve against ``base_dir``; without it the text has no folder of its own
    and local images come only from ``resource_path``, ``site_root`` or ``extra_roots`` (the working
    folder is never read: issue #19). ``name`` appears in messages. Options as for :func:`read`.

    >>> article = read_text("# Hello\\n\\nWorld")
    >>> article.meta.title
    'Hello'
    """
    return _read_text(text, name=name, base_dir=base_dir, options=ReadOptions(**options))


def formats(registry: Registry | None = None) -> list[str]:
    """Names of every format a writer is registered for."""
    return (registry or Registry.default()).names()


def write_options(**options: Any) -> WriteOptions:
    """Build :class:`WriteOptions`; unknown keywords go to ``extra`` for plugins."""
    known = {k: v for k, v in options.items() if k in _OPTION_FIELDS}
    extra = {k: v for k, v in options.items() if k not in _OPTION_FIELDS}
    if known.get("source_date_epoch") is None and os.environ.get("SOURCE_DATE_EPOCH", "").isdigit():
        known["source_date_epoch"] = int(os.environ["SOURCE_DATE_EPOCH"])
    if known.get("reference_docx") is not None:
        known["reference_docx"] = Path(known["reference_docx"])
    if known.get("paper") not in (None, "a4", "letter"):
        raise WriterError(f"unknown paper size {known['paper']!r}", hint="use 'a4' or 'letter'")
    return WriteOptions(**known, extra=extra)


def render(article: Article, to: str, *, registry: Registry | None = None, **options: Any) -> bytes:
    """The bytes of ``article`` in format ``to``."""
    buffer = io.BytesIO()
    _run_writer(article, to, buffer, registry, options)
    return buffer.getvalue()


def write(
    article: Article,
    to: str,
    dest: str | os.PathLike[str] | BinaryIO,
    *,
    registry: Registry | None = None,
    **options: Any,
) -> None:
    """Write ``article`` as ``to`` into a path (atomically) or an open binary file."""
    if isinstance(dest, (str, os.PathLike)):
        source = Path(article.source) if not article.source.startswith("<") else None
        # Render first: a writer failure then never even creates the temporary file.
        data = render(article, to, registry=registry, **options)
        write_atomically(Path(dest), data, source=source)
    else:
        _run_writer(article, to, dest, registry, options)


def convert(
    source: str | os.PathLike[str],
    to: str,
    dest: str | os.PathLike[str] | None = None,
    *,
    registry: Registry | None = None,
    read_options: dict[str, Any] | None = None,
    **options: Any,
) -> Path:
    """Read ``source`` and write it as ``to``; returns the output path.

    ``dest`` defaults to the source's name with the format's extension, in the
    current folder's ``out/``.
    """
    registry = registry or Registry.default()
    writer = registry.get(to)
    article = _read(Path(source), ReadOptions(**(read_options or {})))
    target = Path(dest) if dest is not None else Path("out") / f"{Path(source).stem}.{writer.extension}"
    write(article, to, target, registry=registry, **options)
    return target


def verify(
    source: str | os.PathLike[str] | bytes,
    article: Article,
    format: str | None = None,
    *,
    source_text: str | bytes | SourceWords | None = None,
    source_words: bool = True,
) -> Report:
    """Read an output back and check every part of ``article`` arrived; see :mod:`convert.readback`.

    ``source_text`` is the Markdown the article was read from, or its parsed
    :class:`~convert.readback.source.SourceWords` (parse once for several outputs), for the
    check that every word of it reached the output (default: the file ``article.source``
    names; ``source_words=False`` skips that check).
    """
    from .readback import verify as _verify

    return _verify(source, article, format, source_text=source_text, source_words=source_words)


def _run_writer(
    article: Article, to: str, out: BinaryIO, registry: Registry | None, options: dict[str, Any]
) -> None:
    writer = (registry or Registry.default()).get(to)
    try:
        with collector_paused():
            writer.write(article, out, _with_settings(write_options(**options), article))
    except ConvertError:
        raise
    except Exception as exc:  # a writer bug must still reach users as a ConvertError
        log.debug("the %s writer failed", to, exc_info=True)
        raise WriterError(f"the {to} writer failed: {type(exc).__name__}: {exc}", file=article.source) from exc


def _with_settings(options: WriteOptions, article: Article) -> WriteOptions:
    """The caller's options, with what the article's front matter asks where the caller left it open."""
    wanted = article.settings
    paper: Literal["a4", "letter"] | None = options.paper
    if paper is None and wanted.paper in ("a4", "letter"):
        paper = "letter" if wanted.paper == "letter" else "a4"
    return dataclasses.replace(options, paper=paper, font_family=options.font_family or wanted.font_family,
                               toc=options.toc or bool(wanted.toc))
