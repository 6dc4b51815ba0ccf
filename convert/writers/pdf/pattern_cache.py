"""Parsed hyphenation patterns kept on disk, so a new process does not parse a dictionary again.

Parsing a dictionary is most of what hyphenation costs the first PDF of a process
(English: 14,000 patterns, about 35 ms; German: 66,000, about 170 ms). The parsed
patterns are saved once in the user's cache folder (``$XDG_CACHE_HOME/convert``,
else ``~/.cache/convert``; ``%LOCALAPPDATA%\\convert`` on Windows) in a compact form
that loads in a few milliseconds: the pattern letters as one text, each distinct
(offset, values) pair once, and the pair of each pattern by number.

- The file's name is a hash of the dictionary's path, size and modification time and
  of :data:`FORMAT`: a changed or upgraded dictionary gets a new entry, never a stale one.
- Anything wrong with a saved file (truncated, corrupt, another format) counts as no
  file: the dictionary is parsed again and the file written anew. Nothing is executed
  or unpickled: the file is read as plain bytes and checked.
- Writing is atomic (a temporary file in the same folder, then a rename), and a folder
  that cannot be written (read-only home, full disk) only means no cache.
- ``CONVERT_NO_CACHE=1`` turns the cache off (nothing read or written);
  ``CONVERT_CACHE_DIR`` puts it elsewhere.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import struct
from array import array
from collections.abc import Callable
from pathlib import Path

#: Pattern letters -> (offset of the first value, the values): what pyphen's ``HyphDict.patterns`` holds.
Patterns = dict[str, tuple[int, tuple[int, ...]]]
#: The first bytes of a saved file; a new layout gets a new number (and so a new file name).
FORMAT = b"convert-hyphenation-patterns 1\n"
_HEADER = struct.Struct("<III")  # lengths of the letters, the pairs and the pair numbers, in bytes


def cached(dictionary: Path, parse: Callable[[Path], Patterns | None]) -> Patterns | None:
    """``parse(dictionary)``, from the cache when a sound entry for this very file is there, else parsed and saved."""
    entry = _entry(dictionary)
    if entry is None:
        return parse(dictionary)
    try:
        found = decode(entry.read_bytes())
    except OSError:
        found = None
    if found is not None:
        return found
    patterns = parse(dictionary)
    if patterns is not None:
        _save(entry, encode(patterns))
    return patterns


def cache_folder() -> Path | None:
    """Where the cache lives, or None when it is turned off (``CONVERT_NO_CACHE``)."""
    if os.environ.get("CONVERT_NO_CACHE", "").strip() not in ("", "0"):
        return None
    chosen = os.environ.get("CONVERT_CACHE_DIR")
    if chosen:
        return Path(chosen)
    if os.name == "nt" and os.environ.get("LOCALAPPDATA"):
        return Path(os.environ["LOCALAPPDATA"]) / "convert"
    base = os.environ.get("XDG_CACHE_HOME")
    return (Path(base) if base else Path.home() / ".cache") / "convert"


def _entry(dictionary: Path) -> Path | None:
    folder = cache_folder()
    if folder is None:
        return None
    try:
        stat = dictionary.stat()
    except OSError:
        return None
    key = hashlib.sha256(b"%s|%d|%d|%s" % (os.fsencode(dictionary.resolve()), stat.st_size, stat.st_mtime_ns, FORMAT))
    return folder / "hyphenation" / f"{dictionary.stem}-{key.hexdigest()[:24]}.bin"


def encode(patterns: Patterns) -> bytes:
    """The compact form: :data:`FORMAT`, the three lengths, the letters (UTF-8, one pattern a line), the distinct
    pairs (offset, count, values: a byte each) and each pattern's pair number (32-bit)."""
    pairs: dict[tuple[int, tuple[int, ...]], int] = {}
    numbers = array("I", (pairs.setdefault(pair, len(pairs)) for pair in patterns.values()))
    table = b"".join(bytes((offset, len(values), *values)) for offset, values in pairs)
    letters = "\n".join(patterns).encode("utf-8")
    if numbers.itemsize != 4 or any(offset > 255 or value > 255 for offset, values in pairs for value in values):
        return b""  # never in a real dictionary: not saved
    numbers_bytes = numbers.tobytes() if _LITTLE else _swapped(numbers)
    return FORMAT + _HEADER.pack(len(letters), len(table), len(numbers_bytes)) + letters + table + numbers_bytes


def decode(data: bytes) -> Patterns | None:
    """The patterns of :func:`encode`'s form, or None when ``data`` is not a sound file of it."""
    if not data.startswith(FORMAT) or len(data) < len(FORMAT) + _HEADER.size:
        return None
    sizes = _HEADER.unpack_from(data, len(FORMAT))
    start = len(FORMAT) + _HEADER.size
    if start + sum(sizes) != len(data) or sizes[2] % 4:
        return None
    letters_end, table_end = start + sizes[0], start + sizes[0] + sizes[1]
    try:
        keys = data[start:letters_end].decode("utf-8").split("\n")
    except UnicodeDecodeError:
        return None
    table = _pairs(data[letters_end:table_end])
    numbers = array("I")
    numbers.frombytes(data[table_end:])
    if not _LITTLE:
        numbers.byteswap()
    if table is None or len(numbers) != len(keys) or (numbers and max(numbers) >= len(table)):
        return None
    return dict(zip(keys, map(table.__getitem__, numbers), strict=True))


def _pairs(data: bytes) -> list[tuple[int, tuple[int, ...]]] | None:
    pairs: list[tuple[int, tuple[int, ...]]] = []
    index = 0
    while index < len(data):
        if index + 2 > len(data) or index + 2 + data[index + 1] > len(data):
            return None
        count = data[index + 1]
        pairs.append((data[index], tuple(data[index + 2:index + 2 + count])))
        index += 2 + count
    return pairs


def _save(entry: Path, data: bytes) -> None:
    if not data:
        return
    temporary = entry.with_name(f".{entry.name}.{os.getpid()}.tmp")
    try:
        entry.parent.mkdir(parents=True, exist_ok=True)
        temporary.write_bytes(data)
        os.replace(temporary, entry)
    except OSError:  # a read-only or full disk: no cache, nothing else changes
        with contextlib.suppress(OSError):
            temporary.unlink(missing_ok=True)


_LITTLE = array("I", [1]).tobytes()[0] == 1


def _swapped(numbers: array[int]) -> bytes:
    copy = array("I", numbers)
    copy.byteswap()
    return copy.tobytes()
