"""Right-to-left and complex scripts: shaped by HarfBuzz, ordered by the Unicode bidi algorithm.

reportlab breaks lines left to right and needs ``rlbidi`` (not on PyPI) to
reorder them, so a paragraph with Arabic, Hebrew or Syriac letters is laid out
here instead (:class:`BidiParagraph`):

- the text is cut into words in logical order and broken into lines greedily;
- each word is shaped with HarfBuzz (reportlab's ``shapeStr`` over uharfbuzz),
  which joins Arabic letters and returns a right-to-left word's glyphs in
  visual order;
- each line's words are put in visual order by the bidi algorithm's rules
  (UAX #9: weak types W7, neutrals N1/N2, implicit levels I1/I2, reordering L2)
  applied at word level, with python-bidi deciding the paragraph's direction (P2);
- a right-to-left paragraph is set right-aligned.

Text copies out in logical order: glyphs HarfBuzz makes that the font's cmap does
not name (joined forms, marks) get private code points once per font, in glyph
order (so the bytes do not depend on what was rendered before), and the font's
ToUnicode map gives each of them the characters it was shaped from
(:func:`glyph_texts`, used by :mod:`.subset`).
"""

from __future__ import annotations

import re
import threading
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from bidi import get_base_level  # type: ignore[import-untyped]
from bidi.mirror import MIRRORED  # type: ignore[import-untyped]
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import ShapedStr, shapeStr

from ...model import Image
from .fonts import stand_ins
from .tagging import Slot

_LOCK = threading.Lock()
_PRIVATE_START = 0xE000


@dataclass(frozen=True)
class Run:
    """Text in one font at one size, in logical order; ``link`` is a URL or ``#destination``."""

    text: str
    font: str  # a registered reportlab font name
    size: float
    color: str = "#111111"
    link: str | None = None
    anchor: str | None = None  # a destination placed where this run starts
    rise: float = 0.0
    slot: Slot | None = None  # where its content goes in the structure tree (None: untagged)
    picture: InlinePicture | None = None  # a small picture in the line instead of text


@dataclass(frozen=True)
class InlinePicture:
    """A picture that sits in a line of text: ``width`` x ``height`` points."""

    image: Image
    width: float
    height: float


def is_right_to_left(text: str) -> bool:
    """The paragraph direction by the bidi algorithm's rule P2 (first strong character)."""
    return bool(text) and get_base_level(text) == 1


#: The blocks that hold every right-to-left character (bidi class R or AL, Unicode 14; the right-to-left mark):
#: only characters found here are looked up, so Latin text (curly quotes and dashes included) costs one search.
_MAYBE_RIGHT_TO_LEFT = re.compile("[\u0590-\u08ff\u200f\ufb1d-\ufdff\ufe70-\ufeff"
                                  "\U00010800-\U00010fff\U0001e800-\U0001efff]")
#: No combining mark comes before U+0300.
_BEYOND_SPACING_LETTERS = re.compile("[^\x00-\u02ff]")


def has_right_to_left(text: str) -> bool:
    return any(unicodedata.bidirectional(c) in ("R", "AL") for c in _MAYBE_RIGHT_TO_LEFT.findall(text))


def _needs_shaping(text: str) -> bool:
    """Right-to-left letters or combining marks (which HarfBuzz places on their letters)."""
    rest = _BEYOND_SPACING_LETTERS.findall(text)
    return bool(rest) and (has_right_to_left(text) or any(unicodedata.combining(c) for c in rest))


@dataclass
class Piece:
    """Part of a word in one run: shaped text, its width, and where it came from."""

    run: Run
    text: str
    shaped: str
    width: float


@dataclass
class Word:
    pieces: list[Piece]
    kind: str  # "R", "L", "N" (number) or "O" (other: punctuation, symbols)
    level: int = 0
    space_after: float = 0.0
    forced_break: bool = False
    glued: bool = False  # no break and no space before the next word (punctuation split off a word)

    @property
    def width(self) -> float:
        return sum(p.width for p in self.pieces)

    @property
    def text(self) -> str:
        return "".join(p.text for p in self.pieces)


def words_of(runs: list[Run]) -> list[Word]:
    """Runs cut into shaped words (logical order); a "\\n" in a run is a forced line break."""
    words: list[Word] = []
    current: list[Piece] = []

    def close(space: float, forced: bool = False) -> None:
        nonlocal current
        if current:
            parts = _split_punctuation(current)
            for part in parts[:-1]:
                words.append(Word(part, _kind("".join(p.text for p in part)), glued=True))
            text = "".join(p.text for p in parts[-1])
            words.append(Word(parts[-1], _kind(text), space_after=space, forced_break=forced))
            current = []
        elif words:
            words[-1].space_after = max(words[-1].space_after, space)
            words[-1].forced_break = words[-1].forced_break or forced

    for run in runs:
        if run.picture is not None:  # a word of its own width, without text
            current.append(Piece(run, "", "", run.picture.width))
            continue
        for index, chunk in enumerate(run.text.split("\n")):
            if index:
                close(0.0, forced=True)
            if not chunk and run.anchor:  # a destination: it goes with the next word
                current.append(Piece(run, "", "", 0.0))
            for token in _tokens(chunk):
                if token == " ":
                    close(pdfmetrics.stringWidth(" ", run.font, run.size))
                else:
                    current.append(_piece(run, token))
    close(0.0)
    return words


#: Bidi classes of punctuation that takes the direction around it (UAX #9 N1/N2) when it leads or ends a word.
_NEUTRAL = frozenset({"ON", "CS"})


def _split_punctuation(pieces: list[Piece]) -> list[list[Piece]]:
    """A word cut into leading punctuation, its core and trailing punctuation ("(word)." → "(", "word", ").").

    The punctuation then gets its direction from the text around it, as the bidi
    algorithm's neutrals do ("the word سلام." ends with its full stop on the right).
    """
    text = "".join(p.text for p in pieces)
    bidirectional = unicodedata.bidirectional
    start = next((i for i, c in enumerate(text) if bidirectional(c) not in _NEUTRAL), len(text))
    end = next((i for i in range(len(text), start, -1) if bidirectional(text[i - 1]) not in _NEUTRAL), start)
    if start >= end or (start == 0 and end == len(text)):
        return [pieces]
    parts: list[list[Piece]] = [[], [], []]
    offset = 0
    for piece in pieces:
        if not piece.text:  # a destination: with the core
            parts[1].append(piece)
            continue
        for number, (low, high) in enumerate(((0, start), (start, end), (end, len(text)))):
            a, b = max(low, offset), min(high, offset + len(piece.text))
            if b > a:
                parts[number].append(piece if (a, b) == (offset, offset + len(piece.text))
                                     else _piece(piece.run, piece.text[a - offset:b - offset]))
        offset += len(piece.text)
    return [part for part in parts if part]


def mirrored(text: str) -> str:
    """Brackets and the like as a right-to-left run shows them (Unicode's Bidi_Mirroring_Glyph)."""
    return "".join(MIRRORED.get(c, c) for c in text)


def _tokens(text: str) -> Iterator[str]:
    start = None
    for index, char in enumerate(text):
        if char in " \t":
            if start is not None:
                yield text[start:index]
                start = None
            yield " "
        elif start is None:
            start = index
    if start is not None:
        yield text[start:]


def _piece(run: Run, text: str) -> Piece:
    font = pdfmetrics.getFont(run.font)
    if _needs_shaping(text):
        _prepare(font)
        shaped = shapeStr(text, run.font, run.size)
        data = getattr(shaped, "__shapeData__", None)
        if data:
            shaped = _keep_joiners(font, text, shaped, data)
            _record(font, text, shaped, data)
            return Piece(run, text, shaped, sum(d.x_advance for d in data) * run.size / 1000)
    return Piece(run, text, stand_ins(run.font, text), pdfmetrics.stringWidth(text, run.font, run.size))


def _prepare(font: object) -> None:
    """Give every glyph the cmap does not name a private code point, once, in glyph order."""
    if getattr(font, "_convert_private", None) is not None:
        return
    with _LOCK:
        if getattr(font, "_convert_private", None) is not None:
            return
        face = font.face  # type: ignore[attr-defined]
        hb_font = font.hbFont(10)  # type: ignore[attr-defined]
        code = _PRIVATE_START
        for gid in range(len(face.charWidths) and hb_font.face.glyph_count):
            if gid in face.glyphToChar:
                continue
            while code in face.charToGlyph:
                code += 1
            face.charToGlyph[code] = gid
            face.glyphToChar[gid] = [code]
            face.charWidths[code] = font.pdfScale(hb_font.get_glyph_h_advance(gid))  # type: ignore[attr-defined]
            code += 1
        face.__dict__.setdefault("private_texts", {})  # stand-ins (fonts.stand_ins) may be there already
        space = face.charToGlyph.get(32, 0)
        face.joiner_codes = {}
        for joiner in ("\u200c", "\u200d"):  # see _keep_joiners
            while code in face.charToGlyph:
                code += 1
            face.charToGlyph[code] = space
            face.charWidths[code] = 0
            face.joiner_codes[joiner] = code
            face.private_texts[code] = joiner
            code += 1
        font._convert_private = True  # type: ignore[attr-defined]


def _keep_joiners(font: Any, text: str, shaped: str, data: list[Any]) -> str:
    """ZWNJ and ZWJ are shaped to the space glyph; give them a code of their own so they copy out.

    (Persian writes "mi-konad" with a ZWNJ: without it the two parts copy out as one word.)
    """
    if "\u200c" not in text and "\u200d" not in text:
        return shaped
    chars = list(shaped)
    for index, item in enumerate(data):
        source = text[item.cluster] if item.cluster < len(text) else ""
        if source in ("\u200c", "\u200d") and chars[index] == " ":
            chars[index] = chr(font.face.joiner_codes[source])
    joined: str = ShapedStr("".join(chars), shapeData=data)
    return joined


def _record(font: object, text: str, shaped: str, data: list[object]) -> None:
    """Remember which characters each private-code glyph stands for (its HarfBuzz cluster)."""
    texts: dict[int, str] = font.face.private_texts  # type: ignore[attr-defined]
    starts = sorted({d.cluster for d in data})  # type: ignore[attr-defined]
    ends = {start: (starts[i + 1] if i + 1 < len(starts) else len(text)) for i, start in enumerate(starts)}
    for char, item in zip(shaped, data, strict=False):
        code = ord(char)
        if _PRIVATE_START <= code < 0xF900 and code not in texts:
            cluster = item.cluster  # type: ignore[attr-defined]
            chars = text[cluster:ends.get(cluster, cluster + 1)] or "\ufffd"
            # one glyph for several letters of a right-to-left word (Arabic "lillah"): extractors reorder
            # the glyph's characters with the word's, so they are given in display order
            texts[code] = chars[::-1] if len(chars) > 1 and has_right_to_left(chars) else chars


def glyph_texts(face: object) -> dict[int, str]:
    """Private code → the characters it was shaped from, for a face that shaped text (else empty)."""
    return dict(getattr(face, "private_texts", {}) or {})


def _kind(text: str) -> str:
    if has_right_to_left(text):
        return "R"
    types = [unicodedata.bidirectional(c) for c in text]
    if "L" in types:
        return "L"
    if "EN" in types or "AN" in types:
        return "N"
    return "O"


def visual_order(words: list[Word], rtl: bool) -> list[Word]:
    """One line's words in display order (UAX #9 at word level: W7, N1/N2, I1/I2, then L2)."""
    base = 1 if rtl else 0
    kinds = [w.kind for w in words]
    strong = "R" if rtl else "L"
    for index, kind in enumerate(kinds):  # W7: a number after L (or at the start of an LTR line) is L
        if kind == "R" or kind == "L":
            strong = kind
        elif kind == "N" and strong == "L":
            kinds[index] = "L"
    resolved = list(kinds)
    for index, kind in enumerate(kinds):  # N1/N2: neutrals take the direction around them, else the base
        if kind == "O":
            before = next((k for k in reversed(kinds[:index]) if k != "O"), "R" if rtl else "L")
            after = next((k for k in kinds[index + 1:] if k != "O"), "R" if rtl else "L")
            before, after = ("R" if before == "N" else before), ("R" if after == "N" else after)
            resolved[index] = before if before == after else ("R" if rtl else "L")
    for word, kind in zip(words, resolved, strict=True):
        if kind == "R":
            word.level = base + 1 if base % 2 == 0 else base
        elif kind == "N":
            word.level = base + 2 if base % 2 == 0 else base + 1
        else:
            word.level = base if base % 2 == 0 else base + 1
    return _reorder(words)


def _reorder(words: list[Word]) -> list[Word]:
    order = list(words)
    if not order:
        return order
    highest = max(w.level for w in order)
    lowest_odd = min((w.level for w in order if w.level % 2), default=highest + 1)
    for level in range(highest, lowest_odd - 1, -1):
        index = 0
        while index < len(order):
            if order[index].level >= level:
                end = index
                while end < len(order) and order[end].level >= level:
                    end += 1
                order[index:end] = reversed(order[index:end])
                index = end
            else:
                index += 1
    return order
