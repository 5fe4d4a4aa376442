"""How a large project is built fast: its independent work on every core, without the cycle collector."""

from __future__ import annotations

import contextlib
import gc
import multiprocessing
import os
import pickle
import queue
import sys
import threading
from concurrent.futures import ProcessPoolExecutor
from typing import Callable, Generic, Sequence, TypeVar

PARALLEL_FROM = 200
"""From this many items (minutes and fiches), the work runs on every core (see ``in_shares``)."""

SENDING_SWITCH_INTERVAL = 0.0005
"""The switch interval (``sys.setswitchinterval``) of a process whose results a thread sends as it works."""

Item = TypeVar("Item")
Result = TypeVar("Result")


def in_shares(
    work: Callable[[list[Item]], Result],
    items: list[Item],
    from_items: int | None = None,
    sending: float = 0.0,
    weight: Callable[[Item], float] | None = None,
) -> list[Result]:
    """``work`` done on consecutive shares of ``items``, one per core, results in the items' order.

    This process takes the first share, so the result does not depend on the number of cores.
    Below ``from_items`` items (PARALLEL_FROM by default), starting a process and sending its results back would cost more
    than it saves. Processes are forked, which copies this one as it is (no imports to redo),
    but only from a process without other threads (not under ``mkdocs serve``): a fork copies
    none of them, nor releases the locks they hold. ``sending``: what sending the result of an
    item back costs another process, as a part of the work on it; this process takes that much
    more of the work (counted by ``weight``), so that the others' results arrive as it finishes its
    own share. ``weight``: what the work on an item costs, as compared with the others' (by
    default, the same for all).
    """
    cores = _cores()
    # Read when called, not bound when defined: a test lowers PARALLEL_FROM to take this path on a small project.
    if len(items) < (PARALLEL_FROM if from_items is None else from_items) or cores < 2 or not _forkable():
        return [work(items)]
    processes = min(cores, len(items))
    weights = [1.0] * len(items) if weight is None else [weight(item) for item in items]
    target = sum(weights) / (processes + sending)  # the weight of each other process's share
    starts = [len(items)]
    for before in range(processes - 1, 0, -1):  # the others' shares from the last, each of one item at least
        start = starts[-1] - 1
        taken = weights[start]
        while start - 1 >= before and taken + weights[start - 1] <= target:
            start -= 1
            taken += weights[start]
        starts.append(start)
    bounds = [0, *reversed(starts)]
    shares = [items[start:end] for start, end in zip(bounds, bounds[1:])]
    with ProcessPoolExecutor(len(shares) - 1, mp_context=multiprocessing.get_context("fork")) as pool:
        others = [pool.submit(work, share) for share in shares[1:]]
        # The pool's thread here reads the others' results as they arrive, a pipe's worth at a time,
        # each time taking the interpreter's lock from this thread at work.
        switch = sys.getswitchinterval()
        sys.setswitchinterval(SENDING_SWITCH_INTERVAL)
        try:
            mine = work(shares[0])
        finally:
            sys.setswitchinterval(switch)
        return [mine] + [future.result() for future in others]


def _cores() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def _forkable() -> bool:
    return "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1


class FromBothEnds(Generic[Item, Result]):
    """Items worked on by this process from the front, as it reaches them in their order, and by a
    forked process from the back (``work``) meanwhile; they meet wherever each has done its share,
    whatever each item costs and whatever else either has to do. The other process may take the
    items in another ``order`` (the ones needed first, first).

    Which process does an item is decided under a lock shared by both: this one ``claims`` an item
    the other has not started, or takes the other's result (an exception raised by ``work`` is
    raised there). Below PARALLEL_FROM items or without a fork (one core, threads running), this
    process does every item.
    """

    def __init__(self, work: Callable[[Item], Result], items: Sequence[Item], order: Sequence[int] | None = None) -> None:
        self._work, self._items = work, list(items)
        self._order, self._from_last = (range(len(self._items) - 1, -1, -1), True) if order is None else (order, False)
        self._back: dict[int, Result] = {}
        self._process: multiprocessing.process.BaseProcess | None = None
        if len(self._items) >= PARALLEL_FROM and _cores() >= 2 and _forkable():
            context = multiprocessing.get_context("fork")
            # The first item this process has not reached, and the items the other one took.
            self._front = context.Value("q", 0)
            self._taken_there = context.Array("b", len(self._items), lock=False)
            # A queue, whose thread sends the results: the other process never waits for this one
            # to read them before going on with the next item.
            self._results = context.Queue()
            # Daemonic: if this process stops early, it does not wait for results nobody will take.
            self._process = context.Process(target=self._from_the_back, daemon=True)
            self._process.start()

    @property
    def forked(self) -> bool:
        return self._process is not None

    def _from_the_back(self) -> None:
        # The queue's thread takes the interpreter's lock to send each result, which this thread,
        # working on the next item, gives up only every switch interval (5 ms by default): the
        # results went out at a few hundred a second, and at 5,000 minutes the first process
        # waited five seconds for pages rendered long before.
        sys.setswitchinterval(SENDING_SWITCH_INTERVAL)
        index = len(self._items)
        try:
            for index in self._order:
                with self._front.get_lock():
                    if index < self._front.value:  # reached by the first process
                        if self._from_last:
                            break  # and so are all the items left
                        continue
                    self._taken_there[index] = 1
                self._results.put((index, self._work(self._items[index])))
        except BaseException as error:  # noqa: BLE001 (raised where the item is taken)
            self._results.put((index, error if _picklable(error) else RuntimeError(f"{type(error).__name__}: {error}")))
        self._results.close()

    def claim(self, index: int) -> bool:
        """True if this process is to do item ``index`` itself: the other has not started it. Items
        are claimed in increasing order (some may be skipped); the others' results are ``taken``."""
        if self._process is None:
            return True
        with self._front.get_lock():
            mine = not self._taken_there[index]
            if mine:
                self._front.value = index + 1
        return mine

    def taken(self, index: int) -> Result:
        """The result of item ``index``, done by the other process: waited for if need be."""
        while index not in self._back:
            if not self._process.is_alive() and self._results.empty():
                raise RuntimeError("le processus qui travaillait sur une part des pages s'est arrêté")
            try:
                done, result = self._results.get(timeout=1)
            except queue.Empty:
                continue
            self._back[done] = result
        result = self._back.pop(index)
        if isinstance(result, BaseException):
            raise result
        return result

    def close(self) -> None:
        """Stop the forked process (its share is done, or the build failed meanwhile)."""
        if self._process is not None:
            self._process.terminate()
            self._process.join()
            self._results.close()
            self._process = None


def _picklable(value) -> bool:
    try:
        pickle.dumps(value)
    except Exception:  # noqa: BLE001 (any reason not to be sent)
        return False
    return True


@contextlib.contextmanager
def gc_paused():
    """Pause Python's cycle collector: validation keeps every file's objects alive, so each automatic
    collection went through all of them again (a tenth of the time of a large corpus) for no garbage.
    Made without error, they are then ``kept_until_built``: the first collection after the pause
    still went through all of them once (0.1 s at 5,000 minutes, with the other core idle)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
        kept_until_built()
    finally:
        if enabled:
            gc.enable()


def kept_until_built() -> None:
    """Every object alive now lives until the build ends: the cycle collector leaves them out of
    its passes until ``released``. A full pass went through all of a large site's objects again
    (at 5,000 minutes, the cut of the search index took five times its own time), and in a forked
    process it wrote to each object's memory, which the fork then copied."""
    gc.freeze()


def released() -> None:
    """The objects ``kept_until_built`` collectable again (``mkdocs serve`` builds again and again)."""
    gc.unfreeze()
