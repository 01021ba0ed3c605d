"""Find the nested objects of a decoded billing record, checked to be objects.

The record readers take plain mappings (a ``Fields`` per record cost more
than reading it); these helpers give them the nested ones with their path in
the answer, which errors name. A list is checked item by item before any item
is read, so a bad item fails the same way wherever the first bad property is.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TypeAlias, TypeGuard

from upstreams.billing.kinds import bad, not_a

Record: TypeAlias = Mapping[str, object]


def is_object(value: object) -> TypeGuard[Record]:
    return type(value) is dict or isinstance(value, Mapping)


def as_record(value: object, where: str) -> Record:
    """``value`` when it is a JSON object."""
    if not is_object(value):
        raise bad(f"{where} is not an object")
    return value


def record(data: Record, where: str, key: str) -> Record:
    """The object under ``key``, which must be there."""
    value = data.get(key)
    if value is None or not is_object(value):
        raise not_a(where, key, "an object")
    return value


def record_or_none(data: Record, where: str, key: str) -> Record | None:
    """The object under ``key``; ``None`` when it is ``null`` or left out."""
    value = data.get(key)
    if value is None:
        return None
    if not is_object(value):
        raise not_a(where, key, "an object")
    return value


def records(data: Record, where: str, key: str) -> list[tuple[Record, str]]:
    """Each object of the list under ``key``, with its path."""
    value = data.get(key)
    if not isinstance(value, list):
        raise not_a(where, key, "a list")
    for i, item in enumerate(value):
        if not is_object(item):
            raise bad(f"{where}.{key}[{i}] is not an object")
    return [(item, f"{where}.{key}[{i}]") for i, item in enumerate(value)]


def records_or_empty(data: Record, where: str, key: str) -> list[tuple[Record, str]]:
    """Like ``records``; no objects when the list is ``null`` or left out."""
    return [] if data.get(key) is None else records(data, where, key)
