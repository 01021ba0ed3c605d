"""GraphQL types derived from an upstream model, for records shown exactly as they are.

A record with no interface, no renamed field and no field of its own needs
no GraphQL class written out: ``record_type`` gives the class a field for
each of the model's properties, with the model's types and the descriptions
it is handed, and its resolvers return the record itself (``graphql_type``
on the field says which GraphQL type it is shown as).
"""

from __future__ import annotations

import dataclasses
import typing
from collections.abc import Callable, Mapping
from typing import TypeVar

import strawberry
from strawberry.types.field import StrawberryField

T = TypeVar("T")


def record_type(
    model: type, description: str, fields: Mapping[str, str | StrawberryField]
) -> Callable[[type[T]], type[T]]:
    """Make the class it decorates the GraphQL type showing ``model``'s records as they are.

    The type has a field for each of the model's properties, in the model's
    order and of the type the model gives it, described by ``fields`` (which
    may hold descriptions shared with other types, and must describe them all).
    A property the graph shows otherwise (a number shown as a global id) is
    given its own field instead of a description, resolved from the record.
    """

    def build(cls: type[T]) -> type[T]:
        hints = typing.get_type_hints(model)
        names = [attribute.name for attribute in dataclasses.fields(model)]
        missing = [attribute for attribute in names if attribute not in fields]
        if missing:
            raise TypeError(f"{cls.__name__}: no description for {', '.join(missing)}")
        shown = {name: fields[name] for name in names}
        cls.__annotations__ = {
            attribute: hints[attribute]
            for attribute, field in shown.items()
            if isinstance(field, str)
        }
        for attribute, field in shown.items():
            if isinstance(field, str):
                field = strawberry.field(description=field)
            setattr(cls, attribute, field)

        return strawberry.type(cls, description=description)

    return build
