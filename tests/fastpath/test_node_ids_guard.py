"""Guard: ``fastpath/node_ids.py`` relies on how Strawberry resolves a Node's ``id``.

It fails loudly when Strawberry stops resolving ``id`` through ``Node._id``,
stops printing the id as the base64 of ``<type>:<resolve_id>``, changes what
``resolve_id`` and ``resolve_typename`` answer by default, or stops linking
graphql-core's types and fields back to their definitions, before the
replacement prints ids Strawberry would not. When it fails: read
``strawberry/relay/types.py`` (``Node._id``, ``resolve_id``) of the new
version against ``fastpath/node_ids.py``, run ``tests/graph/test_plain_fields.py``,
and move the bound in ``pyproject.toml``.
"""

from __future__ import annotations

import inspect
from typing import Any

import strawberry
from graphql import GraphQLObjectType
from strawberry import relay

from fastpath.core_schema import core_schema
from fastpath.node_ids import GlobalIdOf, global_id_made_by, node_id_field, use_plain_node_ids


@strawberry.type
class Fruit(relay.Node):
    code: relay.NodeID[int]
    name: str


@strawberry.type
class Renamed(relay.Node):
    code: relay.NodeID[int]

    @classmethod
    def resolve_id(cls, root: Any, *, info: strawberry.Info) -> str:
        return f"own-{root.code}"


@strawberry.type
class ProbeQuery:
    @strawberry.field
    def fruits(self) -> list[Fruit]:
        return [Fruit(code=7, name="fig"), Fruit(code=12, name="lime")]

    @strawberry.field
    def renamed(self) -> Renamed:
        return Renamed(code=3)


QUERY = "{ fruits { id name } renamed { id } }"


def probe() -> strawberry.Schema:
    return strawberry.Schema(query=ProbeQuery)


def test_the_id_field_is_nodes_own_resolver_reading_the_node_id_attribute() -> None:
    named = core_schema(probe()).type_map["Fruit"]
    assert isinstance(named, GraphQLObjectType)
    assert node_id_field(named, named.fields["id"]) == GlobalIdOf("Fruit", "code")
    source = inspect.getsource(relay.Node._id)
    assert "resolve_typename(root, info)" in source
    assert "GlobalID(type_name=type_name, node_id=str(node_id))" in source
    assert "return getattr(root, cls.resolve_id_attr())" in inspect.getsource(relay.Node.resolve_id)


def test_a_type_with_its_own_resolve_id_keeps_strawberrys_resolver() -> None:
    named = core_schema(probe()).type_map["Renamed"]
    assert isinstance(named, GraphQLObjectType)
    assert node_id_field(named, named.fields["id"]) is None


def test_the_replacement_prints_the_ids_strawberry_prints() -> None:
    schema = probe()
    before = schema.execute_sync(QUERY)
    assert before.errors is None
    assert use_plain_node_ids(core_schema(schema)) == 1
    fruit = core_schema(schema).type_map["Fruit"]
    assert isinstance(fruit, GraphQLObjectType)
    assert global_id_made_by(fruit.fields["id"].resolve) == GlobalIdOf("Fruit", "code")
    after = schema.execute_sync(QUERY)
    assert after.errors is None
    assert after.data == before.data
    assert before.data is not None
    assert before.data["fruits"][0]["id"] == relay.to_base64("Fruit", "7")
    assert before.data["renamed"]["id"] == relay.to_base64("Renamed", "own-3")
