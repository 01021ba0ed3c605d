"""Federation entity references, resolved the way Relay ``nodes`` resolves ids.

A router asks ``_entities`` for records other subgraphs point at, by the
global ``id`` or by the upstream's natural id (which another team would hold,
e.g. a billing account's identity). Both turn into the node id the type's
``resolve_nodes`` already reads through the request's loaders, so 100
representations make the same upstream calls as ``nodes`` with those 100 ids,
and a record that does not exist is null without failing its neighbours.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

import strawberry
from graphql import GraphQLSchema, GraphQLUnionType
from strawberry import relay
from strawberry.federation.schema_directives import Key

from resolvers.errors import GraphError, bad_input
from resolvers.record_numbers import RANGE, parse_record_number

N = TypeVar("N")


SHAPE = "A representation is an object with __typename and the type's @key fields"


def entity_keys(entity: type[Any]) -> list[list[str]]:
    """The fields of each of ``entity``'s ``@key`` directives: ``[["id"], ["accountNumber"]]``."""
    directives = entity.__strawberry_definition__.directives
    return [str(one.fields).split() for one in directives if isinstance(one, Key)]


def entity_fields(schema: GraphQLSchema) -> dict[str, frozenset[str]]:
    """Each entity type's name -> the fields its representations may carry: its @key fields."""
    union = schema.get_type("_Entity")
    if not isinstance(union, GraphQLUnionType):
        return {}
    fields = {}
    for member in union.types:
        origin = member.extensions["strawberry-definition"].origin
        fields[member.name] = frozenset(name for key in entity_keys(origin) for name in key)
    return fields


def representation_problem(
    representation: object, entities: Mapping[str, frozenset[str]]
) -> GraphError | None:
    """Why a router's ``representation`` names no entity of this subgraph; None if it does.

    Checked before Strawberry reads it, which would fail on these with an
    internal error instead of telling the router what is wrong.
    """
    if not isinstance(representation, dict):
        return bad_input(SHAPE)
    name = representation.get("__typename")
    if not isinstance(name, str):
        return bad_input(SHAPE)
    fields = entities.get(name)
    if fields is None:
        return bad_input(f"{name[:100]!r} is not an entity type of this subgraph")
    extra = sorted(set(representation) - fields - {"__typename"})
    if extra:
        return bad_input(
            f"A {name} representation carries fields that are not its keys: "
            + ", ".join(repr(field[:100]) for field in extra[:5])
        )
    return None


KEY_RANGE = f"A natural key of this graph is {RANGE}"


def natural_node_id(*parts: object) -> str | None:
    """The node id a natural key makes (``"1001"``, or ``"1001:12"`` for a child record).

    ``None`` when the representation left a part out. Values arrive as the
    router's raw JSON, so a number may come as a string, and one too large for
    an integer as a float: only digits that can name a record count
    (``resolvers.record_numbers``), so no other costs an upstream call.
    """
    if any(part is None for part in parts):
        return None
    texts = [str(part) for part in parts]
    if not all(parse_record_number(text) for text in texts):
        raise bad_input(KEY_RANGE)
    return ":".join(texts)


async def resolve_reference(
    entity: type[N], info: strawberry.Info, *, global_id: str | None, node_id: str | None
) -> N | None:
    """The record a representation names; ``None`` when it does not exist."""
    if global_id is not None:
        node_id = _own_node_id(entity, global_id)
    if node_id is None:
        raise bad_input(f"A {_type_name(entity)} representation needs one of its @key fields")
    # Each entity type narrows the Relay Node's loosely typed resolve_nodes to a coroutine.
    reader: Any = entity
    found: list[N | None] = await reader.resolve_nodes(
        info=info, node_ids=[node_id], required=False
    )
    return found[0]


async def _by_keys(cls: type[Any], /, info: strawberry.Info, **representation: object) -> Any:
    """Federation: the record a representation names, by its global ``id`` or its natural key.

    The natural key is the type's other ``@key`` (one field, or several making
    a child's node id); the record is read through the type's ``resolve_nodes``.
    """
    global_id: Any = representation.get("id")
    [natural] = [key for key in entity_keys(cls) if key != ["id"]]
    node_id = natural_node_id(*(representation.get(name) for name in natural))
    return await resolve_reference(cls, info, global_id=global_id, node_id=node_id)


by_keys = classmethod(_by_keys)
"""A Node entity's ``resolve_reference``, from the ``keys`` its type declares."""


def _own_node_id(entity: Any, global_id: str) -> str:
    """The node id inside ``global_id``; ``bad_input`` when it names another type."""
    decoded = relay.GlobalID.from_id(global_id)
    if decoded.type_name != _type_name(entity):
        raise bad_input(f"Not a global id of a {_type_name(entity)}")
    return decoded.node_id


def _type_name(entity: Any) -> str:
    name: str = entity.__strawberry_definition__.name
    return name
