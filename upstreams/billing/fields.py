"""Typed reads from a decoded billing answer's envelope.

A body that breaks the documented shape must fail here, at the edge, as
``BadUpstreamResponse``, not as a ``KeyError`` three layers up. Numbers are
decoded with ``Decimal`` for fractions, so money never passes through
``float``. Messages name the property, never the body's values. Records
inside an envelope are read by ``records`` (through ``objects``), not here.
"""

from __future__ import annotations

import json
from decimal import Decimal

import msgspec

from upstreams.billing import kinds
from upstreams.billing.kinds import UPSTREAM
from upstreams.billing.nesting import Record, as_record, records
from upstreams.errors import BadUpstreamResponse

FAST = msgspec.json.Decoder(float_hook=Decimal)
"""Hands ``Decimal`` the raw text of each fraction, as ``parse_float`` does: exact."""


def decode(content: bytes) -> object:
    """The JSON document in ``content``; fractions as ``Decimal``.

    ``msgspec`` decodes a body in about half the time ``json`` takes. It is
    stricter (no ``NaN``, byte order mark, UTF-16 or lone surrogates, and a
    lower nesting limit), so whatever it refuses goes to ``json``, which
    decides: every body gives the value, or the error, it always gave.
    """
    try:
        return FAST.decode(content)
    except (msgspec.DecodeError, ValueError, RecursionError):
        pass
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

    __slots__ = ("data", "where")

    def __init__(self, data: object, where: str) -> None:
        self.data: Record = as_record(data, where)
        self.where = where

    def integer(self, key: str) -> int:
        return kinds.integer(self.data.get(key), self.where, key)

    def integer_or_none(self, key: str) -> int | None:
        return kinds.integer_or_none(self.data.get(key), self.where, key)

    def text(self, key: str) -> str:
        return kinds.text(self.data.get(key), self.where, key)

    def text_or_none(self, key: str) -> str | None:
        return kinds.text_or_none(self.data.get(key), self.where, key)

    def record(self, key: str) -> Fields:
        value = self.data.get(key)
        if value is None:
            raise kinds.not_a(self.where, key, "an object")
        return Fields(value, f"{self.where}.{key}")

    def records(self, key: str) -> list[Fields]:
        return [Fields(item, where) for item, where in self.objects(key)]

    def objects(self, key: str) -> list[tuple[Record, str]]:
        """The objects of the list under ``key``, each with its path, for a record reader."""
        return records(self.data, self.where, key)
