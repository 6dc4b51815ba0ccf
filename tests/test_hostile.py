"""Issue #19's named hostile cases, one test each: a ConvertError with a place, or a faithful output with a warning.

Every case is bounded in time (an alarm in this process, a timeout on a
subprocess); cases that could kill the interpreter (deep recursion) or whose
peak memory is the point (limits) run in a subprocess, which reports its
``ru_maxrss``. Nothing here asserts a duration: growth is checked as a ratio.
"""

from __future__ import annotations

import io
import json
import os
import re
import signal
import struct
import subprocess
import sys
import textwrap
import time
import zipfile
import zlib
from collections.abc import Iterator, Sequence
from pathlib import Path
from types import FrameType

import docx
import pytest
from lxml import etree, html
from pypdf import PdfReader

import convert

WRITERS = ("docx", "pdf", "epub", "html")
#: No case here may take longer (seconds); subprocesses get the same.
BOUND = 120


@pytest.fixture(autouse=True)
def _bounded() -> Iterator[None]:
    """Every test is bounded in time: an alarm interrupts it (pytest then reports the test as failed)."""
    def expire(signum: int, frame: FrameType | None) -> None:
        raise TimeoutError(f"over {BOUND} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, BOUND)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def cli(*args: str | bytes, cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[bytes]:
    """``python -m convert ARGS`` in ``cwd`` (a crash there cannot take pytest down)."""
    return subprocess.run([sys.executable, "-m", "convert", *args], cwd=cwd, capture_output=True, timeout=BOUND,
                          env=env, check=False)


def measured(code: str, cwd: Path) -> tuple[dict[str, object], int]:
    """Run ``code`` in a fresh interpreter; it sets ``result`` (a JSON-able dict). Returns it and its peak RSS in MB."""
    wrapper = code + textwrap.dedent("""
        import json, re, resource
        try:  # this program's own peak: ru_maxrss keeps the forking parent's peak across exec on Linux
            status = open("/proc/self/status").read()
            result["peak_mb"] = int(re.search(r"VmHWM:\\s*(\\d+) kB", status).group(1)) // 1024
        except OSError:
            result["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
        print(json.dumps(result))
        """)
    done = subprocess.run([sys.executable, "-c", wrapper], cwd=cwd, capture_output=True, timeout=BOUND, check=False)
    assert done.returncode == 0, done.stderr.decode(errors="replace")[-2000:]
    result = json.loads(done.stdout.decode().strip().splitlines()[-1])
    return result, int(result["peak_mb"])


def visible_text(fmt: str, data: bytes) -> str:
    """All the text a reader sees, read with independent libraries, whitespace collapsed."""
    if fmt == "docx":
        document = docx.Document(io.BytesIO(data))
        cells = [p.text for t in document.tables for row in t.rows for c in row.cells for p in c.paragraphs]
        text = " ".join([p.text for p in document.paragraphs] + cells)
    elif fmt == "pdf":
        text = " ".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages)
    elif fmt == "epub":
        package = zipfile.ZipFile(io.BytesIO(data))
        text = " ".join("".join(str(t) for t in etree.fromstring(package.read(n)).itertext()) for n in package.namelist()
                        if n.endswith(".xhtml") and "nav" not in n)
    else:
        text = " ".join(str(t) for t in html.document_fromstring(data).itertext())
    return re.sub(r"\s+", " ", text)


def warnings_of(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.name.startswith("convert") and r.levelname == "WARNING"]


# --- reading what it should not --------------------------------------------------------------------------------------


def test_read_text_never_reads_a_file_even_when_the_text_names_one(tmp_path: Path) -> None:
    secret = tmp_path / "secret.md"
    secret.write_text("# Leaked\n\nSECRET-CONTENT\n")
    for text in (str(secret), os.fsencode(secret), "/proc/self/environ", "/etc/passwd"):
        page = convert.render(convert.read_text(text, base_dir=tmp_path), "html")
        assert b"SECRET-CONTENT" not in page and b"root:" not in page
        shown = os.fsdecode(text) if isinstance(text, bytes) else text
        assert shown.split("/")[-1].encode() in page  # the text itself is the article


def test_the_environment_never_leaks_through_read_text(tmp_path: Path) -> None:
    code = ("import convert\nresult = {'leak': b'FUZZSECRET' in convert.render(convert.read_text("
            "'/proc/self/environ'), 'html')}")
    done = subprocess.run([sys.executable, "-c", code + "\nprint(result)"], cwd=tmp_path, capture_output=True,
                          timeout=BOUND, env={**os.environ, "HOSTILE_TOKEN": "FUZZSECRET"}, check=False)
    assert done.returncode == 0 and b"'leak': False" in done.stdout, done.stderr[-1000:]


def test_read_takes_a_path_only(tmp_path: Path) -> None:
    """``read`` never parses its argument as Markdown: text that is no file is 'source not found'."""
    with pytest.raises(convert.SourceError, match="source not found"):
        convert.read("# A title\n\nBody text")
    article = convert.read("/proc/self/environ")  # a path the caller chose: read as a path, NULs removed
    assert article.source == "/proc/self/environ"


# --- exceptions other than ConvertError --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("markdown", "message"),
    [
        ("# T\n\n![x](a%00.jpg)\n", "NUL"),
        ("# T\n\n![x](" + "x" * 300 + ".jpg)\n", "part of"),
        ("# T\n\n![x](sub/" + "y" * 300 + "/z.png)\n", "part of"),
    ],
    ids=["percent-00", "300-char-name", "300-char-folder"],
)
def test_odd_image_names_are_asset_errors_with_a_line(tmp_path: Path, markdown: str, message: str) -> None:
    with pytest.raises(convert.AssetError, match=message) as caught:
        convert.read_text(markdown, name="story.md", base_dir=tmp_path)
    assert caught.value.line == 3


def test_a_nul_image_article_fails_alone_in_a_batch(tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "bad.md").write_text("# Bad\n\n![x](a%00.jpg)\n")
    (tmp_path / "in" / "good.md").write_text("# Good\n\nBody\n")
    done = cli("--to", "html", "in", "--out-dir", "out", "-j", "1", cwd=tmp_path)
    err = done.stderr.decode()
    assert done.returncode == 1 and "Traceback" not in err and "internal error" not in err
    assert re.search(r"bad\.md:3:1: error: image path contains a NUL", err), err
    assert (tmp_path / "out" / "good.html").exists() and not (tmp_path / "out" / "bad.html").exists()


@pytest.mark.parametrize("front", ["x: !!timestamp foo", "x: !!bool maybe", "x: !!python/object:os.system ls",
                                   "x: !!binary '@@@'", "a: &x [*x]", "x: !!int nope"])
def test_yaml_tags_are_read_or_refused_with_a_line(front: str) -> None:
    try:
        article = convert.read_text(f"---\ntitle: T\n{front}\n---\n\nBody\n", name="story.md")
    except convert.SourceError as exc:
        assert exc.line is not None and 2 <= exc.line <= 4, str(exc)
    else:
        assert article.meta.title == "T"


def test_ten_thousand_nested_brackets_convert_in_every_format(tmp_path: Path) -> None:
    (tmp_path / "story.md").write_text("# Brackets\n\n" + "[" * 10_000 + "x\n")
    done = cli("--to", "all", "story.md", "--out-dir", "out", cwd=tmp_path)
    assert done.returncode in (0, 1) and b"Traceback" not in done.stderr and b"internal error" not in done.stderr
    if done.returncode == 1:  # refused: with a place
        assert re.search(rb"story\.md:\d+:\d+: error: ", done.stderr), done.stderr
        return
    for fmt in WRITERS:
        text = visible_text(fmt, (tmp_path / "out" / f"story.{fmt}").read_bytes())
        assert text.replace(" ", "").count("[") >= 10_000, fmt


def test_writing_to_a_name_with_nul_is_a_writer_error(tmp_path: Path) -> None:
    article = convert.read_text("# T\n\nBody\n")
    with pytest.raises(convert.ConvertError):
        convert.write(article, "html", str(tmp_path / "w\x00.html"))
    assert list(tmp_path.iterdir()) == []


def _broken_epub() -> bytes:
    good = zipfile.ZipFile(io.BytesIO(convert.render(convert.read_text("# T\n\nBody\n"), "epub")))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as broken:
        for member in good.infolist():
            data = good.read(member)
            broken.writestr(member, data[: len(data) // 2] if member.filename.endswith(".xhtml") else data)
    return buffer.getvalue()


@pytest.mark.parametrize("case", ["truncated pdf", "PK junk", "broken epub xml"])
@pytest.mark.parametrize("named", [True, False], ids=["format given", "format sniffed"])
def test_verify_on_corrupt_files_reports_instead_of_raising(case: str, named: bool) -> None:
    article = convert.read_text("# T\n\nBody\n")
    data, fmt = {
        "truncated pdf": (convert.render(article, "pdf")[:700], "pdf"),
        "PK junk": (b"PK\x03\x04" + b"junk" * 50, "docx"),
        "broken epub xml": (_broken_epub(), "epub"),
    }[case]
    report = convert.verify(data, article, fmt if named else None)
    assert not report.ok
    assert [f for f in report.failures if f.check == "readable"], [str(f) for f in report.findings]


def test_report_with_a_file_name_that_is_not_utf8(tmp_path: Path) -> None:
    folder = os.fsencode(tmp_path / "in")
    os.mkdir(folder)
    with open(os.path.join(folder, b"caf\xe9.md"), "wb") as handle:
        handle.write(b"# Caf\xc3\xa9\n\nBody\n")
    (tmp_path / "in" / "plain.md").write_text("# Plain\n\nBody\n")
    done = cli("--to", "html", "in", "--out-dir", "out", "--report", "report.json", "-j", "1", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    records = json.loads((tmp_path / "report.json").read_bytes())
    assert sorted(r["status"] for r in records) == ["converted", "converted"]
    assert os.path.exists(os.path.join(os.fsencode(tmp_path / "out"), b"caf\xe9.html"))


@pytest.mark.parametrize("fmt", WRITERS)
def test_yaml_escapes_are_cleaned_in_every_writer(fmt: str, caplog: pytest.LogCaptureFixture) -> None:
    source = '---\ntitle: "Caf\\ud800e\\x01 title"\nauthor: "\\x01Ann Writer"\n---\n\nBody text.\n'
    with caplog.at_level("WARNING", logger="convert"):
        article = convert.read_text(source, name="story.md")
        data = convert.render(article, fmt)
    assert article.meta.title == "Cafe title" and article.meta.author == ("Ann Writer",)
    assert any("story.md:2" in (getattr(r, "where", "") or r.getMessage()) or ":2:" in r.getMessage()
               for r in caplog.records), warnings_of(caplog)
    text = visible_text(fmt, data)
    assert "Cafe title" in text and "Ann Writer" in text, text[:300]


@pytest.mark.parametrize("fmt", WRITERS)
def test_the_issue_yaml_escapes_alone_still_convert(fmt: str) -> None:
    article = convert.read_text('---\ntitle: "\\ud800"\nauthor: "\\x01x"\n---\n\nBody\n')
    assert "Body" in visible_text(fmt, convert.render(article, fmt))


# --- silent loss or bad output ---------------------------------------------------------------------------------------

DEEP = {
    "100 nested quotes": ("# Deep\n\n" + "> " * 100 + "deepquote text\n", ["deepquote text"]),
    "50 nested list levels": ("# Deep\n\n" + "\n".join("    " * d + f"- level{d}" for d in range(50)) + "\n",
                              ["level0", "level25", "level49"]),
}


@pytest.mark.parametrize("fmt", WRITERS)
@pytest.mark.parametrize("case", sorted(DEEP))
def test_deep_nesting_keeps_its_text_with_a_warning(case: str, fmt: str, caplog: pytest.LogCaptureFixture) -> None:
    markdown, expected = DEEP[case]
    with caplog.at_level("WARNING", logger="convert"):
        data = convert.render(convert.read_text(markdown, name="story.md"), fmt)
    text = visible_text(fmt, data).replace(" ", "")
    assert all(piece.replace(" ", "") in text for piece in expected), text[:300]
    assert any("nested" in message for message in warnings_of(caplog)), warnings_of(caplog)


def test_a_heading_in_a_list_item_is_a_pdf_bookmark_and_passes_verify(tmp_path: Path) -> None:
    (tmp_path / "story.md").write_text("# Title\n\nIntro.\n\n- ## Heading in a list\n\n  Text.\n\n## After\n\nBody.\n")
    done = cli("--to", "pdf", "story.md", "-o", "story.pdf", "--verify", cwd=tmp_path)
    assert done.returncode == 0, done.stderr.decode()

    def titles(outline: Sequence[object]) -> list[str]:
        return [t for item in outline for t in (titles(item) if isinstance(item, list) else [str(getattr(item, "title", ""))])]

    assert "Heading in a list" in titles(PdfReader(tmp_path / "story.pdf").outline)


def test_a_newline_in_a_file_name_cannot_forge_a_message_line(tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    forged = "a\nforged.md:1:1: error: forged message\nb.md"
    (tmp_path / "in" / forged).write_text("# T\n\n![x](missing.jpg)\n")
    (tmp_path / "in" / "ok.md").write_text("# T\n\nBody\n")
    done = cli("--to", "html", "in", "--out-dir", "out", "-j", "1", cwd=tmp_path)
    lines = done.stderr.decode().splitlines()
    assert done.returncode == 1
    assert not [line for line in lines if line.startswith(("forged.md", "b.md"))], lines
    assert any("missing.jpg" in line and "\\n" in line for line in lines), lines


LOCAL_TARGETS = ("//host/x", "/etc/passwd", "\\\\server\\share", "file:///etc/passwd", "relative/page.html")


def _docx_targets(data: bytes) -> list[str]:
    rels = etree.fromstring(zipfile.ZipFile(io.BytesIO(data)).read("word/_rels/document.xml.rels"))
    return [str(r.get("Target")) for r in rels if r.get("TargetMode") == "External"]


def _pdf_targets(data: bytes) -> list[str]:
    found = []
    for page in PdfReader(io.BytesIO(data)).pages:
        for annotation in page.get("/Annots") or []:
            action = annotation.get_object().get("/A")
            if action is not None:
                found.append(str(action.get_object().get("/URI") or action.get_object().get("/S")))
    return found


@pytest.mark.parametrize("fmt", ["docx", "pdf"])
def test_links_without_a_scheme_are_text_in_docx_and_pdf(fmt: str, caplog: pytest.LogCaptureFixture) -> None:
    links = " ".join(f"[link{i}](<{target}>)" for i, target in enumerate(LOCAL_TARGETS))
    with caplog.at_level("WARNING", logger="convert"):
        article = convert.read_text(f"# T\n\n{links} [web](https://example.org/)\n", name="story.md")
        data = convert.render(article, fmt)
    targets = _docx_targets(data) if fmt == "docx" else _pdf_targets(data)
    assert targets == ["https://example.org/"], targets
    text = visible_text(fmt, data).replace(" ", "")
    assert all(f"link{i}" in text for i in range(len(LOCAL_TARGETS)))
    warned = " ".join(warnings_of(caplog))
    assert all(target in warned for target in ("'//host/x'", "'/etc/passwd'", "server")), warned


# --- no limits where an input can grow ----------------------------------------------------------------------------------


def test_a_50_mb_article_is_refused_in_bounded_time_and_memory(tmp_path: Path) -> None:
    paragraph = "word " * 200 + "\n\n"
    with open(tmp_path / "big.md", "w") as handle:
        handle.write("# Big\n\n" + paragraph * (50_000_000 // len(paragraph)))
    result, peak = measured(textwrap.dedent("""
        import convert
        try:
            convert.read("big.md")
            result = {"refused": None}
        except convert.ConvertError as exc:
            result = {"refused": type(exc).__name__, "message": str(exc)}
        """), tmp_path)
    assert result["refused"] == "SourceError", result
    assert peak < 400, f"{peak} MB to refuse a 50 MB article"
    done = cli("--to", "html", "big.md", cwd=tmp_path)
    assert done.returncode == 1 and re.search(rb"big\.md: error: the source is larger than", done.stderr)


def test_ten_megabytes_of_front_matter_are_refused_fast(tmp_path: Path) -> None:
    lines = "".join(f"k{i}: {'v' * 90}\n" for i in range(100_000))
    (tmp_path / "story.md").write_text(f"---\ntitle: T\n{lines}---\n\nBody\n")
    result, peak = measured(textwrap.dedent("""
        import time, convert
        start = time.perf_counter()
        try:
            convert.read("story.md")
            result = {"refused": None}
        except convert.ConvertError as exc:
            result = {"refused": type(exc).__name__, "line": exc.line}
        """), tmp_path)
    assert result["refused"] == "SourceError", result
    assert peak < 400, f"{peak} MB to refuse 10 MB of front matter"


def _links_docx_seconds(count: int) -> float:
    article = convert.read_text("# T\n\n" + " ".join(f"[l{i}](https://example.org/{i})" for i in range(count)) + "\n")
    start = time.process_time()  # CPU time of this process: steadier than wall time on a busy machine
    data = convert.render(article, "docx")
    elapsed = time.process_time() - start
    assert len(_docx_targets(data)) == count
    return elapsed


def test_many_links_in_one_paragraph_take_linear_time_in_docx() -> None:
    """1,000 vs 5,000 links: linear growth is a ratio of 5 (plus a fixed cost); quadratic would be 25."""
    small = min(_links_docx_seconds(1_000) for _ in range(2))
    large = min(_links_docx_seconds(5_000) for _ in range(2))
    assert large / small < 12, f"1,000 links: {small:.2f} s; 5,000 links: {large:.2f} s"


#: ``zlib.crc32`` of 120 x 16 MiB of zero bytes (worked out once: it takes seconds).
ZEROS_CRC = 0xA78F4DCA


def _deflated_zeros(blocks: int) -> bytes:
    """A raw deflate stream of ``blocks`` x 16 MiB of zero bytes, made fast: one fully flushed block repeated."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    piece = compressor.compress(bytes(1 << 24)) + compressor.flush(zlib.Z_FULL_FLUSH)  # independent of what came before
    return piece * blocks + b"\x03\x00"  # + an empty final block


def _zip_bomb(path: Path) -> None:
    """A reference DOCX of about 2 MB with a member that inflates to 2 GB, its sizes stated honestly."""
    template = zipfile.ZipFile(io.BytesIO(convert.render(convert.read_text("# T\n\nx\n"), "docx")))
    members = []
    for info in template.infolist():
        data = template.read(info)
        compressor = zlib.compressobj(6, zlib.DEFLATED, -15)
        members.append((info.filename.encode(), compressor.compress(data) + compressor.flush(), zlib.crc32(data), len(data)))
    members.append((b"word/media/zeros.bin", _deflated_zeros(120), ZEROS_CRC, 120 << 24))
    local, central = b"", b""
    for name, packed, crc, unpacked in members:
        fields = struct.pack("<HHHHHIIIHH", 20, 0, 8, 0, 0x21, crc, len(packed), unpacked, len(name), 0)
        central += b"PK\x01\x02" + struct.pack("<H", 20) + fields + struct.pack("<HHHII", 0, 0, 0, 0, len(local)) + name
        local += b"PK\x03\x04" + fields + name + packed
    end = struct.pack("<4s4H2IH", b"PK\x05\x06", 0, 0, len(members), len(members), len(central), len(local), 0)
    path.write_bytes(local + central + end)


def test_a_reference_docx_zip_bomb_is_refused_before_it_is_inflated(tmp_path: Path) -> None:
    _zip_bomb(tmp_path / "bomb.docx")
    assert (tmp_path / "bomb.docx").stat().st_size < 3_000_000
    with zipfile.ZipFile(tmp_path / "bomb.docx") as bomb:  # a real bomb: it does inflate to what it states
        with bomb.open("word/media/zeros.bin") as zeros:
            assert zeros.read(1 << 20) == bytes(1 << 20)
        assert bomb.getinfo("word/media/zeros.bin").file_size == 120 << 24
    result, peak = measured(textwrap.dedent("""
        import convert
        article = convert.read_text("# T\\n\\nBody\\n")
        try:
            convert.render(article, "docx", reference_docx="bomb.docx")
            result = {"refused": None}
        except convert.ConvertError as exc:
            result = {"refused": type(exc).__name__, "message": str(exc)}
        """), tmp_path)
    assert result["refused"] == "WriterError", result
    assert peak < 400, f"{peak} MB before refusing a zip bomb"


def _thin_png(path: Path, height: int) -> None:
    """A 1-pixel-wide, ``height``-tall black-and-white PNG, written row by row (no big image in memory)."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    compressor = zlib.compressobj(9)
    rows = b"\x00\x00" * 1_000_000  # filter byte 0, one byte holding the pixel
    body = b"".join(compressor.compress(rows) for _ in range(height // 1_000_000)) + compressor.flush()
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, height, 1, 0, 0, 0, 0))
                     + chunk(b"IDAT", body) + chunk(b"IEND", b""))


def test_a_one_by_sixty_million_png_is_refused_in_bounded_memory(tmp_path: Path) -> None:
    _thin_png(tmp_path / "thin.png", 60_000_000)
    assert (tmp_path / "thin.png").stat().st_size < 500_000
    (tmp_path / "story.md").write_text("# T\n\n![A thin picture](thin.png)\n")
    result, peak = measured(textwrap.dedent("""
        import convert
        try:
            article = convert.read("story.md", max_image_pixels=100_000_000)
            result = {"refused": None, "pdf": len(convert.render(article, "pdf"))}
        except convert.ConvertError as exc:
            result = {"refused": type(exc).__name__, "line": exc.line}
        """), tmp_path)
    assert result["refused"] == "AssetError" and result["line"] == 3, result
    assert peak < 400, f"{peak} MB for a 1x60,000,000 PNG"
