"""Guard: ``fastpath/incremental_executor.py`` builds graphql-core's internal executor.

It fails loudly when the class moves, when ``handle_stream`` (private) takes
other arguments or stops being called at the first streamed index, or when
sub-executors stop sharing the dictionary it fills, before streamed items
are placed at the wrong index; and when a released executor or any of its
sub-executors is still a reference cycle, before answers in parts leave
them to the cyclic collector again; and when ``stop`` (``abort``, private)
no longer ends the work started early of an answer whose later payloads were
never asked for. When it fails: read graphql-core's
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


def test_stop_before_the_later_parts_are_asked_for_leaves_no_work_running() -> None:
    # A client gone before the first part was written: the publisher never ran,
    # and closing it runs none of its code; ``stop`` must end what started early.
    began: list[str] = []
    ended: list[str] = []
    slow_began = asyncio.Event()

    async def slow(_: Any, info: Any) -> str:
        began.append(info.field_name)
        slow_began.set()
        try:
            await asyncio.sleep(60)
        finally:
            ended.append(info.field_name)
        return "late"

    async def items(*_: Any) -> Any:
        for name in "abc":
            began.append(name)
            yield Thing(name)

    thing = GraphQLObjectType(
        "Thing", {"name": GraphQLField(GraphQLString, resolve=attribute_resolver("name"))}
    )
    query = GraphQLObjectType(
        "Query",
        {
            "now": GraphQLField(GraphQLString, resolve=lambda *_: "now"),
            "slow": GraphQLField(GraphQLString, resolve=slow),
            "things": GraphQLField(GraphQLList(thing), resolve=lambda *_: items()),
        },
    )
    schema = GraphQLSchema(
        query,
        directives=[*specified_directives, GraphQLDeferDirective, GraphQLStreamDirective],
    )
    document = parse("{ now ... @defer { slow } things @stream(initialCount: 1) { name } }")

    async def answer() -> tuple[int, int, list[str], list[str]]:
        built = IncrementalPlainExecutor.build(
            schema, document, plain={}, enable_early_execution=True
        )
        assert isinstance(built, IncrementalPlainExecutor)
        result = built.execute_operation()
        if inspect.isawaitable(result):
            result = await result
        assert isinstance(result, ExperimentalIncrementalExecutionResults)
        assert result.initial_result.data == {"now": "now", "things": [{"name": "a"}]}
        await slow_began.wait()  # the deferred fragment started early
        running = len(asyncio.all_tasks()) - 1
        built.stop()
        built.release()
        await result.subsequent_results.aclose()
        for _ in range(20):
            await asyncio.sleep(0)
        return running, len(asyncio.all_tasks()) - 1, list(began), list(ended)

    running, left, began_then, ended_then = asyncio.run(answer())
    assert running > 0
    assert ended_then == ["slow"]  # cancelled, not finished
    assert "c" not in began_then  # the stream's source was read no further
    assert left == 0
