"""Read one record kind's plain properties into its model in one pass.

A detail page of 50 accounts holds some 11,000 properties; reading them one
helper call at a time (several ``isinstance`` each) cost more CPU than the
rest of a GraphQL request. A ``Shape`` is compiled once per model: the wire
keys in the model's field order, each with its ``Kind``. Reading a record
fetches every value and checks every type with C-level ``map``; only the
conversions (times, money, measurements) run per value. When a type is not
one a kind passes as it is, the record is read again value by value with the
kinds' full rules, so the models and the errors are exactly what the
property-by-property read gives, first bad property first.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import Any, Generic, TypeVar

from upstreams.billing.kinds import Kind

M = TypeVar("M")


def camel(attribute: str) -> str:
    """The wire name of a model attribute: ``bill_group_id`` is ``billGroupId``."""
    head, *rest = attribute.split("_")
    return head + "".join(part[:1].upper() + part[1:] for part in rest)


class Shape(Generic[M]):
    """The plain properties of one record kind, read into ``model``.

    ``fields`` maps the model's leading attributes, in order, to their kinds;
    any later attributes (nested records) are passed to ``read`` by the
    caller. ``wire`` names the keys that are not ``camel(attribute)``.
    """

    __slots__ = ("converted", "exact", "keys", "model", "reads")

    def __init__(
        self,
        model: type[M],
        fields: Mapping[str, Kind],
        wire: Mapping[str, str] | None = None,
    ) -> None:
        names = list(fields)
        order = [field.name for field in dataclasses.fields(model)]  # type: ignore[arg-type]
        if order[: len(names)] != names:
            raise TypeError(f"{model.__name__}: fields must be its leading attributes, in order")
        wire = wire or {}
        self.model = model
        self.keys = tuple(wire.get(name, camel(name)) for name in names)
        self.exact = tuple(kind.exact for kind in fields.values())
        self.reads = tuple(kind.read for kind in fields.values())
        self.converted = tuple(
            (i, kind.read, key)
            for i, (key, kind) in enumerate(zip(self.keys, fields.values(), strict=True))
            if kind.converts
        )

    def read(self, data: Mapping[str, object], where: str, *rest: object) -> M:
        """``data`` (an object already checked to be one) as the model; ``rest`` fills the rest."""
        return self.model(*self.values(data, where), *rest)

    def make(self, values: list[Any], *rest: object) -> M:
        """The model of ``values`` and then ``rest``, for readers that read nested parts between."""
        return self.model(*values, *rest)

    def values(self, data: Mapping[str, object], where: str) -> list[Any]:
        """The model's leading attributes read from ``data``, in order."""
        values: list[Any] = list(map(data.get, self.keys))
        if all(map(frozenset.__contains__, self.exact, map(type, values))):
            for i, read, key in self.converted:
                values[i] = read(values[i], where, key)
        else:
            values = [
                read(value, where, key)
                for read, value, key in zip(self.reads, values, self.keys, strict=True)
            ]
        return values
