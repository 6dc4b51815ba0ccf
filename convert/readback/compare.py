"""Text comparison that forgives only what formats legitimately change.

Forgiven everywhere: Unicode normalisation (NFC), curly vs straight quotes,
soft hyphens and other invisible format characters (zero-width joiners, bidi
marks: Unicode category Cf), and runs of whitespace. ``loose`` comparison (PDF,
whose text comes back with line breaks anywhere) also ignores where the
whitespace falls. Nothing else: a changed word, a lost word, a moved word fail.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from typing import TypeVar

T = TypeVar("T")

_QUOTES = {"\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u02bc": "'",
           "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"'}
_SPACES = re.compile(r"\s+")


def _drop_format_characters(text: str) -> str:
    if text.isascii():
        return text
    return "".join(c for c in text if unicodedata.category(c) != "Cf")


def normal(text: str, *, loose: bool = False) -> str:
    """``text`` as compared: NFC, straight quotes, no format characters, whitespace collapsed (``loose``: removed)."""
    text = _drop_format_characters(unicodedata.normalize("NFC", text))
    text = "".join(_QUOTES.get(c, c) for c in text) if not text.isascii() else text
    return _SPACES.sub("" if loose else " ", text).strip()


def same(expected: str, found: str, *, loose: bool = False) -> bool:
    return normal(expected, loose=loose) == normal(found, loose=loose)


def same_or_cut(whole: str, shown: str) -> bool:
    """Whether ``shown`` is ``whole``, or its start cut with an ellipsis to fit (a running header, an outline entry);
    spaces are ignored."""
    shown, whole = normal(shown, loose=True), normal(whole, loose=True)
    return bool(shown) and (shown == whole or (shown.endswith("\u2026") and whole.startswith(shown[:-1])))


def first_match(found: Sequence[str], target: str, start: int, *, loose: bool = False) -> int | None:
    """The index of the first text in ``found[start:]`` equal to ``target`` (as compared here)."""
    wanted = normal(target, loose=loose)
    return next((i for i in range(start, len(found)) if normal(found[i], loose=loose) == wanted), None)


def in_order(expected: Sequence[str], found: Sequence[str], *, loose: bool = False) -> list[str | None]:
    """For each expected text, the found text that matches it after the previous match, or ``None``.

    A text that is missing does not move the cursor, so one loss is reported once,
    not as a cascade of the texts after it.
    """
    results: list[str | None] = []
    position = 0
    for text in expected:
        hit = first_match(found, text, position, loose=loose)
        results.append(found[hit] if hit is not None else None)
        position = hit + 1 if hit is not None else position
    return results


def nth(items: Sequence[T], index: int) -> T | None:
    """``items[index]`` or ``None`` past the end (findings say "(nothing)" then)."""
    return items[index] if 0 <= index < len(items) else None

