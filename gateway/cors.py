"""Cross-origin answers, worked out only for a request that carries an ``Origin``.

A browser sends ``Origin`` on every cross-origin request (and on same-origin
POSTs); a request without one is from no browser's cross-origin script, so
CORS has nothing to allow or refuse. Starlette's ``CORSMiddleware`` still
parses every request's headers and rewrites every answer's; here a request
without ``Origin`` only gets the ``Vary: Origin`` Starlette would add (a
cache must not serve its answer to a request that has one), and one with an
``Origin`` gets Starlette's middleware, unchanged.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from starlette.middleware.cors import CORSMiddleware
from starlette.types import ASGIApp, Message, Receive, Scope, Send

ORIGIN = b"origin"
VARY = b"vary"


class CrossOrigin:
    """Middleware: Starlette's ``CORSMiddleware`` (these settings) for a request with an Origin."""

    def __init__(
        self,
        app: ASGIApp,
        *,
        allow_origins: Sequence[str],
        allow_origin_regex: str | None,
        allow_methods: Sequence[str],
        allow_headers: Sequence[str],
        max_age: int,
    ) -> None:
        self.app = app
        self.cors = CORSMiddleware(
            app,
            allow_origins=allow_origins,
            allow_origin_regex=allow_origin_regex,
            allow_methods=allow_methods,
            allow_headers=allow_headers,
            max_age=max_age,
        )

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or any(key == ORIGIN for key, _ in scope["headers"]):
            await self.cors(scope, receive, send)
            return

        async def vary(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = varied(message.get("headers", ()))
            await send(message)

        await self.app(scope, receive, vary)


def varied(headers: Any) -> list[tuple[bytes, bytes]]:
    """``headers`` (a new list) with ``Origin`` added to ``Vary``, as Starlette adds it:
    one ``Vary`` joining every earlier value, where the first one stood."""
    out: list[tuple[bytes, bytes]] = []
    earlier: list[bytes] = []
    at = -1
    for name, value in headers:
        if name.lower() == VARY:
            if at < 0:
                at = len(out)
                out.append((VARY, b""))
            earlier.append(value)
        else:
            out.append((name, value))
    joined = b", ".join([*earlier, b"Origin"])
    if at < 0:
        out.append((VARY, joined))
    else:
        out[at] = (VARY, joined)
    return out
