"""PDF time against size: one huge paragraph, a huge title and long unbreakable lines vs the same text in normal paragraphs.

Run: ``.venv/bin/python benchmarks/pdf_scaling.py [--size BYTES]``. Prints a Markdown table;
the ratio column is the time of the hard shape over the time of the same text split into
paragraphs of about 600 characters (linear layout keeps it under 10).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import convert

SENTENCE = "The council met twice in May and agreed to publish the minutes of both meetings a week later. "


def _text(size: int) -> str:
    return (SENTENCE * (size // len(SENTENCE) + 1))[:size].rstrip()


def _paragraphs(text: str, width: int = 600) -> str:
    out, start = [], 0
    while start < len(text):
        cut = text.rfind(" ", start, start + width)
        cut = len(text) if cut <= start or start + width >= len(text) else cut
        out.append(text[start:cut].strip())
        start = cut + 1
    return "\n\n".join(out)


def _seconds(markdown: str) -> float:
    article = convert.read_text(markdown)
    start = time.perf_counter()
    convert.render(article, "pdf")
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--size", type=int, default=1_000_000, help="bytes of the long paragraph (default 1 MB)")
    parser.add_argument("--title", type=int, default=20_000, help="characters of the long title (default 20 KB)")
    args = parser.parse_args()
    _seconds("# warm up\n\nText.\n")
    body, title = _text(args.size), _text(args.title)
    tokens = " ".join(["ab"] * 20_000)
    cases = [
        (f"one paragraph of {args.size // 1000} KB", f"# T\n\n{body}\n", f"# T\n\n{_paragraphs(body)}\n"),
        (f"a title of {args.title // 1000} KB", f"---\ntitle: \"{title}\"\n---\n\nText.\n",
         f"---\ntitle: T\n---\n\n{_paragraphs(title)}\n\nText.\n"),
        ("a line of 20,000 short tokens", f"# T\n\n{tokens}\n", f"# T\n\n{_paragraphs(tokens)}\n"),
        ("20,000 tokens joined by no-break spaces", f"# T\n\n{tokens.replace(' ', chr(0xA0))}\n",
         f"# T\n\n{_paragraphs(tokens)}\n"),
        ("one 40 KB word", f"# T\n\n{'x' * 40_000}\n", f"# T\n\n{_paragraphs(' '.join(['x' * 40] * 1000))}\n"),
    ]
    print("| input | as written | split into paragraphs | ratio |")
    print("| --- | --- | --- | --- |")
    for name, hard, easy in cases:
        hard_s, easy_s = _seconds(hard), _seconds(easy)
        print(f"| {name} | {hard_s:.2f} s | {easy_s:.2f} s | {hard_s / easy_s:.1f} |")


if __name__ == "__main__":
    main()
