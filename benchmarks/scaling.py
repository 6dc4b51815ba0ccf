"""Time against size, warm (in process), per format and for the read alone: 10 → 10,000 paragraphs,
1 → 100 figures, a 20 → 2,000-row table and 10 → 1,000 footnotes.

Run: ``.venv/bin/python benchmarks/scaling.py [--max-paragraphs 10000] [--max-figures 100]
[--max-rows 2000] [--max-notes 1000] [--pandoc]``.
Prints a Markdown table per shape with the growth factor for each step of 10x (issue #20's
target: ≤ 11x per 10x, i.e. linear with a little slack). The read step is shown with Python's
cyclic garbage collector as it is and paused around the parse, to measure what the pause buys.
``--pandoc`` adds pandoc's cold time at the largest size (one run each).
"""

from __future__ import annotations

import argparse
import gc
import io
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from PIL import Image

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import convert
from benchmarks._tools import ROOT, ensure_tools, markdown_table, run_command, tools_env

FORMATS = ("docx", "epub", "html", "pdf")
TARGET_GROWTH = 11.0
#: Body paragraphs of the seed, with inline markup added so every writer's inline path is exercised.
SEED_BODY = [
    block for block in (ROOT / "source" / "article.md").read_text(encoding="utf-8").split("\n\n")
    if block and block[0].isalpha()
]


def paragraphs_article(count: int) -> str:
    """Front matter, a subheading every 20 paragraphs, and ``count`` paragraphs of seed text with markup."""
    parts = ["---\ntitle: Scaling\ndate: 2017-11-23\n---"]
    for i in range(count):
        if i % 20 == 19:
            parts.append(f"## Section {i // 20 + 1}")
        text = SEED_BODY[i % len(SEED_BODY)]
        parts.append(f"{text} *Paragraph {i}* with a [link](https://example.org/{i}) and `code`.")
    return "\n\n".join(parts) + "\n"


def figures_article(count: int) -> str:
    """``count`` figures, each with a caption, a credit and a paragraph after it; photo{i % 10}.jpg."""
    parts = ["---\ntitle: Figures\n---"]
    for i in range(count):
        parts.append(f'![Caption {i}: {SEED_BODY[0][:80]}](photo{i % 10}.jpg){{credit="Photo: Agency {i}"}}')
        parts.append(SEED_BODY[i % len(SEED_BODY)])
    return "\n\n".join(parts) + "\n"


def table_article(rows: int) -> str:
    """One 3-column results table (issue #11's shape: a name, a number, a share) of ``rows`` rows, with a caption."""
    lines = ["---\ntitle: Results\n---", SEED_BODY[0], "| District | Votes | Share |", "|:---|---:|---:|"]
    lines += [f"| District {i} *{SEED_BODY[i % len(SEED_BODY)][:30]}* | {1000 + 37 * i:,} | {i % 100}.{i % 7} % |"
              for i in range(rows)]
    return "\n".join(lines) + "\n\nTable: Votes by district\n"


def notes_article(count: int) -> str:
    """``count`` paragraphs, each with a footnote of its own (a sentence and a link)."""
    parts = ["---\ntitle: Notes\n---"]
    for i in range(count):
        parts.append(f"{SEED_BODY[i % len(SEED_BODY)]}[^n{i}]")
        parts.append(f"[^n{i}]: Note {i}: {SEED_BODY[(i + 1) % len(SEED_BODY)][:120]} [source](https://example.org/{i}).")
    return "\n\n".join(parts) + "\n"


def write_photos(folder: Path) -> None:
    """Ten 800x533 JPEGs with gradients (compress like photos, not like flat colour)."""
    for i in range(10):
        picture = Image.linear_gradient("L").resize((800, 533)).convert("RGB")
        tint = Image.new("RGB", picture.size, (25 * i, 90, 200 - 15 * i))
        buffer = io.BytesIO()
        Image.blend(picture, tint, 0.5).save(buffer, "JPEG", quality=85)
        (folder / f"photo{i}.jpg").write_bytes(buffer.getvalue())


def _median_seconds(action: Callable[[], object], budget: float, most: int) -> float:
    """Median CPU seconds of up to ``most`` runs, stopping once ``budget`` seconds are spent (at least one run).

    CPU time of this process (the garbage collector's included): other processes on a busy
    machine barely move it, where wall-clock time would swing by a third.
    """
    timings: list[float] = []
    spent = 0.0
    while len(timings) < most and (not timings or spent < budget):
        start = time.process_time()
        action()
        timings.append(time.process_time() - start)
        spent += timings[-1]
    return statistics.median(timings)


def _read_paused(path: Path) -> convert.Article:
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        return convert.read(path, resource_path=(path.parent,))
    finally:
        if was_enabled:
            gc.enable()


def measure(path: Path, budget: float, most: int) -> dict[str, float]:
    """Seconds for the read step (GC as is, GC paused) and for each format's render of ``path``."""
    times = {
        "read": _median_seconds(lambda: convert.read(path, resource_path=(path.parent,)), budget, most),
        "read, GC paused": _median_seconds(lambda: _read_paused(path), budget, most),
    }
    article = convert.read(path, resource_path=(path.parent,))
    for fmt in FORMATS:
        times[fmt] = _median_seconds(lambda fmt=fmt: convert.render(article, fmt), budget, most)
    return times


def _growth_table(label: str, sizes: list[int], results: list[dict[str, float]]) -> str:
    steps = [f"x{sizes[i + 1] // sizes[i]} {sizes[i]:,}→{sizes[i + 1]:,}" for i in range(len(sizes) - 1)]
    header = ["step", *[f"{size:,} {label}" for size in sizes], *steps, "worst", "≤ 11x"]
    rows = []
    for name in results[0]:
        seconds = [result[name] for result in results]
        growth = [seconds[i + 1] / seconds[i] * 10 / (sizes[i + 1] / sizes[i]) for i in range(len(sizes) - 1)]
        worst = max(growth) if growth else 0.0
        cells = [f"{s * 1000:,.1f} ms" if s < 1 else f"{s:,.2f} s" for s in seconds]
        rows.append([name, *cells, *[f"{g:.1f}x" for g in growth], f"{worst:.1f}x",
                     "yes" if worst <= TARGET_GROWTH else "**no**"])
    return markdown_table(header, rows)


def _pandoc_row(path: Path, env: dict[str, str]) -> str:
    cells = []
    for fmt, extra in (("docx", []), ("epub", []), ("html", ["--standalone", "--embed-resources"]),
                       ("pdf", ["--pdf-engine=typst"])):
        start = time.perf_counter()
        run_command(["pandoc", path.name, *extra, "-o", f"pandoc.{fmt}"], path.parent, env)
        seconds = time.perf_counter() - start
        cells.append(f"{fmt} {seconds:,.2f} s")
    return f"pandoc (cold, one run) on {path.name}: " + ", ".join(cells)


def _shapes(max_paragraphs: int, max_figures: int, max_rows: int, max_notes: int) -> list[tuple[str, Callable[[int], str],
                                                                                                    list[int]]]:
    """label → what makes the article, and its sizes."""
    return [
        ("paragraphs", paragraphs_article, [n for n in (10, 100, 1_000, 10_000) if n <= max_paragraphs]),
        ("figures", figures_article, [n for n in (1, 10, 100) if n <= max_figures]),
        ("table rows", table_article, [n for n in (20, 200, 2_000) if n <= max_rows]),
        ("footnotes", notes_article, [n for n in (10, 100, 1_000) if n <= max_notes]),
    ]


def scaling_tables(max_paragraphs: int, max_figures: int, budget: float, most: int, pandoc: bool,
                   max_rows: int = 2_000, max_notes: int = 1_000) -> str:
    """A table per shape (paragraphs, figures, table rows, footnotes), each step of 10x with its growth factor."""
    out = []
    env = tools_env(ensure_tools()) if pandoc else None
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        write_photos(folder)
        warm_up = folder / "warm.md"
        warm_up.write_text(figures_article(1), encoding="utf-8")
        measure(warm_up, 0.0, 1)  # imports, fonts and caches, outside the timings
        for label, make, sizes in _shapes(max_paragraphs, max_figures, max_rows, max_notes):
            if not sizes:
                continue
            results = []
            for size in sizes:
                path = folder / f"{label.replace(' ', '-')}-{size}.md"
                path.write_text(make(size), encoding="utf-8")
                results.append(measure(path, budget, most))
            out.append(f"Warm, in process, CPU time, median of up to {most} runs per cell ({label})\n\n"
                       + _growth_table(label, sizes, results))
            if env is not None:
                out.append(_pandoc_row(folder / f"{label.replace(' ', '-')}-{sizes[-1]}.md", env))
    out.append("Growth = time ratio of one step, normalised to a step of 10x; 10x is linear.")
    return "\n\n".join(out)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--max-paragraphs", type=int, default=10_000)
    parser.add_argument("--max-figures", type=int, default=100)
    parser.add_argument("--max-rows", type=int, default=2_000)
    parser.add_argument("--max-notes", type=int, default=1_000)
    parser.add_argument("--budget", type=float, default=2.0, help="seconds per cell before stopping repeats")
    parser.add_argument("--most", type=int, default=5, help="runs per cell at most")
    parser.add_argument("--pandoc", action="store_true", help="add pandoc's cold time at the largest size")
    args = parser.parse_args()
    print(scaling_tables(args.max_paragraphs, args.max_figures, args.budget, args.most, args.pandoc,
                         args.max_rows, args.max_notes))


if __name__ == "__main__":
    main()
