"""Vendor rate limits, enforced by a sandbox when its ``rate_limit`` switch is on."""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class VendorLimit:
    """A published limit: ``per_second`` on average with ``burst`` at once, and a daily cap."""

    per_second: float
    burst: int = 1
    daily_cap: int | None = None


class LimitKeeper:
    """Token bucket plus a day counter; ``check`` says how long to wait, or 0 to go."""

    def __init__(self, limit: VendorLimit, clock: Callable[[], float] = time.monotonic) -> None:
        self.limit = limit
        self._clock = clock
        self._tokens = float(limit.burst)
        self._last = clock()
        self._day_start = clock()
        self._day_count = 0

    def check(self) -> float:
        """Take one call's budget; return 0 when allowed, else seconds until it would be."""
        now = self._clock()
        if now - self._day_start >= 86400:
            self._day_start, self._day_count = now, 0
        if self.limit.daily_cap is not None and self._day_count >= self.limit.daily_cap:
            return math.ceil(86400 - (now - self._day_start))
        self._tokens = min(
            float(self.limit.burst), self._tokens + (now - self._last) * self.limit.per_second
        )
        self._last = now
        if self._tokens < 1.0:
            return (1.0 - self._tokens) / self.limit.per_second
        self._tokens -= 1.0
        self._day_count += 1
        return 0.0
