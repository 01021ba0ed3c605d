"""A call's total time budget: every attempt, backoff and queueing wait fits inside it.

Per-phase timeouts (connect, read) bound one attempt; the budget bounds the
whole call, so a GraphQL answer comes within a known time however the
retries and waits add up. Deadlines are on the event loop's clock, so
``asyncio.timeout_at`` can enforce them.
"""

from __future__ import annotations

import asyncio


class Budget:
    """Seconds left until one call's deadline."""

    def __init__(self, seconds: float) -> None:
        self._loop = asyncio.get_running_loop()
        self.deadline = self._loop.time() + seconds

    def remaining(self) -> float:
        return max(0.0, self.deadline - self._loop.time())

    def fits(self, wait: float) -> bool:
        """Whether waiting ``wait`` seconds still leaves time to try again."""
        return wait < self.remaining()
