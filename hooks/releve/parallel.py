"""How the validation runs fast on a large project: on every core, without the cycle collector."""

from __future__ import annotations

import contextlib
import gc
import multiprocessing
import os
import threading
from concurrent.futures import ProcessPoolExecutor
from typing import Callable, TypeVar

PARALLEL_FROM = 200
"""From this many items (minutes and fiches), the work runs on every core (see ``in_shares``)."""

Item = TypeVar("Item")
Result = TypeVar("Result")


def in_shares(work: Callable[[list[Item]], Result], items: list[Item], from_items: int = PARALLEL_FROM) -> list[Result]:
    """``work`` done on consecutive shares of ``items``, one per core, results in the items' order.

    This process takes the first share, so the result does not depend on the number of cores.
    Below ``from_items`` items (PARALLEL_FROM by default), starting a process and sending its results back would cost more
    than it saves. Processes are forked, which copies this one as it is (no imports to redo),
    but only from a process without other threads (not under ``mkdocs serve``): a fork copies
    none of them, nor releases the locks they hold.
    """
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    forkable = "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1
    if len(items) < from_items or cores < 2 or not forkable:
        return [work(items)]
    size = -(-len(items) // cores)  # rounded up: one share per core
    shares = [items[start : start + size] for start in range(0, len(items), size)]
    with ProcessPoolExecutor(len(shares) - 1, mp_context=multiprocessing.get_context("fork")) as pool:
        others = [pool.submit(work, share) for share in shares[1:]]
        return [work(shares[0])] + [future.result() for future in others]


@contextlib.contextmanager
def gc_paused():
    """Pause Python's cycle collector: validation keeps every file's objects alive, so each automatic
    collection went through all of them again (a tenth of the time of a large corpus) for no garbage."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
