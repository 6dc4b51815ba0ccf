"""The source-words check: every word of the source's visible text must appear in the output.

It does not trust the model (a reader bug that drops text fails it). The
source's visible text comes from an independent rendering: markdown-it's own
HTML renderer, with the plugins our dialect has where markdown-it-py has them
(pipe tables, strikeout, footnotes, definition lists, attributes, fenced
divs, sub- and superscript), parsed by lxml.html. The source is first cleaned
as the reader documents it cleans it (``convert.reader._clean``: one newline
convention, no byte-order mark, none of :data:`convert.text.XML_ILLEGAL_OR_CONTROL`:
DEL and the C1 controls too), so ``t\\x00a`` and ``l\\x95a`` are the words "ta"
and "la" here as in every output. What counts and what not
is decided on that rendering:

* counted: the text of every element a browser would show, raw HTML included
  (a ``<figcaption>``, an embedded post's text);
* not counted: front matter and pandoc's ``%`` title block (metadata: the
  model checks compare title, byline...), code blocks (``<pre>``), URLs and
  e-mail addresses, attribute blocks ``{#id .class key=value}``, pandoc's
  ``Table:`` caption marker, Hugo shortcodes ``{{< >}}``, footnote reference
  marks (the writers number notes themselves), pandoc's list markers that
  CommonMark reads as text (``a.``, ``iv)``, ``(3)``: the writers number lists),
  comments, ``<script>``,
  ``<style>`` and other invisible elements, attribute values (``alt``,
  ``title``: an image's description is checked against the model instead).

Words are compared as a multiset (the output may move things: notes to the
foot of a page, a credit line to the end), as :mod:`.words` defines them; an
inline picture glues the words on either side (:data:`.words.GLUE`). What is
missing is listed as the source's phrases, each with the line it is on.

The source is parsed once however many outputs are checked against it:
:func:`parse` keeps the last few parsed sources (a bounded LRU, keyed by the
text), and a caller may pass the :class:`SourceWords` it returns instead of the
text.
"""

from __future__ import annotations

import difflib
import functools
import re
import unicodedata
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from lxml import etree
from markdown_it import MarkdownIt

from ..text import XML_ILLEGAL, XML_ILLEGAL_OR_CONTROL
from .markup import tag, text_of
from .package import parse_html
from .report import Report
from .words import GLUE, Word, counted, missing, words

#: At most this many missing phrases are listed, one finding each; the rest are summed up in one more.
MAX_LISTED = 20
#: Words this long may be found broken over lines without a hyphen (PDF); shorter ones are too often part of others.
MIN_SPLIT = 4
#: A missing phrase shows at most this many words.
MAX_PHRASE = 40
#: Alignment (to show missing phrases in context) is skipped past this many words; missing words are listed instead.
MAX_ALIGNED = 50_000
#: Parsed sources kept for the next output of the same article (an article's formats are verified one after another).
CACHED_SOURCES = 4
#: Sources longer than this (characters) are parsed each time rather than kept.
MAX_CACHED_CHARS = 4 << 20

_FRONT_MATTER = re.compile(
    r"\A(?:---[ \t]*\n(?![ \t]*\n).*?\n(?:---|\.\.\.)[ \t]*(?:\n|\Z)"  # YAML (a --- and a blank line is a rule)
    r"|\+\+\+[ \t]*\n.*?\n\+\+\+[ \t]*(?:\n|\Z)"  # TOML
    r"|(?:%[^\n]*\n(?:[ \t]+\S[^\n]*\n)*)+)",  # pandoc's title block
    re.DOTALL,
)
_NOT_WORDS = re.compile(
    r"(?:[a-zA-Z][a-zA-Z0-9+.-]*:)?//[^\s<>\"]+"  # URLs
    r"|\bwww\.[^\s<>\"]+|\bmailto:[^\s<>\"]+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+"
    r"|\{\{[<%].*?[>%]\}\}"  # Hugo shortcodes
    r"|\{[ \t]*(?:[#.=-][^{}\n]*|[\w-]+[ \t]*=[^{}\n]*)\}",  # pandoc attributes
    re.DOTALL,
)
_CAPTION_MARKER = re.compile(r"^\s*(?:Table)?:\s")
#: pandoc's fancy_lists markers CommonMark reads as text ("a.", "iv)", "(B)", "(3)", "#."): numbers, not words.
_LIST_MARKER = re.compile(r"^([ \t]*)(?:\(?(?:[a-zA-Z]|[ivxlcdm]+|[IVXLCDM]+|#)[.)]|\((?:[a-zA-Z]|[ivxlcdm]+|[IVXLCDM]+"
                          r"|[0-9]{1,9}|#)\))(?=[ \t]|$)", re.MULTILINE)


@dataclass(frozen=True)
class SourceWords:
    """A source parsed for the check: its cleaned Markdown (for line numbers) and its visible words in order."""

    markdown: str
    words: tuple[Word, ...]


def parse(markdown: str) -> SourceWords:
    """``markdown``'s visible words (see the module docstring); the last few parses are kept."""
    if len(markdown) > MAX_CACHED_CHARS:
        return _parse(markdown)
    return _cached_parse(markdown)


def _parse(markdown: str) -> SourceWords:
    cleaned = clean(markdown)
    return SourceWords(cleaned, tuple(words(visible_text(cleaned))))


# A memo of a pure function (thread-safe, bounded): no state anyone can observe but the time it saves.
_cached_parse = functools.lru_cache(maxsize=CACHED_SOURCES)(_parse)


def clean(markdown: str) -> str:
    """``markdown`` as the reader reads it: no byte-order mark, ``\\n`` line ends, none of
    ``XML_ILLEGAL_OR_CONTROL`` (the reader removes DEL and the C1 controls too: ``l\\x95a`` is one word)."""
    markdown = markdown.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    return XML_ILLEGAL_OR_CONTROL.sub("", markdown)


def visible_text(markdown: str) -> str:
    """The text a browser shows of ``markdown``'s independent rendering, less what does not count.

    ``markdown`` is cleaned first (:func:`clean`); an inline picture leaves :data:`.words.GLUE` where it sits.
    """
    markdown = _FRONT_MATTER.sub("", clean(markdown), count=1)
    rendered = XML_ILLEGAL.sub("", _renderer().render(markdown))  # decoded escapes: an autolink's "%00"
    body = parse_html(b"<!DOCTYPE html><html><body>" + rendered.encode("utf-8") + b"</body></html>").find("body")
    if body is None:
        return ""
    skip = [e for e in body.iter() if _ignored(e)]
    for paragraph in body.iter("p"):
        if _beside_table(paragraph) and paragraph.text and _CAPTION_MARKER.match(paragraph.text):
            paragraph.text = _CAPTION_MARKER.sub("", paragraph.text, count=1)
    for block in body.iter("p", "li"):
        if block.text and _LIST_MARKER.match(block.text):
            block.text = _LIST_MARKER.sub(r"\1", block.text)
    for image in body.iter("img"):
        image.tail = GLUE + (image.tail or "")
    return _NOT_WORDS.sub(" ", text_of(body, skip=skip))


def _ignored(element: etree._Element) -> bool:
    name, classes = tag(element), set((element.get("class") or "").split())
    return name == "pre" or bool(classes & {"footnote-ref", "footnote-backref"})


def _beside_table(paragraph: etree._Element) -> bool:
    neighbours = (paragraph.getprevious(), paragraph.getnext())
    return any(n is not None and tag(n) == "table" for n in neighbours)


def _renderer() -> MarkdownIt:
    from mdit_py_plugins.attrs import attrs_plugin
    from mdit_py_plugins.container import container_plugin
    from mdit_py_plugins.deflist import deflist_plugin
    from mdit_py_plugins.footnote import footnote_plugin
    from mdit_py_plugins.subscript import sub_plugin
    from mdit_py_plugins.superscript import superscript_plugin

    md = MarkdownIt("commonmark", {"html": True, "maxNesting": 100}).enable(["table", "strikethrough"])
    md.use(footnote_plugin).use(deflist_plugin).use(attrs_plugin, spans=True).use(sub_plugin).use(superscript_plugin)
    md.use(container_plugin, "div", validate=lambda *_: True)
    return md


def check(report: Report, source: SourceWords | str, outputs: Sequence[str], *, name: str,
          split_words: bool = False) -> None:
    """Record whether every word of the source's visible text is in the output.

    ``source`` is the Markdown or what :func:`parse` made of it. ``outputs`` are
    readings of the output's whole text; a word counts as present as often as
    the most generous reading has it (PDF passes the text as extracted, with
    hyphenated line ends joined, and with every line end joined).
    ``split_words`` (PDF, whose narrow table cells break words without a hyphen)
    also finds a word of :data:`MIN_SPLIT` letters or more inside the first
    reading's words run together. ``name`` is the source's name for the findings.
    """
    parsed = parse(source) if isinstance(source, str) else source
    wanted = parsed.words
    have = counted(outputs)
    lacking = missing(wanted, have)
    if lacking and split_words and outputs:
        joined = "".join(w.key for w in words(outputs[0]))
        for key in [k for k in lacking if len(k) >= MIN_SPLIT]:
            lacking[key] = max(lacking[key] - max(joined.count(key) - have[key], 0), 0)
        lacking = +lacking
    if not lacking:
        report.present("source words", name, f"every word of the source's text ({len(wanted)} words)", True)
        return
    primary = [w.key for w in words(outputs[0])] if outputs else []
    runs = _missing_runs(list(wanted), primary, lacking)
    lines = _Lines(parsed.markdown)
    for run in runs[:MAX_LISTED]:
        line = lines(run)
        phrase = " ".join(w.shown for w in run[:MAX_PHRASE]) + (" \u2026" if len(run) > MAX_PHRASE else "")
        report.fail("source words", f"{name}:{line}" if line else name, phrase, "(nothing)")
    if len(runs) > MAX_LISTED:
        rest = sum(len(r) for r in runs[MAX_LISTED:])
        report.fail("source words", name, f"{rest} more words in {len(runs) - MAX_LISTED} more places", "(nothing)")


def _missing_runs(source: list[Word], output: list[str], lacking: Counter[str]) -> list[list[Word]]:
    """The missing words as phrases of the source, placed where an alignment with the output puts them.

    A phrase spans the source words the output lacks in one place, from its first
    missing word to its last (a common word inside it that the output has
    elsewhere does not cut it in two).
    """
    deficit = Counter(lacking)
    spans: list[tuple[int, int]] = []
    if len(source) <= MAX_ALIGNED and len(output) <= MAX_ALIGNED:
        matcher = difflib.SequenceMatcher(None, [w.key for w in source], output, autojunk=False)
        for op, start, end, _, _ in matcher.get_opcodes():
            if op not in ("delete", "replace"):
                continue
            hits = [i for i in range(start, end) if _take(deficit, source[i].key)]
            if hits:
                spans.append((hits[0], hits[-1] + 1))
    for i in range(len(source) - 1, -1, -1):  # whatever the alignment could not place: the last occurrences
        if _take(deficit, source[i].key):
            spans.append((i, i + 1))
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return [source[start:end] for start, end in merged]


def _take(deficit: Counter[str], key: str) -> bool:
    if deficit[key] <= 0:
        return False
    deficit[key] -= 1
    return True


def _shown(word: Word) -> str:
    """A regex for ``word`` as written: a glued word's pieces with anything on the line between them."""
    return r"[^\n]*?".join(map(re.escape, word.parts)) if word.parts else re.escape(word.shown)


class _Lines:
    """The source line a run of words is on: its words, in order, with anything but letters between them."""

    def __init__(self, markdown: str) -> None:
        self.markdown = unicodedata.normalize("NFKC", markdown)
        self.cursor = 0

    def __call__(self, run: list[Word]) -> int | None:
        pattern = r"[\W_]+".join(_shown(w) for w in run[:8])
        found = re.compile(pattern, re.IGNORECASE).search(self.markdown, self.cursor)
        found = found or re.compile(pattern, re.IGNORECASE).search(self.markdown)
        if found is None:
            return None
        self.cursor = found.end()
        return self.markdown.count("\n", 0, found.start()) + 1
