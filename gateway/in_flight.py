"""Requests to ``/graphql`` in progress: a bound per worker, and a stop for the abandoned.

Without a bound, more offered load than a worker can serve queues without
end: 3,539 requests in flight, answers after their clients had left. Beyond
``limit`` a request is answered 503 at once, before its body is read, with
``Retry-After`` and a GraphQL-shaped error (``OVERLOADED``), and costs no
upstream call; ``/health`` and ``/metrics`` are never counted nor refused.
A request whose client left is cancelled here (see ``protocol.client_watch``)
and ends quietly, its slot free for a client still waiting.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable

import orjson
from starlette.types import ASGIApp, Receive, Scope, Send

from gateway.protocol.client_watch import SCOPE_KEY, ClientWatch

LOG = logging.getLogger("gateway.in_flight")
PATH = "/graphql"
RETRY_AFTER_SECONDS = 1
SHED_BODY = orjson.dumps(
    {
        "errors": [
            {
                "message": "The gateway is answering as many requests as it can; "
                f"retry after {RETRY_AFTER_SECONDS} s",
                "extensions": {"code": "OVERLOADED"},
            }
        ]
    }
)
SHED_START = {
    "type": "http.response.start",
    "status": 503,
    "headers": [
        (b"content-type", b"application/json"),
        (b"content-length", str(len(SHED_BODY)).encode()),
        (b"retry-after", str(RETRY_AFTER_SECONDS).encode()),
    ],
}
SHED_END = {"type": "http.response.body", "body": SHED_BODY}


class InFlight:
    """Middleware (outermost): admits at most ``limit`` GraphQL requests at once."""

    def __init__(
        self, app: ASGIApp, *, limit: int, on_shed: Callable[[], None] | None = None
    ) -> None:
        self.app = app
        self.limit = limit
        self.on_shed = on_shed
        self.count = 0

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"] != PATH:
            await self.app(scope, receive, send)
            return
        if self.count >= self.limit:
            await self._shed(send)
            return
        watch: ClientWatch | None = scope.get(SCOPE_KEY)
        task = asyncio.current_task()
        if watch is not None:
            watch.task = task
        self.count += 1
        try:
            await self.app(scope, receive, send)
        except asyncio.CancelledError:
            if watch is None or not watch.cancelled or task is None:
                raise
            task.uncancel()  # ours, for a client that left: nobody waits for an answer
        finally:
            self.count -= 1

    async def _shed(self, send: Send) -> None:
        # Word for word each time, so the log's repeat filter writes it once per window.
        LOG.warning("load shed: /graphql answered 503, server.max_in_flight requests in flight")
        if self.on_shed is not None:
            self.on_shed()
        await send(SHED_START)
        await send(SHED_END)
