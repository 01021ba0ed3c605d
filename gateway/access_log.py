"""One log line per request: method, path, status, duration and the operations run."""

from __future__ import annotations

import logging

from starlette.types import ASGIApp, Receive, Scope, Send

from gateway.operations import ran, served

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
        await served(self.app, scope, receive, send, _log_request)


def _log_request(scope: Scope, status: int, seconds: float) -> None:
    """The line itself (see the module docstring)."""
    # Building the line's fields costs even when INFO is off: skip it then.
    if not log.isEnabledFor(logging.INFO):
        return
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
