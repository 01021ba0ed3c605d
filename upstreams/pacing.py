"""Client-side pacing, so calls stay under an upstream's published rate.

Saasu allows about one call a second; collecting 429s and retrying would waste
its daily cap, so a call waits for its turn before it is sent instead.

A turn is a reservation (GCRA, the generic cell rate algorithm): each caller,
in the order it asks, is given the next free moment and sleeps until then.
Reserving is one step with no ``await`` in it, so callers are served in
arrival order without a lock or polling, and a caller whose turn would come
only after its time budget ends learns so at once (``NoTurn``) instead of
queueing past it. ``upstreams.shared_pacing`` reserves the same way inside
Redis, so every process of every replica shares one rate.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from typing import Protocol


class NoTurn(Exception):
    """No turn comes within the caller's time; one would in ``retry_after`` seconds."""

    def __init__(self, retry_after: float) -> None:
        super().__init__(f"no turn for {retry_after:.3f} s")
        self.retry_after = retry_after


class Pace(Protocol):
    """What the transport waits on before it sends a call."""

    @property
    def paces(self) -> bool:
        """Whether a call may ever have to wait for its turn."""
        ...

    async def wait(self, within: float | None = None) -> None:
        """Return at this call's turn; raise ``NoTurn`` if it is ``within`` seconds or later."""
        ...


class Pacer:
    """``rate`` calls per second on average, ``burst`` at once, for this process alone.

    ``rate=None`` disables pacing.
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
        self._free_at = clock()  # the theoretical arrival time of the next call

    @property
    def paces(self) -> bool:
        return self.rate is not None

    def reserve(self, within: float | None = None) -> float:
        """Take the next turn and return the seconds until it; ``NoTurn`` if not ``within``."""
        if self.rate is None:
            return 0.0
        interval = 1.0 / self.rate
        now = self._clock()
        free_at = max(self._free_at, now)
        delay = max(0.0, free_at - (self.burst - 1) * interval - now)
        if within is not None and delay >= within:
            raise NoTurn(delay)
        self._free_at = free_at + interval
        return delay

    async def wait(self, within: float | None = None) -> None:
        delay = self.reserve(within)
        if delay > 0:
            await asyncio.sleep(delay)
