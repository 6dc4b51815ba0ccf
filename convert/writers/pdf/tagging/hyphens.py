"""Hyphens that hyphenation adds at a line's end: drawn, but not part of the text.

A hyphenated word's added hyphen is marked content with the soft hyphen U+00AD as its
``/ActualText`` (ISO 32000-1, 14.8.2.4.3 and 14.9.4): a screen reader or an extractor that
follows the tags reads one word, "region", not "re-" and "gion". A line that ends with a
word's own hyphen ("Nagorno-" before "Karabakh") keeps it as text.
"""

from __future__ import annotations

from typing import Any

from reportlab.pdfgen.canvas import Canvas
from reportlab.pdfgen.textobject import PDFTextObject


class HyphenatedText(PDFTextObject):  # type: ignore[misc]
    """A reportlab text object whose line-end hyphens added by hyphenation are soft hyphens (see the module).

    ``added`` maps a line's index to the text of the piece that ends with the added hyphen
    (:func:`added_hyphens`); lines are counted by reportlab's ``T*`` at each line's end.
    """

    def __init__(self, canvas: Canvas, x: float, y: float, added: dict[int, str]) -> None:
        super().__init__(canvas, x, y)
        self.added, self.line = added, 0

    def _textOut(self, text: str, TStar: int = 0) -> None:
        if self.added.get(self.line) == text:
            del self.added[self.line]
            self._code.append(self._formatText(text[:-1]))
            self._code.append(HYPHEN)
            self._code.append(self._formatText(text[-1]) + (" T*" if TStar else ""))
            self._code.append("EMC")
        else:
            super()._textOut(text, TStar)
        if TStar:
            self.line += 1


#: The marked content around an added hyphen: its actual text is a soft hyphen (a break, not a character).
HYPHEN = "/Span <</ActualText <FEFF00AD>>> BDC"


def added_hyphens(paragraph: Any, source: str) -> dict[int, str]:
    """The lines of a broken reportlab paragraph (``blPara``) that end with a hyphen hyphenation added:
    line index → the text drawn last on it. A line ending with a word's own hyphen ("Nagorno-" before
    "Karabakh", found so in ``source``) is not one of them."""
    texts: list[str] = []
    for line in paragraph.lines:
        if paragraph.kind == 0:
            texts.append(" ".join(line[1]))
        else:
            texts.append(next((f.text for f in reversed(line.words) if getattr(f, "text", "")), ""))
    added: dict[int, str] = {}
    for index in range(len(texts) - 1):
        last = texts[index]
        if not last.endswith("-") or not last.split():
            continue
        following = _first_word(paragraph, index + 1)
        if following and last.split()[-1] + following not in source:
            added[index] = last
    return added


def _first_word(paragraph: Any, index: int) -> str:
    line = paragraph.lines[index]
    text = " ".join(line[1]) if paragraph.kind == 0 else "".join(getattr(f, "text", "") for f in line.words)
    words = text.split()
    return words[0] if words else ""
