"""A request whose client has gone stops, unless it may already be writing.

Work for a client that left is waste that delays everyone else: after an
overload it was a backlog served to nobody. The HTTP server puts a
``ClientWatch`` in each request's scope and calls ``client_left`` when the
connection closes before the answer is complete; the request's task is then
cancelled, and with it its pending upstream reads. An operation that may
write (any mutation: a top-up must finish and record its outcome) marks the
watch through ``admit``, a gate that runs just before execution, and is never
cancelled. Before that gate nothing has been sent, so cancelling is safe.
"""

from __future__ import annotations

import asyncio

from graphql import OperationType

from gateway.protocol.execution import Admission, Outcome

SCOPE_KEY = "gateway.client_watch"


class ClientWatch:
    """One request's link between its connection and its task."""

    __slots__ = ("cancelled", "task", "writes")

    def __init__(self) -> None:
        self.task: asyncio.Task[object] | None = None
        self.writes = False
        self.cancelled = False

    def admit(self, admission: Admission) -> Outcome | None:
        """A gate: an operation other than a query runs to its end whatever the client does."""
        if admission.operation.operation is not OperationType.QUERY:
            self.writes = True
        return None

    def client_left(self) -> None:
        """Cancel the request's task, unless it may be writing or has not started."""
        task = self.task
        if task is not None and not self.writes and not task.done():
            self.cancelled = True
            task.cancel()
