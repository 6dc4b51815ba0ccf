"""Words as the source-words check and PDF's right-to-left checks compare them.

Text is compared after NFKC normalisation, case folding and straight quotes,
with invisible format characters and combining marks (Arabic vowel signs, which
a PDF may store apart from their letters) removed. A word is a run of letters
and digits of one kind: right-to-left scripts, each CJK character, or the rest
(so a PDF that glues an Arabic word to a Latin one in visual order still shows
both words). Zero-width joiners split words (a PDF draws the parts apart).

Where a format may or may not break a word, the word is *glued*: ``^``, ``~``
and ``$`` (sub- and superscript marks and TeX math delimiters in one rendering,
literal in another: ``9$x$`` shows "9x" when the dollars make math) and
:data:`GLUE`, which the source check puts where an inline picture sits
(``e<img>f`` is "ef" in DOCX and XHTML, "e f" in a PDF that keeps room for the
picture with spaces; a right-to-left word split by ``~`` comes back from a PDF
in visual order as two words). A glued word's key is its pieces run together,
and its :attr:`Word.parts` are the pieces: :func:`missing` counts it present
when the output has either.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

#: Stands where an inline picture sits in a text: a word may or may not break there (a private-use character).
GLUE = "\ue002"
_CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af\U00020000-\U0002fa1f"
#: Right-to-left scripts: Hebrew, Arabic, Syriac, Thaana, N'Ko... and their presentation forms.
RTL = "\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff"
_WORD = re.compile(rf"[{_CJK}]|(?:(?=[{RTL}])[^\W_])+|(?:(?![{RTL}{_CJK}])[^\W_])+")
_GLUES = frozenset("^~$" + GLUE)
_IGNORED_CATEGORIES = ("Cf", "Mn", "Me")
_FOLD = str.maketrans({"\u2019": "'", "\u2018": "'"})


@dataclass(frozen=True)
class Word:
    """A word: ``key`` as compared, ``shown`` as written; ``parts``: the keys of a glued word's pieces (else ``()``)."""

    key: str
    shown: str
    parts: tuple[str, ...] = ()


def words(text: str) -> list[Word]:
    """The words of ``text`` (see the module docstring)."""
    text = unicodedata.normalize("NFKC", text)
    if not text.isascii():
        text = text.replace("\u200c", " ").replace("\u200d", " ")  # joiners split words: a PDF draws the parts apart
        text = "".join(c for c in text if unicodedata.category(c) not in _IGNORED_CATEGORIES).translate(_FOLD)
    found: list[Word] = []
    pieces: list[str] = []
    end = -1
    for match in _WORD.finditer(text):
        piece = match.group()
        if pieces and _glued(text[end:match.start()]) and _WORD.fullmatch(pieces[-1] + piece):
            pieces.append(piece)
        else:
            _add(found, pieces)
            pieces = [piece]
        end = match.end()
    _add(found, pieces)
    return found


def _glued(between: str) -> bool:
    return bool(between) and all(c in _GLUES for c in between)


def _add(found: list[Word], pieces: list[str]) -> None:
    if not pieces:
        return
    shown = "".join(pieces)
    parts = tuple(p.casefold() for p in pieces) if len(pieces) > 1 else ()
    found.append(Word(shown.casefold(), shown, parts))


def counted(readings: Iterable[str]) -> Counter[str]:
    """The words of several readings of one text: each as often as the most generous reading has it."""
    have: Counter[str] = Counter()
    for reading in readings:
        have |= Counter(w.key for w in words(reading))
    return have


def missing(wanted: Sequence[Word], have: Counter[str]) -> Counter[str]:
    """The keys of ``wanted`` that ``have`` lacks, with how often; a glued word is there when all its parts are.

    Parts are taken from what ``have`` holds beyond the words ``wanted`` needs as
    they are, so one output word never stands for two source words.
    """
    need = Counter(w.key for w in wanted)
    lacking = need - have
    if not lacking:
        return lacking
    spare = have - need
    for word in wanted:
        if word.parts and lacking[word.key] > 0:
            pieces = Counter(word.parts)
            if not pieces - spare:
                spare -= pieces
                lacking[word.key] -= 1
    return +lacking
