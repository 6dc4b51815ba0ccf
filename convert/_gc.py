"""A paused cyclic garbage collector while an article is read or rendered.

Reading and rendering allocate millions of small objects that live until the end:
the collector walks the growing heap again and again for nothing, which makes a
10,000-paragraph article cost more than ten times a 1,000-paragraph one. Reference
counting still frees everything that is not a cycle; the collector runs again as
soon as the last pause ends. The collector is process-wide state, so the pause is
counted: threads that read or render at once pause it once, and only the last one
to finish turns it back on (and only if it was on before).
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_LOCK = threading.Lock()
_state = {"pauses": 0, "was_enabled": False}  # guarded by _LOCK


@contextmanager
def collector_paused() -> Iterator[None]:
    """Run the block with the cyclic collector off (re-entrant, safe across threads)."""
    with _LOCK:
        if _state["pauses"] == 0:
            _state["was_enabled"] = gc.isenabled()
            gc.disable()
        _state["pauses"] += 1
    try:
        yield
    finally:
        with _LOCK:
            _state["pauses"] -= 1
            if _state["pauses"] == 0 and _state["was_enabled"]:
                gc.enable()
