"""``LeafExecutor`` answers exactly as graphql-core's own executor, errors included."""

from __future__ import annotations

from typing import Any

import pytest
from graphql import (
    ExecutionResult,
    Executor,
    GraphQLEnumType,
    GraphQLField,
    GraphQLInt,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLSchema,
    GraphQLString,
    execute,
    parse,
)

from fastpath.leaf_executor import LeafExecutor, plain_leaves
from fastpath.plain_fields import attribute_resolver


class Thing:
    def __init__(self, **values: Any) -> None:
        self.__dict__.update(values)


def plain(kind: Any, attribute: str) -> GraphQLField:
    return GraphQLField(kind, resolve=attribute_resolver(attribute))


THING = GraphQLObjectType(
    "Thing",
    {
        "name": plain(GraphQLNonNull(GraphQLString), "name"),
        "nickname": plain(GraphQLString, "nickname"),
        "count": plain(GraphQLNonNull(GraphQLInt), "count"),
        "color": plain(GraphQLEnumType("Color", {"RED": "red", "BLUE": "blue"}), "color"),
        "tags": plain(GraphQLList(GraphQLString), "tags"),
        "computed": GraphQLField(GraphQLString, resolve=lambda thing, _info: thing.name.upper()),
    },
)


def schema_over(things: list[Thing]) -> GraphQLSchema:
    query = GraphQLObjectType(
        "Query", {"things": GraphQLField(GraphQLList(THING), resolve=lambda *_: things)}
    )
    return GraphQLSchema(query)


DOCUMENT = parse(
    "{ things { name nickname again: nickname count color tags computed __typename } }"
)

GOOD = Thing(name="a", nickname=None, count=3, color="blue", tags=["x"])
CASES = {
    "all well": [GOOD, Thing(name="b", nickname="bee", count=0, color="red", tags=None)],
    "null where the type forbids it": [
        Thing(name=None, nickname="n", count=1, color=None, tags=[])
    ],
    "a value the scalar refuses": [
        Thing(name="c", nickname=None, count="many", color=None, tags=[])
    ],
    "a value the enum refuses": [Thing(name="d", nickname=None, count=1, color="green", tags=[])],
    "a missing attribute": [Thing(name="e", count=1, color=None, tags=[])],
    "an int too large": [Thing(name="f", nickname=None, count=2**40, color=None, tags=[])],
}


def run_leaf(schema: GraphQLSchema) -> Any:
    built = LeafExecutor.build(schema, DOCUMENT, leaves=plain_leaves(schema))
    assert not isinstance(built, list)
    return built.execute_operation()


@pytest.mark.parametrize("case", CASES)
def test_answers_and_errors_are_graphql_cores(case: str) -> None:
    schema = schema_over(CASES[case])
    ours, theirs = run_leaf(schema), execute(schema, DOCUMENT)
    assert isinstance(theirs, ExecutionResult)  # every resolver here is synchronous
    assert ours.data == theirs.data
    assert [e.formatted for e in ours.errors or []] == [e.formatted for e in theirs.errors or []]
    if case != "all well":
        assert ours.errors  # the case does fail, so the usual way reported it


def test_only_plain_scalar_and_enum_fields_are_inline() -> None:
    leaves = plain_leaves(schema_over([]))
    assert set(leaves) == {
        ("Thing", "name"),
        ("Thing", "nickname"),
        ("Thing", "count"),
        ("Thing", "color"),
    }
    assert leaves["Thing", "name"].non_null and not leaves["Thing", "nickname"].non_null


def test_clean_leaves_skip_the_usual_way(monkeypatch: pytest.MonkeyPatch) -> None:
    usual: list[str] = []
    original = Executor.execute_field

    def counting(self: Any, parent_type: Any, source: Any, details: Any, *rest: Any) -> Any:
        usual.append(details[0].node.name.value)
        return original(self, parent_type, source, details, *rest)

    monkeypatch.setattr(Executor, "execute_field", counting)
    result = run_leaf(schema_over(CASES["all well"]))
    assert result.errors is None
    # Per thing: the list, tags, computed and __typename go the usual way; the rest inline.
    assert sorted(usual) == sorted(["things"] + ["tags", "computed", "__typename"] * 2)
