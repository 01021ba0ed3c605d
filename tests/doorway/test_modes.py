"""Production hides the schema (no introspection, no "Did you mean"); development shows it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.graph.conftest import Graph, running_graph

GRAPHQL_RESPONSE = "application/graphql-response+json"
UPSTREAMS = ("prepaid", "billing", "saasu", "invoicexpress")


@pytest.fixture(scope="module")
def production() -> Iterator[Graph]:
    with running_graph(production=True) as running:
        yield running


@pytest.fixture(scope="module")
def development() -> Iterator[Graph]:
    with running_graph(production=False) as running:
        yield running


INTROSPECTION = "{ __schema { queryType { name } } }"
TYPE_LOOKUP = '{ __type(name: "Query") { name } }'
MISSPELT = "{ invoicingAcount { id } }"


@pytest.mark.parametrize("query", [INTROSPECTION, TYPE_LOOKUP])
def test_production_refuses_introspection(production: Graph, query: str) -> None:
    production.reset_calls()
    response = production.http.post(
        production.url, json={"query": query}, headers={"accept": GRAPHQL_RESPONSE}
    )
    assert response.status_code == 400
    assert [e["extensions"]["code"] for e in response.json()["errors"]] == [
        "INTROSPECTION_DISABLED"
    ]
    assert all(production.calls(upstream) == {} for upstream in UPSTREAMS)


def test_production_still_answers_typename(production: Graph) -> None:
    assert production.execute("{ __typename }") == {"data": {"__typename": "Query"}}


def test_production_hides_field_suggestions(production: Graph) -> None:
    body = production.execute(MISSPELT)
    [error] = body["errors"]
    assert error["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"
    assert "invoicingAcount" in error["message"]
    assert "Did you mean" not in error["message"]


def test_development_allows_introspection(development: Graph) -> None:
    assert development.execute(INTROSPECTION) == {
        "data": {"__schema": {"queryType": {"name": "Query"}}}
    }
    assert development.execute(TYPE_LOOKUP) == {"data": {"__type": {"name": "Query"}}}


def test_development_suggests_fields(development: Graph) -> None:
    [error] = development.execute(MISSPELT)["errors"]
    assert "Did you mean 'invoicingAccount'?" in error["message"]


def test_the_full_graphiql_introspection_query_passes_the_default_limits(
    development: Graph,
) -> None:
    from graphql import get_introspection_query

    body = development.execute(get_introspection_query(descriptions=True))
    assert "errors" not in body
    assert body["data"]["__schema"]["queryType"]["name"] == "Query"


def test_production_still_serves_the_federation_sdl(production: Graph) -> None:
    body = production.execute("{ _service { sdl } }")
    assert "errors" not in body
    assert "type Query" in body["data"]["_service"]["sdl"]
