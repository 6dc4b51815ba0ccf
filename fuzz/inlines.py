"""Inline pieces: words in many scripts and odd characters, emphasis, links, images, notes, spans, raw HTML."""

from __future__ import annotations

from collections.abc import Callable

from .choices import Choices, pick
from .images import GOOD_IMAGES, IMAGE_NAMES

# --- words -----------------------------------------------------------------------

WORDS = (
    "news", "Ornament", "the", "AT&T", "5 < 6", "a & b", "x > y", "don't", "\"quoted\"", "'single'", "--", "---",
    "...", "(c)", "Метрики", "проектов", "اینترنت", "می\u200cکند", "עברית", "العربية", "Հենց", "漢字", "かな",
    "한국어", "हिन्दी", "ไทย", "e\u0301\u0301\u0301", "Z\u0351\u0352\u0353\u0354", "\U0001F600", "\U0001F1FA\U0001F1E6",
    "👩\u200d👩\u200d👧", "zero\u200bwidth", "\u202eevil\u202c", "\u200f", "\ufeff", "\u00ad", "\u2028", "\u2029",
    "\x00", "\x01", "\x07", "\x0b", "\x0c", "\x1b[31m", "\x7f", "\x85", "\ufffe", "\uffff", "\ud800", "\udfff",
    "\U0010ffff", "&amp;", "&lt;b&gt;", "&#0;", "&#x110000;", "&#xD800;", "&nbsp;", "&unknown;", "&#12345678;",
    "\\", "\\*", "*", "_", "**", "`", "``", "[", "]", "{", "}", "|", "^", "~", "$", "@key", "[@cite]", "<", ">",
    "</para>", "<font name=x>", "<b>", "<!--", "-->", "<![CDATA[", "]]>", "%00", "%", "%PDF-1.4", "PK\x03\x04",
    "\t", "  ", "\u3000", "\u00a0", "\ufb01", "\u216b", "\u2460", "\U0001d400", "\u0130", "\u00df", "\u01c5",
)
SPECIAL_TEXTS: tuple[Callable[[Choices], str], ...] = (
    lambda c: "w" * c.integer(100, 3000),                      # a huge word
    lambda c: "https://example.org/" + "u" * c.integer(100, 2000),
    lambda c: "\u0301" * c.integer(10, 500),                    # combining marks with nothing to combine
    lambda c: "\u05d0\u0591" * c.integer(10, 300),              # Hebrew letters with cantillation
    lambda c: "ل" * c.integer(10, 400),                         # one long joined Arabic word
    lambda c: "\U0001F600" * c.integer(10, 300),
    lambda c: " ".join(["word"] * c.integer(100, 2000)),        # a long paragraph
)


def words(c: Choices, most: int = 8) -> str:
    parts = []
    for _ in range(c.integer(1, most)):
        kind = c.integer(0, 15)
        if kind == 0:
            parts.append(c.text(20))
        elif kind == 1:
            parts.append(pick(c, SPECIAL_TEXTS)(c))
        else:
            parts.append(pick(c, WORDS))
    return " ".join(parts)


# --- inlines ------------------------------------------------------------------

LINK_TARGETS = (
    "https://example.org/x", "http://example.org/a?b=c&d=e#f", "#intro", "#missing", "#", "#x y", "mailto:a@b.org",
    "tel:+1555", "ftp://example.org/f", "javascript:alert(1)", "JaVaScRiPt:alert(1)", " javascript:alert(1)",
    "java\tscript:alert(1)", "vbscript:x", "data:text/html,<script>alert(1)</script>", "data:image/png;base64,AAAA",
    "file:///etc/passwd", "//host/x", "/etc/passwd", "\\\\server\\share", "C:\\Windows\\x", "relative.md",
    "../up.html", "smb://server/share", "<>", "<a b>", "https://exa mple.org", "https://", "http:", "mailto:",
    "https://example.org/\u202e", "https://例え.jp/パス", "https://example.org/%00", "x\x00y", "\x01",
    "https://example.org/" + "p" * 1500, "news:comp.lang", "urn:isbn:123", "tel:", "#" + "h" * 300,
)
IMAGE_REFS = (*IMAGE_NAMES, *GOOD_IMAGES, *GOOD_IMAGES, *GOOD_IMAGES,
              "missing.jpg", "https://example.org/remote.jpg", "http://127.0.0.1:9/x.png",
              "a%00.jpg", "good.jpg%00.png", ("x" * 300) + ".jpg", "sub/" + ("y" * 300) + "/z.png", "../outside.jpg",
              "/etc/passwd", "/proc/self/environ", "file:///etc/passwd", "good.jpg?x=1", "good.jpg#frag", "a b.png",
              "a%20b.png", "фото.jpg", "link-out.jpg", "", "<good.jpg>", ".", "..", "sub", "sub/", "good.jpg/", "//host/x.png",
              "data:image/png;base64,iVBORw0KGgo=", "\\\\server\\x.png", "~/x.png", "$HOME/x.png")
ATTRIBUTE_PIECES = (
    "#id", "#intro", "#a.b", "#", ".class", ".credit", ".caption", ".smallcaps", ".unnumbered", "-", "k=v",
    'alt="an alt"', 'credit="Photo: X"', "width=50%", "width=10000px", "height=0", "width=-3in", "width=abc",
    'style="color:red"', "onclick=alert(1)", 'lang="ar"', 'dir="rtl"', 'custom-style="Body"', "x=\"unclosed",
    '#id#id2', "=", "{", "}", "\"\"",
)
RAW_INLINE = (
    "<b>bold</b>", "<i>", "</i>", "<span style=\"x\">s</span>", "<br>", "<br/>", "<img src=x onerror=alert(1)>",
    '<img src="good.png" alt="inline">', '<a href="javascript:alert(1)">j</a>', '<a href="#intro">in</a>',
    "<script>alert(1)</script>", "<sup>2</sup>", "<sub>2</sub>", "<kbd>k</kbd>", "<!-- comment -->", "<?php x ?>",
    "<abbr title=\"t\">a</abbr>", "<svg onload=alert(1)>", "<math><mi>x</mi></math>", "<u>u</u>", "<mark>m</mark>",
    "<q>q</q>", "<del>d</del>", "<ins>i</ins>", "<small>s</small>", "<code>c</code>", "<wbr>", "<font color=red>",
)


def attributes(c: Choices) -> str:
    return "{" + " ".join(pick(c, ATTRIBUTE_PIECES) for _ in range(c.integer(0, 4))) + "}"


def inline(c: Choices, depth: int = 0) -> str:
    kind = c.integer(0, 24) if depth < 4 else 0
    inner: Callable[[], str] = (lambda: inline(c, depth + 1)) if depth < 4 else (lambda: words(c, 3))
    forms: dict[int, Callable[[], str]] = {
        1: lambda: f"*{inner()}*", 2: lambda: f"**{inner()}**", 3: lambda: f"`{words(c, 3)}`",
        4: lambda: f"[{inner()}]({pick(c, LINK_TARGETS)})", 5: lambda: f"![{words(c, 3)}]({pick(c, IMAGE_REFS)})",
        6: lambda: f"[^{pick(c, ('1', 'n', 'note', 'missing', 'x y', '1'))}]", 7: lambda: f"[{inner()}]{attributes(c)}",
        8: lambda: f"~~{inner()}~~", 9: lambda: f"^{words(c, 1)}^", 10: lambda: f"~{words(c, 1)}~",
        11: lambda: f"${words(c, 2)}$", 12: lambda: f"<{pick(c, LINK_TARGETS)}>", 13: lambda: pick(c, RAW_INLINE),
        14: lambda: "  \n", 15: lambda: "\\\n", 16: lambda: f"[{words(c, 2)}][{pick(c, ('ref', 'missing', ''))}]",
        17: lambda: f"`{words(c, 2)}`{attributes(c)}", 18: lambda: f"^[{inner()}]", 19: lambda: f"[{inner()}]{{.smallcaps}}",
        20: lambda: f"_{inner()}_", 21: lambda: f"***{inner()}***", 22: lambda: f"$${words(c, 2)}$$",
        23: lambda: f"![{words(c, 2)}]({pick(c, IMAGE_REFS)}){attributes(c)}", 24: lambda: pick(c, WORDS) * 3,
    }
    return forms.get(kind, lambda: words(c))()


def paragraph(c: Choices) -> str:
    return " ".join(inline(c) for _ in range(c.integer(1, 6)))
