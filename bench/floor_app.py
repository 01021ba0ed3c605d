"""The HTTP floor: the least an app under the gateway's uvicorn settings can cost per request.

``python -m bench.floor_app bare`` serves a bare ASGI app, ``starlette`` a
one-route Starlette app; both answer every request with the same small JSON
body, under ``gateway.server.uvicorn_config`` and the collector setting
``gateway serve`` makes, on the same fast loop. Prints ``floor at <url>``
and serves until stdin closes. What the gateway spends on ``{ __typename }``
beyond the Starlette app is its own.
"""

from __future__ import annotations

import sys
from typing import Any, cast

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from bench.serving import serve_until_stdin_closes
from gateway.collector import tune_collector
from gateway.config import load_config
from gateway.server import run_on_fast_loop

BODY = b'{"data":{"__typename":"Query"}}'
HEADERS = [(b"content-type", b"application/json"), (b"content-length", str(len(BODY)).encode())]


async def bare(scope: dict[str, Any], receive: Any, send: Any) -> None:
    """An ASGI app with nothing in it: read the request body, answer the fixed one."""
    more = True
    while more:
        message = await receive()
        more = message.get("more_body", False)
    await send({"type": "http.response.start", "status": 200, "headers": HEADERS})
    await send({"type": "http.response.body", "body": BODY})


async def _route(request: Request) -> Response:
    await request.body()
    return Response(BODY, media_type="application/json")


def one_route() -> Starlette:
    """Starlette with one route at the gateway's path, reading the body as the gateway does."""
    return Starlette(routes=[Route("/graphql", _route, methods=["GET", "POST"])])


async def _serve(kind: str) -> None:
    app = one_route() if kind == "starlette" else cast(Starlette, bare)
    tune_collector(load_config(None, {}).section("server")["gc_young_threshold"])
    await serve_until_stdin_closes(app, "floor")


if __name__ == "__main__":
    run_on_fast_loop(_serve(sys.argv[1]))
