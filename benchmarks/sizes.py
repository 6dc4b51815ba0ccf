"""Output sizes beside pandoc's, what fills our PDF, and whether JPEGs in DOCX/EPUB should be deflated.

Run: ``.venv/bin/python benchmarks/sizes.py [--photo FILE.jpg ...]``. Prints Markdown tables:
the seed in every format (ours and pandoc's; issue #20's target: seed PDF ≤ 55 KB with the same
photo); the PDFs' bytes split into fonts (per embedded font), images and the rest; and, for each
JPEG inside our DOCX and EPUB, how it is stored against what deflate would make of it, on the
seed's stand-in photo, on a photo-like picture drawn here and on every ``--photo`` given (a real
photo's JPEG hardly deflates: storing it saves the decompression for nothing).
"""

from __future__ import annotations

import argparse
import io
import sys
import tempfile
import zipfile
import zlib
from pathlib import Path
from typing import Any

from PIL import Image, ImageFilter

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import convert
from benchmarks._tools import ROOT, ensure_tools, markdown_table, run_command, tools_env

SOURCE = ROOT / "source" / "article.md"
PDF_TARGET = 55_000
PANDOC = {
    "docx": [],
    "epub": [],
    "html": ["--standalone", "--embed-resources"],
    "pdf (Typst)": ["--pdf-engine=typst"],
    "pdf (WeasyPrint)": ["--pdf-engine=weasyprint"],
}


def kb(size: int) -> str:
    return f"{size / 1000:,.1f} KB"


def _pandoc_outputs(folder: Path) -> dict[str, bytes]:
    env = tools_env(ensure_tools())
    outputs = {}
    for name, extra in PANDOC.items():
        target = folder / f"pandoc-{name.split()[0]}-{len(outputs)}.{name.split()[0]}"
        run_command(["pandoc", "article.md", *extra, "-o", str(target)], SOURCE.parent, env)
        outputs[name] = target.read_bytes()
    return outputs


def seed_sizes_table(ours: dict[str, bytes], peers: dict[str, bytes]) -> str:
    rows = []
    for fmt in ("docx", "epub", "html", "pdf"):
        peer_names = [name for name in peers if name.split()[0] == fmt]
        for name in peer_names:
            ratio = len(ours[fmt]) / len(peers[name])
            target = f"≤ {kb(PDF_TARGET)}: {'yes' if len(ours[fmt]) <= PDF_TARGET else '**no**'}" if fmt == "pdf" else "-"
            rows.append([name, kb(len(ours[fmt])), kb(len(peers[name])), f"{ratio:.2f}", target])
    return markdown_table(["format", "ours", "pandoc", "ratio", "target"], rows)


def _stream_length(obj: Any) -> int:
    data = obj.get_object()
    return len(data._data) if hasattr(data, "_data") else 0


def pdf_breakdown(pdf: bytes) -> dict[str, int]:
    """Bytes of each embedded font program (by base name), of the images, and of everything else."""
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(pdf))
    numbers = {number for table in reader.xref.values() for number in table} | set(reader.xref_objStm)
    parts: dict[str, int] = {}
    for number in sorted(numbers):
        obj = reader.get_object(number)
        if not hasattr(obj, "get"):
            continue
        if obj.get("/Type") == "/FontDescriptor":
            for key in ("/FontFile", "/FontFile2", "/FontFile3"):
                if key in obj:
                    name = "font " + str(obj.get("/FontName", "?")).lstrip("/").split("+")[-1]
                    parts[name] = parts.get(name, 0) + _stream_length(obj[key])
        elif obj.get("/Subtype") == "/Image":
            parts["images"] = parts.get("images", 0) + _stream_length(obj)
        elif obj.get("/Type") == "/Font" and "/ToUnicode" in obj:
            parts["ToUnicode maps"] = parts.get("ToUnicode maps", 0) + _stream_length(obj["/ToUnicode"])
    for page in reader.pages:
        contents = page.get("/Contents")
        for stream in (contents if isinstance(contents, list) else [contents] if contents is not None else []):
            parts["page content"] = parts.get("page content", 0) + _stream_length(stream)
    parts["everything else"] = len(pdf) - sum(parts.values())
    return parts


def pdf_breakdown_table(pdfs: dict[str, bytes]) -> str:
    breakdowns = {name: pdf_breakdown(data) for name, data in pdfs.items()}
    rows = []
    for name, parts in breakdowns.items():
        fonts = {k: v for k, v in parts.items() if k.startswith("font ")}
        font_list = ", ".join(f"{k[5:]} {kb(v)}" for k, v in sorted(fonts.items(), key=lambda kv: -kv[1]))
        rows.append([name, kb(len(pdfs[name])), f"{len(fonts)}: {kb(sum(fonts.values()))}", font_list or "-",
                     kb(parts.get("images", 0)), kb(parts.get("page content", 0)), kb(parts.get("ToUnicode maps", 0)),
                     kb(parts["everything else"])])
    header = ["PDF", "total", "fonts", "each font program", "images", "page content", "ToUnicode", "everything else"]
    return markdown_table(header, rows)


def photo_like(width: int = 1200, height: int = 800) -> bytes:
    """A JPEG with a photo's statistics: smooth shapes plus sensor-like grain (no flat colour)."""
    base = Image.radial_gradient("L").resize((width, height)).convert("RGB")
    grain = Image.effect_noise((width, height), 40).convert("RGB")
    picture = Image.blend(base, grain, 0.35).filter(ImageFilter.GaussianBlur(0.6))
    buffer = io.BytesIO()
    picture.save(buffer, "JPEG", quality=85)
    return buffer.getvalue()


def zip_pictures(data: bytes, container: str) -> list[list[str]]:
    rows = []
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for info in archive.infolist():
            if not info.filename.lower().endswith((".jpg", ".jpeg")):
                continue
            raw = archive.read(info)
            deflated = len(zlib.compress(raw, 6)) - 6  # raw deflate size, as a zip entry holds it
            how = "stored" if info.compress_type == zipfile.ZIP_STORED else "deflated"
            best = "deflate" if deflated < 0.95 * len(raw) else "store"
            rows.append([container, info.filename, kb(info.file_size), f"{how}, {kb(info.compress_size)}",
                         f"{kb(deflated)} ({deflated / len(raw):.0%})", best])
    return rows


def jpeg_table(photos: dict[str, bytes], folder: Path) -> str:
    rows = []
    for label, jpeg in photos.items():
        (folder / "photo.jpg").write_bytes(jpeg)
        source = folder / "photo.md"
        source.write_text(f"# {label}\n\n![A photo]({'photo.jpg'})\n\nText.\n", encoding="utf-8")
        article = convert.read(source, resource_path=(folder,))
        for fmt in ("docx", "epub"):
            try:
                rows += [[label, *row] for row in zip_pictures(convert.render(article, fmt), fmt)]
            except convert.ConvertError as exc:  # a writer bug must not hide the other rows
                rows.append([label, fmt, "-", "-", f"**failed**: {exc}", "-", "-"])
    return markdown_table(["photo", "container", "entry", "JPEG", "as stored", "deflate would give", "smaller"], rows)


def sizes_tables(extra_photos: list[Path]) -> str:
    article = convert.read(SOURCE, resource_path=(ROOT / "assets",))
    ours = {fmt: convert.render(article, fmt) for fmt in ("docx", "epub", "html", "pdf")}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        peers = _pandoc_outputs(folder)
        photos = {"seed stand-in": (ROOT / "assets" / "photo.jpg").read_bytes(), "photo-like (drawn)": photo_like()}
        photos.update({path.name: path.read_bytes() for path in extra_photos})
        pictures = jpeg_table(photos, folder)
    pdfs = {"ours": ours["pdf"], "pandoc + Typst": peers["pdf (Typst)"], "pandoc + WeasyPrint": peers["pdf (WeasyPrint)"]}
    return "\n\n".join([
        "Sizes of the seed (same photo everywhere)\n\n" + seed_sizes_table(ours, peers),
        "What fills each PDF (stream bytes as stored)\n\n" + pdf_breakdown_table(pdfs),
        "JPEGs in our DOCX and EPUB: stored vs deflated\n\n" + pictures,
    ])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--photo", type=Path, action="append", default=[], help="a real photo (JPEG) to check too")
    args = parser.parse_args()
    print(sizes_tables(args.photo))


if __name__ == "__main__":
    main()
