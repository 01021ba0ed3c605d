"""Lists that fan out (``nodes(ids:)``, ``_entities(representations:)``) are capped and costed.

Each element is an upstream read, so a list over its cap is refused, naming
the argument, before any upstream call, whether the list is written in the
document or passed as a variable; and the static cost counts each element.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from strawberry import relay

from gateway.limits import LimitSettings
from tests.graph.conftest import WORLD, Graph, running_graph

GRAPHQL_RESPONSE = "application/graphql-response+json"
UPSTREAMS = ("prepaid", "billing", "saasu", "invoicexpress")
ACCOUNTS = list(WORLD.billing_ids())[:101]
IDS = [str(relay.GlobalID("CustomerAccount", str(identity))) for identity in ACCOUNTS]
NODES = "query($ids: [ID!]!) { nodes(ids: $ids) { __typename } }"
ENTITIES = "query($r: [_Any!]!) { _entities(representations: $r) { __typename } }"


@pytest.fixture(scope="module")
def capped() -> Iterator[Graph]:
    with running_graph(limits=LimitSettings()) as running:  # the defaults: 100 and 100
        yield running


def post(graph: Graph, query: str, variables: dict[str, Any] | None = None) -> httpx.Response:
    return graph.http.post(
        graph.url,
        json={"query": query, "variables": variables},
        headers={"accept": GRAPHQL_RESPONSE},
    )


def refused(graph: Graph, query: str, variables: dict[str, Any] | None = None) -> dict[str, Any]:
    """Send ``query``: 400, no upstream call, fast; its one error."""
    graph.reset_calls()
    started = time.perf_counter()
    response = post(graph, query, variables)
    elapsed = time.perf_counter() - started
    print(f"refused in {elapsed * 1000:.1f} ms")
    assert response.status_code == 400, response.text
    assert elapsed < 5  # 20,000 reads took far longer; a refusal is one coercion
    assert all(graph.calls(upstream) == {} for upstream in UPSTREAMS)
    [error] = response.json()["errors"]
    assert isinstance(error, dict)
    return error


def test_nodes_with_more_ids_than_the_cap_is_refused_before_any_call(capped: Graph) -> None:
    for ids in (IDS, IDS * 200):  # 101, and 20,200 as the 20,000
        error = refused(capped, NODES, {"ids": ids})
        assert error["extensions"]["code"] == "MAX_LIST_ARGUMENT_EXCEEDED"
        assert error["message"].startswith(f"nodes(ids:) has {len(ids)} elements; at most 100")


def test_a_literal_list_of_ids_counts_too(capped: Graph) -> None:
    literal = ", ".join(f'"{one}"' for one in IDS)
    error = refused(capped, f"{{ nodes(ids: [{literal}]) {{ id }} }}")
    assert error["extensions"]["code"] == "MAX_LIST_ARGUMENT_EXCEEDED"
    assert "nodes(ids:) has 101 elements" in error["message"]


def test_a_list_in_a_fragment_counts_too(capped: Graph) -> None:
    query = "query($ids: [ID!]!) { ...Read } fragment Read on Query { nodes(ids: $ids) { id } }"
    error = refused(capped, query, {"ids": IDS})
    assert error["extensions"]["code"] == "MAX_LIST_ARGUMENT_EXCEEDED"


def test_entities_with_more_representations_than_the_cap_are_refused(capped: Graph) -> None:
    one = {"__typename": "CustomerAccount", "identity": ACCOUNTS[0]}
    for count in (101, 12_000):
        error = refused(capped, ENTITIES, {"r": [one] * count})
        assert error["extensions"]["code"] == "MAX_LIST_ARGUMENT_EXCEEDED"
        assert error["message"].startswith(
            f"_entities(representations:) has {count} elements; at most 100"
        )


def test_100_ids_and_100_representations_still_run(capped: Graph) -> None:
    capped.reset_calls()
    response = post(capped, NODES, {"ids": IDS[:100]})
    assert response.status_code == 200, response.text
    assert response.json()["data"]["nodes"] == [{"__typename": "CustomerAccount"}] * 100
    assert sum(capped.calls("billing").values()) >= 100  # it did read them
    representations = [{"__typename": "CustomerAccount", "id": one} for one in IDS[:100]]
    response = post(capped, ENTITIES, {"r": representations})
    assert response.status_code == 200, response.text
    assert response.json()["data"]["_entities"] == [{"__typename": "CustomerAccount"}] * 100


def test_the_cost_counts_every_element_even_without_a_cap() -> None:
    """With the cap lifted, 20,000 ids asking only ``__typename`` still cost 20,001."""
    lifted = LimitSettings(max_node_ids=1_000_000, max_cost=10_000)
    ids = IDS * 199  # 20,099 ids
    with running_graph(limits=lifted) as graph:
        error = refused(graph, NODES, {"ids": ids})
    assert error["extensions"]["code"] == "MAX_COST_EXCEEDED"
    assert error["message"].startswith(f"The operation's cost is {1 + len(ids)};")
