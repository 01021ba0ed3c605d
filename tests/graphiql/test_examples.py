"""Every example GraphiQL opens with runs cleanly against the sandboxes, and the
examples cover every mutation the graph has."""

from __future__ import annotations

from graphql import OperationDefinitionNode, OperationType, parse

from gateway.graphiql.examples import EXAMPLES, OPERATIONS
from tests.graph.conftest import Graph
from tests.published_schema import published_schema

SCHEMA = published_schema()


def _operation(query: str) -> OperationDefinitionNode:
    (operation,) = parse(query).definitions
    assert isinstance(operation, OperationDefinitionNode)
    return operation


def test_every_example_runs_without_errors(graph: Graph) -> None:
    for example in EXAMPLES:
        body = graph.execute(example.query, example.variables)
        assert "errors" not in body, (example.file, body["errors"])
        for field, value in body["data"].items():
            assert value is not None, (example.file, field)
            if isinstance(value, dict) and "userErrors" in value:
                assert value["userErrors"] == [], (example.file, value)


def test_the_examples_change_what_they_say(graph: Graph) -> None:
    """Run after the examples above: the tour account still reads, the patched one changed."""
    body = graph.execute("{ customerAccount(identity: 1702) { displayName vatNumber } }")
    assert body["data"]["customerAccount"] == {
        "displayName": "Coastal Energy",
        "vatNumber": "US-1702",
    }


def test_examples_cover_every_mutation_and_every_file() -> None:
    mutation_type = SCHEMA.mutation_type
    assert mutation_type is not None
    mutated = set()
    for example in EXAMPLES:
        operation = _operation(example.query)
        assert operation.name is not None, example.file
        if operation.operation is OperationType.MUTATION:
            mutated |= {field.name.value for field in operation.selection_set.selections}  # type: ignore[attr-defined]
    # Operators' fields need the role admin, which GraphiQL's anonymous caller never has.
    assert mutated == set(mutation_type.fields) - {"settleTopUp"}
    assert {example.file for example in EXAMPLES} == {p.name for p in OPERATIONS.glob("*.graphql")}


def test_the_examples_page_serves_is_the_examples_list(graph: Graph, base_url: str) -> None:
    tabs = graph.http.get(f"{base_url}/graphiql/examples.json").json()
    assert [tab["query"] for tab in tabs] == [example.query for example in EXAMPLES]
