"""The client connections one worker holds, and which to close when it holds too many.

A flood of connections that say nothing must never lock out a client that
sends a real request: at the cap, the connection idle the longest (no request
in progress: never used, between requests, or still sending a head) is
closed to make room. Only when every connection has a request in progress is
the newcomer turned away. Insertion order of a dict is the idle order, so
each step is O(1).
"""

from __future__ import annotations

from typing import Generic, TypeVar

C = TypeVar("C")


class OpenConnections(Generic[C]):
    """Counts open connections and keeps the idle ones oldest first."""

    def __init__(self, cap: int) -> None:
        self.cap = cap
        self.open: set[C] = set()
        self._idle: dict[C, None] = {}

    def opened(self, connection: C) -> C | None:
        """Admit ``connection`` (idle); the one to close to stay within the cap, if any.

        That is the oldest idle connection, or ``connection`` itself when no
        other is idle. The one returned no longer counts.
        """
        self.open.add(connection)
        self._idle[connection] = None
        if len(self.open) <= self.cap:
            return None
        victim = next(iter(self._idle))  # ``connection`` itself when it is the only idle one
        self.closed(victim)
        return victim

    def busy(self, connection: C) -> None:
        """``connection`` has a request in progress: not a candidate for closing."""
        self._idle.pop(connection, None)

    def idle(self, connection: C) -> None:
        """``connection`` finished its requests: the newest idle one."""
        if connection in self.open:
            self._idle.pop(connection, None)
            self._idle[connection] = None

    def closed(self, connection: C) -> None:
        self.open.discard(connection)
        self._idle.pop(connection, None)
