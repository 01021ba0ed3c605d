"""Plain attribute fields resolve with one ``getattr``, not through Strawberry's wrapper.

Strawberry gives a field without a resolver (``CustomerAccount.name``) a
wrapper that calls ``StrawberryField.get_result``, which calls the configured
default resolver, ``getattr(source, python_name)``: three Python calls per
leaf, and a small query's leaves are most of its fields. Such a field has no
arguments to convert, no permission classes or field extensions (those make
it not "basic") and no exception handler, and enums and scalars are converted
by their type's ``serialize``, not by the resolver. So the wrapper does
nothing but that ``getattr``, and this module puts the ``getattr`` in its
place on the built graphql-core schema. Anything else keeps Strawberry's
resolver.

Private to Strawberry: the name of that wrapper (``STRAWBERRY_BASIC``), the
``_is_default`` mark its tracing extensions read, and the converter's
back-reference from a graphql-core field to its ``StrawberryField``. Guarded
by ``tests/fastpath/test_plain_fields_guard.py``.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from graphql import GraphQLField, GraphQLFieldResolver, GraphQLObjectType, GraphQLSchema
from strawberry.schema.schema_converter import GraphQLCoreConverter
from strawberry.types.field import StrawberryField

# The name Strawberry gives the resolver of a basic field when nothing else applies.
STRAWBERRY_BASIC = "_get_basic_result"


def object_fields(schema: GraphQLSchema) -> Iterator[tuple[GraphQLObjectType, str, GraphQLField]]:
    """Each field of the schema's own object types (introspection's left out), with its type."""
    for named in schema.type_map.values():
        if isinstance(named, GraphQLObjectType) and not named.name.startswith("__"):
            for name, field in named.fields.items():
                yield named, name, field


def definition_of(element: GraphQLObjectType | GraphQLField) -> Any:
    """The Strawberry definition the converter built ``element`` from; ``None`` for none."""
    return (element.extensions or {}).get(GraphQLCoreConverter.DEFINITION_BACKREF)


def use_plain_attributes(schema: GraphQLSchema) -> int:
    """Replace the resolver of every plain attribute field; return how many were replaced."""
    replaced = 0
    for _, _, field in object_fields(schema):
        python_name = plain_attribute(field)
        if python_name is not None:
            field.resolve = attribute_resolver(python_name, replaces=field.resolve)
            replaced += 1
    return replaced


def plain_attribute(field: GraphQLField) -> str | None:
    """The attribute a field reads, when Strawberry's resolver would only read it."""
    definition = definition_of(field)
    if not isinstance(definition, StrawberryField):
        return None
    resolve = field.resolve
    if (
        resolve is None
        or getattr(resolve, "__name__", None) != STRAWBERRY_BASIC
        or not definition.is_basic_field
        or definition.default_resolver is not getattr
        or field.args
    ):
        return None
    return definition.python_name


def attribute_resolver(
    python_name: str, *, replaces: GraphQLFieldResolver | None = None
) -> GraphQLFieldResolver:
    """A graphql-core resolver reading ``python_name`` off the source object.

    ``replaces`` (Strawberry's resolver) stays reachable as ``.replaced``, so a
    test can run the same document through both and compare the answers.
    """

    def resolve(source: Any, _info: Any, **_arguments: Any) -> Any:
        return getattr(source, python_name)

    # What Strawberry's own wrapper says of itself: tracing extensions skip default resolvers.
    resolve._is_default = True  # type: ignore[attr-defined]
    resolve.replaced = replaces  # type: ignore[attr-defined]
    resolve.attribute = python_name  # type: ignore[attr-defined]
    resolve.__name__ = f"attribute_{python_name}"
    return resolve


def attribute_read_by(resolve: GraphQLFieldResolver | None) -> str | None:
    """The attribute a resolver made by ``attribute_resolver`` reads; ``None`` for any other."""
    attribute = getattr(resolve, "attribute", None)
    return attribute if isinstance(attribute, str) else None
