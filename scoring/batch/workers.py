"""Worker processes for fill and collect, started so that their memory does not grow with N.

On Linux a pool forks its workers from the calling process, so each worker starts as a copy of
it: after ``load_master`` that copy holds the whole validated master data (about 20 MB per
1,000 units), and Python's reference counting soon turns the shared pages into private ones.
Workers are therefore forked from a *fork server*, a fresh process that has imported only the
modules the workers need; each task sends a worker just its own chunk of units or files.
Where there is no fork server (Windows, where every worker starts fresh anyway), the platform's
default is used.
"""

from __future__ import annotations

import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor

#: What the fork server imports once, so that workers do not import it each.
PRELOADED: tuple[str, ...] = ("scoring.batch.fill", "scoring.workbook.writer")


def worker_count(jobs: int | None) -> int:
    """The number of worker processes: ``jobs``, or the CPU count when None.

    Raises:
        ValueError: For ``jobs`` below 1 (the CLI refuses it with a Chinese message first).
    """
    if jobs is None:
        return os.cpu_count() or 1
    if jobs < 1:
        raise ValueError(f"jobs must be at least 1, got {jobs}")
    return jobs


def process_pool(jobs: int, *, inherit: bool) -> ProcessPoolExecutor:
    """A pool of ``jobs`` worker processes.

    Args:
        jobs: Worker processes.
        inherit: True when the caller holds nothing large (collect, which starts its workers
            before reading anything): they are forked from it at once, without the fork
            server's start-up time. False (fill, after loading the master data): they come from
            the fork server and hold none of the caller's memory.
    """
    if inherit or "forkserver" not in multiprocessing.get_all_start_methods():
        return ProcessPoolExecutor(max_workers=jobs)
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(list(PRELOADED))
    return ProcessPoolExecutor(max_workers=jobs, mp_context=context)
