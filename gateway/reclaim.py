"""Memory given back after a burst: a full collection, then the C allocator's trim.

Two things keep memory after the work that used it is done. graphql-core's
visitors keep bound methods of themselves, so each validation leaves its
rules, and through them the document and its text, in reference cycles; with
the serving thresholds (``gateway.collector``) the oldest generation is
collected only after hundreds of millions of allocations, so a flood of large
documents would stay resident and grow with the flood. And glibc keeps freed
heap pages for reuse unless asked to return them.

A pass collects every generation (the frozen start-up heap is skipped, so it
costs a few milliseconds) and asks glibc to trim. It runs when resident
memory has grown by ``growth`` bytes since the last pass, and ``interval``
seconds after the last pass if anything was allocated since, so memory
returns once a burst ends. It runs on a thread of its own: the loop needs no timer for it, and the
trim, a C call, runs while the loop goes on.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import gc
import os
import threading
import time
from collections.abc import Callable

CHECK_EVERY = 1.0
"""Seconds between two looks at resident memory (a read of ``/proc/self/statm``)."""

BUSY = 1_000
"""Young allocations since a pass that make the next one worth running."""


def _trim() -> Callable[[], object] | None:
    """glibc's ``malloc_trim(0)``, or None where the C library has none (musl, macOS)."""
    name = ctypes.util.find_library("c")
    if name is None:
        return None
    try:
        trim = ctypes.CDLL(name).malloc_trim
    except (OSError, AttributeError):
        return None
    trim.argtypes = [ctypes.c_size_t]
    trim.restype = ctypes.c_int
    return lambda: trim(0)


def resident_bytes() -> int | None:
    """This process's resident memory, or None where ``/proc`` does not tell it."""
    try:
        with open("/proc/self/statm", "rb") as statm:
            return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return None


class Reclaimer:
    """Runs a pass after ``growth`` bytes of growth, or ``interval`` seconds after the last one."""

    def __init__(self, interval: float, growth: int) -> None:
        self.interval = interval
        self.growth = growth
        self._trim = _trim()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="reclaim", daemon=True)

    def start(self) -> Reclaimer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=5)

    def reclaim(self) -> None:
        """One pass: every generation collected, then freed heap pages returned."""
        gc.collect()
        if self._trim is not None:
            self._trim()

    def _run(self) -> None:
        baseline = resident_bytes() or 0
        last = time.monotonic()
        while not self._stop.wait(CHECK_EVERY):
            grown = (resident_bytes() or 0) - baseline >= self.growth
            young, middle, _ = gc.get_count()
            due = time.monotonic() - last >= self.interval
            if grown or (due and (young > BUSY or middle > 0)):
                self.reclaim()
                baseline = resident_bytes() or 0
                last = time.monotonic()


def start_reclaimer(interval: float, growth: int) -> Reclaimer | None:
    """The process's reclaimer, running; None when ``interval`` is 0 (passes off)."""
    if interval <= 0:
        return None
    return Reclaimer(interval, growth).start()
