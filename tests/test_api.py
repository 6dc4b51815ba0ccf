"""The library API: read, write, render, convert, formats; atomic writes; no shared state."""

from __future__ import annotations

import io
import threading
from pathlib import Path
from typing import BinaryIO

import pytest

import convert
from convert.registry import Registry, WriteOptions

from .conftest import ASSETS, SEED, WriteArticle


def test_render_and_write_to_a_binary_file(seed_article: convert.Article) -> None:
    data = convert.render(seed_article, "html")
    buffer = io.BytesIO()
    convert.write(seed_article, "html", buffer)
    assert buffer.getvalue() == data and b"Renewed Dialogue" in data


def test_convert_returns_the_output_path(workdir: Path) -> None:
    read_options = {"resource_path": (ASSETS,)}
    target = convert.convert(SEED, to="epub", dest=workdir / "a.epub", read_options=read_options)
    assert target == workdir / "a.epub" and target.read_bytes().startswith(b"PK")
    assert convert.convert(SEED, to="html", read_options=read_options) == Path("out/article.html")
    assert (workdir / "out" / "article.html").is_file()


class Exploding:
    name = "boom"
    extension = "boom"
    media_type = "application/octet-stream"

    def write(self, article: convert.Article, out: BinaryIO, options: WriteOptions) -> None:
        out.write(b"half a file")
        raise RuntimeError("disk on fire")


def test_a_failing_writer_leaves_nothing_and_keeps_the_old_file(seed_article: convert.Article, workdir: Path) -> None:
    registry = Registry.default()
    registry.register("boom", Exploding)
    target = workdir / "out.boom"
    target.write_bytes(b"good old output")
    with pytest.raises(convert.WriterError, match="the boom writer failed: RuntimeError: disk on fire"):
        convert.write(seed_article, "boom", target, registry=registry)
    assert target.read_bytes() == b"good old output"
    assert [p.name for p in workdir.iterdir()] == ["out.boom"]


def test_a_failing_rename_leaves_no_temporary_file(seed_article: convert.Article, workdir: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    def fail(*_: object) -> None:
        raise OSError("rename failed")

    monkeypatch.setattr("convert.output.os.replace", fail)
    with pytest.raises(convert.WriterError, match="rename failed"):
        convert.write(seed_article, "html", workdir / "a.html")
    assert list(workdir.iterdir()) == []


def test_bad_paper_size_is_a_clear_error(seed_article: convert.Article) -> None:
    with pytest.raises(convert.WriterError, match="unknown paper size 'a5'"):
        convert.render(seed_article, "pdf", paper="a5")


def test_unknown_options_reach_plugins_through_extra() -> None:
    options = convert.write_options(paper="letter", house_style="bold")
    assert options.paper == "letter" and options.extra == {"house_style": "bold"}


def test_threads_do_not_affect_each_other(write_article: WriteArticle) -> None:
    first = convert.read(write_article("# One\n\n\"a\"\n", name="one.md"))
    second = convert.read(write_article("# Two\n\n\"b\"\n", name="two.md"), smart=False)
    expected = {name: convert.render(article, "pdf") for name, article in (("one", first), ("two", second))}
    results: dict[str, list[bytes]] = {"one": [], "two": []}

    def work(name: str, article: convert.Article) -> None:
        for _ in range(3):
            results[name].append(convert.render(article, "pdf"))

    threads = [threading.Thread(target=work, args=item) for item in (("one", first), ("two", second))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert all(data == expected[name] for name, runs in results.items() for data in runs)
    assert convert.read_text("# T\n\n\"x\"\n").blocks[0].inlines[0].text == "\u201cx\u201d"  # type: ignore[union-attr]
