"""Typed values out of child elements in the API's namespace.

Used only on documents that already passed their schema, so a missing child
or a bad value means the schema and the reader disagree: that raises
``ValueError``, which the caller turns into ``BadUpstreamResponse``.

A record's children are gathered once (``children``) and each field is then
a dictionary lookup: searching the element once per field (``find``) cost
more than everything else the readers do.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from lxml import etree

NS = "http://www.jnctn.net/ns/rest/2006-01"

_OPEN = f"{{{NS}}}"

Fields = dict[str, etree._Element]
"""An element's children by qualified tag; read them with the functions below, by local name."""


def tag(name: str) -> str:
    """The qualified name of an element of the API's namespace."""
    return f"{{{NS}}}{name}"


def children(parent: etree._Element) -> Fields:
    """``parent``'s children in one pass, keyed by qualified tag.

    Where a tag repeats, the first child wins, as ``find`` would give; read
    repeated children (``Error``, ``Item``, ...) with ``iterchildren``. A
    comment or processing instruction is keyed by its factory, so no name
    finds it. (Keying by ``tag`` is faster than ``iterchildren`` with a tag
    filter, which parses the filter on each call; bench/results.md.)
    """
    return {element.tag: element for element in reversed(parent)}


def optional(fields: Fields, name: str) -> etree._Element | None:
    """The child ``name`` of the API's namespace, or ``None``."""
    return fields.get(_OPEN + name)


def child(fields: Fields, name: str) -> etree._Element:
    found = fields.get(_OPEN + name)
    if found is None:
        raise ValueError(f"missing {name}")
    return found


def text(fields: Fields, name: str) -> str:
    """The child's text; empty when the element is empty."""
    found = fields.get(_OPEN + name)
    if found is None:
        raise ValueError(f"missing {name}")
    return found.text or ""


def boolean(fields: Fields, name: str) -> bool:
    value = text(fields, name).strip()
    if value in ("true", "1"):
        return True
    if value in ("false", "0"):
        return False
    raise ValueError(f"{name} is not a boolean")


def integer(fields: Fields, name: str) -> int:
    return int(text(fields, name).strip())


def money(fields: Fields, name: str) -> Decimal:
    """Dollars as ``Decimal``, exactly as written (``12.50`` stays ``12.50``)."""
    try:
        return Decimal(text(fields, name).strip())
    except InvalidOperation as exc:
        raise ValueError(f"{name} is not a decimal") from exc


def timestamp(fields: Fields, name: str) -> datetime:
    """An ``xsd:dateTime`` with its offset, as an aware datetime."""
    moment = datetime.fromisoformat(text(fields, name).strip())
    if moment.tzinfo is None:
        raise ValueError(f"{name} has no offset")
    return moment


def day(fields: Fields, name: str) -> date:
    """An ``xsd:date`` without offset."""
    return date.fromisoformat(text(fields, name).strip())
