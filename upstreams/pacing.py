"""Client-side pacing, so adapters stay under an upstream's published rate.

Saasu allows about one call a second; collecting 429s and retrying would waste
its daily cap, so an adapter waits for its turn before sending instead.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable


class Pacer:
    """A token bucket: ``rate`` calls per second on average, ``burst`` at once.

    ``rate=None`` disables pacing. Waiters are served in arrival order because
    they queue on one lock while the bucket refills.
    """

    def __init__(
        self,
        rate: float | None,
        burst: int = 1,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        if rate is not None and rate <= 0:
            raise ValueError("rate must be positive or None")
        if burst < 1:
            raise ValueError("burst must be at least 1")
        self.rate = rate
        self.burst = burst
        self._clock = clock
        self._tokens = float(burst)
        self._last = clock()
        self._lock = asyncio.Lock()

    @property
    def paces(self) -> bool:
        """Whether a call may ever have to wait for its turn."""
        return self.rate is not None

    async def wait(self) -> None:
        """Return when one more call may be sent."""
        if self.rate is None:
            return
        async with self._lock:
            self._refill()
            if self._tokens < 1.0:
                await asyncio.sleep((1.0 - self._tokens) / self.rate)
                self._refill()
            self._tokens -= 1.0

    def _refill(self) -> None:
        assert self.rate is not None
        now = self._clock()
        self._tokens = min(float(self.burst), self._tokens + (now - self._last) * self.rate)
        self._last = now
