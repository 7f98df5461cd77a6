"""Batch screening on every core: the queries cut into chunks, each screened by a worker process.

The screener is built once in the parent; workers are forked from it, so they share its index
(copy-on-write, and `gc.freeze` in `screener_for_store` keeps the garbage collector from touching
it) instead of loading their own. Chunks come back in input order, so the output is line for line
what one process writes.
"""

from __future__ import annotations

import multiprocessing
import os
from typing import Iterable, Iterator

from maxpressure.screening.batch import result_line
from maxpressure.screening.profile import Query

CHUNK = 200  # queries per task: large enough to pay for the pickling, small enough to balance

_SCREENER = None  # the parent's screener, inherited by forked workers


def default_workers() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def _screen_chunk(task: tuple[list[tuple[str, Query]], float, int]) -> list[str]:
    queries, threshold, limit = task
    return [result_line(qid, _SCREENER.screen(q, threshold=threshold, limit=limit)) for qid, q in queries]


def screen_lines(screener, queries: list[tuple[str, Query]], threshold: float, limit: int,
                 workers: int | None = None) -> Iterator[list[str]]:
    """The JSON lines of `queries`, in input order, a chunk at a time, screened by `workers`
    processes (default: every core; 1 screens in this process)."""
    workers = default_workers() if workers is None else max(1, workers)
    chunks = [queries[i : i + CHUNK] for i in range(0, len(queries), CHUNK)]
    tasks: Iterable = ((chunk, threshold, limit) for chunk in chunks)
    global _SCREENER
    _SCREENER = screener
    if workers > 1 and hasattr(screener, "score_bounds"):
        screener.score_bounds()  # built once here, before the fork, not once per worker
    if workers == 1 or len(chunks) <= 1 or "fork" not in multiprocessing.get_all_start_methods():
        for task in tasks:
            yield _screen_chunk(task)
        return
    with multiprocessing.get_context("fork").Pool(min(workers, len(chunks))) as pool:
        yield from pool.imap(_screen_chunk, tasks)
