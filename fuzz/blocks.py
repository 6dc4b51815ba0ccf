"""Block pieces: headings, figures, lists and quotes (nested deep), tables, notes, definition lists, divs, raw HTML."""

from __future__ import annotations

from collections.abc import Callable

from .choices import Choices, pick
from .inlines import IMAGE_REFS, attributes, inline, paragraph, words

RAW_BLOCKS = (
    '<figure><img src="good.jpg" alt="alt"><figcaption>A <em>caption</em></figcaption></figure>',
    '<figure>\n<img src="missing.jpg">\n</figure>', '<img src="good.png" onerror="alert(1)">',
    "<table><tr><th>h</th></tr><tr><td>c <b>b</b></td><td colspan=\"99999\">wide</td></tr></table>",
    "<table><tr><td><table><tr><td>nested</td></tr></table></td></tr></table>", "<table></table>",
    '<iframe src="https://www.youtube.com/embed/x" title="video"></iframe>', "<iframe src=\"javascript:alert(1)\">",
    "<script>alert(document.cookie)</script>", "<style>body{display:none}</style>", "<div markdown=\"1\">\n*md*\n</div>",
    "<details><summary>more</summary>\n\nhidden *text*\n\n</details>", "<!-- a comment\nover lines -->",
    "<p class=\"caption\">a stray caption</p>", "<figcaption>stray</figcaption>", "<center>old</center>",
    "<object data=\"x.swf\"></object>", "<embed src=\"x\">", "<form action=\"/\"><input></form>", "<base href=\"//evil\">",
    "<meta http-equiv=\"refresh\" content=\"0;url=javascript:alert(1)\">", "<div>unclosed", "</div>", "<hr>",
    "<ul><li>a<li>b</ul>", "<ol start=\"-5\"><li>x</li></ol>", "<dl><dt>t</dt><dd>d</dd></dl>", "<pre>  pre\n text</pre>",
    "<blockquote>q</blockquote>", "<h2 id=\"x\">raw heading</h2>", "<h7>no such</h7>", "<video src=x controls></video>",
    "<svg><script>alert(1)</script></svg>", "<math display=\"block\"><mi>x</mi></math>", "<br>" * 5,
    "<?xml version=\"1.0\"?>", "<!DOCTYPE html>", "<![CDATA[ x ]]>", "<a name=\"anchor\"></a>",
)
FENCE_INFOS = ("", "python", "{.python #code}", "```", "~~~", "{=html}", "{=latex}", "mermaid", "{.numberLines startFrom=\"-1\"}")


def heading(c: Choices) -> str:
    level = c.integer(1, 7)
    text = paragraph(c)
    if c.integer(0, 3) == 0:
        return f"{text}\n{pick(c, ('===', '---', '=', '-'))}"  # setext
    return f"{'#' * level} {text} {attributes(c) if c.integer(0, 1) else ''}"


def figure(c: Choices) -> str:
    return f"![{paragraph(c)}]({pick(c, IMAGE_REFS)}){attributes(c) if c.integer(0, 1) else ''}"


def nested_quotes(c: Choices) -> str:
    depth = c.integer(1, 120)
    return "> " * depth + paragraph(c)


def nested_list(c: Choices) -> str:
    depth = c.integer(1, 60)
    ordered = c.integer(0, 1) == 1
    lines = []
    for level in range(depth):
        marker = f"{c.integer(0, 10**c.integer(0, 12))}." if ordered else pick(c, ("-", "*", "+", "- [ ]", "- [x]"))
        lines.append("    " * level + f"{marker} {paragraph(c) if level < 4 else words(c, 2)}")
    return "\n".join(lines)


def flat_list(c: Choices) -> str:
    items = []
    for _ in range(c.integer(1, 6)):
        kinds: tuple[Callable[[Choices], str], ...] = (
            paragraph, heading, figure, lambda c: f"```\n{words(c)}\n```", lambda c: f"> {paragraph(c)}")
        body = pick(c, kinds)(c)
        items.append(f"{pick(c, ('-', '1.', '1)', '*', '#.', 'a.', 'iv.'))} {body}")
    return ("\n" if c.integer(0, 1) else "\n\n").join(items)


def deep_structure(c: Choices) -> str:
    """Nesting that parsers recurse on: brackets, emphasis, divs, raw HTML, inline links."""
    depth = c.integer(10, 12_000)
    forms: tuple[Callable[[], str], ...] = (
        lambda: "[" * depth + "x" + "]" * c.integer(0, depth),
        lambda: "*" * depth + "x" + "*" * depth,
        lambda: "<div>" * min(depth, 3000) + "x" + "</div>" * c.integer(0, min(depth, 3000)),
        lambda: "\n".join(":" * (3 + min(depth, 200) - i) for i in range(min(depth, 200))),
        lambda: "[a](" * min(depth, 3000) + "x" + ")" * min(depth, 3000),
        lambda: "{" * depth,
        lambda: "^[" * min(depth, 2000) + "x" + "]" * min(depth, 2000),
        lambda: "<b>" * min(depth, 3000) + "x",
        lambda: "`" * min(depth, 5000) + "x",
    )
    return pick(c, forms)()


def pipe_table(c: Choices) -> str:
    columns = c.integer(1, 12)
    def row() -> str:
        return "| " + " | ".join(inline(c) if c.integer(0, 2) else "" for _ in range(c.integer(0, columns + 1))) + " |"
    aligns = "|" + "|".join(pick(c, ("---", ":--", "--:", ":-:", "-", "")) for _ in range(columns)) + "|"
    rows = [row(), aligns] + [row() for _ in range(c.integer(0, 8))]
    caption = f"\n\nTable: {paragraph(c)} {attributes(c) if c.integer(0, 1) else ''}" if c.integer(0, 1) else ""
    return "\n".join(rows) + caption


def grid_table(c: Choices) -> str:
    widths = [c.integer(1, 12) for _ in range(c.integer(1, 4))]
    border = "+" + "+".join("-" * w for w in widths) + "+"
    header = "+" + "+".join(pick(c, ("=", ":", "-")) * w for w in widths) + "+"
    def row() -> str:
        return "|" + "|".join(words(c, 1)[:w].ljust(w) for w in widths) + "|"
    lines = [border, row(), header if c.integer(0, 1) else border]
    for _ in range(c.integer(0, 4)):
        lines += [row(), border if c.integer(0, 3) else row()]
    return "\n".join(lines)


def simple_table(c: Choices) -> str:
    header = "  ".join(f"{words(c, 1)[:8]:<8}" for _ in range(c.integer(1, 4)))
    dashes = " ".join("-" * 8 for _ in header.split("  "))
    return "\n".join([header, dashes, *("  ".join(words(c, 1)[:8] for _ in range(3)) for _ in range(c.integer(0, 4)))])


def footnote(c: Choices) -> str:
    label = pick(c, ("1", "n", "note", "x y", "^", "unused", "1"))
    body = paragraph(c)
    extra = f"\n\n    {paragraph(c)}\n\n    > {paragraph(c)}" if c.integer(0, 2) == 0 else ""
    return f"[^{label}]: {body}{extra}"


def definition_list(c: Choices) -> str:
    terms = []
    for _ in range(c.integer(1, 4)):
        definitions = "\n".join(f"{pick(c, (':', '~'))}   {paragraph(c)}" for _ in range(c.integer(0, 3)))
        terms.append(f"{words(c, 3)}\n{definitions}")
    return "\n\n".join(terms)


def fenced_div(c: Choices, depth: int = 0) -> str:
    opener = pick(c, ("credit", "{.credit}", "{.caption}", "{#box .note}", "warning", "{lang=ar dir=rtl}", "{}", ""))
    inner = fenced_div(c, depth + 1) if depth < 5 and c.integer(0, 3) == 0 else block(c, depth + 1)
    closing = pick(c, (":::", ":::", "::::", ""))
    colons = ":" * (3 + c.integer(0, 3))
    return f"{colons} {opener}\n{inner}\n{closing}"


def code_block(c: Choices) -> str:
    fence = pick(c, ("```", "~~~", "````"))
    closed = c.integer(0, 5) > 0
    body = words(c) if c.integer(0, 3) else c.text(200)
    return f"{fence}{pick(c, FENCE_INFOS)}\n{body}\n{fence if closed else ''}"


def line_block(c: Choices) -> str:
    return "\n".join(f"| {'  ' * c.integer(0, 3)}{paragraph(c)}" for _ in range(c.integer(1, 4)))


BLOCKS: tuple[Callable[[Choices], str], ...] = (
    paragraph, paragraph, paragraph, heading, heading, figure, figure, nested_quotes, nested_list, flat_list,
    deep_structure, pipe_table, grid_table, simple_table, footnote, definition_list, fenced_div, code_block,
    line_block, lambda c: pick(c, RAW_BLOCKS), lambda c: pick(c, ("---", "***", "* * *", "___")),
    lambda c: f"    {words(c)}", lambda c: f"$$\n{words(c)}\n$$", lambda c: f"[ref]: {pick(c, IMAGE_REFS)} \"t\"",
    lambda c: f"- {heading(c)}", lambda c: c.text(300), lambda c: f"<div class=\"{words(c, 1)}\">\n\n{paragraph(c)}\n\n</div>",
)


def block(c: Choices, depth: int = 0) -> str:
    if depth > 3:
        return paragraph(c)
    chosen = BLOCKS[c.integer(0, len(BLOCKS) - 1)]
    return fenced_div(c, depth) if chosen is fenced_div else chosen(c)
