"""Words that hyphenation broke at a line's end: drawn in two pieces, read as one word.

Of such a word, the head ("re-" at a line's end) is a marked-content span whose
``/ActualText`` is the word as written ("region,"), the tail ("gion," at the next line's
start) a span whose actual text is empty (ISO 32000-1, 14.9.4, whose own example is a
hyphenated word): a screen reader, an extractor that follows the tags, and poppler's
pdftotext all read "region", not "re-" and "gion". Each span stays on its line (a span
across two lines makes poppler merge them) and inside the paragraph's marked-content
sequence. A compound broken at its own hyphen ("Armenian-" before "populated", so that a
justified line is not stretched) is read the same way, as the compound: "Armenian-populated".
A lone dash at a line's end ("flag -") breaks no word and is left as it is.
"""

from __future__ import annotations

from typing import Any

from reportlab.pdfgen.canvas import Canvas
from reportlab.pdfgen.textobject import PDFTextObject


class HyphenatedText(PDFTextObject):  # type: ignore[misc]
    """A reportlab text object that gives each word hyphenation broke its whole text (see the module).

    ``added`` maps a line's index to the head of the word at its end (with the added hyphen)
    and the word as written; lines are counted by reportlab's ``T*`` at each line's end.
    """

    def __init__(self, canvas: Canvas, x: float, y: float, added: dict[int, tuple[str, str]]) -> None:
        super().__init__(canvas, x, y)
        self.added, self.line, self.tail = added, 0, False

    def _textOut(self, text: str, TStar: int = 0) -> None:
        if self.tail and text.strip():  # the word's tail: drawn, read as nothing (its head reads as the word)
            self.tail = False
            lead = len(text) - len(text.lstrip())
            end = lead + len(text[lead:].split(maxsplit=1)[0])
            self._out(text[:lead])
            self._span("", text[lead:end])
            text = text[end:]
        found = self.added.get(self.line)
        if found is not None and text.strip() and text.endswith(found[0]):  # the head, read as the whole word
            del self.added[self.line]
            self._out(text[: len(text) - len(found[0])])
            self._span(found[1], found[0])
            if TStar:
                self._code.append("T*")
            self.tail = True
        elif text or TStar:
            super()._textOut(text, TStar)
        if TStar:
            self.line += 1

    def _out(self, text: str) -> None:
        if text:
            super()._textOut(text, 0)

    def _span(self, actual: str, shown: str) -> None:
        self._code.append("/Span <</ActualText <FEFF" + actual.encode("utf-16-be").hex().upper() + ">>> BDC")
        super()._textOut(shown, 0)
        self._code.append("EMC")


def added_hyphens(paragraph: Any, source: str) -> dict[int, tuple[str, str]]:
    """The lines of a broken reportlab paragraph (``blPara``) that end inside a word, at a hyphen:
    line index → (the word's head with the hyphen, the word as written). The hyphen is hyphenation's
    ("re-" of "region": the word reads without it) or the word's own ("Armenian-" of
    "Armenian-populated", found so in ``source``: the word keeps it); a lone dash breaks no word."""
    texts: list[str] = []
    for line in paragraph.lines:
        if paragraph.kind == 0:
            texts.append(" ".join(line[1]))
        else:
            texts.append(next((f.text for f in reversed(line.words) if getattr(f, "text", "")), ""))
    added: dict[int, tuple[str, str]] = {}
    for index in range(len(texts) - 1):
        last = texts[index]
        if not last.endswith("-") or not last.split():
            continue
        head, following = last.split()[-1], _first_word(paragraph, index + 1)
        if not following or len(head) < 2 or not head[-2].isalnum():
            continue
        added[index] = (head, head + following if head + following in source else head[:-1] + following)
    return added


def _first_word(paragraph: Any, index: int) -> str:
    line = paragraph.lines[index]
    text = " ".join(line[1]) if paragraph.kind == 0 else "".join(getattr(f, "text", "") for f in line.words)
    words = text.split()
    return words[0] if words else ""
