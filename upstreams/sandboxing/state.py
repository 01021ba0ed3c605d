"""The mutable state every sandbox carries: switches, call counts, limiter, dice."""

from __future__ import annotations

import random
import threading
from collections import Counter

from upstreams.sandboxing.ratelimit import LimitKeeper, VendorLimit
from upstreams.sandboxing.switches import Switches


class SandboxState:
    """Shared by the fault middleware and the control routes of one sandbox.

    ``rng`` decides which calls a fault share hits; seeded, so a run with the
    same calls in the same order faults the same calls.
    """

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
        self._lock = threading.Lock()

    def count(self, endpoint: str) -> None:
        with self._lock:
            self._calls[endpoint] += 1

    def calls(self) -> dict[str, int]:
        with self._lock:
            return dict(self._calls)

    def reset_calls(self) -> None:
        with self._lock:
            self._calls.clear()
            self._faults.clear()

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
