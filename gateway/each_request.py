"""What every HTTP request gets from the gateway's edge: an id, and a report once answered.

One layer in one pass over the request, since each of these needs the same
things (the id for the log line, the status and the time for both the log
line and the metrics) and every ASGI layer a request crosses costs a
coroutine and a wrapped ``send``:

- the id is the caller's ``X-Request-Id`` when sane (``request_id``), else a
  fresh one; it is echoed in the answer's headers and held in a context
  variable while the request runs, so every log line it writes carries it;
- once the request ends, however it ends, each report (the access log line,
  the request metrics) is told its status and duration. A request whose
  client left before an answer began is reported 499, not 500.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Sequence

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from gateway.request_id import HEADER_BYTES, current_request_id, pick_request_id

Report = Callable[[Scope, int, float], None]
"""Told ``(scope, status, seconds)`` once a request is over."""

# nginx's "client closed request": stopped before its answer, since nobody waited for it.
CLIENT_CLOSED = 499
START = "http.response.start"


class EachRequest:
    """Middleware: the request's id, then its ``reports`` once it is over (see the module)."""

    def __init__(self, app: ASGIApp, *, reports: Sequence[Report] = ()) -> None:
        self.app = app
        self.reports = tuple(reports)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        given = None
        for key, value in scope["headers"]:
            if key == HEADER_BYTES:
                given = value.decode("latin-1")
                break
        request_id = pick_request_id(given)
        state = scope.get("state")
        if state is None:
            state = scope["state"] = {}
        state["request_id"] = request_id
        token = current_request_id.set(request_id)
        echoed = (HEADER_BYTES, request_id.encode("latin-1"))
        status = 500  # until an answer begins
        answered = False

        async def answer(message: Message) -> None:
            nonlocal status, answered
            if message["type"] == START:
                status = message["status"]
                answered = True
                # A new list: the app may reuse the one it sent. Nothing inside sets this header.
                message["headers"] = [*message.get("headers", ()), echoed]
            await send(message)

        began = time.perf_counter()
        try:
            await self.app(scope, receive, answer)
        except asyncio.CancelledError:
            if not answered:
                status = CLIENT_CLOSED
            raise
        finally:
            seconds = time.perf_counter() - began
            try:
                for report in self.reports:
                    report(scope, status, seconds)
            finally:
                current_request_id.reset(token)
