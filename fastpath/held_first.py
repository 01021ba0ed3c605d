"""Fields answered from an attribute the object already holds, their resolver only when it does not.

A resolver that reads through a loader (``CustomerAccount.contacts``) is a
coroutine: graphql-core awaits it, and a list of 50 accounts gathers 50 of
them as tasks, even when each account's view already holds what the loader
would answer (a page of detail). A field declared with
``metadata=held_first("attribute")`` says where its answer is held: reading
that attribute answers the field, and raising ``AttributeError`` says it is
not held, so the field's own resolver runs as before.

``use_held_first`` puts a resolver doing that in place of Strawberry's on the
built graphql-core schema, marked so the plain executor reads the attribute
inline and completes the value without a task (``fastpath.plain_plans``).
Only a field with no arguments, permission classes or field extensions may
say so, as reading the attribute skips them.

Private to Strawberry: the converter's back-reference from a graphql-core
field to its ``StrawberryField``, whose ``metadata`` holds the mark. Guarded
by ``tests/fastpath/test_held_first_guard.py``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from graphql import GraphQLFieldResolver, GraphQLSchema
from strawberry.types.field import StrawberryField

from fastpath.plain_fields import definition_of, object_fields

HELD_FIRST = "held_first"
"""The key of a field's metadata naming the attribute that holds its answer."""


def held_first(attribute: str) -> dict[str, str]:
    """A field's metadata: its answer is ``attribute`` when the object holds it."""
    return {HELD_FIRST: attribute}


def use_held_first(schema: GraphQLSchema) -> int:
    """Replace the resolver of every field marked ``held_first``; return how many."""
    replaced = 0
    for named, name, field in object_fields(schema):
        definition = definition_of(field)
        if not isinstance(definition, StrawberryField):
            continue
        metadata: Mapping[str, Any] = definition.metadata or {}
        attribute = metadata.get(HELD_FIRST)
        if attribute is None:
            continue
        if (
            definition.permission_classes
            or definition.extensions
            or field.args
            or field.resolve is None
        ):
            raise TypeError(f"{named.name}.{name}: a held answer would skip its checks")
        field.resolve = held_resolver(attribute, field.resolve)
        replaced += 1
    return replaced


def held_resolver(attribute: str, resolver: GraphQLFieldResolver) -> GraphQLFieldResolver:
    """A graphql-core resolver answering ``attribute`` when held, else calling ``resolver``."""

    def resolve(source: Any, info: Any, **arguments: Any) -> Any:
        try:
            return getattr(source, attribute)
        except AttributeError:
            return resolver(source, info, **arguments)

    resolve.held = attribute  # type: ignore[attr-defined]
    resolve.replaced = resolver  # type: ignore[attr-defined]
    resolve.__name__ = f"held_{attribute}"
    return resolve


def held_attribute_of(resolve: GraphQLFieldResolver | None) -> str | None:
    """The attribute a resolver made by ``held_resolver`` tries first; ``None`` for any other."""
    attribute = getattr(resolve, "held", None)
    return attribute if isinstance(attribute, str) else None
