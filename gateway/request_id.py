"""Every request gets an id: the caller's ``X-Request-Id`` when sane, else a fresh one.

The id is echoed in the response header and held in a context variable, so
every log line written while the request runs can carry it.
"""

from __future__ import annotations

import re
import uuid
from contextvars import ContextVar

from starlette.types import ASGIApp, Message, Receive, Scope, Send

HEADER = "x-request-id"
HEADER_BYTES = HEADER.encode()
_SANE = re.compile(r"[A-Za-z0-9._:-]{1,128}")

current_request_id: ContextVar[str | None] = ContextVar("request_id", default=None)


def pick_request_id(given: str | None) -> str:
    """The caller's id if it is short and plain (no log injection), else a new UUID."""
    if given is not None and _SANE.fullmatch(given):
        return given
    return uuid.uuid4().hex


class RequestIdMiddleware:
    """Sets ``scope["state"]["request_id"]`` and the context variable; echoes the header."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        given = next(
            (value.decode("latin-1") for key, value in scope["headers"] if key == HEADER_BYTES),
            None,
        )
        request_id = pick_request_id(given)
        scope.setdefault("state", {})["request_id"] = request_id
        token = current_request_id.set(request_id)

        echoed = (HEADER_BYTES, request_id.encode("latin-1"))

        async def send_with_id(message: Message) -> None:
            if message["type"] == "http.response.start":
                # A new list: the app may reuse the one it sent. Nothing inside sets this header.
                message["headers"] = [*message.get("headers", ()), echoed]
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        finally:
            current_request_id.reset(token)
