"""Articles in warm local worker processes that survive a dying worker and never outlive the batch.

A worker killed mid-task (out of memory, SIGKILL) breaks Python's process pool
for every task in flight. Those articles are not failed at once: a new pool is
made and each is retried alone, so a second death names the article that
causes it, and only that one is reported as failed; the rest go on.
"""

from __future__ import annotations

import itertools
import os
import signal
import threading
import time
from collections import deque
from collections.abc import Generator, Iterator
from concurrent import futures
from concurrent.futures.process import BrokenProcessPool

from ..errors import display_name
from .jobs import Job, Rendered, render_job_in_worker

#: Tasks in flight per worker: enough to keep workers busy, few enough that memory stays flat.
_IN_FLIGHT = 4
#: How often a worker checks that the batch's process still exists (seconds).
_PARENT_CHECK_SECONDS = 1.0


def run_local(pending: list[Job], workers: int) -> Iterator[Rendered]:
    """Render ``pending`` in ``workers`` processes; yields results as they finish (any order)."""
    queue = deque(pending)
    suspects: deque[Job] = deque()  # in flight when a worker died: retried one at a time
    pool: futures.ProcessPoolExecutor | None = None
    try:
        while queue or suspects:
            pool = pool or _new_pool(workers)
            if suspects:
                job = suspects.popleft()
                try:
                    result = pool.submit(render_job_in_worker, job).result()
                except BrokenProcessPool:
                    _stop(pool)
                    pool = None
                    result = Rendered(job, error=f"{display_name(str(job.source))}: error: the worker process died twice "
                                                 "while converting it (out of memory, or killed)")
                yield result
                continue
            broken = yield from _run_until_broken(pool, queue, suspects, workers)
            if broken:
                _stop(pool)
                pool = None
    finally:
        if pool is not None:
            _stop(pool)


def _run_until_broken(pool: futures.ProcessPoolExecutor, queue: deque[Job], suspects: deque[Job],
                      workers: int) -> Generator[Rendered, None, bool]:
    """Run the queue with a few tasks per worker in flight; True (as the return value) if the pool broke."""
    running: dict[futures.Future[Rendered], Job] = {}
    broken = not _submit(pool, _take(queue, workers * _IN_FLIGHT), running, queue)
    while running and not broken:
        done, _ = futures.wait(running, return_when=futures.FIRST_COMPLETED)
        for future in done:
            job = running.pop(future)
            try:
                result = future.result()
            except BrokenProcessPool:
                suspects.append(job)
                continue
            yield result
        broken = bool(suspects) or not _submit(pool, _take(queue, len(done)), running, queue)
    if not broken:
        return False
    # the pool is broken: every task still in flight fails the same way, or finished
    futures.wait(running)
    for future, job in running.items():
        if future.exception() is None:
            yield future.result()
        else:
            suspects.append(job)
    return True


def _submit(pool: futures.ProcessPoolExecutor, taken: list[Job], running: dict[futures.Future[Rendered], Job],
            queue: deque[Job]) -> bool:
    """Submit ``taken`` into ``running``; False when the pool is broken (a worker died after its last task
    finished): the jobs not submitted go back to the front of ``queue``, unstarted, for the next pool."""
    for index, job in enumerate(taken):
        try:
            running[pool.submit(render_job_in_worker, job)] = job
        except BrokenProcessPool:
            queue.extendleft(reversed(taken[index:]))
            return False
    return True


def _take(queue: deque[Job], count: int) -> list[Job]:
    return [queue.popleft() for _ in itertools.islice(range(count), len(queue))]


def _new_pool(workers: int) -> futures.ProcessPoolExecutor:
    return futures.ProcessPoolExecutor(max_workers=workers, max_tasks_per_child=1000, initializer=_worker_setup,
                                       initargs=(os.getpid(),))


def _stop(pool: futures.ProcessPoolExecutor) -> None:
    """Stop the pool now: queued tasks cancelled, workers terminated (not left to finish or linger)."""
    processes = list(getattr(pool, "_processes", {}).values())  # no public handle before Python 3.14
    pool.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        if process.is_alive():
            process.terminate()
    for process in processes:
        process.join(timeout=5)
        if process.is_alive():
            process.kill()


def _worker_setup(parent: int) -> None:
    """In each worker: default signal handling, and an exit as soon as the batch's process is gone."""
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # the batch stops its workers with SIGTERM
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the batch's to handle, not each worker's
    threading.Thread(target=_exit_with_parent, args=(parent,), daemon=True, name="parent-watch").start()


def _exit_with_parent(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(_PARENT_CHECK_SECONDS)
    os._exit(1)  # the batch's process died (even by SIGKILL): a worker never outlives it
