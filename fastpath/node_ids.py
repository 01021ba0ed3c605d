"""Relay global ids answered from the node's id attribute, without Strawberry's ``id`` resolver.

Every Node type's ``id`` resolves through ``Node._id``: Strawberry's wrapper
converts the resolve info, then ``_id`` asks ``resolve_typename`` (the
path's type name) and ``resolve_id`` (``getattr`` of the attribute marked
``NodeID``) and builds a ``GlobalID`` that the ``ID`` scalar prints as the
base64 of ``<type>:<id>``. A page of 50 accounts paid that once per account
to print one string. Where a Node type keeps Node's own ``resolve_id`` and
``resolve_typename``, the answer depends only on the type's name and that
attribute, so this module puts a resolver computing it in ``_id``'s place on
the built graphql-core schema, and marks it so the plain executor answers
the field as a leaf (``fastpath.plain_plans``). A type that overrides either
method keeps Strawberry's resolver.

Private to Strawberry: ``Node._id`` as the ``id`` field's resolver,
``resolve_id_attr``, and the converter's back-reference from a graphql-core
type or field to its Strawberry definition. Guarded by
``tests/fastpath/test_node_ids_guard.py``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, NamedTuple

from graphql import GraphQLField, GraphQLFieldResolver, GraphQLObjectType, GraphQLSchema
from strawberry import relay
from strawberry.types.base import StrawberryObjectDefinition
from strawberry.types.field import StrawberryField

from fastpath.plain_fields import definition_of, object_fields

ID_FIELD = "id"


class GlobalIdOf(NamedTuple):
    """What a Node type's global id is made of: its type name and its id attribute."""

    type_name: str
    attribute: str

    def text(self, node_id: object) -> str:
        """The global id of the node whose id attribute holds ``node_id``, as ``_id`` prints it."""
        return relay.to_base64(self.type_name, str(node_id))


def use_plain_node_ids(schema: GraphQLSchema) -> int:
    """Replace the ``id`` resolver of every Node type that keeps Node's own; return how many."""
    replaced = 0
    for named, name, field in object_fields(schema):
        made_of = node_id_field(named, field) if name == ID_FIELD else None
        if made_of is not None:
            field.resolve = global_id_resolver(made_of, replaces=field.resolve)
            replaced += 1
    return replaced


def node_id_field(named: GraphQLObjectType, field: GraphQLField) -> GlobalIdOf | None:
    """What ``named``'s ``id`` is made of, when Node's own ``_id`` resolves it unchanged."""
    definition = definition_of(field)
    type_definition = definition_of(named)
    if not isinstance(definition, StrawberryField) or not isinstance(
        type_definition, StrawberryObjectDefinition
    ):
        return None
    origin = type_definition.origin
    resolver = definition.base_resolver
    wrapped = getattr(resolver, "wrapped_func", None)
    if (
        not (isinstance(origin, type) and issubclass(origin, relay.Node))
        or getattr(wrapped, "__func__", None) is not _node_id_function()
        or origin.resolve_id.__func__ is not relay.Node.resolve_id.__func__  # type: ignore[attr-defined]
        or origin.resolve_typename.__func__ is not relay.Node.resolve_typename.__func__  # type: ignore[attr-defined]
        or definition.permission_classes
        or definition.extensions
        or field.args
    ):
        return None
    return GlobalIdOf(named.name, origin.resolve_id_attr())


def _node_id_function() -> Callable[..., Any]:
    """The function behind ``Node._id``, the classmethod Strawberry makes the ``id`` field of."""
    declared: Any = relay.Node.__dict__["_id"]
    resolver = getattr(declared, "base_resolver", None)
    wrapped = getattr(resolver, "wrapped_func", declared)
    function: Callable[..., Any] = getattr(wrapped, "__func__", wrapped)
    return function


def global_id_resolver(
    made_of: GlobalIdOf, *, replaces: GraphQLFieldResolver | None = None
) -> GraphQLFieldResolver:
    """A graphql-core resolver printing the global id ``made_of`` says.

    ``replaces`` (Strawberry's resolver) stays reachable as ``.replaced``, so a
    test can run the same document through both and compare the answers.
    """
    attribute = made_of.attribute
    text = made_of.text

    def resolve(source: Any, _info: Any, **_arguments: Any) -> Any:
        node_id = getattr(source, attribute)
        if node_id is None:  # as ``_id`` refuses it
            raise ValueError(f"{made_of.type_name} has no {attribute}")
        return text(node_id)

    resolve.global_id_of = made_of  # type: ignore[attr-defined]
    resolve.replaced = replaces  # type: ignore[attr-defined]
    resolve.__name__ = f"global_id_{made_of.type_name}"
    return resolve


def global_id_made_by(resolve: GraphQLFieldResolver | None) -> GlobalIdOf | None:
    """What a resolver made by ``global_id_resolver`` prints; ``None`` for any other."""
    made_of = getattr(resolve, "global_id_of", None)
    return made_of if isinstance(made_of, GlobalIdOf) else None
