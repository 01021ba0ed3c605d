"""The mutable state every sandbox carries: switches, call counts and log, limiter, dice."""

from __future__ import annotations

import random
import threading
import time
from collections import Counter, deque

from upstreams.sandboxing.ratelimit import LimitKeeper, VendorLimit
from upstreams.sandboxing.switches import Switches


class SandboxState:
    """Shared by the fault middleware and the control routes of one sandbox.

    ``rng`` decides which calls a fault share hits; seeded, so a run with the
    same calls in the same order faults the same calls. The log keeps when
    each of the last ``LOG_SIZE`` calls arrived (seconds since the epoch), its
    endpoint, and whether the vendor's rate limit refused it.
    """

    LOG_SIZE = 10_000

    def __init__(
        self,
        name: str,
        switches: Switches | None = None,
        vendor_limit: VendorLimit | None = None,
        seed: int = 0,
    ) -> None:
        self.name = name
        self.switches = switches or Switches()
        self.switches.validate()
        self.vendor_limit = vendor_limit
        self.limiter = LimitKeeper(vendor_limit) if vendor_limit else None
        self.rng = random.Random(seed)
        self._calls: Counter[str] = Counter()
        self._faults: Counter[str] = Counter()
        self._log: deque[tuple[float, str, bool]] = deque(maxlen=self.LOG_SIZE)
        self._lock = threading.Lock()

    def count(self, endpoint: str) -> None:
        with self._lock:
            self._calls[endpoint] += 1

    def log(self, endpoint: str, *, limited: bool) -> None:
        """One call arrived at ``endpoint``; ``limited``: the vendor's rate limit refused it."""
        with self._lock:
            self._log.append((time.time(), endpoint, limited))

    def call_log(self) -> list[tuple[float, str, bool]]:
        with self._lock:
            return list(self._log)

    def calls(self) -> dict[str, int]:
        with self._lock:
            return dict(self._calls)

    def reset_calls(self) -> None:
        with self._lock:
            self._calls.clear()
            self._faults.clear()
            self._log.clear()

    def count_fault(self, kind: str) -> None:
        """One fault served: ``error``, ``throttle``, ``hang``, ``malformed`` or ``rate_limit``."""
        with self._lock:
            self._faults[kind] += 1

    def faults(self) -> dict[str, int]:
        with self._lock:
            return dict(self._faults)

    def roll(self, share: float) -> bool:
        """True for a ``share`` of calls; exact at 0 and 1."""
        if share <= 0.0:
            return False
        if share >= 1.0:
            return True
        return self.rng.random() < share
