"""reportlab's process-wide settings, made per render without flipping them.

reportlab reads ``rl_config.useA85`` (ASCII85-encode streams) while it writes.
Flipping it around a render changed other threads' output mid-render. Instead,
the setting is replaced once, at import, by a flag whose truth is the caller's
context (a :mod:`contextvars` variable): every render sets its own value, other
threads and other users of reportlab see reportlab's default.
"""

from __future__ import annotations

import contextvars
import threading
from collections.abc import Iterator
from contextlib import contextmanager

from reportlab import rl_config

_USE_A85: contextvars.ContextVar[bool | None] = contextvars.ContextVar("convert_pdf_use_a85", default=None)
_LOCK = threading.Lock()


class _ContextFlag:
    """Truthy as the current context says, else as reportlab's own setting was."""

    def __init__(self, default: object) -> None:
        self.default = bool(default)

    def __bool__(self) -> bool:
        value = _USE_A85.get()
        return self.default if value is None else value

    def __int__(self) -> int:
        return int(bool(self))

    def __repr__(self) -> str:
        return f"<useA85 per render, default {self.default}>"


def _install() -> None:
    with _LOCK:
        if not isinstance(rl_config.useA85, _ContextFlag):
            rl_config.useA85 = _ContextFlag(rl_config.useA85)


@contextmanager
def render_settings() -> Iterator[None]:
    """Within this block (this thread or task only), reportlab writes binary streams, not ASCII85.

    ASCII85 makes every stream, and an embedded JPEG, 25 % larger for nothing.
    """
    _install()
    token = _USE_A85.set(False)
    try:
        yield
    finally:
        _USE_A85.reset(token)
