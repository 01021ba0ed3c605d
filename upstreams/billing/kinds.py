"""The property types the billing docs give: one rule and one error message each.

A ``Kind`` is read two ways. ``exact`` names the JSON types that pass as they
are, so ``Shape`` can check a whole record's types in one C-level sweep;
``read`` is the full rule for one value (the slow path, and the conversions:
times, money, measurements). Every value that ``exact`` passes, ``read``
passes unchanged too, so the two never disagree.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from upstreams.errors import BadUpstreamResponse

UPSTREAM = "billing"

NONE = type(None)


def bad(detail: str) -> BadUpstreamResponse:
    return BadUpstreamResponse(UPSTREAM, f"{UPSTREAM} answered in an unexpected shape: {detail}")


def not_a(where: str, key: str, expected: str) -> BadUpstreamResponse:
    """The error for one property; it names the property, never the body's values."""
    return bad(f"{where}.{key} is not {expected}")


@dataclass(frozen=True, slots=True)
class Kind:
    """How one property is read: ``read(value, where, key)``; ``converts`` if it must always run."""

    exact: frozenset[type]
    read: Callable[[object, str, str], Any]
    converts: bool = False


def integer_or_none(value: object, where: str, key: str) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise not_a(where, key, "a whole number")
    return value


def integer(value: object, where: str, key: str) -> int:
    read = integer_or_none(value, where, key)
    if read is None:
        raise not_a(where, key, "a whole number")
    return read


def text_or_none(value: object, where: str, key: str) -> str | None:
    if value is None or isinstance(value, str):
        return value
    raise not_a(where, key, "a string")


def text(value: object, where: str, key: str) -> str:
    read = text_or_none(value, where, key)
    if read is None:
        raise not_a(where, key, "a string")
    return read


def flag_or_none(value: object, where: str, key: str) -> bool | None:
    if value is None or isinstance(value, bool):
        return value
    raise not_a(where, key, "true or false")


def moment_or_none(value: object, where: str, key: str) -> datetime | None:
    """An ISO 8601 time; one without an offset is read as UTC (the docs' samples are UTC)."""
    if value is None:
        return None
    if not isinstance(value, str):
        raise not_a(where, key, "a string")
    try:
        return moment(value)
    except ValueError as exc:
        raise not_a(where, key, "an ISO 8601 date and time") from exc


@functools.lru_cache(maxsize=4096)
def moment(written: str) -> datetime:
    """``written`` as a time; kept, as a page repeats its times (a contact's in its points)."""
    read = datetime.fromisoformat(written)
    return read if read.tzinfo is not None else read.replace(tzinfo=UTC)


def money(value: object, where: str, key: str) -> Decimal:
    """An amount that must be there; ``Decimal`` all the way, never ``float``."""
    if isinstance(value, bool) or not isinstance(value, int | Decimal):
        raise not_a(where, key, "an amount")
    if not Decimal(value).is_finite():
        raise not_a(where, key, "a finite amount")
    return Decimal(value)


def float_or_none(value: object, where: str, key: str) -> float | None:
    """A measurement, not money (latitude, longitude)."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | Decimal):
        raise not_a(where, key, "a number")
    return float(value)


INTEGER = Kind(frozenset({int}), integer)
INTEGER_OR_NONE = Kind(frozenset({int, NONE}), integer_or_none)
TEXT = Kind(frozenset({str}), text)
TEXT_OR_NONE = Kind(frozenset({str, NONE}), text_or_none)
FLAG_OR_NONE = Kind(frozenset({bool, NONE}), flag_or_none)
MOMENT_OR_NONE = Kind(frozenset({str, NONE}), moment_or_none, converts=True)
MONEY = Kind(frozenset({int, Decimal}), money, converts=True)
FLOAT_OR_NONE = Kind(frozenset({int, Decimal, NONE}), float_or_none, converts=True)
