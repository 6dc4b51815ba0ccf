"""Articles on a Dask cluster: a checked address, a bounded connection, and lost tasks reported, not raised.

Tasks return the rendered bytes to this process, which writes them exactly as a
local run does, so the outputs are byte-identical.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator
from typing import Any

from ..errors import ConvertError, display_name
from .jobs import Job, Rendered, render_job_in_worker

#: One overall limit for reaching the scheduler and its handshake (seconds).
CONNECT_SECONDS = 10.0
_ADDRESS = re.compile(r"^tcp://(?:\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9](?:[A-Za-z0-9.-]{0,251}[A-Za-z0-9])?):(\d{1,5})$")


def check_address(address: str) -> str:
    """``address`` if it is ``tcp://HOST:PORT`` (the form we support and test), else a ConvertError."""
    match = _ADDRESS.match(address)
    if match is None or not 0 < int(match.group(1)) < 65536:
        raise ConvertError(f"not a Dask scheduler address: {display_name(address)!r}",
                           hint="write tcp://HOST:PORT, e.g. tcp://10.0.0.5:8786")
    return address


def run_dask(pending: list[Job], scheduler: Any) -> Iterator[Rendered]:
    """Render ``pending`` on the cluster at ``scheduler`` (an address or a ``distributed.Client``)."""
    try:
        from distributed import Client, as_completed
    except ImportError:
        raise ConvertError("--scheduler needs Dask", hint="pip install 'article-convert[dask]'") from None
    client = scheduler if isinstance(scheduler, Client) else _connect(Client, check_address(str(scheduler)))
    try:
        tasks = client.map(render_job_in_worker, pending, pure=False)
        owners = {task.key: job for task, job in zip(tasks, pending, strict=True)}
        try:
            for task in as_completed(tasks):
                try:
                    result = task.result()
                except Exception as exc:  # KilledWorker, a lost connection...: this article fails, the rest go on
                    job = owners[task.key]
                    result = Rendered(job, error=f"{display_name(str(job.source))}: error: the Dask cluster lost this "
                                                 f"task ({type(exc).__name__}: {exc})")
                task.release()  # the cluster may forget the bytes once we have them
                yield result
        finally:
            client.cancel(tasks)
    finally:
        if client is not scheduler:
            client.close()


def _connect(client_class: Any, address: str) -> Any:
    """A client connected within :data:`CONNECT_SECONDS`, whatever the other end does (silence, garbage)."""
    outcome: dict[str, Any] = {}

    def attempt() -> None:
        try:
            outcome["client"] = client_class(address, timeout=CONNECT_SECONDS)
        except BaseException as exc:  # any failure here means: not a scheduler we can use
            outcome["error"] = exc

    thread = threading.Thread(target=attempt, daemon=True, name="dask-connect")
    thread.start()
    thread.join(CONNECT_SECONDS + 2)
    if "client" in outcome:
        return outcome["client"]
    reason = "no answer" if thread.is_alive() else f"{type(outcome.get('error')).__name__}: {outcome.get('error')}"
    raise ConvertError(f"cannot reach the Dask scheduler at {address}: {reason}",
                       hint="start it (dask scheduler) or check the address")
