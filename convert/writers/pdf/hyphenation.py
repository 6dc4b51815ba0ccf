"""Hyphenation in the article's language, with pyphen's dictionaries (the LibreOffice ones).

reportlab calls the hyphenator only for a word that does not fit at a line's
end. The dictionary is loaded at that first call (about 0.1 s for English, once
per process) and kept: a ``Pyphen`` object is not changed by use beyond its
own word cache, so one serves every thread.
"""

from __future__ import annotations

import functools
from collections.abc import Callable

import pyphen  # type: ignore[import-untyped]

Hyphenator = Callable[[str], list[tuple[str, str]]]
#: Words shorter than this are never hyphenated (as LaTeX's default minimums, 2 + 3 letters).
MIN_WORD = 6


def hyphenator(lang: str) -> Hyphenator | None:
    """The hyphenator for a BCP 47 tag (``en``, ``de-CH``, ``ru``), or ``None`` when pyphen has no dictionary."""
    name = pyphen.language_fallback(lang.replace("-", "_")) if lang else None
    if name is None:
        return None
    return _hyphenator(name)


@functools.lru_cache(maxsize=32)
def _hyphenator(name: str) -> Hyphenator:
    @functools.cache
    def dictionary() -> pyphen.Pyphen:
        return pyphen.Pyphen(lang=name, left=2, right=3)

    def hyphenate(word: str) -> list[tuple[str, str]]:
        # a list, not an iterator: reportlab tests the answer's truth before splitting a long word itself
        if len(word) < MIN_WORD or not word.isalpha():
            return []
        return list(dictionary().iterate(word))

    return hyphenate
