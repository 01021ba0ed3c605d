"""Guard: ``fastpath/first_part_first.py`` holds work graphql-core would start early.

It overrides private methods of graphql-core's ``IncrementalExecutor``
(``prime_soon``, ``handle_stream``, ``create_sub_executor``) and sets a stream
queue's private ``_eager``; it fails loudly when those change, and checks what
the module promises: work met while the first payload completes starts only
once the later payloads are asked for, work met at the start starts at once,
and the answer is the same. When it fails: read graphql-core's
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
    GraphQLObjectType,
    GraphQLSchema,
    GraphQLString,
    IncrementalStreamResult,
    parse,
    specified_directives,
)
from graphql.execution.incremental import IncrementalExecutor
from graphql.execution.incremental.stream_item_queue import StreamItemQueue
from graphql.type.directives import GraphQLDeferDirective, GraphQLStreamDirective

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
