"""The running head: the title on one line, shortened to the text width, in any script.

Set with :class:`.paragraphs.BidiParagraph`, so a Persian or Armenian title is
shaped, ordered and given a font that has its letters, as in the text. The title
is shortened by binary search on its length (a 20 KB title costs a few
measurements, not one per character).
"""

from __future__ import annotations

from collections.abc import Callable

from reportlab.lib.styles import ParagraphStyle

from ...model import Text
from .inlines import Face, Markup
from .paragraphs import BidiParagraph
from .runs import runs_of
from .shaping import Run, Word, is_right_to_left, words_of

HEADER_SIZE = 8.0
#: More characters than any running head can show (about 100 fit at 8 pt in the text width).
MAX_CHARS = 400


def running_head(title: str, width: float, face: Face, color: str, markup: Markup) -> BidiParagraph | None:
    """``title`` on one line of at most ``width`` points (an ellipsis where it was cut); ``None`` without a title."""
    collapsed = " ".join(title[:MAX_CHARS * 2].split())
    cut = len(collapsed) > MAX_CHARS or len(title) > MAX_CHARS * 2  # a line never holds more anyway
    text = collapsed[:MAX_CHARS]
    if not text:
        return None

    made: dict[int, tuple[list[Run], list[Word]]] = {}

    def shown(length: int) -> tuple[list[Run], list[Word]]:
        """The runs and words of the title cut to ``length`` characters (each length shaped once)."""
        if length not in made:
            cut_text = text if length >= len(text) and not cut else text[:length].rstrip() + "\u2026"
            runs = runs_of(markup, (Text(cut_text),), face, color, 0)
            made[length] = (runs, words_of(runs))
        return made[length]

    def fits(length: int) -> bool:
        words = shown(length)[1]
        return sum(w.width for w in words) + sum(w.space_after for w in words[:-1]) <= width

    runs, words = shown(_longest(len(text), fits))
    style = ParagraphStyle("running-head", fontName=face.family.ensure(face.name), fontSize=face.size,
                           leading=face.size * 1.25, spaceBefore=0, spaceAfter=0)
    return BidiParagraph(runs, style, is_right_to_left(text), words=words)


def _longest(length: int, fits: Callable[[int], bool]) -> int:
    if fits(length):
        return length
    low, high = 0, length - 1
    while low < high:  # the longest prefix that fits
        middle = (low + high + 1) // 2
        low, high = (middle, high) if fits(middle) else (low, middle - 1)
    return low
