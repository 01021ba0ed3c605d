"""A circuit breaker: stop sending to an upstream (or one record of it) that keeps failing.

Each upstream has one, and each record that keeps failing one of its own
(``upstreams.breakers`` decides which failures feed which).

After ``failures`` availability failures in a row (timeouts, refused or
dropped connections, 5xx) the circuit opens and calls fail at once, sparing
both the client's time budget and the struggling upstream. After
``reset_seconds`` one call is let through as a probe (half-open): its success
closes the circuit, its failure opens it for another cool-down. Answers that
prove the upstream is up (2xx to 4xx, even 429 or a malformed body) count as
success; a call that never reached the network leaves no verdict.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum


class BreakerState(StrEnum):
    CLOSED = "closed"
    OPEN = "open"
    HALF_OPEN = "half_open"


@dataclass(frozen=True, slots=True)
class Ticket:
    """Permission for one call; ``probe`` when it is the half-open circuit's one trial."""

    probe: bool


# A ticket holds nothing of its call, so every call shares one of each kind.
PLAIN = Ticket(probe=False)
PROBE = Ticket(probe=True)


class CircuitBreaker:
    """Counts consecutive availability failures and decides whether a call may go."""

    def __init__(
        self,
        failures: int,
        reset_seconds: float,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        if failures < 1:
            raise ValueError("failures must be at least 1")
        if reset_seconds <= 0:
            raise ValueError("reset_seconds must be positive")
        self.failures = failures
        self.reset_seconds = reset_seconds
        self._clock = clock
        self._consecutive = 0
        self._opened_at: float | None = None
        self._probing = False

    @property
    def state(self) -> BreakerState:
        if self._opened_at is None:
            return BreakerState.CLOSED
        if self._clock() - self._opened_at >= self.reset_seconds:
            return BreakerState.HALF_OPEN
        return BreakerState.OPEN

    def admit(self) -> Ticket | None:
        """A ticket when a call may be sent now, ``None`` when it must fail fast."""
        state = self.state
        if state is BreakerState.CLOSED:
            return PLAIN
        if state is BreakerState.HALF_OPEN and not self._probing:
            self._probing = True
            return PROBE
        return None

    def succeeded(self, ticket: Ticket) -> None:
        self._consecutive = 0
        self._opened_at = None
        if ticket.probe:
            self._probing = False

    def failed(self, ticket: Ticket) -> None:
        if ticket.probe:
            self._probing = False
            self._opened_at = self._clock()
            return
        self._consecutive += 1
        if self._opened_at is None and self._consecutive >= self.failures:
            self._opened_at = self._clock()

    def released(self, ticket: Ticket) -> None:
        """The call ended without reaching the network: no verdict, but free the probe."""
        if ticket.probe:
            self._probing = False
