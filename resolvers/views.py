"""GraphQL objects filled from an upstream record's attributes of the same names.

A type that shows an upstream record declares each of its fields once, with
its description, under the model's own attribute name; ``view`` fills them
from the record, so no per-type copier repeats the field list. Only what
differs (a renamed field, a value shown as a graph type) is given by name.
"""

from __future__ import annotations

import dataclasses
from typing import Any, TypeVar

T = TypeVar("T")

_READ: dict[type[Any], tuple[str, ...]] = {}
"""Each type's fields a record must supply, found on first use."""


def view(cls: type[T], record: object, **given: Any) -> T:
    """A ``cls`` whose fields without a default are read off ``record``, unless given."""
    names = _READ.get(cls)
    if names is None:
        names = _READ[cls] = _without_default(cls)
    values = {name: getattr(record, name) for name in names if name not in given}
    return cls(**values, **given)


def _without_default(cls: type[Any]) -> tuple[str, ...]:
    return tuple(
        field.name
        for field in dataclasses.fields(cls)
        if field.init
        and field.default is dataclasses.MISSING
        and field.default_factory is dataclasses.MISSING
    )
