"""Typed values out of child elements in the API's namespace.

Used only on documents that already passed their schema, so a missing child
or a bad value means the schema and the reader disagree: that raises
``ValueError``, which the caller turns into ``BadUpstreamResponse``.

A record's children are gathered once (``children``) and each field is then
a dictionary lookup: searching the element once per field (``find``) cost
more than everything else the readers do. Each value's conversion is written
once, on the element (``as_integer``, ...), for readers that looked the
element up themselves (``records.py``, by tags made at import).
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
    return content(child(fields, name))


def boolean(fields: Fields, name: str) -> bool:
    return as_boolean(child(fields, name))


def integer(fields: Fields, name: str) -> int:
    return as_integer(child(fields, name))


def money(fields: Fields, name: str) -> Decimal:
    return as_money(child(fields, name))


def timestamp(fields: Fields, name: str) -> datetime:
    return as_timestamp(child(fields, name))


def day(fields: Fields, name: str) -> date:
    return as_day(child(fields, name))


def content(element: etree._Element) -> str:
    """An element's text; empty when the element is empty."""
    return element.text or ""


def as_boolean(element: etree._Element) -> bool:
    value = content(element).strip()
    if value in ("true", "1"):
        return True
    if value in ("false", "0"):
        return False
    raise ValueError(f"{_name(element)} is not a boolean")


def as_integer(element: etree._Element) -> int:
    return int(content(element).strip())


def as_money(element: etree._Element) -> Decimal:
    """Dollars as ``Decimal``, exactly as written (``12.50`` stays ``12.50``)."""
    try:
        return Decimal(content(element).strip())
    except InvalidOperation as exc:
        raise ValueError(f"{_name(element)} is not a decimal") from exc


def as_timestamp(element: etree._Element) -> datetime:
    """An ``xsd:dateTime`` with its offset, as an aware datetime."""
    moment = datetime.fromisoformat(content(element).strip())
    if moment.tzinfo is None:
        raise ValueError(f"{_name(element)} has no offset")
    return moment


def as_day(element: etree._Element) -> date:
    """An ``xsd:date`` without offset."""
    return date.fromisoformat(content(element).strip())


def _name(element: etree._Element) -> str:
    return etree.QName(element).localname
