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
from .bidi_levels import embedding_levels
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


#: The blocks that hold every right-to-left character (bidi class R or AL, Unicode 14; the right-to-left mark)
#: and the right-to-left controls:
#: only characters found here are looked up, so Latin text (curly quotes and dashes included) costs one search.
_MAYBE_RIGHT_TO_LEFT = re.compile("[\u0590-\u08ff\u200f\u202b\u202e\u2067\u2068\ufb1d-\ufdff\ufe70-\ufeff"
                                  "\U00010800-\U00010fff\U0001e800-\U0001efff]")
#: No combining mark comes before U+0300.
_BEYOND_SPACING_LETTERS = re.compile("[^\x00-\u02ff]")


#: Explicit embeddings, overrides and isolates, which may set any text at another level than the paragraph's.
_EXPLICIT = frozenset("\u202a\u202b\u202d\u202e\u2066\u2067\u2068")
#: Bidi classes that may set text right to left: letters (the marks RLM and ALM too), and RLE, RLO, RLI, FSI.
_RIGHT_TO_LEFT_CLASSES = frozenset({"R", "AL", "RLE", "RLO", "RLI", "FSI"})


def has_right_to_left(text: str) -> bool:
    """Right-to-left letters (bidi class R or AL: the marks RLM and ALM too) or an explicit right-to-left
    embedding, override or isolate (RLE, RLO, RLI, FSI): text that the bidi algorithm may reorder."""
    return any(unicodedata.bidirectional(c) in _RIGHT_TO_LEFT_CLASSES for c in _MAYBE_RIGHT_TO_LEFT.findall(text))


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
    """Text without a break opportunity at one bidi embedding level (even: left to right, odd: right to left)."""

    pieces: list[Piece]
    level: int = 0
    space_after: float = 0.0
    forced_break: bool = False
    glued: bool = False  # no break and no space before the next word (the same word at another level)
    space_level: int = 0  # the level of the space after it (a run at a higher level ends there)

    @property
    def width(self) -> float:
        return sum(p.width for p in self.pieces)

    @property
    def text(self) -> str:
        return "".join(p.text for p in self.pieces)


def words_of(runs: list[Run], rtl: bool | None = None) -> list[Word]:
    """Runs cut into shaped words (logical order); a "\\n" in a run is a forced line break.

    Each word has its level by the Unicode bidi algorithm over the whole paragraph (see
    :mod:`.bidi_levels`; base direction ``rtl``, else rule P2), and a space-delimited word
    whose characters have several levels ("\\u061cABC", "(سلام)." in English) is cut into
    glued words, one per level, each shaped on its own.
    """
    logical = "".join("\ufffc" if r.picture is not None else r.text for r in runs)
    if rtl is None:
        rtl = is_right_to_left(logical)
    levels = embedding_levels(logical, rtl) if _needs_levels(logical, rtl) else [int(rtl)] * len(logical)
    words: list[Word] = []
    current: list[tuple[Piece, int]] = []

    def close(space: float, forced: bool = False, space_level: int = 0) -> None:
        nonlocal current
        if current:
            groups: list[tuple[list[Piece], int]] = []
            for piece, level in current:
                if groups and groups[-1][1] == level:
                    groups[-1][0].append(piece)
                else:
                    groups.append(([piece], level))
            parts = [(part, level) for pieces, level in groups for part in _split_punctuation(pieces)]
            for part, level in parts[:-1]:
                words.append(Word(part, level, glued=True))
            words.append(Word(parts[-1][0], parts[-1][1], space_after=space, forced_break=forced,
                              space_level=space_level))
            current = []
        elif words:
            words[-1].space_after = max(words[-1].space_after, space)
            if space:
                words[-1].space_level = min(words[-1].space_level, space_level)
            words[-1].forced_break = words[-1].forced_break or forced

    offset = 0
    for run in runs:
        if run.picture is not None:  # a word of its own width, without text
            current.append((Piece(run, "", "", run.picture.width), levels[offset]))
            offset += 1
            continue
        for index, chunk in enumerate(run.text.split("\n")):
            if index:
                close(0.0, forced=True)
                offset += 1
            if not chunk and run.anchor:  # a destination: it goes with the next word
                current.append((Piece(run, "", "", 0.0), levels[offset] if offset < len(levels) else int(rtl)))
            for token in _tokens(chunk):
                if token == " ":
                    close(pdfmetrics.stringWidth(" ", run.font, run.size), space_level=levels[offset])
                else:
                    current.extend(_level_pieces(run, token, levels[offset:offset + len(token)]))
                offset += len(token)
    close(0.0)
    return words


def _needs_levels(text: str, rtl: bool) -> bool:
    """Whether any character may be set at another level than the paragraph's."""
    return rtl or has_right_to_left(text) or not _EXPLICIT.isdisjoint(text)


def _level_pieces(run: Run, token: str, levels: list[int]) -> Iterator[tuple[Piece, int]]:
    """``token`` cut where its characters' levels change, each part shaped."""
    start = 0
    for index in range(1, len(token) + 1):
        if index == len(token) or levels[index] != levels[start]:
            yield _piece(run, token[start:index]), levels[start]
            start = index


#: Bidi classes of punctuation that takes the direction around it (UAX #9 N1/N2) when it leads or ends a word.
_NEUTRAL = frozenset({"ON", "CS"})


def _split_punctuation(pieces: list[Piece]) -> list[list[Piece]]:
    """A word cut into leading punctuation, its core and trailing punctuation ("(word)." → "(", "word", ").").

    Its levels are the algorithm's already; this keeps the runs (so the bytes) drawn before it set them.
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


#: Bidi_Control characters: they act on the order only (done), so HarfBuzz never sees them (it would merge
#: them into a letter's cluster, and that glyph's text with them). ZWJ and ZWNJ, which act on shaping, stay.
_BIDI_CONTROLS = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def _piece(run: Run, text: str) -> Piece:
    font = pdfmetrics.getFont(run.font)
    if _needs_shaping(text):
        _prepare(font)
        text_shaped = _BIDI_CONTROLS.sub("", text)
        if not text_shaped:
            return Piece(run, text, "", 0.0)
        shaped = shapeStr(text_shaped, run.font, run.size)
        data = getattr(shaped, "__shapeData__", None)
        if data:
            shaped = _keep_joiners(font, text_shaped, shaped, data)
            _record(font, text_shaped, shaped, data)
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
    chars, data = list(shaped), list(data)
    for index, item in enumerate(data):
        source = text[item.cluster] if item.cluster < len(text) else ""
        if source in ("\u200c", "\u200d") and chars[index] == " ":
            code = font.face.joiner_codes[source]
            chars[index] = chr(code)
            # reportlab moves each glyph by its PDF width less HarfBuzz's advance: the joiner's code is
            # 0 wide in the PDF (not the font's ZWNJ glyph's width), or the rest of the word moves left
            data[index] = item._replace(width=font.face.charWidths[code])
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


def visual_order(words: list[Word], rtl: bool) -> list[Word]:
    """One line's words in display order: their levels reversed by rule L2 of UAX #9.

    (``rtl``: the paragraph's direction, kept for callers; the levels already hold it.)
    """
    del rtl
    return _reorder(words)


def _reorder(words: list[Word]) -> list[Word]:
    """Rule L2 over the words and the spaces between them (a space at a lower level parts two runs)."""
    items: list[tuple[int, Word | None]] = []
    for index, word in enumerate(words):
        items.append((word.level, word))
        if word.space_after and index < len(words) - 1:
            items.append((word.space_level, None))
    if not items:
        return []
    highest = max(level for level, _ in items)
    lowest_odd = min((level for level, _ in items if level % 2), default=highest + 1)
    for level in range(highest, lowest_odd - 1, -1):
        index = 0
        while index < len(items):
            if items[index][0] >= level:
                end = index
                while end < len(items) and items[end][0] >= level:
                    end += 1
                items[index:end] = reversed(items[index:end])
                index = end
            else:
                index += 1
    return [word for _, word in items if word is not None]
