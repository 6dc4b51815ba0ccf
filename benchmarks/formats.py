"""Per-article time for each format, warm (in process) and cold (a fresh `convert`), beside pandoc.

Run: ``.venv/bin/python benchmarks/formats.py [--runs N]``. Prints a Markdown table.
The first run installs pandoc, WeasyPrint and typst into benchmarks/.work/venv.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import convert
from benchmarks._tools import ROOT, ensure_tools, median_seconds, project_convert, run_command, tools_env

SOURCE = ROOT / "source" / "article.md"
PANDOC_RUNS = {
    "docx": [["pandoc", "article.md", "-o", "{out}.docx"]],
    "epub": [["pandoc", "article.md", "-o", "{out}.epub"]],
    "pdf": [["pandoc", "article.md", "--pdf-engine=weasyprint", "-o", "{out}.pdf"],
            ["pandoc", "article.md", "--pdf-engine=typst", "-o", "{out}.pdf"]],
    "html": [["pandoc", "article.md", "--standalone", "--embed-resources", "-o", "{out}.html"]],
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=7, help="cold runs per command (median)")
    parser.add_argument("--warm-runs", type=int, default=50, help="in-process renders per format (median)")
    args = parser.parse_args()
    env = tools_env(ensure_tools())
    article = convert.read(SOURCE, resource_path=(ROOT / "assets",))
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "x"
        import_time = median_seconds(lambda: run_command([sys.executable, "-c", "import convert"], ROOT), args.runs)
        for fmt in ("docx", "pdf", "epub", "html"):
            for _ in range(3):
                convert.render(article, fmt)
            warm = median_seconds(lambda fmt=fmt: convert.render(article, fmt), args.warm_runs)
            cold = median_seconds(lambda fmt=fmt: run_command(
                [project_convert(), "-q", "--to", fmt, str(SOURCE), "-o", f"{out}.{fmt}"], ROOT), args.runs)
            pandoc = []
            for command in PANDOC_RUNS[fmt]:
                filled = [part.format(out=out) for part in command]
                engine = next((p.split("=")[1] for p in filled if p.startswith("--pdf-engine=")), "")
                seconds = median_seconds(lambda c=filled: run_command(c, SOURCE.parent, env), args.runs)
                pandoc.append(f"{seconds * 1000:.0f} ms" + (f" ({engine})" if engine else ""))
            rows.append((fmt, f"{warm * 1000:.1f} ms", f"{cold * 1000:.0f} ms", ", ".join(pandoc)))
    print(f"`python -c 'import convert'`: {import_time * 1000:.0f} ms (median of {args.runs})\n")
    print("| format | convert warm (in process) | convert cold (`convert --to F`) | pandoc cold |")
    print("| --- | --- | --- | --- |")
    for row in rows:
        print("| " + " | ".join(row) + " |")


if __name__ == "__main__":
    main()
