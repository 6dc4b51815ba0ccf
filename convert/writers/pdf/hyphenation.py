"""Hyphenation in the article's language, with pyphen's dictionaries (the LibreOffice ones).

reportlab calls the hyphenator only for a word that does not fit at a line's
end. Only the article's language's dictionary is loaded, at that first call, once
per process, and kept: a ``Pyphen`` object is not changed by use beyond its own
word cache, so one serves every thread. :func:`_patterns` reads a dictionary in
about two thirds of the time pyphen's own reader takes, giving pyphen exactly the
patterns it would have read, and :mod:`.pattern_cache` keeps them on disk, so the
first PDF of the next process loads them in a few milliseconds instead of parsing
(English 35 -> 3 ms, German 170 -> 12 ms); dictionaries with non-standard
hyphenation (``/`` alternatives, ``^^`` escapes) are left to pyphen.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable
from pathlib import Path

import pyphen  # type: ignore[import-untyped]

from . import pattern_cache

Hyphenator = Callable[[str], list[tuple[str, str]]]
#: Words shorter than this are never hyphenated (as LaTeX's default minimums, 2 + 3 letters).
MIN_WORD = 6
_DIGITS = str.maketrans("", "", "0123456789")
_LOCK = threading.Lock()


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
        path = pyphen.LANGUAGES[name]
        with _LOCK:
            if path not in pyphen.hdcache:  # pyphen's own cache: fill it as pyphen would, faster
                patterns = pattern_cache.cached(path, _patterns)
                if patterns is not None:
                    pyphen.hdcache[path] = _hyph_dict(patterns)
        return pyphen.Pyphen(lang=name, left=2, right=3)

    def hyphenate(word: str) -> list[tuple[str, str]]:
        # a list, not an iterator: reportlab tests the answer's truth before splitting a long word itself
        if len(word) < MIN_WORD or not word.isalpha():
            return []
        return list(dictionary().iterate(word))

    return hyphenate


def _patterns(path: Path) -> dict[str, tuple[int, tuple[int, ...]]] | None:
    """pattern letters -> (offset, values) as pyphen's ``HyphDict`` stores them; ``None`` to let pyphen read it."""
    with path.open("rb") as file:
        encoding = file.readline().decode().strip()
    if encoding.lower() == "microsoft-cp1251":
        encoding = "cp1251"
    patterns: dict[str, tuple[int, tuple[int, ...]]] = {}
    for line in path.read_text(encoding).split("\n")[1:]:
        line = line.strip()
        if not line or line.startswith(pyphen.ignored):
            continue
        if "/" in line or "^^" in line:
            return None
        letters = line.translate(_DIGITS)
        values = _values(line)
        if not any(values):
            continue
        start, end = 0, len(values)
        while not values[start]:
            start += 1
        while not values[end - 1]:
            end -= 1
        patterns[letters] = (start, tuple(values[start:end]))
    return patterns


def _values(line: str) -> list[int]:
    """One value per (optional digit, optional letter) pair, as pyphen's ``(\\d?)(\\D?)`` reading gives them."""
    values = []
    index, length = 0, len(line)
    while True:
        value = 0
        if index < length and "0" <= line[index] <= "9":
            value = ord(line[index]) - 48
            index += 1
        values.append(value)
        if index < length and not "0" <= line[index] <= "9":
            index += 1
        elif index >= length:
            return values


def _hyph_dict(patterns: dict[str, tuple[int, tuple[int, ...]]]) -> pyphen.HyphDict:
    made = pyphen.HyphDict.__new__(pyphen.HyphDict)
    made.patterns = patterns
    made.cache = {}
    made.maxlen = max(len(key) for key in patterns)
    return made
