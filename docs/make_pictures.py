"""Regenerate the pictures in docs/ from inputs written into a temporary folder.

Run from the repository root: ``.venv/bin/python docs/make_pictures.py``.

Pictures (PNG, each kept under 150 KB):

- ``table-notes-page.png``: pages 1 and 2 of an article with a 40-row results table (caption, right-aligned
  numbers, header repeated where it continues) and footnotes at the foot of the page.
- ``figures-before.png`` / ``figures-after.png``: an article with a portrait phone photo (EXIF orientation 6),
  a landscape photo, a 10x10 icon and a 4000x100 strip, as PDF pages made by the code before issue 13's image
  work (commit ``BEFORE``, taken with ``git archive``) and by the working tree.
- ``figures-word.png``: the same article's DOCX as LibreOffice lays it out (current code only).
- ``figures-html.png``: the same article's HTML page in headless Chromium, two windows' worth (skipped when
  Chromium is absent).

Needs pdftoppm (poppler-utils), LibreOffice (``soffice``) and, for the HTML picture, Chromium;
``optipng`` is used when installed. Every input is made here (Pillow draws the photos), so the same
checkout gives the same pictures.
"""

from __future__ import annotations

import io
import os
import random
import shutil
import subprocess
import sys
import tarfile
import tempfile
import textwrap
from pathlib import Path

from PIL import Image, ImageColor, ImageDraw, ImageFont, ImageOps

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
# The parent of a85280c ("Images understood once at read time ..."), the first commit of issue 13's image
# work (orientation, transparency, sizing): the converter as it drew pictures before that work.
BEFORE = "0965c2bd8a87a2ef29c37cc53a1c557fca2a66c6"
DPI = 60
MAX_BYTES = 150_000
GAP = 12
LABEL_HEIGHT = 22


# ---------------------------------------------------------------- inputs


def table_article() -> str:
    """A results article: notes before, inside and after a 40-row, 4-column table."""
    rng = random.Random(11)
    names = [
        "Northgate", "Riverside", "Old Town", "Harbour", "Millbrook", "Eastfield", "Westcliff", "Kingsway",
        "Ashford", "Brookhill", "Cedar Park", "Dunmore", "Elmstead", "Fairview", "Glenwood", "Highbury",
        "Ironbridge", "Juniper", "Kestrel Vale", "Lakeside", "Marston", "Newbury Heath", "Oakridge", "Pinewood",
        "Queensgate", "Redcliffe", "Stonebridge", "Thornbury", "Upton", "Valley End", "Whitmore", "Yarrow",
        "Abbey Fields", "Bellmoor", "Castleton", "Deepdale", "Eastmoor", "Foxhall", "Greystones", "Hollins",
    ]
    rows = []
    for index, name in enumerate(names):
        registered = rng.randint(8_000, 64_000)
        turnout = rng.uniform(38.0, 74.0)
        change = rng.uniform(-6.5, 6.5)
        label = f"{name}[^boundary]" if index == 1 else name
        rows.append(f"| {label} | {registered:,} | {turnout:.1f} | {change:+.1f} |")
    intro = (
        "Turnout rose in most of the city's forty districts, the electoral commission said on Monday, "
        "reversing a decline that had lasted three elections.[^count] Officials credited longer opening "
        "hours and the return of polling stations to schools closed during the pandemic.\n\n"
        "The largest gains came in the eastern districts, where two new stations opened in March. "
        "Turnout fell in the harbour wards, where residents had been moved out during flood works.[^flood] "
        "The commission publishes district figures a week after the count; the table below gives them "
        "in full.\n\n"
        "Campaigners said the figures vindicated a year of door-to-door registration drives, while the "
        "council's opposition asked why postal votes were counted a day late in three districts."
    )
    table = "\n".join(
        [
            "| District | Registered voters | Turnout (%) | Change (points) |",
            "|:---------|------------------:|------------:|----------------:|",
            *rows,
            "",
            "Table: Turnout by district in the 2025 municipal election, with the change since 2021.",
        ]
    )
    after = (
        "Across the city, 61.8 per cent of registered voters cast a ballot, up from 57.2 per cent four years "
        "ago.[^postal] The commission will publish a full audit of the postal vote in January.\n\n"
        "## What comes next\n\n"
        "The new council meets for the first time on 2 December. Its first task is to approve the budget "
        "for the flood defences on the harbour front, postponed twice since the spring.[^budget]\n\n"
        "[^count]: Figures from the official declaration, not the provisional count published on the night.\n"
        "[^flood]: About 1,200 residents of the Harbour and Lakeside districts were still registered at "
        "their old addresses.\n"
        "[^boundary]: Riverside's boundaries were redrawn in 2023; the change is against the old district.\n"
        "[^postal]: Postal votes included, as in 2021. Without them turnout was 49.6 per cent.\n"
        "[^budget]: The council's finance committee put the cost at 48 million euros over six years.\n"
    )
    front = '---\ntitle: "Turnout Rises in 31 of 40 Districts"\ndate: 2025-11-24\nlang: en\nauthor: City Desk\n---\n\n'
    return front + intro + "\n\n" + table + "\n\n" + after


FIGURES_ARTICLE = """---
title: "Four Pictures, One Rule"
date: 2025-11-24
lang: en
---

A newsroom article carries pictures of every shape: a phone photo taken upright, a wide photo from the wire,
a tiny icon from the graphics desk and a long strip chart. Each is a figure with its caption below.

![A portrait phone photo, stored on its side with EXIF orientation 6: the red band belongs at the top.](portrait.jpg)

The portrait photo should stand upright, no taller than about 60 per cent of the text height, centred.

![A landscape photo, 1200 by 800 pixels: the green band belongs at the top.](landscape.jpg)

![A 10 by 10 pixel icon, which should stay small rather than be blown up.](icon.png)

![A strip 4000 pixels wide and 100 high, which should shrink to the text width.](strip.png)

The last paragraph follows the strip.
"""


def _font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    return ImageFont.load_default(size=size)


def _photo(size: tuple[int, int], band: str, ground: tuple[str, str], label: str) -> Image.Image:
    """A photo-like picture of ``size`` (width, height): a vertical gradient, a coloured band at the top."""
    width, height = size
    top, bottom = ImageColor.getrgb(ground[0]), ImageColor.getrgb(ground[1])
    picture = Image.new("RGB", size)
    draw = ImageDraw.Draw(picture)
    for y in range(height):
        share = y / max(height - 1, 1)
        colour = tuple(round(a + (b - a) * share) for a, b in zip(top[:3], bottom[:3], strict=True))
        draw.line([(0, y), (width, y)], fill=colour)
    band_height = height // 8
    draw.rectangle([0, 0, width, band_height], fill=band)
    draw.text((width // 2, band_height // 2), "TOP", fill="white", font=_font(band_height // 2), anchor="mm")
    draw.polygon([(width // 2, height // 4), (width // 3, height // 2), (2 * width // 3, height // 2)], fill="white")
    draw.text((width // 2, 3 * height // 4), label, fill="white", font=_font(width // 12), anchor="mm")
    return picture


def write_images(folder: Path) -> None:
    """The four pictures of the figures article, written into ``folder``."""
    portrait = _photo((600, 900), "#d00000", ("#4a90d9", "#1b3b5f"), "portrait")
    exif = Image.Exif()
    exif[0x0112] = 6  # Orientation 6: the viewer turns the stored picture 90 degrees clockwise.
    portrait.rotate(90, expand=True).save(folder / "portrait.jpg", quality=85, exif=exif)
    with Image.open(folder / "portrait.jpg") as stored:
        assert stored.size == (900, 600) and ImageOps.exif_transpose(stored).size == (600, 900)
    _photo((1200, 800), "#00a000", ("#e0a040", "#6b3a10"), "landscape").save(folder / "landscape.jpg", quality=85)
    icon = Image.new("RGB", (10, 10), "#ff8c00")
    ImageDraw.Draw(icon).rectangle([3, 3, 6, 6], fill="#000080")
    icon.save(folder / "icon.png")
    strip = Image.new("RGB", (4000, 100))
    draw = ImageDraw.Draw(strip)
    for x in range(4000):
        draw.line([(x, 0), (x, 99)], fill=(x * 255 // 3999, 90, 255 - x * 255 // 3999))
    for x in range(0, 4000, 400):
        draw.rectangle([x, 0, x + 8, 99], fill="black")
    strip.save(folder / "strip.png")


# ---------------------------------------------------------------- running the converter


def convert(python_path: Path, source: Path, fmt: str, out: Path) -> str | None:
    """Convert ``source`` to ``out`` with the ``convert`` package found in ``python_path``.

    Returns None on success, else the last lines of the converter's messages (its error).
    """
    env = {**os.environ, "PYTHONPATH": str(python_path)}
    command = [sys.executable, "-m", "convert", "--no-project", "--to", fmt, str(source), "-o", str(out)]
    result = subprocess.run(command, cwd=source.parent, env=env, capture_output=True, text=True, check=False)
    if result.returncode == 0 and out.exists():
        return None
    lines = [line for line in (result.stderr or result.stdout).splitlines() if line.strip()]
    return "\n".join(lines[-3:]) or f"exit status {result.returncode}"


def checkout_before(folder: Path) -> Path:
    """The ``convert`` package at commit BEFORE, unpacked into ``folder`` (no worktree left behind)."""
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", BEFORE, "convert"], capture_output=True, check=True).stdout
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(folder, filter="data")
    return folder


def docx_to_pdf(docx: Path, folder: Path) -> Path:
    """LibreOffice's PDF of ``docx`` (its own profile, so a running LibreOffice does not interfere)."""
    folder.mkdir(exist_ok=True)
    profile = (folder / "lo-profile").as_uri()
    subprocess.run(
        ["soffice", f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf", "--outdir", str(folder), str(docx)],
        capture_output=True,
        check=True,
        timeout=180,
    )
    return folder / (docx.stem + ".pdf")


WINDOW = (900, 1100)


def html_screenshot(html: Path, folder: Path) -> Image.Image | None:
    """Headless Chromium's picture of two windows on ``html`` (WINDOW, CSS px), one at the top and one scrolled to
    its second figure, at half size; None when Chromium is not installed.

    Each window is an iframe of a page written beside ``html``: a real window height matters (the stylesheet caps
    pictures at 60vh), and headless Chromium's own screenshot does not follow a #fragment's scroll.
    """
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    if browser is None:
        return None
    width, height = WINDOW
    frames = "".join(
        f'<iframe src="{html.name}{fragment}" width="{width}" height="{height}"></iframe>' for fragment in ("", "#figure-2")
    )
    windows = folder / "windows.html"
    style = "body{margin:0;display:flex;gap:20px;background:#d8d8d8}iframe{border:0;background:white}"
    windows.write_text(f"<!DOCTYPE html><html><head><style>{style}</style></head><body>{frames}</body></html>")
    out = folder / "windows.png"
    command = [
        browser, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--force-device-scale-factor=1",
        "--run-all-compositor-stages-before-draw", "--virtual-time-budget=3000",
        f"--window-size={2 * width + 20},{height}", f"--screenshot={out}", windows.as_uri(),
    ]
    subprocess.run(command, capture_output=True, check=True, timeout=120)
    with Image.open(out) as shot:
        return shot.convert("RGB").resize((width + 10, height // 2), Image.Resampling.LANCZOS)


# ---------------------------------------------------------------- pictures


def pages(pdf: Path, first: int, last: int) -> list[Image.Image]:
    """Pages ``first``..``last`` of ``pdf`` (1-based, clipped to the page count) rendered at DPI."""
    prefix = pdf.with_suffix("")
    subprocess.run(["pdftoppm", "-png", "-r", str(DPI), "-f", str(first), "-l", str(last), str(pdf), str(prefix)], check=True)
    images = []
    for png in sorted(pdf.parent.glob(prefix.name + "-*.png")):
        with Image.open(png) as page:
            images.append(page.convert("RGB"))
    return images


def note_panel(text: str, size: tuple[int, int]) -> Image.Image:
    """A page-sized panel that says what happened instead of a page (a crash of the old code)."""
    panel = Image.new("RGB", size, "#fff4f4")
    draw = ImageDraw.Draw(panel)
    wrapped = [piece for line in text.splitlines() for piece in textwrap.wrap(line, 78, break_long_words=True) or [""]]
    draw.multiline_text((10, 10), "\n".join(wrapped), fill="#900000", font=_font(11), spacing=3)
    return panel


def side_by_side(images: list[Image.Image], label: str) -> Image.Image:
    """``images`` in a row on a grey ground, each with a thin border, ``label`` above them."""
    width = sum(image.width + 2 for image in images) + GAP * (len(images) + 1)
    height = max(image.height + 2 for image in images) + GAP * 2 + LABEL_HEIGHT
    sheet = Image.new("RGB", (width, height), "#d8d8d8")
    draw = ImageDraw.Draw(sheet)
    draw.text((GAP, GAP // 2 + 2), label, fill="black", font=_font(14))
    x = GAP
    for image in images:
        draw.rectangle([x, GAP + LABEL_HEIGHT, x + image.width + 1, GAP + LABEL_HEIGHT + image.height + 1], outline="#808080")
        sheet.paste(image, (x + 1, GAP + LABEL_HEIGHT + 1))
        x += image.width + 2 + GAP
    return sheet


def save(picture: Image.Image, name: str) -> None:
    """Write ``picture`` as docs/``name``: a 64-colour palette PNG, optipng'd when available; checks the size."""
    target = DOCS / name
    picture.quantize(colors=64, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE).save(target, optimize=True)
    optipng = shutil.which("optipng")
    if optipng:
        subprocess.run([optipng, "-quiet", "-o2", "-strip", "all", str(target)], check=True)
    size = target.stat().st_size
    print(f"{target.relative_to(ROOT)}: {picture.width}x{picture.height}, {size // 1024} KB")
    if size > MAX_BYTES:
        print(f"  warning: larger than {MAX_BYTES // 1000} KB", file=sys.stderr)


def pdf_pages_or_note(python_path: Path, source: Path, out: Path, count: int) -> list[Image.Image]:
    """The first ``count`` PDF pages of ``source``, or a panel with the converter's error."""
    error = convert(python_path, source, "pdf", out)
    if error is None:
        return pages(out, 1, count)
    print(f"{out.name}: the converter failed: {error}")
    return [note_panel("The converter failed on this article:\n\n" + error, (496, 702))]


def make_table_picture(work: Path) -> None:
    source = work / "table" / "results.md"
    source.parent.mkdir()
    source.write_text(table_article(), encoding="utf-8")
    shots = pdf_pages_or_note(ROOT, source, work / "table" / "results.pdf", 2)
    label = "PDF, pages 1 and 2: the table continues under a repeated header; notes at each page's foot"
    save(side_by_side(shots, label), "table-notes-page.png")


def make_figure_pictures(work: Path) -> None:
    folder = work / "figures"
    folder.mkdir()
    write_images(folder)
    source = folder / "pictures.md"
    source.write_text(FIGURES_ARTICLE, encoding="utf-8")
    before = checkout_before(work / "before")
    shots = pdf_pages_or_note(before, source, folder / "before.pdf", 3)
    save(side_by_side(shots, f"PDF before the image work (commit {BEFORE[:7]})"), "figures-before.png")
    shots = pdf_pages_or_note(ROOT, source, folder / "after.pdf", 3)
    save(side_by_side(shots, "PDF now"), "figures-after.png")
    make_word_picture(source, folder)
    make_html_picture(source, folder)


def make_word_picture(source: Path, folder: Path) -> None:
    docx = folder / "word.docx"
    error = convert(ROOT, source, "docx", docx)
    if error is not None:
        print(f"word.docx: the converter failed: {error}")
        shots = [note_panel("The converter failed:\n\n" + error, (496, 702))]
    else:
        shots = pages(docx_to_pdf(docx, folder / "lo"), 1, 3)
    save(side_by_side(shots, "DOCX now, laid out by LibreOffice"), "figures-word.png")


def make_html_picture(source: Path, folder: Path) -> None:
    html = folder / "page.html"
    error = convert(ROOT, source, "html", html)
    if error is not None:
        print(f"page.html: the converter failed: {error}")
        return
    shot = html_screenshot(html, folder)
    if shot is None:
        print("figures-html.png skipped: no chromium or chromium-browser on PATH (scripts/validators.sh installs it)")
        return
    label = "HTML now, headless Chromium, two 900x1100 windows, at the top and scrolled down (half size)"
    save(side_by_side([shot], label), "figures-html.png")


def main() -> None:
    for tool in ("pdftoppm", "soffice", "git"):
        if shutil.which(tool) is None:
            sys.exit(f"make_pictures: {tool} is needed and not on PATH")
    with tempfile.TemporaryDirectory(prefix="convert-pictures-") as temp:
        work = Path(temp)
        make_table_picture(work)
        make_figure_pictures(work)


if __name__ == "__main__":
    main()
