"""``PlainExecutor`` answers exactly as graphql-core's own executor, errors included.

Each case runs one document through both over the same records: the plain
fields inline, and graphql-core calling the same ``getattr`` resolvers. The
records are built to take each way out of the inline answer: nulls where the
type forbids them (a field, a list item), values a scalar refuses, errors
inside list items, awaitables, an ``is_type_of`` that says no, an abstract
type, a list that is not a list.
"""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from graphql import (
    ExecutionResult,
    Executor,
    GraphQLEnumType,
    GraphQLField,
    GraphQLInt,
    GraphQLInterfaceType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLScalarType,
    GraphQLSchema,
    GraphQLString,
    GraphQLUnionType,
    execute,
    parse,
    specified_directives,
)
from graphql.execution import ExperimentalIncrementalExecutionResults
from graphql.execution.incremental import IncrementalExecutor
from graphql.pyutils import is_awaitable
from graphql.type.directives import GraphQLDeferDirective, GraphQLStreamDirective

from fastpath.incremental_executor import IncrementalPlainExecutor
from fastpath.plain_executor import PlainExecutor
from fastpath.plain_fields import attribute_resolver
from fastpath.plain_plans import Branch, Leaf, plain_fields


class Thing:
    slow: Any

    def __init__(self, **values: Any) -> None:
        self.__dict__.update(values)


class Point:
    def __init__(self, value: Any, kind: Any = None) -> None:
        self.value = value
        self.kind = kind


class Place:
    def __init__(self, city: Any, zip_code: Any = "0000") -> None:
        self.city = city
        self.zip_code = zip_code


def plain(kind: Any, attribute: str) -> GraphQLField:
    return GraphQLField(kind, resolve=attribute_resolver(attribute))


def non_null(kind: Any) -> GraphQLNonNull[Any]:
    return GraphQLNonNull(kind)


POINT = GraphQLObjectType(
    "Point",
    {"value": plain(non_null(GraphQLString), "value"), "kind": plain(GraphQLString, "kind")},
)
PLACE = GraphQLObjectType(
    "Place",
    {"city": plain(GraphQLString, "city"), "zip": plain(non_null(GraphQLString), "zip_code")},
)
NAMED = GraphQLInterfaceType(
    "Named",
    {"name": GraphQLField(non_null(GraphQLString))},
    resolve_type=lambda value, *_: "Thing" if isinstance(value, Thing) else "Place",
)


async def slow_text(thing: Thing, _info: Any) -> str:
    await asyncio.sleep(0)
    if thing.slow is None:
        raise ValueError("slow failed")
    return str(thing.slow)


THING: GraphQLObjectType = GraphQLObjectType(
    "Thing",
    lambda: {
        "name": plain(non_null(GraphQLString), "name"),
        "nickname": plain(GraphQLString, "nickname"),
        "count": plain(non_null(GraphQLInt), "count"),
        "color": plain(GraphQLEnumType("Color", {"RED": "red", "BLUE": "blue"}), "color"),
        "tags": plain(GraphQLList(GraphQLString), "tags"),
        "codes": plain(GraphQLList(non_null(GraphQLInt)), "codes"),
        "place": plain(PLACE, "place"),
        "home": plain(non_null(PLACE), "home"),
        "points": plain(GraphQLList(non_null(POINT)), "points"),
        "maybePoints": plain(GraphQLList(POINT), "points"),
        "pointsRequired": plain(non_null(GraphQLList(non_null(POINT))), "points"),
        "twin": plain(THING, "twin"),
        "friend": plain(NAMED, "friend"),
        "either": plain(EITHER, "friend"),
        "computed": GraphQLField(GraphQLString, resolve=lambda thing, _info: thing.name.upper()),
        "slow": GraphQLField(GraphQLString, resolve=slow_text),
    },
    interfaces=[NAMED],
    is_type_of=lambda value, _info: isinstance(value, Thing),
)
EITHER: GraphQLUnionType = GraphQLUnionType("Either", lambda: [THING, PLACE])
PLACE_NAMED = GraphQLObjectType(
    "PlaceNamed", {"name": plain(non_null(GraphQLString), "city")}, interfaces=[NAMED]
)


def schema_over(things: Any) -> GraphQLSchema:
    query = GraphQLObjectType(
        "Query", {"things": GraphQLField(GraphQLList(THING), resolve=lambda *_: things)}
    )
    return GraphQLSchema(query, types=[PLACE_NAMED])


DOCUMENT = parse(
    """{ things {
      name nickname again: nickname count color tags codes computed __typename
      ... on Named { __typename name }
      place { city zip } home { zip } skipped: place @skip(if: true) { city }
      points { value kind __typename } maybePoints { value } pointsRequired { value }
      twin { name twin { count } }
      friend { name ... on Thing { count } }
      either { ... on Thing { name } ... on Place { city } }
    } }"""
)
SLOW_DOCUMENT = parse("{ things { name points { value } twin { slow } slow } }")


def good(**changes: Any) -> Thing:
    values: dict[str, Any] = {
        "name": "a",
        "nickname": None,
        "count": 3,
        "color": "blue",
        "tags": ["x", None],
        "codes": (1, 2),
        "place": Place("Hobart"),
        "home": Place(None, "7000"),
        "points": [Point("p1", "k"), Point("p2")],
        "twin": None,
        "friend": None,
        "slow": "s",
    }
    values.update(changes)
    return Thing(**values)


async def later_place() -> Place:
    await asyncio.sleep(0)
    return Place("Later")


CASES: dict[str, Any] = {
    "all well": lambda: [good(), good(name="b", twin=good(name="t"), friend=good(name="f"))],
    "null where a leaf forbids it": lambda: [good(name=None)],
    "a value the scalar refuses": lambda: [good(count="many")],
    "a value the enum refuses": lambda: [good(color="green")],
    "a missing attribute": lambda: [Thing(name="e", count=1)],
    "a nullable object that is null": lambda: [good(place=None)],
    "a non-null object that is null": lambda: [good(), good(home=None)],
    "a null in a non-null list item": lambda: [good(points=[Point("p"), None])],
    "an error inside a list item": lambda: [good(points=[Point("p"), Point(None)])],
    "a list item that is the wrong type": lambda: [good(points=[Point("p"), "point"])],
    "a list of leaves the scalar refuses": lambda: [good(tags=["x", {"not": "text"}])],
    "a null in a non-null list of leaves": lambda: [good(codes=[1, None])],
    "a list that is not a list": lambda: [good(points=iter([Point("i")]), tags="abc")],
    "a list that is not iterable": lambda: [good(points=7)],
    "an object is_type_of refuses": lambda: [good(twin=Place("not a thing"))],
    "an abstract-typed field": lambda: [good(friend=Place("Perth"))],
    "things that are not things": lambda: [good(), Place("x")],
    "a null among things a resolver answered": lambda: [good(), None],
    "things a resolver answered as a tuple": lambda: (good(), good(name="b")),
}


CLEAN = {
    "all well",
    "a nullable object that is null",
    "a list that is not a list",
    "a null among things a resolver answered",
    "things a resolver answered as a tuple",
}


def run_plain(schema: GraphQLSchema, document: Any = DOCUMENT) -> Any:
    built = PlainExecutor.build(schema, document, plain=plain_fields(schema))
    assert not isinstance(built, list)
    return built.execute_operation()


def same(ours: Any, theirs: Any) -> None:
    assert isinstance(ours, ExecutionResult) and isinstance(theirs, ExecutionResult)
    assert ours.data == theirs.data
    assert [e.formatted for e in ours.errors or []] == [e.formatted for e in theirs.errors or []]


@pytest.mark.parametrize("case", CASES)
def test_answers_and_errors_are_graphql_cores(case: str) -> None:
    ours = run_plain(schema_over(CASES[case]()))
    theirs = execute(schema_over(CASES[case]()), DOCUMENT)
    same(ours, theirs)
    if case not in CLEAN:
        assert ours.errors  # the case does fail, so the usual way reported it


ASYNC_CASES: dict[str, Any] = {
    "an awaitable plain object": lambda: [good(twin=later_place())],
    "async fields inside list items and objects": lambda: [good(twin=good(slow="t")), good()],
    "an async error inside a non-null object": lambda: [good(twin=good(slow=None))],
}


@pytest.mark.parametrize("case", ASYNC_CASES)
def test_awaited_answers_and_errors_are_graphql_cores(case: str) -> None:
    document = DOCUMENT if case == "an awaitable plain object" else SLOW_DOCUMENT

    async def both() -> tuple[Any, Any]:
        ours = run_plain(schema_over(ASYNC_CASES[case]()), document)
        theirs = execute(schema_over(ASYNC_CASES[case]()), document)
        return await ours, await theirs  # type: ignore[misc]

    same(*asyncio.run(both()))


def test_plain_fields_are_leaves_objects_and_lists_but_never_abstract() -> None:
    found = plain_fields(schema_over([]))
    assert {key for key, how in found.items() if isinstance(how, Leaf)} == {
        ("Thing", "name"),
        ("Thing", "nickname"),
        ("Thing", "count"),
        ("Thing", "color"),
        ("Point", "value"),
        ("Point", "kind"),
        ("Place", "city"),
        ("Place", "zip"),
        ("PlaceNamed", "name"),
    }
    assert {key for key, how in found.items() if isinstance(how, Branch)} == {
        ("Thing", "tags"),
        ("Thing", "codes"),
        ("Thing", "place"),
        ("Thing", "home"),
        ("Thing", "points"),
        ("Thing", "maybePoints"),
        ("Thing", "pointsRequired"),
        ("Thing", "twin"),
    }


@pytest.fixture
def usual(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The names of the fields that go graphql-core's usual way, in order."""
    names: list[str] = []
    original = Executor.execute_field

    def counting(self: Any, parent_type: Any, source: Any, details: Any, *rest: Any) -> Any:
        names.append(details[0].node.name.value)
        return original(self, parent_type, source, details, *rest)

    monkeypatch.setattr(Executor, "execute_field", counting)
    return names


def test_clean_fields_skip_the_usual_way(usual: list[str]) -> None:
    result = run_plain(schema_over(CASES["all well"]()))
    assert result.errors is None
    # Only the root list and the fields that are not plain go the usual way.
    assert sorted(usual) == sorted(["things"] + ["computed", "friend", "either"] * 2)


def test_a_streamed_list_goes_the_usual_way(usual: list[str]) -> None:
    schema = schema_over([good()])
    document = parse("{ things { points @stream(initialCount: 1) { value } } }")
    built = PlainExecutor.build(schema, document, plain=plain_fields(schema))
    assert not isinstance(built, list)
    theirs = Executor.build(schema, document)
    assert not isinstance(theirs, list)
    same(built.execute_operation(), theirs.execute_operation())
    assert usual[:2] == ["things", "points"]  # ours; graphql-core's own follow


def incremental_answers(things: list[Thing], document: Any) -> tuple[list[Any], list[Any]]:
    """Every payload of ``document`` over ``things``: ours, then graphql-core's."""
    query = GraphQLObjectType(
        "Query", {"things": GraphQLField(GraphQLList(THING), resolve=lambda *_: things)}
    )
    schema = GraphQLSchema(
        query,
        types=[PLACE_NAMED],
        directives=[*specified_directives, GraphQLDeferDirective, GraphQLStreamDirective],
    )

    async def answer(executor_class: Any, **plain: Any) -> list[Any]:
        built = executor_class.build(schema, document, **plain)
        result = built.execute_operation()
        if is_awaitable(result):
            result = await result
        assert isinstance(result, ExperimentalIncrementalExecutionResults)
        later = [payload.formatted async for payload in result.subsequent_results]
        return [result.initial_result.formatted, *later]

    async def both() -> tuple[list[Any], list[Any]]:
        ours = await answer(IncrementalPlainExecutor, plain=plain_fields(schema))
        return ours, await answer(IncrementalExecutor)

    return asyncio.run(both())


def test_deferred_parts_inside_plain_objects_are_graphql_cores() -> None:
    document = parse(
        """{ things @stream(initialCount: 1) {
          name place { city ... @defer(label: "zip") { zip } }
          points { value ... @defer { kind } }
          ... @defer(label: "twin") { twin { name } home { zip } }
        } }"""
    )
    things = [good(), good(name="b", twin=good(name="t"), home=None)]
    ours, theirs = incremental_answers(things, document)
    assert ours == theirs
    assert len(ours) > 2  # the parts were deferred, and one of them failed
    assert "errors" in str(ours)


def test_lists_inside_an_object_with_a_deferred_part_are_graphql_cores() -> None:
    # Each thing's lists are completed with its delivery groups; errors inside
    # their items, and a deferred part of each item of one of them.
    document = parse(
        """{ things {
          name ... @defer(label: "twin") { twin { name points { value } } }
          points { value kind } maybePoints { value ... @defer(label: "kind") { kind } }
          pointsRequired { value }
        } }"""
    )
    broken = [Point("p"), Point(None, "k")]
    things = [good(points=broken), good(name="b", twin=good(name="t", points=broken))]
    ours, theirs = incremental_answers(things, document)
    assert ours == theirs
    assert str(ours).count("'path'") > 3  # errors in items, at their own paths


def test_leaves_are_coerced_as_graphql_cores_completion_coerces_them() -> None:
    shouted = GraphQLScalarType(
        "Shouted", serialize=str.lower, coerce_output_value=lambda value: str(value).upper()
    )
    holder = GraphQLObjectType(
        "Holder",
        {
            "word": plain(shouted, "word"),
            "words": plain(GraphQLList(shouted), "words"),
        },
    )
    query = GraphQLObjectType(
        "Query", {"holder": GraphQLField(holder, resolve=lambda *_: Thing(word="a", words=["b"]))}
    )
    schema = GraphQLSchema(query)
    document = parse("{ holder { word words } }")
    ours = PlainExecutor.build(schema, document, plain=plain_fields(schema))
    assert not isinstance(ours, list)
    same(ours.execute_operation(), execute(schema, document))
    assert ours.execute_operation().data == {"holder": {"word": "A", "words": ["B"]}}  # type: ignore[union-attr]


def test_release_waits_for_work_settling_in_the_background() -> None:
    """A failed field's siblings go on after the answer; their resolve infos need the helpers."""
    seen: list[str] = []

    def name(source: Any, info: Any) -> str:
        seen.append(source.name)
        return str(source.name)

    thing = GraphQLObjectType("Thing", {"name": GraphQLField(GraphQLString, resolve=name)})

    def fails(*_: Any) -> str:
        raise ValueError("refused")

    async def main() -> None:
        arrived = asyncio.Event()

        async def slow(*_: Any) -> Thing:
            await arrived.wait()
            return Thing(name="late")

        query = GraphQLObjectType(
            "Query",
            {
                "slow": GraphQLField(thing, resolve=slow),
                "fails": GraphQLField(non_null(GraphQLString), resolve=fails),
            },
        )
        built = PlainExecutor.build(
            GraphQLSchema(query), parse("{ slow { name } fails }"), plain={}
        )
        assert isinstance(built, PlainExecutor)
        result = built.execute_operation()
        assert isinstance(result, ExecutionResult)
        assert result.data is None  # "slow" is still settling in the background
        built.release()
        assert built.background_futures
        arrived.set()
        for _ in range(100):
            if not built.background_futures and not hasattr(built, "async_helpers"):
                break
            await asyncio.sleep(0)
        assert not hasattr(built, "async_helpers")

    asyncio.run(main())
    assert seen == ["late"]  # its field was resolved, with a resolve info, after the release
