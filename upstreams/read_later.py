"""A record whose nested parts are read from the answer on their first use.

Both JSON and XML adapters answer pages whose records carry nested parts
(an account's contacts, an invoice's items) that most queries never read.
Each adapter decodes such a record's own properties at once and leaves the
parts in the answer; this module makes the type that reads them when first
used, so the mechanism is written once and each adapter says only how one
part is read.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any, TypeVar, cast

M = TypeVar("M")


def read_later_type(
    model: type[M], slots: tuple[str, ...], read: Callable[[Any, str], Any]
) -> type[M]:
    """``model``'s subclass whose instances also hold ``slots``, each part read by ``read``.

    A part's slot stays empty until it is first read, when Python falls back
    to ``__getattr__``: ``read(record, name)`` reads it (or raises
    ``AttributeError`` for a name that is no part) and the slot is filled, so
    every later read is a plain attribute read. The record equals, hashes,
    prints and pickles as the model does.
    """
    names = tuple(field.name for field in dataclasses.fields(model))  # type: ignore[arg-type]

    def __getattr__(self: Any, name: str) -> Any:
        value = read(self, name)
        object.__setattr__(self, name, value)
        return value

    def __eq__(self: Any, other: object) -> bool:
        if not isinstance(other, model):
            return NotImplemented
        return tuple(getattr(self, n) for n in names) == tuple(getattr(other, n) for n in names)

    def __reduce__(self: Any) -> tuple[type[M], tuple[Any, ...]]:
        return model, tuple(getattr(self, n) for n in names)

    namespace = {
        "__slots__": slots,
        "__module__": model.__module__,
        "__qualname__": model.__qualname__,
        "__doc__": model.__doc__,
        "__getattr__": __getattr__,
        "__eq__": __eq__,
        "__hash__": model.__hash__,
        "__reduce__": __reduce__,
    }
    return cast(type[M], type(model.__name__, (model,), namespace))
