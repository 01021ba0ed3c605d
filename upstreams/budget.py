"""A call's total time budget: every attempt, backoff and queueing wait fits inside it.

Per-phase timeouts (connect, read) bound one attempt; the budget bounds the
whole call, so a GraphQL answer comes within a known time however the
retries and waits add up. Deadlines are on the event loop's clock, so
``asyncio.timeout_at`` can enforce them.
"""

from __future__ import annotations

import asyncio

from upstreams.deadline import current_deadline


class Budget:
    """Seconds left until one call's deadline: its own, or its request's if sooner."""

    def __init__(self, seconds: float) -> None:
        self._loop = asyncio.get_running_loop()
        own = self._loop.time() + seconds
        request = current_deadline()
        self.deadline = own if request is None else min(own, request)

    def remaining(self) -> float:
        return max(0.0, self.deadline - self._loop.time())

    def fits(self, wait: float) -> bool:
        """Whether waiting ``wait`` seconds still leaves time to try again."""
        return wait < self.remaining()
