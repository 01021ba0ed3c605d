"""Guard: ``fastpath/incremental_executor.py`` builds graphql-core's internal executor.

It fails loudly when the class moves, when ``handle_stream`` (private) takes
other arguments or stops being called at the first streamed index, or when
sub-executors stop sharing the dictionary it fills, before streamed items
are placed at the wrong index; and when a released executor or any of its
sub-executors is still a reference cycle, before answers in parts leave
them to the cyclic collector again. When it fails: read graphql-core's
``execution/incremental/incremental_executor.py`` and ``executor.py`` of the
new version against the module, run ``tests/incremental``, and move the
bound in ``pyproject.toml``.
"""

from __future__ import annotations

import asyncio
import gc
import inspect
import weakref
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

    def kids(self) -> list[Thing]:
        return [Thing(f"{self.name}{index}") for index in range(3)]


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


def _left_after_the_last_part(release: bool) -> int:
    """Executors of a deferred and streamed query still existing once nothing refers to them.

    The cyclic collector is off meanwhile: only reference counting frees them.
    """
    thing: GraphQLObjectType = GraphQLObjectType(
        "Thing",
        lambda: {
            "name": GraphQLField(GraphQLString, resolve=attribute_resolver("name")),
            "kids": GraphQLField(GraphQLList(thing), resolve=lambda parent, _: parent.kids()),
        },
    )

    async def things(*_: Any) -> list[Thing]:
        return [Thing(name) for name in "abc"]

    query = GraphQLObjectType("Query", {"things": GraphQLField(GraphQLList(thing), resolve=things)})
    schema = GraphQLSchema(
        query,
        directives=[*specified_directives, GraphQLDeferDirective, GraphQLStreamDirective],
    )
    # Streams in deferred fragments in streams: each makes its own kind of cycle.
    document = parse(
        "{ things @stream(initialCount: 1) { ... @defer {"
        " name kids @stream(initialCount: 1) { ... @defer { name } } } } }"
    )

    async def answer() -> weakref.WeakSet[Any]:
        built = IncrementalPlainExecutor.build(
            schema, document, plain={}, enable_early_execution=True
        )
        assert isinstance(built, IncrementalPlainExecutor)
        result = await built.execute_operation()
        assert isinstance(result, ExperimentalIncrementalExecutionResults)
        parts = [part async for part in result.subsequent_results]
        assert parts[-1].has_next is False
        assert len(built.sub_executors) > 2  # each deferred fragment's, each streamed item's
        executors = weakref.WeakSet([built, *built.sub_executors])
        if release:
            built.release()
        return executors

    gc.collect()
    gc.disable()
    try:
        return len(asyncio.run(answer()))
    finally:
        gc.enable()


def test_release_after_the_last_part_leaves_no_executor_to_the_collector() -> None:
    # The executor holds its fragments' computations and its streams' queues ...
    for name in ("groups", "tasks", "streams"):
        assert f"sub_executor.{name} = []" in inspect.getsource(
            IncrementalExecutor.create_sub_executor
        )
    # ... which close over the sub-executors, whose helpers are the executor's methods.
    assert _left_after_the_last_part(release=False) > 0
    assert _left_after_the_last_part(release=True) == 0
