"""The configured markdown-it parser: CommonMark plus pandoc's extensions, in the order that makes them agree.

Block rules (before CommonMark's): deep-nesting guard, tables (pipe, grid,
simple, with captions), fenced divs, fancy list markers (after CommonMark's
lists: ``a.``, ``(ii)``, ``#.``; :mod:`.lists`), footnote definitions
(``mdit_py_plugins.footnote``'s block rule), definition lists
(``mdit_py_plugins.deflist``: pandoc's ``:``/``~`` syntax with lazy lines).
Inline rules: ``$math$``, ``^[notes]``, ``[^refs]``, ``[spans]{...}``, Hugo's ``{{< shortcodes >}}`` (kept as text),
``~~strike~~`` (markdown-it's), ``~sub~``/``^sup^`` (mdit-py-plugins; no unescaped
spaces inside, as pandoc), ``{attributes}`` after links, images and code.
Core rules: heading attributes (``## Title {#id .class}``) are read before the
inline pass; pandoc's smart typography runs after it, on text tokens only.

markdown-it's ``maxNesting`` (50) bounds every recursion; block content
deeper than :data:`.divs.MAX_BLOCK_LEVEL` is flattened, never dropped.
"""

from __future__ import annotations

import functools

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from mdit_py_plugins.deflist import deflist_plugin
from mdit_py_plugins.footnote.index import footnote_def
from mdit_py_plugins.subscript import sub_plugin
from mdit_py_plugins.superscript import superscript_plugin

from .attributes import trailing_attributes
from .divs import fenced_div, flatten_deep
from .inline_rules import attributes_after, bracketed_span, dollar_math, hugo_shortcode, inline_note, note_reference
from .lists import fancy_list
from .smart import smart_typography
from .tables import table_rule

#: markdown-it's recursion bound (block and inline); content is never dropped at it (see divs.flatten_deep).
MAX_NESTING = 50


@functools.lru_cache(maxsize=2)
def parser(smart: bool) -> MarkdownIt:
    """A configured parser; immutable once built, so it is safe to share between threads."""
    md = MarkdownIt("commonmark", {"html": True, "typographer": False, "maxNesting": MAX_NESTING})
    md.enable("strikethrough")
    # markdown-it leaves javascript:, file: and data: links unparsed, as literal "[x](javascript:...)" text,
    # silently. Parse every link (as pandoc does): the inline builder then keeps an unsafe one's text, warned.
    md.validateLink = _every_link  # type: ignore[method-assign]
    block = md.block.ruler
    block.before("table", "deep_nesting", flatten_deep)
    block.before("code", "pandoc_table", table_rule)
    block.before("fence", "fenced_div", fenced_div, {"alt": ["blockquote", "list"]})
    block.after("list", "fancy_list", fancy_list, {"alt": ["paragraph"]})
    block.before("reference", "footnote_def", footnote_def, {"alt": ["paragraph", "reference"]})
    deflist_plugin(md)
    inline = md.inline.ruler
    inline.after("backticks", "dollar_math", dollar_math)
    inline.after("dollar_math", "inline_note", inline_note)
    inline.before("link", "note_reference", note_reference)
    inline.before("link", "bracketed_span", bracketed_span)
    inline.after("text", "hugo_shortcode", hugo_shortcode)
    inline.push("attributes_after", attributes_after)
    sub_plugin(md)
    superscript_plugin(md)
    md.core.ruler.after("block", "heading_attributes", heading_attributes)
    if smart:
        md.core.ruler.after("inline", "pandoc_smart", smart_typography)
    return md


def heading_attributes(state: StateCore) -> None:
    """``## Options {#options .wide}``: the attributes go to ``heading_open.meta["attr"]``, off the text."""
    tokens = state.tokens
    for i, token in enumerate(tokens[:-1]):
        if token.type != "heading_open" or tokens[i + 1].type != "inline":
            continue
        found = trailing_attributes(tokens[i + 1].content)
        if found is not None:
            text, attr = found
            tokens[i + 1].content = _strip_closing_hashes(text)
            token.meta = {**(token.meta or {}), "attr": attr}


def _strip_closing_hashes(text: str) -> str:
    """``## Title ## {#id}``: the closing sequence goes too (CommonMark drops it only at the very end)."""
    stripped = text.rstrip("#")
    return stripped.rstrip() if stripped != text and (not stripped or stripped[-1] in " \t") else text


def _every_link(url: str) -> bool:
    return True
