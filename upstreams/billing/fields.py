"""Typed reads from a decoded billing answer.

A body that breaks the documented shape must fail here, at the edge, as
``BadUpstreamResponse``, not as a ``KeyError`` three layers up. Numbers are
decoded with ``Decimal`` for fractions, so money never passes through
``float``. Messages name the property, never the body's values.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import UTC, datetime
from decimal import Decimal

from upstreams.errors import BadUpstreamResponse

UPSTREAM = "billing"


def bad(detail: str) -> BadUpstreamResponse:
    return BadUpstreamResponse(UPSTREAM, f"{UPSTREAM} answered in an unexpected shape: {detail}")


def decode(content: bytes) -> object:
    """The JSON document in ``content``; fractions as ``Decimal``."""
    try:
        return json.loads(content, parse_float=Decimal)
    except ValueError as exc:  # JSONDecodeError and UnicodeDecodeError both are
        raise BadUpstreamResponse(UPSTREAM, f"{UPSTREAM} sent a body that is not JSON") from exc


class Fields:
    """One JSON object, read property by property with the type the docs give.

    ``..._or_none`` reads treat a missing property and ``null`` alike: the
    docs show every property but say detail "depends on which related objects
    have been populated", so absence is not a broken shape.
    """

    __slots__ = ("_data", "where")

    def __init__(self, data: object, where: str) -> None:
        if not isinstance(data, Mapping):
            raise bad(f"{where} is not an object")
        self._data: Mapping[str, object] = data
        self.where = where

    def _value(self, key: str) -> object:
        return self._data.get(key)

    def _missing(self, key: str, expected: str) -> BadUpstreamResponse:
        return bad(f"{self.where}.{key} is not {expected}")

    def has(self, key: str) -> bool:
        return self._data.get(key) is not None

    def integer(self, key: str) -> int:
        value = self.integer_or_none(key)
        if value is None:
            raise self._missing(key, "a whole number")
        return value

    def integer_or_none(self, key: str) -> int | None:
        value = self._value(key)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            raise self._missing(key, "a whole number")
        return value

    def text(self, key: str) -> str:
        value = self.text_or_none(key)
        if value is None:
            raise self._missing(key, "a string")
        return value

    def text_or_none(self, key: str) -> str | None:
        value = self._value(key)
        if value is None or isinstance(value, str):
            return value
        raise self._missing(key, "a string")

    def flag_or_none(self, key: str) -> bool | None:
        value = self._value(key)
        if value is None or isinstance(value, bool):
            return value
        raise self._missing(key, "true or false")

    def moment_or_none(self, key: str) -> datetime | None:
        """An ISO 8601 time; one without an offset is read as UTC (the docs' samples are UTC)."""
        value = self.text_or_none(key)
        if value is None:
            return None
        try:
            moment = datetime.fromisoformat(value)
        except ValueError as exc:
            raise self._missing(key, "an ISO 8601 date and time") from exc
        return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)

    def money(self, key: str) -> Decimal:
        value = self._value(key)
        if isinstance(value, bool) or not isinstance(value, int | Decimal):
            raise self._missing(key, "an amount")
        if not Decimal(value).is_finite():
            raise self._missing(key, "a finite amount")
        return Decimal(value)

    def float_or_none(self, key: str) -> float | None:
        """A measurement, not money (latitude, longitude)."""
        value = self._value(key)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int | Decimal):
            raise self._missing(key, "a number")
        return float(value)

    def record(self, key: str) -> Fields:
        value = self._value(key)
        if value is None:
            raise self._missing(key, "an object")
        return Fields(value, f"{self.where}.{key}")

    def record_or_none(self, key: str) -> Fields | None:
        return self.record(key) if self.has(key) else None

    def records(self, key: str) -> list[Fields]:
        value = self._value(key)
        if not isinstance(value, list):
            raise self._missing(key, "a list")
        return [Fields(item, f"{self.where}.{key}[{i}]") for i, item in enumerate(value)]

    def records_or_empty(self, key: str) -> list[Fields]:
        return self.records(key) if self.has(key) else []
