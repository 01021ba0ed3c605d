"""Guard: ``fastpath/first_part_first.py`` holds work graphql-core would start early.

It overrides private methods of graphql-core's ``IncrementalExecutor``
(``prime_soon``, ``handle_stream``, ``create_sub_executor``,
``collect_execution_groups``, ``build_response``), builds its internal
``IncrementalPublisher`` itself and sets a stream queue's private ``_eager``;
it fails loudly when those change, and checks what the module promises: work
met while the first payload completes starts only once the later payloads are
asked for, and its machinery is built only then; work met at the start
starts at once; the parts, what is announced pending and the ids are
graphql-core's own, the pending ones with the first later payload; a
fragment under a null is dropped as graphql-core drops it. When it fails:
read graphql-core's
``execution/incremental/`` of the new version against the module, run
``tests/incremental``, and move the bound in ``pyproject.toml``.
"""

from __future__ import annotations

import asyncio
import inspect
from typing import Any

from graphql import (
    ExperimentalIncrementalExecutionResults,
    GraphQLField,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLSchema,
    GraphQLString,
    IncrementalStreamResult,
    parse,
    specified_directives,
)
from graphql.execution.incremental import IncrementalExecutor, IncrementalPublisher
from graphql.execution.incremental.stream_item_queue import StreamItemQueue
from graphql.type.directives import GraphQLDeferDirective, GraphQLStreamDirective

from fastpath.first_part_first import FirstPartFirst
from fastpath.incremental_executor import IncrementalPlainExecutor


def test_the_private_parts_relied_on_are_there() -> None:
    assert list(inspect.signature(IncrementalExecutor.prime_soon).parameters) == [
        "self",
        "computation",
    ]
    assert list(inspect.signature(IncrementalExecutor.create_sub_executor).parameters) == [
        "self",
        "defer_usage_set",
    ]
    # Deferred fragments are primed soon only, so an unprimed one waits for the publisher.
    assert "self.prime_soon(computation)" in inspect.getsource(
        IncrementalExecutor.collect_execution_groups
    )
    # The stream's producer task waits while the queue is not eager, until it is first read.
    assert "if not self._eager:" in inspect.getsource(StreamItemQueue._run)
    assert "self._started.set()" in inspect.getsource(StreamItemQueue.batches)
    handle_stream = inspect.getsource(IncrementalExecutor.handle_stream)
    assert "self.streams.append(item_stream)" in handle_stream
    # Held calls are replayed with these arguments, in this order, on the executor that met them.
    assert list(inspect.signature(IncrementalExecutor.collect_execution_groups).parameters) == [
        "self",
        "parent_type",
        "source_value",
        "path",
        "new_grouped_field_sets",
        "delivery_group_map",
    ]
    assert "self.tasks" in inspect.getsource(IncrementalExecutor.collect_execution_groups)
    assert list(inspect.signature(IncrementalPublisher.build_response).parameters) == [
        "self",
        "data",
        "errors",
        "work",
        "context",
    ]
    # What is dropped under a null, so a held fragment is dropped alike.
    work = inspect.getsource(IncrementalExecutor.get_incremental_work)
    assert "has_nulled_position(task.path)" in work


class Thing:
    def __init__(self, name: str) -> None:
        self.name = name


def schema(ran: list[str]) -> GraphQLSchema:
    """Things read after a wait, whose resolvers note when they run."""

    def noted(what: str) -> Any:
        async def resolve(source: Any, _info: Any) -> str:
            name = f"{what} {source.name}" if source is not None else what
            ran.append(name)
            return name

        return resolve

    def tag(source: Thing, _info: Any) -> str:
        ran.append(f"tag {source.name}")
        return source.name

    thing = GraphQLObjectType(
        "Thing",
        {
            "tag": GraphQLField(GraphQLString, resolve=tag),
            "detail": GraphQLField(GraphQLString, resolve=noted("detail")),
        },
    )

    async def things(*_args: Any) -> list[Thing]:
        for _ in range(5):  # the operation's first wait, as for an upstream read
            await asyncio.sleep(0)
        ran.append("things read")
        return [Thing(name) for name in "abc"]

    query = GraphQLObjectType(
        "Query",
        {
            "things": GraphQLField(GraphQLList(thing), resolve=things),
            "early": GraphQLField(GraphQLString, resolve=noted("early")),
        },
    )
    return GraphQLSchema(
        query,
        directives=[*specified_directives, GraphQLDeferDirective, GraphQLStreamDirective],
    )


DOCUMENT = parse(
    "{ things @stream(initialCount: 1) { tag ... @defer { detail } } ... @defer { early } }"
)


def test_work_met_while_the_first_payload_completes_waits_for_the_later_payloads() -> None:
    ran: list[str] = []

    async def run() -> tuple[list[str], list[str], Any, list[Any]]:
        built = IncrementalPlainExecutor.build(
            schema(ran), DOCUMENT, plain={}, enable_early_execution=True
        )
        assert isinstance(built, IncrementalPlainExecutor)
        result = await built.execute_operation()
        assert isinstance(result, ExperimentalIncrementalExecutionResults)
        for _ in range(10):  # turns of the loop in which early work would run
            await asyncio.sleep(0)
        before = list(ran)
        later = [payload async for payload in result.subsequent_results]
        return before, list(ran), result.initial_result.data, later

    before, after, first, later = asyncio.run(run())
    # Met at the start: run during the first wait. Met after it: not run at all yet.
    assert before == ["early", "things read", "tag a"]
    assert first == {"things": [{"tag": "a"}]}
    assert after[:3] == before
    assert sorted(after[3:]) == ["detail a", "detail b", "detail c", "tag b", "tag c"]
    items = [
        item
        for payload in later
        for one in payload.incremental or ()
        if isinstance(one, IncrementalStreamResult)
        for item in one.items
    ]
    assert items == [{"tag": "b"}, {"tag": "c"}]


def test_held_fragments_are_built_when_the_later_payloads_are_asked_for() -> None:
    ran: list[str] = []
    document = parse('{ things { tag ... @defer(label: "more") { detail } } }')

    async def run(executor: type[IncrementalExecutor]) -> tuple[Any, list[Any], list[Any]]:
        plain: dict[str, Any] = {"plain": {}} if executor is IncrementalPlainExecutor else {}
        built: Any = executor.build(schema(ran), document, enable_early_execution=True, **plain)
        result = await built.execute_operation()
        assert isinstance(result, ExperimentalIncrementalExecutionResults)
        if isinstance(built, FirstPartFirst):
            # Noted only: no sub-executor, computation or execution group yet.
            assert len(built.held) == 3
            assert built.tasks == []
        later = [payload async for payload in result.subsequent_results]
        return result.initial_result, later, list(built.tasks)

    first, later, tasks = asyncio.run(run(IncrementalPlainExecutor))
    core_first, core_later, core_tasks = asyncio.run(run(IncrementalExecutor))
    assert len(tasks) == len(core_tasks) == 3
    assert first.data == core_first.data == {"things": [{"tag": "a"}, {"tag": "b"}, {"tag": "c"}]}
    assert first.has_next
    assert first.pending == []
    # What graphql-core announces with the first payload comes with the first later one.
    announced = [(one.id, one.path, one.label) for one in later[0].pending]
    assert announced == [(one.id, one.path, one.label) for one in core_first.pending]
    assert announced == [("0", ["things", 0], "more"), ("1", ["things", 1], "more"),
                         ("2", ["things", 2], "more")]  # fmt: skip
    # Otherwise the same payloads in the same sequence.
    formatted = [payload.formatted for payload in later]
    del formatted[0]["pending"]
    assert formatted == [payload.formatted for payload in core_later]
    parts = [(one.id, one.data) for payload in later for one in payload.incremental or ()]
    assert sorted(parts) == [("0", {"detail": "detail a"}), ("1", {"detail": "detail b"}),
                             ("2", {"detail": "detail c"})]  # fmt: skip


def test_a_held_fragment_under_a_null_is_dropped() -> None:
    """An item nulled after its fragment was met takes the fragment with it, as in graphql-core."""

    def failing(names: str) -> Any:
        async def resolve(source: Thing, _info: Any) -> str:
            await asyncio.sleep(0)  # fails once the item's inner fragment was met
            if source.name in names:
                raise ValueError(f"no {source.name}")
            return source.name

        return resolve

    thing = GraphQLObjectType(
        "Thing",
        lambda: {
            "strict": GraphQLField(GraphQLNonNull(GraphQLString), resolve=failing("b")),
            "broken": GraphQLField(GraphQLNonNull(GraphQLString), resolve=failing("ab")),
            "tag": GraphQLField(GraphQLString, resolve=lambda source, _info: source.name),
            "inner": GraphQLField(thing, resolve=lambda source, _info: source),
        },
    )

    async def things(*_args: Any) -> list[Thing]:
        await asyncio.sleep(0)
        return [Thing(name) for name in "ab"]

    query = GraphQLObjectType("Query", {"things": GraphQLField(GraphQLList(thing), resolve=things)})
    errant = GraphQLSchema(
        query, directives=[*specified_directives, GraphQLDeferDirective, GraphQLStreamDirective]
    )

    async def run(text: str) -> Any:
        built = IncrementalPlainExecutor.build(errant, parse(text), plain={})
        assert isinstance(built, IncrementalPlainExecutor)
        return await built.execute_operation()

    async def in_parts(text: str) -> tuple[Any, list[Any]]:
        result = await run(text)
        assert isinstance(result, ExperimentalIncrementalExecutionResults)
        return result.initial_result, [payload async for payload in result.subsequent_results]

    first, later = asyncio.run(in_parts("{ things { strict inner { ... @defer { tag } } } }"))
    assert first.data == {"things": [{"strict": "a", "inner": {}}, None]}
    assert [one.path for one in later[0].pending] == [["things", 0, "inner"]]
    parts = [one.data for payload in later for one in payload.incremental or ()]
    assert parts == [{"tag": "a"}]
    # Every fragment under a null: one answer, not in parts (graphql-core would
    # never hand its publisher work without a fragment to deliver).
    whole = asyncio.run(run("{ things { broken inner { ... @defer { tag } } } }"))
    assert not isinstance(whole, ExperimentalIncrementalExecutionResults)
    assert whole.data == {"things": [None, None]}
