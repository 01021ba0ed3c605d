"""One log line per request: method, path, status, duration and the operations run."""

from __future__ import annotations

import logging

from starlette.types import Scope

from gateway.operations import ran

log = logging.getLogger("gateway.access")


def log_request(scope: Scope, status: int, seconds: float) -> None:
    """The line, written once the request is over (a ``gateway.each_request`` report).

    The path never includes the query string: it may hold a document with a
    secret in a literal.
    """
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
