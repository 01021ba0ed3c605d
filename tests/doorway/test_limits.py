"""Hostile documents stop before anything runs: each limit with its own code, no upstream call."""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from graphql import OperationDefinitionNode, parse

from fastpath.core_schema import core_schema
from gateway.limits import LimitSettings
from gateway.limits.cost import CostLimit
from resolvers.schema import schema
from tests.graph.conftest import Graph, running_graph

LIMITS = LimitSettings(
    max_depth=6, max_aliases=3, max_tokens=400, max_root_fields=3, max_cost=300, max_batch=2
)
GRAPHQL_RESPONSE = "application/graphql-response+json"
UPSTREAMS = ("prepaid", "billing", "saasu", "invoicexpress")


@pytest.fixture(scope="module")
def limited() -> Iterator[Graph]:
    with running_graph(limits=LIMITS) as running:
        yield running


def post(graph: Graph, body: Any) -> httpx.Response:
    return graph.http.post(graph.url, json=body, headers={"accept": GRAPHQL_RESPONSE})


def refused(graph: Graph, query: str, variables: dict[str, Any] | None = None) -> list[str]:
    """Send ``query``; check it was refused with 400 and reached no upstream; its codes."""
    graph.reset_calls()
    response = post(graph, {"query": query, "variables": variables})
    assert response.status_code == 400, response.text
    assert all(graph.calls(upstream) == {} for upstream in UPSTREAMS)
    return [error["extensions"]["code"] for error in response.json()["errors"]]


def nested(levels: int, leaf: str = "name") -> str:
    inner = leaf
    for _ in range(levels):
        inner = "notes(first: 1) { edges { node { customerAccount { " + inner + " } } } }"
    return "{ customerAccounts(first: 1) { edges { node { " + inner + " } } } }"


def test_a_document_nested_too_deep_is_refused_before_validation(limited: Graph) -> None:
    # An unknown field deep inside: had validation run, it would have said so too.
    assert refused(limited, nested(2, "noSuchField")) == ["MAX_DEPTH_EXCEEDED"]


def test_depth_follows_fragments(limited: Graph) -> None:
    query = """
    query { customerAccounts(first: 1) { edges { node { ...N } } } }
    fragment N on CustomerAccount { notes(first: 1) { edges { node { account { ...M } } } } }
    fragment M on CustomerAccount { notes(first: 1) { edges { node { id } } } }
    """
    assert refused(limited, query) == ["MAX_DEPTH_EXCEEDED"]


def test_a_document_within_every_limit_runs(limited: Graph) -> None:
    limited.reset_calls()
    query = "{ a: customerAccounts(first: 2) { edges { node { name } } } }"
    response = post(limited, {"query": query})
    assert response.status_code == 200
    assert len(response.json()["data"]["a"]["edges"]) == 2
    assert limited.calls("billing") != {}


def test_too_many_aliases_are_refused(limited: Graph) -> None:
    query = "{ a: __typename b: __typename c: __typename d: __typename }"
    assert refused(limited, query) == ["MAX_ALIASES_EXCEEDED"]


def test_too_many_root_fields_are_refused(limited: Graph) -> None:
    query = """{ invoicingAccount { id } ledgerAccounts(first: 1) { totalCount }
        customerAccounts(first: 1) { totalCount } prepaidAccount(accountNumber: 1) { id } }"""
    assert refused(limited, query) == ["MAX_ROOT_FIELDS_EXCEEDED"]


def test_a_pathological_alias_bomb_stops_at_the_token_limit(limited: Graph) -> None:
    # 10,000 aliases of a field that does not exist: the parse stops at max_tokens,
    # so neither the alias rule nor validation ever sees the 10,000 fields.
    query = "{ " + " ".join(f"a{i}: noSuchField" for i in range(10_000)) + " }"
    response_codes = refused(limited, query)
    assert response_codes == ["MAX_TOKENS_EXCEEDED"]


def test_an_operation_asking_for_too_much_is_refused_by_its_cost(limited: Graph) -> None:
    # 1 + 100 * (edges 1 + node 1 + name 1) = 301 > 300.
    query = "{ customerAccounts(first: 100) { edges { node { name } } } }"
    assert refused(limited, query) == ["MAX_COST_EXCEEDED"]


def test_cost_reads_the_page_size_from_variables(limited: Graph) -> None:
    query = "query($n: Int) { customerAccounts(first: $n) { edges { node { name } } } }"
    assert refused(limited, query, {"n": 100}) == ["MAX_COST_EXCEEDED"]
    limited.reset_calls()
    response = post(limited, {"query": query, "variables": {"n": 3}})
    assert response.status_code == 200
    assert len(response.json()["data"]["customerAccounts"]["edges"]) == 3


def test_a_batch_longer_than_the_limit_is_refused(limited: Graph) -> None:
    limited.reset_calls()
    response = post(limited, [{"query": "{ invoicingAccount { id } }"}] * 3)
    assert response.status_code == 400
    assert response.json()["errors"][0]["extensions"]["code"] == "BATCH_LIMIT_EXCEEDED"
    assert limited.calls("invoicexpress") == {}


def cost_of(query: str, variables: dict[str, Any] | None = None) -> int:
    limit = CostLimit(core_schema(schema), 10**9, default_page_size=20)
    document = parse(query)
    operation = document.definitions[0]
    assert isinstance(operation, OperationDefinitionNode)
    return limit.measure(document, operation, variables or {})


@pytest.mark.parametrize(
    ("query", "cost"),
    [
        ("{ invoicingAccount { id name } }", 3),
        ("{ __typename }", 0),
        # The module docstring's example.
        (
            "{ customerAccounts(first: 50) { edges { node { id notes(first: 10)"
            " { edges { node { text } } } } } } }",
            1701,
        ),
        # No page size given: the default page (20).
        ("{ customerAccounts { edges { node { id } } } }", 1 + 20 * 3),
        ("{ customerAccounts(last: 5) { totalCount } }", 1 + 5 * 1),
        # Each id is a record read: 1 + 3 * (1 + id 1).
        ('{ nodes(ids: ["a", "b", "c"]) { id } }', 1 + 3 * 2),
        ('{ nodes(ids: ["a", "b", "c"]) { __typename } }', 1 + 3 * 1),
        (
            "query { customerAccounts(first: 2) { edges { node { ...F } } } }"
            " fragment F on CustomerAccount { id name }",
            1 + 2 * 4,
        ),
    ],
)
def test_static_cost_follows_the_documented_formula(query: str, cost: int) -> None:
    assert cost_of(query) == cost


def test_static_cost_uses_coerced_variables() -> None:
    query = "query($n: Int) { customerAccounts(first: $n) { totalCount } }"
    assert cost_of(query, {"n": 7}) == 8
    assert cost_of(query, {"n": None}) == 21


def test_remembered_costs_are_keyed_by_the_variables_that_size_fields() -> None:
    """One gate, one operation, many requests: each cost is the one a fresh walk finds."""
    query = (
        "query($n: Int, $ids: [ID!]!, $id: Int!) { customerAccount(identity: $id) { name }"
        " nodes(ids: $ids) { id } customerAccounts { ...Page } }"
        " fragment Page on CustomerAccountConnection { totalCount }"
    )
    paged = query.replace("customerAccounts {", "customerAccounts(first: $n) {")
    limit = CostLimit(core_schema(schema), 10**9, default_page_size=20)
    for text in (query, paged):
        document = parse(text)
        operation = document.definitions[0]
        assert isinstance(operation, OperationDefinitionNode)
        requests: list[dict[str, Any]] = [
            {"n": 7, "ids": ["a"], "id": 1},
            {"n": 7, "ids": ["a"], "id": 2},
            {"n": 3, "ids": ["a", "b"], "id": 1},
            {"n": None, "ids": ["a"], "id": 1},
            {"ids": ["a"], "id": 1},
            {"n": 7, "ids": ["a"], "id": 1},
        ]
        for variables in requests * 2:
            remembered = limit.measure(document, operation, variables)
            assert remembered == cost_of(text, variables)


def fragment_bomb(
    levels: int, leaf: str, on: str = "Query", root: str = "{ ...F1 }", wrap: str = "PAIR"
) -> str:
    """Fragments that each spread the next twice: ``levels`` lines, 2**(levels-1) leaves.

    ``wrap`` puts fields around each pair of spreads (``PAIR`` marks the pair).
    """
    lines = [f"query {root}"]
    lines += [
        f"fragment F{i} on {on} {{ " + wrap.replace("PAIR", f"...F{i + 1} ...F{i + 1}") + " }"
        for i in range(1, levels)
    ]
    lines.append(f"fragment F{levels} on {on} {{ {leaf} }}")
    return "\n".join(lines)


def test_the_limit_rules_measure_each_fragment_once() -> None:
    """With the expanded-size budget lifted, 30 levels (2**29 leaves) still take no time.

    Walking every path, as the rules did, took 33 s at 23 levels; each answer
    here names the figure a walk of every path would have found.
    """
    lifted = LimitSettings(max_expanded_selections=10**12)
    with running_graph(limits=lifted) as graph:
        cases = [
            # depth 0, no root field, cost 0: it runs.
            (fragment_bomb(30, "__typename"), 200, None),
            (fragment_bomb(30, "invoicingAccount { id }"), 400, "asks for 536870912 root fields"),
            (
                fragment_bomb(30, "id", "InvoicingAccount", "{ invoicingAccount { ...F1 } }"),
                400,
                "cost is 536870913;",
            ),
            (
                fragment_bomb(
                    30,
                    "id",
                    "CustomerAccount",
                    "{ customerAccounts(first: 1) { edges { node { ...F1 } } } }",
                    "notes(first: 1) { edges { node { customerAccount { PAIR } } } }",
                ),
                400,
                "nests deeper than 12 fields",
            ),
        ]
        for query, status, message in cases:
            graph.reset_calls()
            started = time.perf_counter()
            response = post(graph, {"query": query, "operationName": None})
            elapsed = time.perf_counter() - started
            print(f"{status} in {elapsed * 1000:.1f} ms")
            assert response.status_code == status, response.text
            assert elapsed < 1.0
            if message is None:
                assert response.json() == {"data": {"__typename": "Query"}}
            else:
                assert message in response.json()["errors"][0]["message"]
            assert all(graph.calls(upstream) == {} for upstream in UPSTREAMS)
