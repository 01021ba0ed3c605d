"""The subgraph's contract: ``_service { sdl }`` is ``schema.graphql``, whoever executes it.

The lead's own GraphQL-over-HTTP pipeline executes the schema Strawberry built
with graphql-core directly, not through strawberry's view; ``_service`` and
``_entities`` must work there too, loaders and all.
"""

from __future__ import annotations

import inspect
from pathlib import Path
from typing import Any

import graphql
import httpx
from strawberry import relay

from fastpath.core_schema import core_schema
from gateway.sandboxes import sandbox_settings, start_sandboxes
from gateway.server import build_upstreams, close_upstreams
from resolvers.context import GraphContext
from resolvers.schema import schema
from tests.graph.conftest import WORLD, Graph

SCHEMA_FILE = Path(__file__).resolve().parents[2] / "schema.graphql"
ONE = "GET /Account/{id}"
LOGIN = "POST /Access/Login"


def test_service_sdl_over_http_is_schema_graphql(graph: Graph) -> None:
    body = graph.execute("{ _service { sdl } }")
    assert "errors" not in body, body["errors"]
    sdl = body["data"]["_service"]["sdl"]
    assert sdl.rstrip() + "\n" == SCHEMA_FILE.read_text()
    assert '@link(url: "https://specs.apollo.dev/federation/v2.9"' in sdl


async def test_entities_with_graphql_core_execution_go_through_the_loaders() -> None:
    sandboxes = await start_sandboxes(world=WORLD)
    upstreams = build_upstreams(sandbox_settings(sandboxes, {}))
    billing = sandboxes.base_url("billing")
    identities = list(WORLD.billing_ids())[:20]
    representations: list[dict[str, Any]] = [
        {"__typename": "CustomerAccount", "identity": identity} for identity in identities
    ]
    representations.append(
        {"__typename": "CustomerAccount", "id": str(relay.GlobalID("CustomerAccount", "999999"))}
    )
    try:
        # The schema offers @defer and @stream, which graphql-core's plain
        # ``execute`` refuses; its incremental entry point is the one that runs it.
        executed = graphql.experimental_execute_incrementally(
            core_schema(schema),
            graphql.parse(
                """query($r: [_Any!]!) {
                _service { sdl }
                _entities(representations: $r) { ... on CustomerAccount { identity } }
            }"""
            ),
            variable_values={"r": representations},
            context_value=GraphContext(upstreams=upstreams),
        )
        result = await executed if inspect.isawaitable(executed) else executed
        assert isinstance(result, graphql.ExecutionResult)
        async with httpx.AsyncClient() as http:
            counted = (await http.get(f"{billing}/_sandbox/calls")).json()["endpoints"]
    finally:
        await close_upstreams(upstreams)
        await sandboxes.aclose()
    assert result.errors is None
    assert result.data is not None
    assert result.data["_service"]["sdl"].rstrip() + "\n" == SCHEMA_FILE.read_text()
    entities = result.data["_entities"]
    assert entities == [{"identity": identity} for identity in identities] + [None]
    assert counted == {LOGIN: 1, ONE: 21}
