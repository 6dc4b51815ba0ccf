"""The on-disk cache of parsed hyphenation patterns (writers/pdf/pattern_cache.py): the same patterns as pyphen
reads, a new entry when the dictionary changes, a corrupt entry parsed again, off with CONVERT_NO_CACHE."""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pyphen  # type: ignore[import-untyped]
import pytest
from pypdf import PdfReader

from convert.writers.pdf import pattern_cache
from convert.writers.pdf.hyphenation import _patterns

from .conftest import ROOT


def dictionary(lang: str) -> Path:
    return Path(pyphen.LANGUAGES[pyphen.language_fallback(lang)])


class Counting:
    """``_patterns``, counting its calls."""

    def __init__(self) -> None:
        self.calls = 0

    def __call__(self, path: Path) -> pattern_cache.Patterns | None:
        self.calls += 1
        return _patterns(path)


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.delenv("CONVERT_NO_CACHE", raising=False)
    monkeypatch.setenv("CONVERT_CACHE_DIR", str(tmp_path / "cache"))
    return tmp_path / "cache"


@pytest.mark.parametrize("lang", ["en", "de", "ru", "nl"])
def test_the_saved_form_gives_back_pyphens_patterns(lang: str) -> None:
    patterns = _patterns(dictionary(lang))
    assert patterns is not None
    assert pattern_cache.decode(pattern_cache.encode(patterns)) == pyphen.HyphDict(dictionary(lang)).patterns


def test_a_second_process_reads_the_saved_patterns_instead_of_parsing(cache: Path) -> None:
    parse = Counting()
    first = pattern_cache.cached(dictionary("en"), parse)
    again = pattern_cache.cached(dictionary("en"), parse)
    assert parse.calls == 1 and first == again == _patterns(dictionary("en"))
    assert len(list((cache / "hyphenation").glob("hyph_en*.bin"))) == 1


def test_a_changed_dictionary_gets_a_new_entry(cache: Path, tmp_path: Path) -> None:
    copy = tmp_path / "hyph_xx.dic"
    shutil.copyfile(dictionary("ru"), copy)
    parse = Counting()
    pattern_cache.cached(copy, parse)
    with copy.open("a", encoding="utf-8") as file:
        file.write("\n.zz9z\n")  # one more pattern: size and time change
    os.utime(copy, ns=(1, 1))
    changed = pattern_cache.cached(copy, parse)
    assert parse.calls == 2 and changed is not None and changed[".zzz"] == (3, (9,))
    assert len(list((cache / "hyphenation").glob("hyph_xx-*.bin"))) == 2


@pytest.mark.parametrize("damage", [b"", b"not a cache", b"truncate", b"flip"])
def test_a_damaged_entry_is_parsed_again_and_rewritten(cache: Path, damage: bytes) -> None:
    parse = Counting()
    expected = pattern_cache.cached(dictionary("en"), parse)
    (entry,) = (cache / "hyphenation").glob("*.bin")
    data = entry.read_bytes()
    damaged = {b"truncate": data[: len(data) // 2], b"flip": data[:-8] + b"\xff" * 8}.get(damage, damage)
    entry.write_bytes(damaged)
    assert pattern_cache.cached(dictionary("en"), parse) == expected and parse.calls == 2
    assert entry.read_bytes() == data  # rewritten whole


def test_off_with_the_environment_and_harmless_where_it_cannot_write(tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    parse = Counting()
    monkeypatch.setenv("CONVERT_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("CONVERT_NO_CACHE", "1")
    pattern_cache.cached(dictionary("en"), parse)
    assert not (tmp_path / "cache").exists()
    monkeypatch.delenv("CONVERT_NO_CACHE")
    blocker = tmp_path / "file"
    blocker.write_text("a file where the folder would be")
    monkeypatch.setenv("CONVERT_CACHE_DIR", str(blocker))
    assert pattern_cache.cached(dictionary("en"), parse) == _patterns(dictionary("en"))


@pytest.mark.slow
def test_fresh_processes_write_the_same_pdf_with_and_without_the_cache(tmp_path: Path) -> None:
    """The cache changes how fast the first PDF of a process is, never what it holds (hyphenated text included)."""
    script = ("import sys, convert\nwords = ' '.join(['internationalisation', 'responsibilities'] * 40)\n"
              "article = convert.read_text('# T\\n\\n' + words + '\\n')\n"
              "sys.stdout.buffer.write(convert.render(article, 'pdf'))")

    def render(**env: str) -> bytes:
        done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, check=True, timeout=120,
                              env={**os.environ, "CONVERT_CACHE_DIR": str(tmp_path / "cache"), **env})
        return done.stdout

    plain = render(CONVERT_NO_CACHE="1")
    assert not (tmp_path / "cache").exists()
    filled, from_cache = render(), render()
    assert list((tmp_path / "cache" / "hyphenation").glob("hyph_en*.bin"))
    assert plain == filled == from_cache
    glyphs = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(plain)).pages)  # the glyphs drawn
    assert re.search(r"[a-z]-\n *[a-z]", glyphs)  # hyphenated, with the patterns the cache gave
