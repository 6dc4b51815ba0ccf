"""Opening an image file once, inside the allowed folders, without following a symbolic link out of them.

The path is walked one component at a time from an allowed folder, each step
opened with ``O_NOFOLLOW`` relative to the descriptor of the step before
(``dir_fd``). A symbolic link met on the way is read (``readlink``) and its
target is checked against the allowed folders like any other path before the
walk goes on, so swapping a folder for a link between a check and a read
cannot lead outside: there is no check separate from the read. The file is then
read from the descriptor that was checked, up to a size cap.
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Sequence
from dataclasses import dataclass

#: Links followed while resolving one path (the kernel's own limit, MAXSYMLINKS).
MAX_LINKS = 40
#: The longest name one path component may have (bytes; NAME_MAX on Linux and macOS).
MAX_NAME_BYTES = 255

_DIR_FLAGS = os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
# O_NONBLOCK: opening a FIFO must not wait for a writer; a regular file reads the same with it.
_FILE_FLAGS = (os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
               | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))


class Outside(Exception):
    """The path, or a link on it, leads out of every allowed folder."""


class NotFound(Exception):
    """Nothing at the path inside the allowed folders."""


class NotRegular(Exception):
    """The path names a folder, a device, a FIFO or a socket."""


class TooLarge(Exception):
    """The file holds more than the cap allows; ``size`` is what was seen."""

    def __init__(self, size: int) -> None:
        super().__init__(size)
        self.size = size


class Unreadable(Exception):
    """The file exists inside the allowed folders but cannot be read (permissions, I/O)."""


@dataclass(frozen=True)
class Opened:
    """The bytes of a regular file and the path it was read at (links resolved)."""

    data: bytes
    path: str


def inside(path: str, root: str) -> bool:
    """Whether the normalised absolute ``path`` is ``root`` or lies under it (no file system access)."""
    return path == root or path.startswith(root.rstrip(os.sep) + os.sep)


def read_inside(path: str, roots: Sequence[str], max_bytes: int) -> Opened:
    """Read the file at the absolute, normalised ``path`` if it lies inside one of ``roots``.

    ``roots`` are absolute real paths (links already resolved: the caller trusts
    them). Raises :class:`Outside`, :class:`NotFound`, :class:`NotRegular`,
    :class:`TooLarge` or :class:`Unreadable`; nothing outside ``roots`` is ever
    opened or stat-ed, so the answer says nothing about files there.
    """
    for _ in range(MAX_LINKS + 1):
        root = _root_of(path, roots)
        parts = [p for p in path[len(root):].split(os.sep) if p]
        if not parts:
            raise NotRegular(path)
        link = _walk(root, parts, max_bytes)
        if isinstance(link, Opened):
            return link
        path = link
    raise Outside(path)  # a loop of links: treated like a link leading nowhere allowed


def _root_of(path: str, roots: Sequence[str]) -> str:
    matching = [root for root in roots if inside(path, root)]
    if not matching:
        raise Outside(path)
    return max(matching, key=len)


def _walk(root: str, parts: list[str], max_bytes: int) -> Opened | str:
    """Open ``parts`` under ``root`` step by step: the file read, or the new path a link on the way leads to."""
    try:
        fd = os.open(root, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        raise NotFound(root) from exc
    here = root
    try:
        for index, name in enumerate(parts):
            last = index == len(parts) - 1
            try:
                child = os.open(name, _FILE_FLAGS if last else _DIR_FLAGS, dir_fd=fd)
            except OSError as exc:
                target = _link_target(name, fd, exc)
                if target is None:
                    raise _meaning(exc, os.path.join(here, name)) from exc
                return os.path.normpath(os.path.join(here, target, *parts[index + 1:]))
            os.close(fd)
            fd, here = child, os.path.join(here, name)
        return Opened(_read_regular(fd, here, max_bytes), here)
    finally:
        os.close(fd)


def _link_target(name: str, dir_fd: int, error: OSError) -> str | None:
    """The target of the link ``name`` when opening it failed because it is one, else ``None``."""
    if error.errno not in (errno.ELOOP, errno.ENOTDIR, errno.EMLINK):
        return None
    try:
        return os.readlink(name, dir_fd=dir_fd)
    except OSError:
        return None  # not a link after all (ENOTDIR: a file where a folder was expected)


def _meaning(error: OSError, path: str) -> Exception:
    if error.errno in (errno.ENOENT, errno.ENOTDIR):
        return NotFound(path)
    if error.errno in (errno.ENXIO, errno.EISDIR):
        return NotRegular(path)
    return Unreadable(error.strerror or str(error))


def _read_regular(fd: int, path: str, max_bytes: int) -> bytes:
    info = os.fstat(fd)
    if not stat.S_ISREG(info.st_mode):
        raise NotRegular(path)
    if info.st_size > max_bytes:
        raise TooLarge(info.st_size)
    chunks: list[bytes] = []
    total = 0
    try:
        while chunk := os.read(fd, min(1 << 20, max_bytes + 1 - total)):
            chunks.append(chunk)
            total += len(chunk)
            if total > max_bytes:  # the file grew while we read it
                raise TooLarge(total)
    except OSError as exc:
        raise Unreadable(exc.strerror or str(exc)) from exc
    return b"".join(chunks)
