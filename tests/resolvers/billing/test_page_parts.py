"""A page of detail reads each account's parts when a field first reads them.

The billing sandbox only ever answers in the documented shape, so here the
gateway reaches it through a proxy that breaks one part of one account in
every ``Account/Paged/Detail`` answer, the way a faulty upstream would: a
contact's address whose latitude is a word. A query that does not select
that address loses nothing; one that does gets a ``BAD_UPSTREAM_RESPONSE``
error on that one address, naming where the answer broke and none of its
values, and every other account, contact and address answered.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterator

import httpx
import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from gateway.config import UpstreamSettings
from tests.graph.conftest import Graph, running_graph
from upstreams.sandboxing import RunningServer, serve_in_thread

PAGED_DETAIL = "GET /Account/Paged/Detail"
BROKEN_WORD = "northwards"
PAGE = "{ customerAccounts(first: 20) { edges { node { identity contacts { firstName %s } } } } }"


@dataclasses.dataclass
class Breaking:
    """The proxy's target and which account (index in the page) it broke, once it has."""

    target: str = ""
    broken_index: int | None = None
    broken_contact: int | None = None


def break_one_address(body: bytes, breaking: Breaking) -> bytes:
    """The answer with the first contact address of the page's second account onwards broken."""
    document = json.loads(body)
    for index, item in enumerate(document["pagedResults"]["items"]):
        if index == 0:
            continue  # the first account stays whole, so its neighbour's break is seen alone
        for position, contact in enumerate(item["details"]["contacts"]):
            address = (contact.get("details") or {}).get("address")
            if address:
                address["latitude"] = BROKEN_WORD
                breaking.broken_index, breaking.broken_contact = index, position
                return json.dumps(document).encode()
    raise AssertionError("the seed should give some contact an address")


def proxy(breaking: Breaking) -> Starlette:
    """Forwards every call to the billing sandbox; breaks the detail pages it answers."""

    async def forward(request: Request) -> Response:
        url = f"{breaking.target}{request.url.path}"
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
            body = break_one_address(body, breaking)
        return Response(
            body, status_code=answer.status_code, media_type=answer.headers.get("content-type")
        )

    methods = ["GET", "POST", "PUT", "PATCH", "DELETE"]
    return Starlette(routes=[Route("/{path:path}", forward, methods=methods)])


@pytest.fixture(scope="module")
def broken() -> Iterator[tuple[Graph, Breaking]]:
    breaking = Breaking()
    servers: list[RunningServer] = []

    def through_proxy(settings: UpstreamSettings) -> UpstreamSettings:
        breaking.target = settings.billing.client.base_url
        server = serve_in_thread(proxy(breaking))
        servers.append(server)
        client = dataclasses.replace(settings.billing.client, base_url=server.base_url)
        billing = dataclasses.replace(settings.billing, client=client)
        return dataclasses.replace(settings, billing=billing)

    try:
        with running_graph(through_proxy) as graph:
            yield graph, breaking
    finally:
        for server in servers:
            server.stop()


def page_calls(graph: Graph) -> int:
    return graph.calls("billing").get(PAGED_DETAIL, 0)


def test_a_broken_part_nobody_selects_loses_nothing(broken: tuple[Graph, Breaking]) -> None:
    graph, breaking = broken
    graph.reset_calls()
    body = graph.execute(PAGE % "lastName contactPoints { value }")
    assert "errors" not in body, body["errors"]
    edges = body["data"]["customerAccounts"]["edges"]
    assert len(edges) == 20
    assert breaking.broken_index is not None
    assert edges[breaking.broken_index]["node"]["contacts"]
    assert page_calls(graph) == 1


def test_a_broken_part_fails_the_field_that_reads_it(broken: tuple[Graph, Breaking]) -> None:
    graph, breaking = broken
    graph.reset_calls()
    body = graph.execute(PAGE % "address { cityName latitude }")
    index, position = breaking.broken_index, breaking.broken_contact
    assert index is not None and position is not None
    (error,) = body["errors"]
    path = ["customerAccounts", "edges", index, "node", "contacts", position, "address"]
    assert error["path"] == path
    assert error["extensions"]["code"] == "BAD_UPSTREAM_RESPONSE"
    assert error["extensions"]["upstream"] == "billing"
    assert error["message"].endswith("details.address.latitude is not a number")
    assert BROKEN_WORD not in json.dumps(body)
    assert "http" not in error["message"] and "Traceback" not in json.dumps(body)
    edges = body["data"]["customerAccounts"]["edges"]
    assert edges[index]["node"]["contacts"][position]["address"] is None
    answered = [
        contact["address"]
        for i, edge in enumerate(edges)
        for p, contact in enumerate(edge["node"]["contacts"])
        if (i, p) != (index, position)
    ]
    assert any(address is not None for address in answered)
    assert page_calls(graph) == 1
