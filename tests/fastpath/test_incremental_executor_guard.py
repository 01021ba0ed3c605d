"""Guard: ``fastpath/incremental_executor.py`` builds graphql-core's internal executor.

It fails loudly when the class moves, when ``handle_stream`` (private) takes
other arguments or stops being called at the first streamed index, or when
sub-executors stop sharing the dictionary it fills, before streamed items
are placed at the wrong index. When it fails: read graphql-core's
``execution/incremental/incremental_executor.py`` and ``executor.py`` of the
new version against the module, run ``tests/incremental``, and move the
bound in ``pyproject.toml``.
"""

from __future__ import annotations

import asyncio
import inspect
from typing import Any

from graphql import Executor as GraphQLExecutor
from graphql import (
    ExperimentalIncrementalExecutionResults,
    GraphQLField,
    GraphQLList,
    GraphQLObjectType,
    GraphQLSchema,
    GraphQLString,
    parse,
    specified_directives,
)
from graphql.execution.incremental import IncrementalExecutor
from graphql.type.directives import GraphQLDeferDirective, GraphQLStreamDirective

from fastpath.incremental_executor import IncrementalPlainExecutor
from fastpath.plain_fields import attribute_resolver
from fastpath.plain_plans import Leaf


def test_handle_stream_takes_what_the_override_passes_on() -> None:
    for executor in (GraphQLExecutor, IncrementalExecutor):
        parameters = list(inspect.signature(executor.handle_stream).parameters)
        assert parameters == [
            "self",
            "index",
            "path",
            "iterator",
            "is_async",
            "stream_usage",
            "info",
            "item_type",
        ]
    assert "sub_executor = copy(self)" in inspect.getsource(IncrementalExecutor.create_sub_executor)


class Thing:
    def __init__(self, name: str) -> None:
        self.name = name


def test_streams_start_where_recorded_and_leaves_are_answered_inline() -> None:
    thing = GraphQLObjectType(
        "Thing", {"name": GraphQLField(GraphQLString, resolve=attribute_resolver("name"))}
    )

    def things(*_: Any) -> list[Thing]:
        return [Thing(name) for name in "abcde"]

    query = GraphQLObjectType("Query", {"things": GraphQLField(GraphQLList(thing), resolve=things)})
    schema = GraphQLSchema(
        query,
        directives=[*specified_directives, GraphQLDeferDirective, GraphQLStreamDirective],
    )
    built = IncrementalPlainExecutor.build(
        schema,
        parse("{ things @stream(initialCount: 2) { name } }"),
        plain={("Thing", "name"): Leaf("name", str.upper, False)},
    )
    assert isinstance(built, IncrementalPlainExecutor)
    result = built.execute_operation()
    assert isinstance(result, ExperimentalIncrementalExecutionResults)
    assert result.initial_result.data == {"things": [{"name": "A"}, {"name": "B"}]}
    assert built.stream_starts == {("things",): 2}

    async def rest() -> list[Any]:
        return [item async for item in result.subsequent_results]

    later = asyncio.run(rest())
    items = [item for payload in later for one in payload.incremental or () for item in one.items]
    assert items == [{"name": "C"}, {"name": "D"}, {"name": "E"}]
