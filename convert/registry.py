"""Writers are plugins: the protocol they follow and the registry that finds them.

Built-in writers are declared in ``pyproject.toml`` under the same entry-point
group third parties use, ``convert.writers``, so the built-ins exercise the
plugin path. A writer's module is imported only when that format is asked for:
``convert --to pdf`` never imports python-docx or ebooklib.
"""

from __future__ import annotations

import functools
import importlib
import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO, Literal, Protocol, runtime_checkable

from .errors import UnknownFormatError, WriterError

if TYPE_CHECKING:
    from .model import Article

log = logging.getLogger("convert")

ENTRY_POINT_GROUP = "convert.writers"

#: Built-in formats: their names are reserved. ``pyproject.toml`` declares the same
#: under the entry-point group, as a third party would (a test keeps the two in step).
BUILTIN_WRITERS: Mapping[str, str] = {
    "docx": "convert.writers.docx:DocxWriter",
    "pdf": "convert.writers.pdf:PdfWriter",
    "epub": "convert.writers.epub:EpubWriter",
    "html": "convert.writers.html:HtmlWriter",
}


@dataclass(frozen=True)
class WriteOptions:
    """Options every writer receives; a writer ignores those that are not its own.

    ``paper``: ``None`` when nobody asked (neither the caller nor the article's
    ``papersize``): the DOCX writer then keeps a reference document's size, and
    every writer otherwise uses A4. ``toc``: a table of contents where the format
    has a place for one (pandoc's ``--toc``). ``extra`` carries options for
    third-party writers. :func:`convert.api.render` fills ``paper``, ``font_family``
    and ``toc`` from the article's own settings where the caller left them open.
    """

    paper: Literal["a4", "letter"] | None = None
    reference_docx: Path | None = None
    font_family: str | None = None
    cover: bool = True
    source_date_epoch: int | None = None
    toc: bool = False
    extra: Mapping[str, object] = field(default_factory=dict)


@runtime_checkable
class Writer(Protocol):
    """What a writer plugin provides. ``write`` must only write to ``out``."""

    name: str
    extension: str  # without the dot
    media_type: str

    def write(self, article: Article, out: BinaryIO, options: WriteOptions) -> None: ...


WriterFactory = Callable[[], Writer]


class Registry:
    """Writers by name. Each instance is independent: there is no global registry.

    >>> registry = Registry.default()
    >>> "pdf" in registry.names()
    True
    """

    def __init__(self) -> None:
        self._targets: dict[str, str | WriterFactory] = {}
        self._loaded: dict[str, Writer] = {}
        self._unscanned = False  # entry points still to be read

    @classmethod
    def default(cls) -> Registry:
        """Built-ins plus every writer installed under the ``convert.writers`` entry point.

        The built-in names are reserved, so asking for one never needs the (slow) scan of
        installed packages; it happens the first time another name, or the list, is wanted.
        """
        registry = cls()
        registry._targets.update(BUILTIN_WRITERS)
        registry._unscanned = True
        return registry

    def _scan(self) -> None:
        if not self._unscanned:
            return
        self._unscanned = False
        for name, value in _declared_writers():
            if name in BUILTIN_WRITERS:
                if value != BUILTIN_WRITERS[name]:
                    log.warning("writer %r from %s is ignored: %r is a built-in format", name, value, name)
            elif name in self._targets:
                log.warning("writer %r is declared twice (%s); keeping the first", name, value)
            else:
                self._targets[name] = value

    def register(self, name: str, factory: WriterFactory | str) -> None:
        """Add a writer: a zero-argument factory or a ``"module:attr"`` string."""
        self._scan()
        if name in self._targets:
            raise WriterError(f"a writer named {name!r} is already registered")
        self._targets[name] = factory

    def names(self) -> list[str]:
        self._scan()
        return sorted(self._targets)

    def __contains__(self, name: object) -> bool:
        if name not in self._targets:
            self._scan()
        return name in self._targets

    def get(self, name: str) -> Writer:
        """The writer for ``name``, importing its module on first use."""
        if name not in self._loaded:
            if name not in self._targets:
                self._scan()
            target = self._targets.get(name)
            if target is None:
                raise UnknownFormatError(
                    f"unknown format {name!r}",
                    hint=f"choose one of: {', '.join(self.names())}",
                )
            self._loaded[name] = _instantiate(name, target)
        return self._loaded[name]


@functools.lru_cache(maxsize=1)
def _declared_writers() -> tuple[tuple[str, str], ...]:
    """(name, "module:attr") of every installed writer entry point.

    Scanning the installed packages reads every one's metadata (1-2 ms, more in a large
    environment); the installed set does not change while we run, so scan once.
    """
    from importlib.metadata import entry_points  # 15 ms to import: only when a scan is needed

    return tuple(sorted((ep.name, ep.value) for ep in entry_points(group=ENTRY_POINT_GROUP)))


def _instantiate(name: str, target: str | WriterFactory) -> Writer:
    if isinstance(target, str):
        module_name, _, attr = target.partition(":")
        try:
            factory = getattr(importlib.import_module(module_name), attr)
        except (ImportError, AttributeError) as exc:
            raise WriterError(f"cannot load the {name!r} writer from {target}: {exc}") from None
    else:
        factory = target
    writer = factory()
    if not isinstance(writer, Writer):
        raise WriterError(f"the {name!r} writer does not have name, extension, media_type and write()")
    return writer
