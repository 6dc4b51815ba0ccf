"""Throughput of a whole folder: our batch (1 and 2 jobs) against pandoc, one process per file and format.

Run: ``.venv/bin/python benchmarks/batch.py [--articles 300] [--pandoc-articles 40]``.
Generates a corpus of articles with figures under benchmarks/.work/corpus, converts it to
DOCX, PDF and EPUB, and prints articles per second and the peak memory of the largest
process. pandoc runs one process per file and format at the same parallelism, with PDF
through WeasyPrint and through Typst (pandoc is slow, so it gets a smaller slice of the
same corpus; articles per second are comparable).
"""

from __future__ import annotations

import argparse
import io
import shutil
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from PIL import Image

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks._tools import ROOT, WORK, ensure_tools, project_convert, run_command, tools_env

SEED = (ROOT / "source" / "article.md").read_text(encoding="utf-8")


def make_corpus(folder: Path, count: int) -> list[Path]:
    """``count`` variations of the seed article in 10 desks, each desk with its own photo."""
    if folder.exists():
        shutil.rmtree(folder)
    files = []
    for i in range(count):
        desk = folder / f"desk{i % 10}"
        desk.mkdir(parents=True, exist_ok=True)
        photo = desk / "photo.jpg"
        if not photo.exists():
            buffer = io.BytesIO()
            Image.new("RGB", (1200, 800), (20 * (i % 10), 80, 140)).save(buffer, "JPEG", quality=85)
            photo.write_bytes(buffer.getvalue())
        text = SEED.replace("../assets/photo.jpg", "photo.jpg").replace("NATO Chief", f"NATO Chief ({i})", 1)
        path = desk / f"article{i:04d}.md"
        path.write_text(text, encoding="utf-8")
        files.append(path)
    return files


def ours(corpus: Path, out: Path, jobs: int) -> tuple[float, float]:
    """(seconds, peak RSS in MiB of the largest process) for one cold batch run."""
    if out.exists():
        shutil.rmtree(out)
    script = (
        "import resource, subprocess, sys, time\n"
        "start = time.perf_counter()\n"
        f"code = subprocess.run([{project_convert()!r}, '-q', '--to', 'docx,pdf,epub', {str(corpus)!r}, "
        f"'--out-dir', {str(out)!r}, '--jobs', '{jobs}']).returncode\n"
        "elapsed = time.perf_counter() - start\n"
        "print(code, elapsed, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    code, elapsed, rss = result.stdout.split()
    if code != "0":
        raise RuntimeError(f"batch failed: {result.stderr}")
    return float(elapsed), int(rss) / 1024


def pandoc(files: list[Path], out: Path, jobs: int, engine: str, env: dict[str, str]) -> float:
    """Seconds for pandoc to make DOCX, EPUB and PDF (through ``engine``) of each file."""
    out.mkdir(parents=True, exist_ok=True)
    commands = []
    for file in files:
        stem = out / file.stem
        commands += [["pandoc", file.name, "-o", f"{stem}.docx"], ["pandoc", file.name, "-o", f"{stem}.epub"],
                     ["pandoc", file.name, f"--pdf-engine={engine}", "-o", f"{stem}.pdf"]]
    start = time.perf_counter()
    with ThreadPoolExecutor(max_workers=jobs) as pool:
        list(pool.map(lambda c: run_command(c, files[0].parent, env), commands))
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=int, default=300)
    parser.add_argument("--pandoc-articles", type=int, default=30)
    args = parser.parse_args()
    env = tools_env(ensure_tools())
    corpus = WORK / "corpus"
    files = make_corpus(corpus, args.articles)
    rows = []
    for jobs in (1, 2):
        seconds, rss = ours(corpus, WORK / f"out-ours-{jobs}", jobs)
        rows.append((f"convert, {jobs} job{'s' if jobs > 1 else ''}", len(files), seconds, f"{rss:.0f} MiB"))
    one_desk = [f for f in files if f.parent.name == "desk0"][: args.pandoc_articles]
    for jobs in (1, 2):
        for engine in ("typst", "weasyprint"):
            seconds = pandoc(one_desk, WORK / f"out-pandoc-{engine}-{jobs}", jobs, engine, env)
            rows.append((f"pandoc + {engine}, {jobs} job{'s' if jobs > 1 else ''}", len(one_desk), seconds, "-"))
    print(f"DOCX + PDF + EPUB per article, {args.articles}-article corpus with a 1200x800 photo each\n")
    print("| run | articles | seconds | articles/s | peak RSS (largest process) |")
    print("| --- | --- | --- | --- | --- |")
    for name, count, seconds, rss in rows:
        print(f"| {name} | {count} | {seconds:.1f} | {count / seconds:.1f} | {rss} |")
    # Flat memory: three times the corpus should need no more memory per process.
    triple = make_corpus(WORK / "corpus-triple", args.articles * 3)
    seconds, rss = ours(WORK / "corpus-triple", WORK / "out-ours-triple", 2)
    print(f"\nMemory over a longer batch (2 jobs): {len(triple)} articles in {seconds:.1f} s "
          f"({len(triple) / seconds:.1f} articles/s), peak RSS of the largest process {rss:.0f} MiB")


if __name__ == "__main__":
    main()
