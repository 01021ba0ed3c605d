"""Turn the API's ``Account`` and ``AccountInvoice`` elements into the adapter's records.

Elements reach here only after their document passed its schema
(``Account.rng``, ``AccountInvoice.rng`` and their modules); anything still
wrong raises ``ValueError``, which ``record_in`` turns into ``BadUpstreamResponse``.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from types import UnionType
from typing import Any, TypeVar, Union, get_args, get_origin, get_type_hints

from lxml import etree

from upstreams.errors import BadUpstreamResponse
from upstreams.paging import Page
from upstreams.prepaid.decode.envelope import UPSTREAM
from upstreams.prepaid.decode.values import (
    Fields,
    boolean,
    child,
    children,
    day,
    integer,
    money,
    optional,
    tag,
    text,
    timestamp,
)
from upstreams.prepaid.models import PrepaidAccount, PrepaidInvoice, wire_name

_INVOICE = tag("AccountInvoice")

T = TypeVar("T")
Reader = Callable[[Fields, str], Any]
"""Reads the child of a given local name out of a record's children."""

SCALARS: dict[Any, Reader] = {
    str: text,
    int: integer,
    bool: boolean,
    Decimal: money,
    datetime: timestamp,
    date: day,
}


def reader(kind: Any) -> Reader:
    """How a value of the type ``kind`` is read: by its annotation in the model."""
    if get_origin(kind) in (Union, UnionType):
        (present,) = [each for each in get_args(kind) if each is not type(None)]
        read = reader(present)
        return lambda fields, name: None if optional(fields, name) is None else read(fields, name)
    if get_origin(kind) is tuple:
        return _repeated(get_args(kind)[0])
    if isinstance(kind, type) and issubclass(kind, Enum):
        code = kind
        return lambda fields, name: code(text(fields, name).strip())
    if isinstance(kind, type) and dataclasses.is_dataclass(kind):
        model: type[Any] = kind
        return lambda fields, name: record(model, child(fields, name))
    return SCALARS[kind]


def _repeated(model: Any) -> Reader:
    """A list element (``Items``) of records, one per child element; empty when absent."""

    def read(fields: Fields, name: str) -> tuple[Any, ...]:
        found = optional(fields, name)
        if found is None:
            return ()
        return tuple(record(model, each) for each in found.iterchildren(etree.Element))

    return read


Table = tuple[tuple[str, str, Reader, bool], ...]
"""``(attribute, element, reader, has a default)`` per field of a model."""

_TABLES: dict[type[Any], Table] = {}


def _table(model: type[Any]) -> Table:
    """The model's table, made on its first record and kept."""
    made = _TABLES.get(model)
    if made is None:
        hints = get_type_hints(model)
        made = _TABLES[model] = tuple(
            (
                attribute.name,
                wire_name(attribute.name),
                reader(hints[attribute.name]),
                attribute.default is not dataclasses.MISSING,
            )
            for attribute in dataclasses.fields(model)
        )
    return made


def record(model: type[T], element: etree._Element) -> T:
    """The record ``model`` from its element, each field read by its annotation.

    A field with a default (``currency``) is read only when its element is
    there: the API does not send what it never varies.
    """
    fields = children(element)
    values: dict[str, Any] = {}
    for attribute, name, read, defaulted in _table(model):
        if defaulted and optional(fields, name) is None:
            continue
        values[attribute] = read(fields, name)
    return model(**values)


def account(element: etree._Element) -> PrepaidAccount:
    """An ``Account`` element."""
    return record(PrepaidAccount, element)


def invoice(element: etree._Element) -> PrepaidInvoice:
    """An ``AccountInvoice`` element; a preliminary one has no ``AccountInvoiceId``."""
    return record(PrepaidInvoice, element)


def invoice_page(element: etree._Element) -> Page[PrepaidInvoice]:
    """An ``AccountInvoices`` element: one page of a browse; ``total`` is its ``Found``."""
    found = element.get("Found")
    return Page(
        items=tuple(invoice(e) for e in element.iterchildren(_INVOICE)),
        offset=int(element.get("Offset", "")),
        total=None if found is None else int(found),
    )


def record_in(parse: Callable[[etree._Element], T], result: etree._Element, name: str) -> T:
    """Parse the ``name`` element of a result, or raise ``BadUpstreamResponse``."""
    element = next(result.iterchildren(tag(name)), None)
    try:
        if element is None:
            raise ValueError(f"missing {name}")
        return parse(element)
    except (ValueError, ArithmeticError) as exc:
        raise BadUpstreamResponse(
            UPSTREAM, f"{UPSTREAM} answered with a {name} it cannot have"
        ) from exc
