"""Guard: ``fastpath/leaf_executor.py`` overrides graphql-core's private ``execute_field``.

It fails loudly when the method is renamed, takes other arguments, is no
longer what every field of an operation goes through, or when ``build`` stops
handing extra keyword arguments to a subclass, before plain leaves silently
go the slow way or answer differently. When it fails: read graphql-core's
``execution/executor.py`` of the new version against
``fastpath/leaf_executor.py``, run ``tests/graph/test_leaf_executor.py``, and
move the bound in ``pyproject.toml``.
"""

from __future__ import annotations

import inspect
from typing import Any

from graphql import Executor, GraphQLField, GraphQLObjectType, GraphQLSchema, GraphQLString, parse

from fastpath.leaf_executor import Leaf, LeafExecutor
from fastpath.plain_fields import attribute_resolver


def test_execute_field_takes_what_the_override_passes_on() -> None:
    parameters = list(inspect.signature(Executor.execute_field).parameters)
    assert parameters == [
        "self",
        "parent_type",
        "source",
        "field_details_list",
        "path",
        "position_context",
    ]
    # Every field, in parallel or serially (mutations), goes through the method.
    source = inspect.getsource(Executor)
    assert source.count("self.execute_field(") >= 2
    assert "self.middleware_manager = middleware_manager" in inspect.getsource(Executor.__init__)


class Thing:
    name = "thing"


def test_build_hands_the_leaves_to_the_subclass_and_leaves_are_answered_inline() -> None:
    thing = GraphQLObjectType(
        "Thing", {"name": GraphQLField(GraphQLString, resolve=attribute_resolver("name"))}
    )
    query = GraphQLObjectType("Query", {"thing": GraphQLField(thing, resolve=lambda *_: Thing())})
    schema = GraphQLSchema(query)
    seen: list[Any] = []

    def serialize(value: Any) -> Any:
        seen.append(value)
        return value.upper()

    built = LeafExecutor.build(
        schema,
        parse("{ thing { name } }"),
        leaves={("Thing", "name"): Leaf("name", serialize, False)},
    )
    assert isinstance(built, LeafExecutor)
    result = built.execute_operation()
    assert result.data == {"thing": {"name": "THING"}}  # type: ignore[union-attr]
    assert seen == ["thing"]
