"""Typed values out of child elements in the API's namespace.

Used only on documents that already passed their schema, so a missing child
or a bad value means the schema and the reader disagree: that raises
``ValueError``, which the caller turns into ``BadUpstreamResponse``.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from lxml import etree

NS = "http://www.jnctn.net/ns/rest/2006-01"


def tag(name: str) -> str:
    """The qualified name of an element of the API's namespace."""
    return f"{{{NS}}}{name}"


def child(parent: etree._Element, name: str) -> etree._Element:
    found = parent.find(tag(name))
    if found is None:
        raise ValueError(f"missing {name}")
    return found


def text(parent: etree._Element, name: str) -> str:
    """The child's text; empty when the element is empty."""
    return child(parent, name).text or ""


def boolean(parent: etree._Element, name: str) -> bool:
    value = text(parent, name).strip()
    if value in ("true", "1"):
        return True
    if value in ("false", "0"):
        return False
    raise ValueError(f"{name} is not a boolean")


def integer(parent: etree._Element, name: str) -> int:
    return int(text(parent, name).strip())


def money(parent: etree._Element, name: str) -> Decimal:
    """Dollars as ``Decimal``, exactly as written (``12.50`` stays ``12.50``)."""
    try:
        return Decimal(text(parent, name).strip())
    except InvalidOperation as exc:
        raise ValueError(f"{name} is not a decimal") from exc


def timestamp(parent: etree._Element, name: str) -> datetime:
    """An ``xsd:dateTime`` with its offset, as an aware datetime."""
    moment = datetime.fromisoformat(text(parent, name).strip())
    if moment.tzinfo is None:
        raise ValueError(f"{name} has no offset")
    return moment


def day(parent: etree._Element, name: str) -> date:
    """An ``xsd:date`` without offset."""
    return date.fromisoformat(text(parent, name).strip())
