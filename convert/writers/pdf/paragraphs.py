"""Paragraph flowables beyond reportlab's: bidirectional text, and long paragraphs in linear time.

reportlab re-breaks the rest of a paragraph each time it splits it across a
page, so a paragraph of n lines costs O(n^2): 80 KB took 4 s, 320 KB 116 s.
:func:`chunks` cuts a paragraph's inlines into pieces of about
:data:`CHUNK_CHARS` characters at spaces (a word longer than that at
characters), which the story sets as consecutive paragraphs without space
between them: the cost is linear, and only a line at each seam (one in about
40) is not justified.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable

from ...model import Inline, Text
from .pictures import Picture
from .shaping import Run, Word, mirrored, visual_order, words_of
from .styles import color
from .tagging import Tagged

CHUNK_CHARS = 3000
_SEAM = re.compile(r"(?<=[.!?\u061f\u06d4\u3002]) |(?<=\S) ")


def chunks(spans: tuple[Inline, ...], limit: int = CHUNK_CHARS) -> list[tuple[Inline, ...]]:
    """Inline spans cut into pieces of about ``limit`` characters (top-level text only is cut)."""
    if sum(len(s.text) if isinstance(s, Text) else 50 for s in spans) <= limit:
        return [spans]
    pieces: list[tuple[Inline, ...]] = []
    current: list[Inline] = []
    size = 0
    for span in spans:
        if not isinstance(span, Text):
            current.append(span)
            size += 50
            continue
        text = span.text
        while size + len(text) > limit:
            cut = _cut(text, limit - size)
            if cut <= 0 and current:
                pieces.append(tuple(current))
                current, size = [], 0
                continue
            cut = max(cut, 1)
            current.append(Text(text[:cut]))
            pieces.append(tuple(current))
            current, size, text = [], 0, text[cut:].lstrip(" ")
        if text:
            current.append(Text(text))
            size += len(text)
    if current:
        pieces.append(tuple(current))
    return pieces or [spans]


def _cut(text: str, room: int) -> int:
    """Where to cut ``text`` to keep at most ``room`` characters: after a sentence, else a space, else at ``room``."""
    if room <= 0:
        return 0
    window = text[: room + 1]
    sentence = max(window.rfind(". "), window.rfind("! "), window.rfind("? "))
    if sentence > room // 2:
        return sentence + 1
    space = window.rfind(" ")
    return space if space > room // 4 else room


class BidiParagraph(Flowable):  # type: ignore[misc]
    """A paragraph laid out word by word in visual order (see :mod:`.shaping`).

    ``rtl`` sets it right to left (right-aligned, or centred when the style is centred).
    Split pieces keep their broken lines, so splitting is linear. On a tagged canvas each
    run is drawn into its own slot (``Run.slot``); ``tagged`` tells whether the paragraph
    was drawn before (a repeated table header: then an artifact).
    """

    tagged: Tagged | None = None
    continued = False

    def __init__(self, runs: list[Run], style: ParagraphStyle, rtl: bool, words: list[Word] | None = None,
                 note_numbers: list[int] | None = None) -> None:
        super().__init__()
        self.style = style
        self.rtl = rtl
        self.words = words if words is not None else words_of(runs, rtl)
        self.note_numbers = note_numbers if note_numbers is not None else _notes(runs)
        self.lines: list[list[Word]] = []
        self._wrapped_for = -1.0

    def getSpaceBefore(self) -> float:
        return float(self.style.spaceBefore)

    def getSpaceAfter(self) -> float:
        return float(self.style.spaceAfter)

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        if available_width != self._wrapped_for:
            self.lines = self._break(available_width - self.style.leftIndent - self.style.rightIndent)
            self._wrapped_for = available_width
        self.width = available_width
        self.height = max(len(self.lines), 1) * self.style.leading
        return self.width, self.height

    def _break(self, width: float) -> list[list[Word]]:
        """Greedy line breaking over units (a word and the punctuation glued to it never part)."""
        lines: list[list[Word]] = []
        line: list[Word] = []
        used = 0.0
        for unit in _units(self.words):
            unit_width = sum(w.width for w in unit)
            gap = line[-1].space_after if line else 0.0
            if line and used + gap + unit_width > width:
                lines.append(line)
                line, used, gap = [], 0.0, 0.0
            line.extend(unit)
            used += gap + unit_width
            if unit[-1].forced_break:
                lines.append(line)
                line, used = [], 0.0
        if line:
            lines.append(line)
        return lines

    def split(self, available_width: float, available_height: float) -> list[Flowable]:
        self.wrap(available_width, available_height)
        fit = int(available_height // self.style.leading)
        if fit >= len(self.lines):
            return [self]
        if fit < 2 or len(self.lines) - fit < 2:
            fit -= 1 if len(self.lines) - fit < 2 else 0
            if fit < 2:
                return []
        first = self._piece(self.lines[:fit], available_width)
        rest = self._piece(self.lines[fit:], available_width)
        first.continued, rest.continued = self.continued, True
        return [first, rest]

    def _piece(self, lines: list[list[Word]], width: float) -> BidiParagraph:
        words = [w for line in lines for w in line]
        piece = BidiParagraph([], self.style, self.rtl, words=words,
                              note_numbers=[n for n in self.note_numbers if n in _word_notes(words)])
        piece.lines, piece._wrapped_for = lines, width
        piece.tagged = self.tagged
        return piece

    def draw(self) -> None:
        marks = getattr(self.canv, "marks", None)
        tagged = self.tagged
        self._marks = None
        if marks is None or tagged is None:
            self._draw_lines()
        elif tagged.started and not self.continued:  # drawn before: a header row repeated on a new page
            with marks.artifact(self.canv):
                self._draw_lines()
        else:
            tagged.started = True
            first = next((p.run.slot for w in self.words for p in w.pieces if p.run.slot is not None), tagged.slot)
            with marks.content(self.canv, first):
                self._marks = marks
                self._draw_lines()
            self._marks = marks.bound = None

    _marks: Any = None

    def _move(self, word: Word) -> None:
        """Continue the marked content in the slot of ``word``'s first run (never inside an actual-text span)."""
        if self._marks is not None and word.pieces:
            self._marks.move_to(self.canv, word.pieces[0].run.slot)

    def _draw_lines(self) -> None:
        style = self.style
        canvas = self.canv
        measure = self.width - style.leftIndent - style.rightIndent
        y = self.height - style.fontSize
        for line in self.lines:
            order = visual_order(line, self.rtl)
            used = sum(w.width for w in line) + sum(w.space_after for w in line[:-1])
            start = style.rightIndent if self.rtl else style.leftIndent  # indents mirror in right-to-left text
            x = start + self._offset(measure - used)
            base = 1 if self.rtl else 0
            logical = {id(w): i for i, w in enumerate(line)}
            spans = _against(order, base)
            for index, word in enumerate(order):
                embedded = spans[index]
                if embedded and (index == 0 or not spans[index - 1]):
                    self._move(word)
                    canvas.addLiteral(_actual_text(self._embedded_text(order, index, spans, logical)))
                x = self._draw_word(canvas, word, x, y, embedded)
                if embedded and (index + 1 == len(order) or not spans[index + 1]):
                    canvas.addLiteral("EMC")
                if index < len(order) - 1:
                    x += _gap(word, order[index + 1], logical)
            y -= style.leading

    def _offset(self, slack: float) -> float:
        alignment = self.style.alignment
        if alignment == TA_CENTER:
            return slack / 2
        if self.rtl and alignment in (TA_LEFT, TA_JUSTIFY, TA_RIGHT):
            return slack
        return slack if alignment == TA_RIGHT else 0.0

    def _embedded_text(self, order: list[Word], index: int, spans: list[bool], logical: dict[int, int]) -> str:
        """The actual text of a run of words set against the paragraph's direction.

        Extractors (poppler) lay actual text out left to right, reorder it as they do
        glyphs, and drop the space that follows such a run in reading order. So the run
        carries that space itself, behind a direction mark that keeps it on the right side.
        """
        end = index
        while end < len(order) and spans[end]:
            end += 1
        run = sorted(order[index:end], key=lambda w: logical[id(w)])  # reading order
        if self.rtl:  # left-to-right words: the space follows them on their left
            return " \u200f" + _joined(run)
        text = _joined(run)
        if not any(unicodedata.bidirectional(c) in ("R", "AL") for c in text):
            return text + " "  # letters an override set right to left: poppler keeps them in the order given
        return text[::-1] + "\u200e "  # right-to-left words, given in display order

    def _draw_word(self, canvas: Any, word: Word, x: float, y: float, embedded: bool) -> float:
        """A right-to-left word with marks (harakat, hamza above) copies out as one word.

        Marks are drawn raised, and poppler takes a raised glyph for another line, cutting
        the word; the word's actual text keeps it whole (in display order, as above).
        """
        if not embedded and word.level % 2 and any(unicodedata.combining(c) for c in word.text):
            self._move(word)
            canvas.addLiteral(_actual_text(word.text[::-1]))
            x = self._draw_pieces(canvas, word, x, y, True)
            canvas.addLiteral("EMC")
            return x
        return self._draw_pieces(canvas, word, x, y, embedded)

    def _draw_pieces(self, canvas: Any, word: Word, x: float, y: float, in_span: bool) -> float:
        pieces = list(reversed(word.pieces)) if word.level % 2 else word.pieces
        for piece in pieces:
            # HarfBuzz sets right-to-left letters in display order, mirroring brackets; other text at an odd
            # level (punctuation, an override) is reversed and mirrored here (UAX #9 L2, L4)
            flip = word.level % 2 == 1 and not getattr(piece.shaped, "__shapeData__", None)
            run = piece.run
            if run.picture is not None:
                self._draw_picture(canvas, run, x, y)
                if run.link:
                    bottom = y - run.size * 0.2
                    self._annotate(canvas, run, (x, bottom, x + piece.width, bottom + run.picture.height))
                x += piece.width
                continue
            if self._marks is not None and not in_span:
                self._marks.move_to(canvas, run.slot)
            if run.anchor:
                canvas.bookmarkHorizontal(run.anchor, x, y + run.size)
            canvas.setFont(run.font, run.size)
            canvas.setFillColor(color(run.color))
            if flip and not in_span:  # the mirrored glyph copies out as the character written
                canvas.addLiteral(_actual_text(piece.text))
                canvas.drawString(x, y + run.rise, mirrored(piece.shaped[::-1]))
                canvas.addLiteral("EMC")
            else:
                canvas.drawString(x, y + run.rise, mirrored(piece.shaped[::-1]) if flip else piece.shaped)
            if run.link:
                self._annotate(canvas, run, (x, y - run.size * 0.25, x + piece.width, y + run.size))
            x += piece.width
        return x

    def _annotate(self, canvas: Any, run: Run, rect: tuple[float, float, float, float]) -> None:
        """A link annotation over ``rect``, tied to the ``Link`` element the run's content is in."""
        assert run.link is not None
        if self._marks is not None and run.slot is not None:
            element = run.slot.element  # a picture's slot is its Figure's, inside the Link
            while element.parent is not None and element.role != "Link":
                element = element.parent
            self._marks.bound = element if element.role == "Link" else run.slot.element
        if run.link.startswith("#"):
            canvas.linkRect("", run.link[1:], rect, relative=1)
        else:
            canvas.linkURL(run.link, rect, relative=1)

    def _draw_picture(self, canvas: Any, run: Run, x: float, y: float) -> None:
        """A small picture standing on the line's baseline (a little below, as reportlab's inline ones):
        into its ``Figure``'s slot, or an artifact when it has no description."""
        assert run.picture is not None
        picture = Picture(run.picture.image, run.picture.width, run.picture.height, text_font=run.font)
        picture.wrapOn(canvas, run.picture.width, run.picture.height)
        if self._marks is None:
            picture.drawOn(canvas, x, y - run.size * 0.2)
        elif run.slot is None:
            with self._marks.aside(canvas):
                picture.drawOn(canvas, x, y - run.size * 0.2)
        else:
            self._marks.move_to(canvas, run.slot)
            picture.drawOn(canvas, x, y - run.size * 0.2)


def _against(order: list[Word], base: int) -> list[bool]:
    """For each word of a line in display order: whether it is in a run set against the paragraph's direction.

    In a right-to-left paragraph: the left-to-right words. In a left-to-right one: runs above the base level
    with a right-to-left word (numbers in Arabic text go with it; an embedding of Latin text is no such run).
    """
    if base % 2:
        return [w.level % 2 == 0 for w in order]
    flags = [False] * len(order)
    index = 0
    while index < len(order):
        end = index
        while end < len(order) and order[end].level > base:
            end += 1
        if any(w.level % 2 != base % 2 for w in order[index:end]):
            flags[index:end] = [True] * (end - index)
        index = max(end, index + 1)
    return flags


def _units(words: list[Word]) -> list[list[Word]]:
    units: list[list[Word]] = []
    for word in words:
        if units and units[-1][-1].glued:
            units[-1].append(word)
        else:
            units.append([word])
    return units


def _gap(left: Word, right: Word, logical: dict[int, int]) -> float:
    """The space between two words side by side on a line: the one between them in reading order."""
    first, second = logical[id(left)], logical[id(right)]
    if second == first + 1:
        return left.space_after
    if first == second + 1:
        return right.space_after
    return max(left.space_after, right.space_after)  # where runs of two directions meet


def _joined(words: list[Word]) -> str:
    return "".join(w.text + (" " if w.space_after and i < len(words) - 1 else "") for i, w in enumerate(words))


def _actual_text(text: str) -> str:
    """The marked-content operator that opens a span with ``text`` as its actual text (UTF-16BE)."""
    return "/Span <</ActualText <FEFF" + text.encode("utf-16-be").hex().upper() + ">>> BDC"


def _notes(runs: list[Run]) -> list[int]:
    return [int(r.link[4:]) for r in runs if r.link and r.link.startswith("#fn-")]


def _word_notes(words: list[Word]) -> list[int]:
    return [int(p.run.link[4:]) for w in words for p in w.pieces if p.run.link and p.run.link.startswith("#fn-")]


__all__ = ["TA_RIGHT", "BidiParagraph", "chunks"]
