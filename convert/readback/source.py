"""The source-words check: every word of the source's visible text must appear in the output.

It does not trust the model (a reader bug that drops text fails it). The
source's visible text comes from an independent rendering: markdown-it's own
HTML renderer, with the plugins our dialect has where markdown-it-py has them
(pipe tables, strikeout, footnotes, definition lists, attributes, fenced
divs, sub- and superscript), parsed by lxml.html. What counts and what not is
decided on that rendering:

* counted: the text of every element a browser would show, raw HTML included
  (a ``<figcaption>``, an embedded post's text);
* not counted: front matter and pandoc's ``%`` title block (metadata: the
  model checks compare title, byline...), code blocks (``<pre>``), URLs and
  e-mail addresses, attribute blocks ``{#id .class key=value}``, pandoc's
  ``Table:`` caption marker, Hugo shortcodes ``{{< >}}``, footnote reference
  marks (the writers number notes themselves), comments, ``<script>``,
  ``<style>`` and other invisible elements, attribute values (``alt``,
  ``title``: an image's description is checked against the model instead).

Words are compared as a multiset (the output may move things: notes to the
foot of a page, a credit line to the end), after NFKC normalisation, case
folding, straight quotes, with invisible format characters and combining marks
(Arabic vowel signs, which a PDF may store apart from their letters) removed; a
word is a run of letters and digits of one kind: right-to-left scripts, each CJK
character, or the rest (so a PDF that glues an Arabic word to a Latin one in
visual order still shows both words). What is
missing is listed as the source's phrases, each with the line it is on.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from lxml import etree
from markdown_it import MarkdownIt

from .markup import tag, text_of
from .package import parse_html
from .report import Report

#: At most this many missing phrases are listed, one finding each; the rest are summed up in one more.
MAX_LISTED = 20
#: Words this long may be found broken over lines without a hyphen (PDF); shorter ones are too often part of others.
MIN_SPLIT = 4
#: A missing phrase shows at most this many words.
MAX_PHRASE = 40
#: Alignment (to show missing phrases in context) is skipped past this many words; missing words are listed instead.
MAX_ALIGNED = 50_000

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
_CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af\U00020000-\U0002fa1f"
RTL = "\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff"  # Hebrew, Arabic, Syriac, Thaana, N'Ko...
_WORD = re.compile(rf"[{_CJK}]|(?:(?=[{RTL}])[^\W_])+|(?:(?![{RTL}{_CJK}])[^\W_])+")
_IGNORED_CATEGORIES = ("Cf", "Mn", "Me")
_FOLD = str.maketrans({"\u2019": "'", "\u2018": "'", "^": None, "~": None})


@dataclass(frozen=True)
class Word:
    key: str  # as compared
    shown: str  # as written


def words(text: str) -> list[Word]:
    """The words of ``text`` (see the module docstring)."""
    text = unicodedata.normalize("NFKC", text)
    if not text.isascii():
        text = text.replace("\u200c", " ").replace("\u200d", " ")  # joiners split words: a PDF draws the parts apart
        text = "".join(c for c in text if unicodedata.category(c) not in _IGNORED_CATEGORIES)
    text = text.translate(_FOLD)
    return [Word(m.group().casefold(), m.group()) for m in _WORD.finditer(text)]


def visible_text(markdown: str) -> str:
    """The text a browser shows of ``markdown``'s independent rendering, less what does not count."""
    markdown = markdown.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    markdown = _FRONT_MATTER.sub("", markdown, count=1)
    rendered = _renderer().render(markdown)
    body = parse_html(b"<!DOCTYPE html><html><body>" + rendered.encode("utf-8") + b"</body></html>").find("body")
    if body is None:
        return ""
    skip = [e for e in body.iter() if _ignored(e)]
    for paragraph in body.iter("p"):
        if _beside_table(paragraph) and paragraph.text and _CAPTION_MARKER.match(paragraph.text):
            paragraph.text = _CAPTION_MARKER.sub("", paragraph.text, count=1)
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


def check(report: Report, markdown: str, outputs: Sequence[str], *, name: str, split_words: bool = False) -> None:
    """Record whether every word of ``markdown``'s visible text is in the output.

    ``outputs`` are readings of the output's whole text; a word counts as present
    as often as the most generous reading has it (PDF passes the text as
    extracted, with hyphenated line ends joined, and with every line end
    joined). ``split_words`` (PDF, whose narrow table cells break words without
    a hyphen) also finds a word of :data:`MIN_SPLIT` letters or more inside the
    first reading's words run together. ``name`` is the source's name for the findings.
    """
    source = words(visible_text(markdown))
    have: Counter[str] = Counter()
    for reading in outputs:
        have |= Counter(w.key for w in words(reading))
    missing = Counter(w.key for w in source) - have
    if missing and split_words and outputs:
        joined = "".join(w.key for w in words(outputs[0]))
        for key in [k for k in missing if len(k) >= MIN_SPLIT]:
            missing[key] = max(missing[key] - max(joined.count(key) - have[key], 0), 0)
        missing = +missing
    if not missing:
        report.present("source words", name, f"every word of the source's text ({len(source)} words)", True)
        return
    primary = [w.key for w in words(outputs[0])] if outputs else []
    runs = _missing_runs(source, primary, missing)
    lines = _Lines(markdown)
    for run in runs[:MAX_LISTED]:
        line = lines(run)
        phrase = " ".join(w.shown for w in run[:MAX_PHRASE]) + (" \u2026" if len(run) > MAX_PHRASE else "")
        report.fail("source words", f"{name}:{line}" if line else name, phrase, "(nothing)")
    if len(runs) > MAX_LISTED:
        rest = sum(len(r) for r in runs[MAX_LISTED:])
        report.fail("source words", name, f"{rest} more words in {len(runs) - MAX_LISTED} more places", "(nothing)")


def _missing_runs(source: list[Word], output: list[str], missing: Counter[str]) -> list[list[Word]]:
    """The missing words as phrases of the source, placed where an alignment with the output puts them.

    A phrase spans the source words the output lacks in one place, from its first
    missing word to its last (a common word inside it that the output has
    elsewhere does not cut it in two).
    """
    deficit = Counter(missing)
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


class _Lines:
    """The source line a run of words is on: its words, in order, with anything but letters between them."""

    def __init__(self, markdown: str) -> None:
        self.markdown = unicodedata.normalize("NFKC", markdown)
        self.cursor = 0

    def __call__(self, run: list[Word]) -> int | None:
        pattern = r"[\W_]+".join(re.escape(w.shown) for w in run[:8])
        found = re.compile(pattern, re.IGNORECASE).search(self.markdown, self.cursor)
        found = found or re.compile(pattern, re.IGNORECASE).search(self.markdown)
        if found is None:
            return None
        self.cursor = found.end()
        return self.markdown.count("\n", 0, found.start()) + 1
