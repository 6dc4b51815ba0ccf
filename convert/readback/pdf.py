"""PDF read back with pypdf: text in reading order, notes, tables, outline, metadata, images, links.

PDF keeps no structure we can rely on, so most checks are on the text as
pypdf extracts it, page by page, compared loosely: whitespace is ignored (lines
break anywhere), the running header (the title, from page 2) and page numbers
are dropped, a hyphen at a line end may be a hyphenation break, also at a
page's end, where the word goes on after the next page's furniture and this
page's footnotes (see :mod:`.pages`), and a note's reference mark may sit
between two pieces of text.
The title block's description and keywords (each keyword on its own: the
separator is the writer's) and a figure's description (in place of a picture
not loaded) are text in reading order like the rest. Notes must be at the foot
of the page their reference is on, or (numbered endnotes) after the body; an
empty note shows only its mark, and an empty heading has no outline entry.

Right-to-left text is stored in visual order, and pypdf gives it back reversed,
by whole lines or word by word: passages with right-to-left letters are checked
as a multiset of words (each read either way; a word split by ``~`` may come
back as its two pieces, see :mod:`.words`), not in order. Small caps may come
back as capitals.
A glyph drawn without a Unicode mapping (pypdf reads a NUL) fails "text copies
out" once per page and is otherwise ignored. Pictures are counted as drawn
(``Do`` of an image, or of a form as SVG pictures are), links by their
annotations' URIs.
"""

from __future__ import annotations

import bisect
import io
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from .compare import normal, same_or_cut
from .expected import Expected, Passage, TableExpectation
from .pages import join_lines, join_pages, mark_breaks, page_bodies, whole_text
from .pdftext import loose, loose_pattern, note_pattern, split_footnotes
from .report import Report
from .words import RTL, missing, words

_MARK = r"(?:\d{1,4}|[*\u2020\u2021\u00a7]{1,3})"
_NOTE_MARK = re.compile(r"(?<=[^\W\d_])(?=\d{1,4}\b)")  # a reference mark glued to its word: "protocol5"
_RTL_LETTERS = re.compile(rf"(?:(?=[{RTL}])[^\W_])+")
_RTL_MARKS = frozenset("\u200f\u061c\u202b\u202e\u2067")
#: A right-to-left override (RLO ... PDF) of letters with no direction of their own, as pypdf reads it back in
#: visual order: PDF, the letters reversed, RLO ("\u202cenilni\u202e" for "\u202einline\u202c").
_OVERRIDDEN = re.compile("\u202c([^\u202a-\u202e\u2066-\u2069" + RTL + "]*)\u202e")
_MARKS = re.compile(r"[\u064b-\u065f\u0670\u06d6-\u06ed\u0591-\u05c7\u200e\u200f]")


def _unmirror(text: str) -> str:
    """``text`` with each run of right-to-left letters reversed (pypdf reads them in visual order).

    Letters an override set right to left are read back first; vowel signs go first (they would land before
    their letters); a zero-width
    non-joiner splits a run, as the words check does (see :func:`.source.words`).
    """
    text = _OVERRIDDEN.sub(lambda m: "\u202e" + m.group(1)[::-1] + "\u202c", text)
    text = _MARKS.sub("", text).replace("\u200c", " ")
    return _RTL_LETTERS.sub(lambda m: m.group()[::-1], text)


@dataclass
class _Stream:
    """The body text of every page, loose, one string, with where each page starts."""

    pages: list[str]
    bag: Counter[str]  # every word of the document, read either way (for right-to-left text)
    joined: tuple[str, ...] = ()  # the document's words run together, read either way
    text: str = ""
    starts: list[int] = field(default_factory=list)

    def __post_init__(self) -> None:
        position = 0
        for page in self.pages:
            self.starts.append(position)
            position += len(page)
        self.text = "".join(self.pages)

    def page_of(self, position: int) -> int:
        return max(bisect.bisect_right(self.starts, position) - 1, 0)

    def has_words(self, text: str) -> bool:
        """Whether every word of ``text`` is in the document (how right-to-left text is checked); a word drawn in
        pieces (a change of font inside it: ``9`` then math ``a``) may be found in the words run together."""
        lacking = missing(words(text), self.bag)
        return all(any(key in joined for joined in self.joined) for key in lacking)


def _right_to_left(text: str) -> bool:
    """Right-to-left letters, or a mark that makes what is around it right to left (RLM, ALM, RLE, RLO, RLI)."""
    return _RTL_LETTERS.search(text) is not None or any(c in _RTL_MARKS for c in text)


def check(data: bytes, expected: Expected, report: Report) -> list[str]:
    """Every check for a PDF; returns readings of its text for the source-words check."""
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    titles = {t for t in (expected.title, expected.document_title) if t}
    raw = [mark_breaks(text) for text in page_bodies([page.extract_text() or "" for page in reader.pages], titles)]
    for number, text in enumerate(raw, start=1):
        garbled = next((line for line in text.splitlines() if "\x00" in line), None)
        if garbled is not None:  # glyphs without a Unicode mapping: the text cannot be copied or searched
            report.fail("text copies out", f"page {number}", "characters", garbled.replace("\x00", "\ufffd"))
    info = reader.metadata
    report.check("document title", "/Info /Title", expected.document_title, str(info.title) if info and info.title else None)
    outline = [str(getattr(item, "title", "")) for item in _flatten(reader.outline)]
    if expected.title:
        report.check("title", "outline", expected.title, _entry(outline, expected.title))
    for number, heading in enumerate(expected.headings, start=1):
        if normal(heading.text):  # an empty heading has nothing to show in an outline: writers leave it out
            report.check(f"subheading {number} bookmark", "outline", heading.text,
                         _entry(outline, heading.text) or (heading.text if _entry(outline, heading.plain) else None))
    marked, footnotes = split_footnotes([loose(p) for p in raw], expected.note_parts)
    pages, joins = join_pages(marked)
    whole = whole_text(raw, joins)
    readings = (words(whole), words(_unmirror(whole)))
    stream = _Stream(pages, Counter(w.key for w in readings[0]) | Counter(w.key for w in readings[1]),
                     tuple("".join(w.key for w in reading) for reading in readings))
    references, last_page = _flow(report, expected, stream)
    _notes(report, expected, stream, footnotes, references, last_page)
    _pictures(report, expected, reader)
    return [whole, join_lines(whole), re.sub(r"(\w)-?[ \t]*\n[ \t]*(?=\w)", r"\1", whole),
            _unmirror(whole), _NOTE_MARK.sub(" ", whole)]


def _flow(report: Report, expected: Expected, stream: _Stream) -> tuple[dict[int, int], int]:
    """Check every passage and table in reading order; returns the page of each note's reference and the body's last page."""
    cursor, references = 0, {}
    for number, item in enumerate(expected.flow, start=1):
        if isinstance(item, TableExpectation):
            cursor = _table(report, expected.tables.index(item) + 1, item, stream, cursor)
            continue
        if _right_to_left(item.text):
            found = stream.has_words(item.text)
            report.check(f"{item.kind} words ({number})", "extracted text", item.text, item.text if found else None)
            continue
        match = _search(item, stream.text, cursor)
        report.check(f"{item.kind} in reading order ({number})", "extracted text", item.text,
                     item.text if match else None, loose=True)
        if match is None:
            continue
        cursor = match.end()
        for index, note in enumerate(item.notes):
            mark = match.group(f"n{index}")
            report.present(f"note {note} reference", "extracted text", f"the mark {note} in the text", mark == str(note))
            references[note] = stream.page_of(match.start(f"n{index}") if mark else match.start())
    return references, stream.page_of(max(cursor - 1, 0))


def _search(passage: Passage, text: str, start: int) -> re.Match[str] | None:
    parts = [loose_pattern(passage.segments[0])]
    for index, segment in enumerate(passage.segments[1:]):
        parts.append(f"(?P<n{index}>{_MARK})?{loose_pattern(segment)}")
    return re.compile("".join(parts)).search(text, start)


def _table(report: Report, number: int, table: TableExpectation, stream: _Stream, cursor: int) -> int:
    """Cells row by row; the lines of wrapped cells in one row may interleave, so a cell may be its words in order."""
    for index, cells in enumerate(table.rows):
        row = re.compile("".join(loose_pattern(c) for c in cells)).search(stream.text, cursor)
        found: list[str | None]
        if any(_right_to_left(c) for c in cells):
            found = [c if stream.has_words(c) else None for c in cells]
        elif row is not None:
            found = list(cells)
            cursor = row.end()
        else:
            window = cursor + 4 * sum(len(c) for c in cells) + 400
            found, cursor = _cells(cells, stream.text, cursor, window)
        shown = " | ".join(f if f is not None else "(nothing)" for f in found)
        report.check(f"table {number} row {index + 1}", "extracted text", " | ".join(cells), shown, loose=True)
    return cursor


def _cells(cells: tuple[str, ...], text: str, cursor: int, window: int) -> tuple[list[str | None], int]:
    found: list[str | None] = []
    end = cursor
    for cell in cells:
        hit = re.compile(loose_pattern(cell)).search(text, cursor, window)
        if hit is not None:
            found.append(cell)
            end = max(end, hit.end())
            continue
        position, ok = cursor, True
        for word in cell.split():
            piece = re.compile(loose_pattern(word)).search(text, position, window)
            if piece is None:
                ok = False
                break
            position = piece.end()
        found.append(cell if ok else None)
        end = max(end, position) if ok else end
    return found, end


def _notes(report: Report, expected: Expected, stream: _Stream, footnotes: dict[int, int], references: dict[int, int],
           last_page: int) -> None:
    """A note is at the foot of its reference's page, or after the body (endnotes: the last body page or later)."""
    body_end = max(references.values(), default=0)
    for number, text in enumerate(expected.notes, start=1):
        if not loose(text):
            continue  # an empty note: only its mark shows (checked with the passage it is in)
        if _right_to_left(text):
            report.check(f"note {number} words", "extracted text", text, text if stream.has_words(text) else None)
        elif number in footnotes:
            page = footnotes[number]
            ok = number not in references or references[number] == page or page >= last_page
            where = f"foot of page {page + 1}"
            report.check(f"note {number}", where, text, text if ok else f"(on page {page + 1}, its reference on page "
                         f"{references[number] + 1})", loose=True)
        else:
            start = stream.starts[body_end] if stream.starts else 0
            hit = re.compile(note_pattern(expected.note_parts[number - 1])).search(stream.text, start)
            report.check(f"note {number}", "endnotes", text, text if hit else None, loose=True)


def _pictures(report: Report, expected: Expected, reader: Any) -> None:
    drawn, links = 0, set()
    for page in reader.pages:
        drawn += _drawn(page)
        for annotation in page.get("/Annots") or []:
            action = annotation.get_object().get("/A") or {}
            if action.get("/URI") is not None:
                links.add(str(action.get("/URI")))
    wanted = sum(f.loaded for f in expected.figures) + sum(i.loaded for i in expected.images)
    report.check("pictures drawn", "image and form XObjects drawn", str(wanted), str(min(drawn, wanted)))
    for number, figure in enumerate(expected.figures, start=1):
        if not figure.loaded:
            report.present(f"figure {number} link", "link annotations", figure.src, figure.src in links)
    for number, image in enumerate(expected.images, start=1):
        if not image.loaded and image.linked:  # inside another link: its alt text is that link's text
            report.present(f"inline image {number} link", "link annotations", image.src, image.src in links)


_DRAW = re.compile(rb"/([^\s/\[\]()<>{}%]+)\s+Do\b")


#: Forms drawn inside forms are followed this deep (a hostile file may nest them, or draw a form inside itself).
MAX_FORM_DEPTH = 8


def _drawn(page: Any) -> int:
    """How many times the page draws a picture: an image XObject, or a form XObject as SVG pictures are.

    A form that draws images counts as those images (a writer may wrap a picture, or several, in a form).
    """
    contents = page.get_contents()
    data = contents.get_data() if contents is not None else b""
    return _pictures_in(data, page.get("/Resources"), 0, {})


def _pictures_in(data: bytes, resources: Any, depth: int, forms: dict[tuple[int, int], int]) -> int:
    """The pictures a content stream ``data`` draws with ``resources``; ``forms`` keeps each form's count."""
    objects = resources.get_object().get("/XObject") if resources is not None else None
    if objects is None:
        return 0
    objects = objects.get_object()
    count = 0
    for name in _DRAW.findall(data):
        reference = objects.get("/" + name.decode("latin-1"))
        xobject = reference.get_object() if reference is not None else None
        subtype = xobject.get("/Subtype") if xobject is not None else None
        if subtype == "/Image":
            count += 1
        elif subtype == "/Form" and xobject is not None:
            key = (getattr(reference, "idnum", -1), getattr(reference, "generation", -1))
            if key not in forms or key[0] < 0:
                forms[key] = 1  # meanwhile: a form drawing itself is one picture, not a loop
                inner = _pictures_in(xobject.get_data(), xobject.get("/Resources"), depth + 1, forms) \
                    if depth < MAX_FORM_DEPTH else 0
                forms[key] = max(inner, 1)  # a form drawing no image is a vector picture itself
            count += forms[key]
    return count


def _entry(outline: list[str], text: str) -> str | None:
    """The outline entry showing ``text`` (as ``text`` when it is cut short with an ellipsis, as long ones are)."""
    found = next((entry for entry in outline if same_or_cut(text, entry)), None)
    return text if found is not None else None


def _flatten(outline: object) -> Iterator[object]:
    stack = [iter(outline)]  # type: ignore[call-overload]
    while stack:  # no recursion: a hostile outline may nest deeply
        item = next(stack[-1], None)
        if item is None:
            stack.pop()
        elif isinstance(item, list):
            stack.append(iter(item))
        else:
            yield item
