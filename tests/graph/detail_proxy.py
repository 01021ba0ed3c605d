"""A gateway whose billing answers pass a proxy that rewrites every page of detail.

The billing sandbox only ever answers in the documented shape; a faulty
upstream does not. The proxy forwards every call to the sandbox and hands
each ``Account/Paged/Detail`` answer to a rewrite first, so a test can break
one property the way a faulty upstream would and watch what the graph makes of it.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import httpx
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from gateway.config import UpstreamSettings
from tests.graph.conftest import Graph, running_graph
from upstreams.sandboxing import RunningServer, serve_in_thread

PAGED_DETAIL = "GET /Account/Paged/Detail"


def proxy(target: Callable[[], str], rewrite: Callable[[bytes], bytes]) -> Starlette:
    """Forwards every call to ``target()``; the detail pages it answers go through ``rewrite``."""

    async def forward(request: Request) -> Response:
        url = f"{target()}{request.url.path}"
        headers = {k: v for k, v in request.headers.items() if k.lower() != "host"}
        async with httpx.AsyncClient() as client:
            answer = await client.request(
                request.method,
                url,
                params=request.query_params,
                headers=headers,
                content=await request.body(),
            )
        body = answer.content
        if answer.is_success and request.url.path.endswith("/Account/Paged/Detail"):
            body = rewrite(body)
        return Response(
            body, status_code=answer.status_code, media_type=answer.headers.get("content-type")
        )

    methods = ["GET", "POST", "PUT", "PATCH", "DELETE"]
    return Starlette(routes=[Route("/{path:path}", forward, methods=methods)])


@contextmanager
def detail_pages_rewritten(rewrite: Callable[[bytes], bytes]) -> Iterator[Graph]:
    """Sandboxes and a gateway whose billing detail pages ``rewrite`` changes on the way."""
    targets: list[str] = []
    servers: list[RunningServer] = []

    def through_proxy(settings: UpstreamSettings) -> UpstreamSettings:
        targets.append(settings.billing.client.base_url)
        server = serve_in_thread(proxy(lambda: targets[0], rewrite))
        servers.append(server)
        client = dataclasses.replace(settings.billing.client, base_url=server.base_url)
        billing = dataclasses.replace(settings.billing, client=client)
        return dataclasses.replace(settings, billing=billing)

    try:
        with running_graph(through_proxy) as graph:
            yield graph
    finally:
        for server in servers:
            server.stop()


def page_calls(graph: Graph) -> int:
    """``Account/Paged/Detail`` calls the billing sandbox had since the last reset."""
    return graph.calls("billing").get(PAGED_DETAIL, 0)
