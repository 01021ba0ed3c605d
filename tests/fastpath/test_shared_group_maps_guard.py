"""Guard: ``fastpath/shared_group_maps.py`` lets objects share a delivery group map.

It overrides ``get_new_delivery_group_map`` (private) of graphql-core's
``IncrementalExecutor`` and hands an object its parent's map, not a copy,
when the object meets no new deferred fragment; that is sound only while the
map is written nowhere but right after it is copied. It fails loudly when the
method's arguments change or a map is written anywhere else, and checks that
nested deferred fragments answer exactly as graphql-core's own executor
answers them, with a copy made only where a fragment is new. When it fails:
read graphql-core's ``execution/incremental/incremental_executor.py`` of the
new version against the module, run ``tests/incremental``, and move the bound
in ``pyproject.toml``.
"""

from __future__ import annotations

import asyncio
import inspect
import re
from typing import Any

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
from graphql.execution.incremental import IncrementalExecutor, incremental_executor
from graphql.type.directives import GraphQLDeferDirective, GraphQLStreamDirective

from fastpath.shared_group_maps import SharedGroupMaps


def test_a_delivery_group_map_is_written_only_where_it_was_just_copied() -> None:
    assert list(inspect.signature(IncrementalExecutor.get_new_delivery_group_map).parameters) == [
        "self",
        "new_defer_usages",
        "delivery_group_map",
        "path",
    ]
    source = inspect.getsource(incremental_executor)
    writes = re.findall(r"^\s*(\w+)\[[^\]\n]+\] = ", source, re.MULTILINE)
    # Every item assignment in the module: the map's one write, and the publisher-free rest.
    assert writes.count("new_delivery_group_map") == 1
    assert not [name for name in writes if "map" in name and name != "new_delivery_group_map"]
    method = inspect.getsource(IncrementalExecutor.get_new_delivery_group_map)
    assert "new_delivery_group_map: DeliveryGroupMap = RefMap(" in method
    assert "new_delivery_group_map[new_defer_usage] = delivery_group" in method


class Thing:
    def __init__(self, name: str) -> None:
        self.name = name
        self.child = self


async def _later(source: Thing, _info: Any) -> str:
    await asyncio.sleep(0)
    return f"later {source.name}"


_thing: GraphQLObjectType = GraphQLObjectType(
    "Thing",
    lambda: {
        "name": GraphQLField(GraphQLString),
        "later": GraphQLField(GraphQLString, resolve=_later),
        "child": GraphQLField(_thing),
    },
)


async def _things(*_args: Any) -> list[Thing]:
    await asyncio.sleep(0)
    return [Thing(name) for name in "abc"]


SCHEMA = GraphQLSchema(
    GraphQLObjectType("Query", {"things": GraphQLField(GraphQLList(_thing), resolve=_things)}),
    directives=[*specified_directives, GraphQLDeferDirective, GraphQLStreamDirective],
)

# Per thing: a fragment of its own, a child without one, and a grandchild with one
# nested in the deferred part.
DOCUMENT = parse(
    """{ things {
      name
      child { name child { name } }
      ... @defer(label: "outer") { later child { child { ... @defer(label: "inner") { later } } } }
    } }"""
)


class Copies(SharedGroupMaps):
    """Counts the maps made (shared by its sub-executors, which are copies)."""

    made: list[int]

    def get_new_delivery_group_map(self, *args: Any) -> Any:
        groups, made = super().get_new_delivery_group_map(*args)
        if made is not args[1]:
            self.made.append(1)
        return groups, made


class CoreCopies(IncrementalExecutor):
    made: list[int]

    def get_new_delivery_group_map(self, *args: Any) -> Any:
        self.made.append(1)
        return super().get_new_delivery_group_map(*args)


def _payloads(executor: type[Copies | CoreCopies]) -> tuple[list[Any], int]:
    async def run() -> list[Any]:
        built: Any = executor.build(SCHEMA, DOCUMENT)
        built.made = []
        result = await built.execute_operation()
        assert isinstance(result, ExperimentalIncrementalExecutionResults)
        later = [payload.formatted async for payload in result.subsequent_results]
        made.extend(built.made)
        return [result.initial_result.formatted, *later]

    made: list[int] = []
    return asyncio.run(run()), len(made)


def test_nested_deferred_fragments_answer_as_graphql_core_with_a_map_per_new_fragment() -> None:
    payloads, made = _payloads(Copies)
    core_payloads, core_made = _payloads(CoreCopies)
    assert payloads == core_payloads
    labels = [one["label"] for payload in payloads for one in payload.get("pending", [])]
    assert labels == ["outer"] * 3 + ["inner"] * 3
    # One map per thing, and one per grandchild in the deferred part; graphql-core
    # also copies one for every object below them.
    assert made == 6
    assert core_made == 9
