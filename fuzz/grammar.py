"""A whole Markdown article built from a stream of choices: front matter, then blocks.

Front matter comes as YAML (known keys with odd values, YAML tags, anchors,
escapes), TOML (``+++``) or a pandoc title block (``%``). The body is a list of
blocks from :mod:`fuzz.blocks`, separated by blank lines or not, with optional
CRLF line endings and a byte-order mark. See :mod:`fuzz.choices` for the
drivers (atheris bytes, Hypothesis draws).
"""

from __future__ import annotations

from .blocks import block
from .choices import Choices, pick
from .inlines import IMAGE_REFS, paragraph, words

#: The largest article the grammar builds (characters): small inputs keep each run fast.
MAX_CHARS = 80_000

KEYS = ("title", "subtitle", "author", "authors", "date", "lang", "language", "publisher", "rights", "identifier",
        "keywords", "tags", "description", "abstract", "summary", "base-url", "cover-image", "toc", "titel", "Title",
        "layout", "params", "slug", "image", "x", "", "a b", "1", "null", "true", "<script>", "ключ", "dir")
YAML_VALUES = (
    "T", "'quoted: title'", '"\\ud800"', '"\\x01x"', '"\\u0000"', '"\\e\\a\\b"', '"\\U0010FFFF"', "!!timestamp foo",
    "!!bool maybe", "!!int x", "!!float x", "!!binary AAAA", "!!python/object:os.system x", "!!set {a, b}",
    "!!omap [a: 1]", "!!str", "!!null x", "&a [1, 2]", "*a", "*undefined", "[a, b]", "[[[[[[]]]]]]", "{a: {b: {c: d}}}",
    "null", "~", "''", "0", "-1", "1e999", ".nan", "0x1F", "true", "yes", "no", "2017-11-23", "2017-13-45",
    "2017-11-23T10:00:00+14:00", "0001-01-01", "9999-12-31", "2017", "11/23/2017", "23.11.2017", "Nov 23, 2017",
    "today", "-2017-01-01", "|\n  block\n  text", ">-\n  folded\n  text", "[Ann, {name: Bob}, 3, null]",
    "{name: Ann, affiliation: X}", "en", "ar", "he-IL", "zz-ZZZZ-qq", "en_US", "x" * 300, "'<b>bold</b> & AT&T'",
    "\"line\\nbreak\"", "[NATO, Azerbaijan]", "'a, b, c'", "!<tag:yaml.org,2002:str> x", "!custom x", "? complex",
)
TOML_VALUES = ('"T"', "'lit'", '"""multi\nline"""', "2017-11-23", "2017-11-23T10:00:00Z", "1979-05-27T07:32:00",
               '["a", "b"]', "[1, 'x']", "{ a = 1 }", "true", "1e400", "nan", "inf", '"\\u0000"', '"\\ud800"', "x")


def yaml_front_matter(c: Choices) -> str:
    lines = []
    for _ in range(c.integer(0, 10)):
        key = pick(c, KEYS) if c.integer(0, 7) else c.text(12)
        value = pick(c, YAML_VALUES) if c.integer(0, 5) else c.text(40)
        lines.append(f"{key}: {value}")
    if c.integer(0, 6) == 0:
        lines.append("a: &x [*x]")  # a recursive alias
    closing = pick(c, ("---", "---", "...", "", "----"))
    return "---\n" + "\n".join(lines) + f"\n{closing}"


def toml_front_matter(c: Choices) -> str:
    lines = [f"{pick(c, KEYS) or 'k'} = {pick(c, TOML_VALUES)}" for _ in range(c.integer(0, 6))]
    if c.integer(0, 4) == 0:
        lines.append("[table]\nx = 1")
    return "+++\n" + "\n".join(lines) + f"\n{pick(c, ('+++', '+++', ''))}"


def title_block(c: Choices) -> str:
    lines = [f"% {words(c, 4)}" for _ in range(c.integer(1, 3))]
    return "\n".join(lines)


def front_matter(c: Choices) -> str:
    kind = c.integer(0, 5)
    if kind <= 2:
        return yaml_front_matter(c)
    if kind == 3:
        return toml_front_matter(c)
    if kind == 4:
        return title_block(c)
    return ""


def article(c: Choices) -> str:
    """One Markdown article (at most :data:`MAX_CHARS` characters)."""
    parts = [front_matter(c)]
    if c.integer(0, 3) == 0:
        parts.append(f"![{paragraph(c)}]({pick(c, IMAGE_REFS)})")  # the lead figure, as news articles open
    for _ in range(c.integer(0, 10)):
        parts.append(block(c))
    if c.integer(0, 3) == 0:
        parts.append(f"::: credit\n{paragraph(c)}\n:::")
    separator = pick(c, ("\n\n", "\n\n", "\n\n", "\n", "\n\n\n"))
    text = separator.join(part for part in parts if part)[:MAX_CHARS]
    if c.integer(0, 7) == 0:
        text = text.replace("\n", "\r\n")
    if c.integer(0, 9) == 0:
        text = "\ufeff" + text
    return text
