"""Embedding levels of the Unicode bidi algorithm (UAX #9), per character, from python-bidi.

python-bidi wraps the Rust crate ``unicode-bidi``, the full algorithm: explicit
embeddings, overrides and isolates (X1-X10), weak and neutral types (W1-W7,
N0-N2), implicit levels (I1/I2). Its only way to hand out the resolved levels is
``get_display(..., debug=True)``, which returns the crate's ``BidiInfo`` as text:
one ``Level(n)`` per UTF-8 byte of the text. :func:`embedding_levels` reads those
and gives one level per character.
"""

from __future__ import annotations

import re
import unicodedata

from bidi import get_display  # type: ignore[import-untyped]

from ...errors import WriterError

_LEVELS = re.compile(r"levels: \[(.*?)\]", re.S)
_LEVEL = re.compile(r"Level\(\s*(\d+)")
#: Bidi classes the algorithm removes (X9): their level is not meaningful, so they take their neighbours'.
REMOVED = frozenset({"RLE", "LRE", "RLO", "LRO", "PDF", "BN"})
#: Paragraph separators (class B) that are line breaks inside one of our paragraphs: the line separator,
#: a whitespace (WS) character, stands for them, so embeddings carry on across a forced line break.
_SEPARATORS = str.maketrans({"\n": "\u2028", "\r": "\u2028", "\x1c": "\u2028", "\x1d": "\u2028",
                             "\x1e": "\u2028", "\x85": "\u2028", "\u2029": "\u2028"})


def embedding_levels(text: str, rtl: bool) -> list[int]:
    """One resolved level per character of ``text`` in a paragraph of base level 1 (``rtl``) or 0.

    Even levels run left to right, odd ones right to left. Characters removed by rule X9
    (embedding and override controls, zero-width joiners and other boundary neutrals) get
    the level of the character before them (after them at the start), so they never split
    a word. Raises :class:`WriterError` if python-bidi's output cannot be read.
    """
    if not text:
        return []
    plain = text.translate(_SEPARATORS)
    found = _LEVELS.search(get_display(plain, base_dir="R" if rtl else "L", debug=True))
    per_byte = [int(n) for n in _LEVEL.findall(found.group(1))] if found else []
    encoded = [len(c.encode("utf-8")) for c in plain]
    if len(per_byte) != sum(encoded):
        raise WriterError("cannot read the bidi levels python-bidi returned",
                          hint="install python-bidi 0.6 (pip install 'python-bidi>=0.6,<0.7')")
    levels: list[int] = []
    offset = 0
    for size in encoded:
        levels.append(per_byte[offset])
        offset += size
    return _fill_removed(text, levels, 1 if rtl else 0)


def _fill_removed(text: str, levels: list[int], base: int) -> list[int]:
    """Each removed control takes the level of the character before it in its word, or at the start of
    a word (after a space) of the character after it, so a word never breaks at one."""
    kept = [unicodedata.bidirectional(c) not in REMOVED for c in text]
    following = base
    after: list[int] = [base] * len(text)  # the level of the next kept character (base when it is a space)
    for index in range(len(text) - 1, -1, -1):
        after[index] = following
        if kept[index]:
            following = base if text[index].isspace() else levels[index]
    for index, keep in enumerate(kept):
        if not keep:
            before = text[index - 1] if index else " "
            levels[index] = after[index] if before.isspace() else levels[index - 1]
    return levels
