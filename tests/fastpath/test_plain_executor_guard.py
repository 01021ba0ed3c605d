"""Guard: ``fastpath/plain_executor.py`` overrides and mirrors graphql-core's private executor.

``PlainExecutor.execute_fields`` replaces graphql-core's, and its plain
object and list completion does what ``execute_field``, the list item
completion and ``complete_object_value`` do for a clean value; a list's
items skip ``collect_and_execute_subfields``, doing what it and
``execute_collected_subfields`` (plain and incremental) would do for each.
This fails loudly when any of those methods changes at all (their source is pinned),
when the methods it calls take other arguments, when ``__typename`` stops
being the parent type's name, when the incremental executor starts
overriding ``execute_fields``, or when ``build`` stops handing extra keyword
arguments to a subclass: before plain fields silently answer differently.
It also fails when an executor is no longer a reference cycle through its
``async_helpers``, or when a released one is still one: before requests
leave their executors to the cyclic collector again.
When it fails: read graphql-core's ``execution/executor.py`` of the new
version against ``fastpath/plain_executor.py``, run
``tests/fastpath/test_plain_executor.py``, update the pins, and move the
bound in ``pyproject.toml``.
"""

from __future__ import annotations

import gc
import hashlib
import inspect
import weakref
from types import SimpleNamespace
from typing import Any

from graphql import (
    Executor,
    GraphQLField,
    GraphQLList,
    GraphQLObjectType,
    GraphQLSchema,
    GraphQLString,
    parse,
)
from graphql.execution.incremental import IncrementalExecutor
from graphql.type.introspection import TypeNameMetaFieldDef

from fastpath.incremental_executor import IncrementalPlainExecutor
from fastpath.plain_executor import PlainExecutor
from fastpath.plain_fields import attribute_resolver
from fastpath.plain_plans import UNCHANGED, Branch, Leaf

# The graphql-core 3.3.2 methods the plain executor replaces or mirrors: sha256 of their source.
MIRRORED = {
    "execute_fields": "797f54fbd779b4e3",
    "execute_field": "5281dc836ecc24a0",
    "complete_iterable_value": "bdb49d2d91f1e312",
    "complete_list_item_value": "8883b4d65a1ae099",
    "complete_object_value": "55e77f58eca1ddc4",
    "collect_subfields": "53924d281ad7f699",
    "collect_and_execute_subfields": "98432d93fb1b2526",
    "execute_collected_subfields": "540cba4224b4150d",
}
# The incremental executor's: what ``alike_subfields`` says it does per list item.
INCREMENTAL_MIRRORED = {
    "execute_collected_subfields": "4be78f15f06f988a",
    "get_new_delivery_group_map": "408ae28832512975",
    "build_sub_execution_plan": "389a4696bdbad6ff",
}


def test_the_mirrored_methods_are_the_ones_the_executor_was_written_for() -> None:
    changed = {
        f"{kind.__name__}.{name}"
        for kind, pins in ((Executor, MIRRORED), (IncrementalExecutor, INCREMENTAL_MIRRORED))
        for name, pinned in pins.items()
        if hashlib.sha256(inspect.getsource(getattr(kind, name)).encode()).hexdigest()[:16]
        != pinned
    }
    assert not changed, f"graphql-core changed {sorted(changed)}: re-read them (see the module)"


def test_the_methods_called_take_what_is_passed_on() -> None:
    expected = {
        "execute_fields": ["parent_type", "source_value", "path", "grouped_field_set"],
        "execute_field": ["parent_type", "source", "field_details_list", "path"],
        "collect_and_execute_subfields": [
            "return_type",
            "field_details_list",
            "path",
            "result",
        ],
        "complete_value": ["return_type", "field_details_list", "info", "path", "result"],
        "complete_awaitable_value": [
            "return_type",
            "field_details_list",
            "info",
            "path",
            "result",
        ],
        "complete_iterable_value": [
            "item_type",
            "field_details_list",
            "info",
            "path",
            "items",
        ],
        "build_resolve_info": ["field_def", "field_nodes", "parent_type", "path"],
        "handle_field_error": ["raw_error", "return_type", "field_details_list", "path"],
        "settle_in_background": ["awaitables"],
    }
    for name, parameters in expected.items():
        found = list(inspect.signature(getattr(Executor, name)).parameters)
        tail = ["position_context"] if "position_context" in found else []
        assert found == ["self", *parameters, *tail], name
    assert "self.middleware_manager = middleware_manager" in inspect.getsource(Executor.__init__)
    # Sub-executors are shallow copies, so they share the plans.
    assert "sub_executor = copy(self)" in inspect.getsource(IncrementalExecutor.create_sub_executor)
    # The incremental executor completes fields through the base class's execute_fields.
    assert "execute_fields" not in IncrementalExecutor.__dict__
    # A list's items skip collect_and_execute_subfields (collected once for the list):
    # no executor the gateway builds may do more there, nor collect otherwise.
    for executor in (PlainExecutor, IncrementalPlainExecutor):
        for name in ("collect_and_execute_subfields", "collect_subfields"):
            assert getattr(executor, name) is getattr(Executor, name), (executor, name)
    assert list(inspect.signature(IncrementalExecutor.execute_collected_subfields).parameters) == [
        "self",
        "parent_type",
        "source_value",
        "path",
        "grouped_field_set",
        "new_defer_usages",
        "delivery_group_map",
    ]


def test_typename_is_the_parent_types_name() -> None:
    source = inspect.getsource(TypeNameMetaFieldDef.resolve)  # type: ignore[arg-type]
    assert source.strip().endswith("return info.parent_type.name")


class Thing:
    name = "thing"

    def __init__(self) -> None:
        self.parts = [self, self]


def test_build_hands_the_plain_fields_to_the_subclass_and_they_are_answered_inline() -> None:
    thing: GraphQLObjectType = GraphQLObjectType(
        "Thing",
        lambda: {
            "name": GraphQLField(GraphQLString, resolve=attribute_resolver("name")),
            "parts": GraphQLField(GraphQLList(thing), resolve=attribute_resolver("parts")),
        },
    )
    query = GraphQLObjectType("Query", {"thing": GraphQLField(thing, resolve=lambda *_: Thing())})
    schema = GraphQLSchema(query)
    seen: list[Any] = []

    def serialize(value: Any) -> Any:
        seen.append(value)
        return value.upper()

    parts = thing.fields["parts"]
    built = PlainExecutor.build(
        schema,
        parse("{ thing { name parts { name } } }"),
        plain={
            ("Thing", "name"): Leaf("name", serialize, False),
            ("Thing", "parts"): Branch("parts", parts, False, thing, False, thing, None),
        },
    )
    assert isinstance(built, PlainExecutor)
    result = built.execute_operation()
    assert result.data == {  # type: ignore[union-attr]
        "thing": {"name": "THING", "parts": [{"name": "THING"}, {"name": "THING"}]}
    }
    assert seen == ["thing"] * 3


def _outlives_its_last_reference(release: bool) -> bool:
    """Whether an executor that answered a query still exists once nothing refers to it.

    The cyclic collector is off meanwhile: only reference counting frees it.
    """
    record = GraphQLObjectType("Record", {"name": GraphQLField(GraphQLString)})
    query = GraphQLObjectType(
        "Query", {"record": GraphQLField(record, resolve=lambda *_: SimpleNamespace(name="thing"))}
    )
    gc.disable()
    try:
        built = PlainExecutor.build(
            GraphQLSchema(query),
            parse("{ record { name } }"),
            plain={("Record", "name"): Leaf("name", str, False)},
        )
        assert isinstance(built, PlainExecutor)
        assert built.execute_operation().data == {"record": {"name": "thing"}}  # type: ignore[union-attr]
        if release:
            built.release()
        executor = weakref.ref(built)
        del built
        return executor() is not None
    finally:
        gc.enable()


def test_release_breaks_the_only_cycle_graphql_cores_executor_makes() -> None:
    # The cycle is async_helpers, two of the executor's own bound methods ...
    source = inspect.getsource(Executor.__init__)
    assert "gather=self.gather_async_work, track=self.track_async_work" in source
    # ... read back when a resolve info is built, and not under another name.
    assert "self.async_helpers," in inspect.getsource(Executor.build_resolve_info)
    # Should graphql-core stop making it, release has nothing left to do (see the module).
    assert _outlives_its_last_reference(release=False)
    # Should graphql-core make another, released executors are garbage again.
    assert not _outlives_its_last_reference(release=True)


def test_the_scalars_answered_unchanged_coerce_their_class_to_itself() -> None:
    """A leaf of one of these classes is stored as it is: graphql-core would return it unchanged."""
    samples: dict[type, list[Any]] = {
        str: ["", "text", "Q3VzdG9tZXI6MQ==", "é"],
        bool: [True, False],
    }
    for scalar, same in UNCHANGED.items():
        for value in samples[same]:
            assert scalar.coerce_output_value(value) is value
