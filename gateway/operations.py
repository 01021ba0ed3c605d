"""The operations a request ran, as bounded labels for logs, metrics and spans.

Operation names come from clients, so a label set built from them could grow
without end: names that are not plain identifiers, and new names once
``limit`` distinct ones have been seen, collapse to ``other``.
"""

from __future__ import annotations

import asyncio
import re
import time
from collections.abc import Callable
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

ANONYMOUS = "anonymous"
OTHER = "other"
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]{0,63}")


def ran(scope: Scope) -> list[tuple[str | None, str | None]]:
    """``(name, type)`` of each operation the endpoint ran (empty when none was reached)."""
    state: dict[str, Any] = scope.get("state") or {}
    return list(state.get("operations") or [])


# nginx's "client closed request": stopped before its answer, since nobody waited for it.
CLIENT_CLOSED = 499


class StatusNote:
    """Wraps ``send`` to remember the response's status (500 until one is sent)."""

    def __init__(self, send: Send) -> None:
        self.status = 500
        self.started = False
        self._send = send

    async def send(self, message: Message) -> None:
        if message["type"] == "http.response.start":
            self.status = message["status"]
            self.started = True
        await self._send(message)

    def stopped(self) -> None:
        """The request was cancelled (its client left) before an answer began: 499, not 500."""
        if not self.started:
            self.status = CLIENT_CLOSED


async def served(
    app: ASGIApp,
    scope: Scope,
    receive: Receive,
    send: Send,
    done: Callable[[Scope, int, float], None],
) -> None:
    """Serve the request with ``app``, then ``done(scope, status, seconds)`` however it ended.

    The access log and the request metrics both report each request this way,
    so a cancelled one counts the same in both.
    """
    started = time.perf_counter()
    note = StatusNote(send)
    try:
        await app(scope, receive, note.send)
    except asyncio.CancelledError:
        note.stopped()
        raise
    finally:
        done(scope, note.status, time.perf_counter() - started)


class OperationLabels:
    """Turns operation names into labels, remembering at most ``limit`` distinct names."""

    def __init__(self, limit: int = 100) -> None:
        self.limit = limit
        self._seen: set[str] = set()

    def name(self, name: str | None) -> str:
        if name is None:
            return ANONYMOUS
        if not _NAME.fullmatch(name):
            return OTHER
        if name not in self._seen:
            if len(self._seen) >= self.limit:
                return OTHER
            self._seen.add(name)
        return name

    @staticmethod
    def kind(operation_type: str | None) -> str:
        return operation_type if operation_type in ("query", "mutation", "subscription") else "none"
