"""One log line per request: method, path, status, duration and the operations run."""

from __future__ import annotations

import asyncio
import logging
import time

from starlette.types import ASGIApp, Receive, Scope, Send

from gateway.operations import StatusNote, ran

log = logging.getLogger("gateway.access")


class AccessLogMiddleware:
    """Logs after the response; the path never includes the query string (it may hold
    a document with a secret in a literal)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        note = StatusNote(send)
        try:
            await self.app(scope, receive, note.send)
        except asyncio.CancelledError:
            note.stopped()
            raise
        finally:
            # Building the line's fields costs even when INFO is off: skip it then.
            if log.isEnabledFor(logging.INFO):
                _log_request(scope, note.status, time.perf_counter() - started)


def _log_request(scope: Scope, status: int, seconds: float) -> None:
    """The line itself (see the module docstring)."""
    operations = ran(scope)
    log.info(
        "%s %s %s",
        scope["method"],
        scope["path"],
        status,
        extra={
            "fields": {
                "method": scope["method"],
                "path": scope["path"],
                "status": status,
                "duration_ms": round(seconds * 1000, 3),
                "operations": [{"name": name, "type": kind} for name, kind in operations],
            }
        },
    )
