"""Which fields of a schema read one attribute, and what their type asks of the value read.

A field whose resolver is a plain ``getattr`` (``fastpath.plain_fields``)
and whose type is a scalar or an enum (a leaf), an object type, or a list of
either, can be answered from the attribute without graphql-core's resolve
info and resolver call (``fastpath.plain_executor``). So can a Node's global
id (``fastpath.node_ids``): a leaf whose coercion prints the id attribute as
the global id; and a field whose answer the object may hold
(``fastpath.held_first``), from that attribute when it is there. This module
finds them, once per schema; it reaches into nothing private.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, NamedTuple

from graphql import (
    GraphQLBoolean,
    GraphQLEnumType,
    GraphQLField,
    GraphQLID,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLOutputType,
    GraphQLScalarType,
    GraphQLSchema,
    GraphQLString,
)

from fastpath.held_first import held_attribute_of
from fastpath.info_free_is_type_of import ignores_info
from fastpath.node_ids import GlobalIdOf, global_id_made_by
from fastpath.plain_fields import attribute_read_by, object_fields


class Leaf(NamedTuple):
    """How to answer one plain leaf field: the attribute, its type's output coercion, non-null.

    The coercion is the type's ``coerce_output_value``, the one graphql-core's
    leaf completion calls: a scalar given both it and ``serialize`` (deprecated
    in graphql-core 3.3) answers with the former. ``same`` is the one class
    of value that coercion answers unchanged (a ``str`` for ``String`` and
    ``ID``, a ``bool`` for ``Boolean``), so such a value needs no call.
    """

    attribute: str
    coerce: Callable[[Any], Any]
    non_null: bool
    same: type | None = None


UNCHANGED: dict[GraphQLScalarType, type] = {
    GraphQLString: str,
    GraphQLID: str,
    GraphQLBoolean: bool,
}
"""graphql-core's own scalars whose output coercion answers a value of this class as it is."""


class Branch(NamedTuple):
    """A plain field whose type is an object type or a list (of leaves or of objects).

    ``item_type`` is a list's item type as declared (``None`` for an object
    field); ``object_type`` is the object type completed (a list's item type
    unwrapped), ``None`` for a list of leaves, whose items ``item_coerce``
    answers. ``held``: when the object does not have the attribute, the
    field's resolver answers (``fastpath.held_first``). ``asks_info``: the
    object type's ``is_type_of`` reads the resolve info it is given (false
    when there is none, or it is Strawberry's: ``fastpath.info_free_is_type_of``).
    """

    attribute: str
    field: GraphQLField
    non_null: bool
    item_type: GraphQLOutputType | None
    item_non_null: bool
    object_type: GraphQLObjectType | None
    item_coerce: Callable[[Any], Any] | None
    held: bool = False
    asks_info: bool = True


# (object type name, field name) -> how to answer it without the resolver.
PlainFields = dict[tuple[str, str], Leaf | Branch]


def plain_fields(schema: GraphQLSchema) -> PlainFields:
    """Every field of ``schema`` that reads an attribute and whose type needs no resolving."""
    found: PlainFields = {}
    for named, field_name, field in object_fields(schema):
        global_id = global_id_made_by(field.resolve)
        if global_id is not None:
            found[named.name, field_name] = _global_id(global_id, field)
            continue
        held = held_attribute_of(field.resolve)
        attribute = attribute_read_by(field.resolve) if held is None else held
        if attribute is None or field.args:
            continue
        how = _plain(attribute, field)
        if isinstance(how, Branch) and held is not None:
            how = how._replace(held=True)
        if how is not None:
            found[named.name, field_name] = how
    return found


def _plain(attribute: str, field: GraphQLField) -> Leaf | Branch | None:
    of_type, non_null = _nullable(field.type)
    if isinstance(of_type, GraphQLScalarType | GraphQLEnumType):
        same = UNCHANGED.get(of_type) if isinstance(of_type, GraphQLScalarType) else None
        return Leaf(attribute, of_type.coerce_output_value, non_null, same)
    if isinstance(of_type, GraphQLObjectType):
        return _objects(Branch(attribute, field, non_null, None, False, of_type, None))
    if isinstance(of_type, GraphQLList):
        declared = of_type.of_type
        item_type, item_non_null = _nullable(declared)
        if isinstance(item_type, GraphQLScalarType | GraphQLEnumType):
            coerce = item_type.coerce_output_value
            return Branch(attribute, field, non_null, declared, item_non_null, None, coerce)
        if isinstance(item_type, GraphQLObjectType):
            return _objects(
                Branch(attribute, field, non_null, declared, item_non_null, item_type, None)
            )
    return None


def _objects(branch: Branch) -> Branch:
    """``branch`` (of objects), marked with whether its type's ``is_type_of`` reads the info."""
    assert branch.object_type is not None
    is_type_of = branch.object_type.is_type_of
    return branch._replace(asks_info=is_type_of is not None and not ignores_info(is_type_of))


def _global_id(made_of: GlobalIdOf, field: GraphQLField) -> Leaf:
    """The global id as a leaf: the id attribute read, printed as the global id, then coerced."""
    scalar, non_null = _nullable(field.type)
    text = made_of.text
    coerce = scalar.coerce_output_value

    def printed(node_id: Any) -> Any:
        return coerce(text(node_id))

    return Leaf(made_of.attribute, printed, non_null)


def _nullable(of_type: GraphQLOutputType) -> tuple[Any, bool]:
    if isinstance(of_type, GraphQLNonNull):
        return of_type.of_type, True
    return of_type, False
