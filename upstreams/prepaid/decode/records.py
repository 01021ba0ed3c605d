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
    as_boolean,
    as_day,
    as_integer,
    as_money,
    as_timestamp,
    children,
    content,
    tag,
)
from upstreams.prepaid.models import PrepaidAccount, PrepaidInvoice, wire_name

_INVOICE = tag("AccountInvoice")

T = TypeVar("T")
Convert = Callable[[etree._Element], Any]
"""Reads a value out of the element that holds it."""

SCALARS: dict[Any, Convert] = {
    str: content,
    int: as_integer,
    bool: as_boolean,
    Decimal: as_money,
    datetime: as_timestamp,
    date: as_day,
}


class Absent(Enum):
    """What a field's element missing means."""

    REFUSED = "refused"
    """A required value: the schema and the reader disagree."""
    DEFAULTED = "defaulted"
    """The model's default stands: the API does not send what it never varies."""
    NONE = "none"
    """An optional value: ``None``."""
    EMPTY = "empty"
    """A list element (``Items``): no records."""


Table = tuple[tuple[str, str, Convert, Absent], ...]
"""``(attribute, qualified tag, conversion, if absent)`` per field of a model."""

_TABLES: dict[type[Any], Table] = {}


def table(model: type[Any]) -> Table:
    """The model's table, made once (the adapter's models' at import) and kept.

    A field's tag is its attribute in PascalCase in the API's namespace, its
    conversion read from its annotation.
    """
    made = _TABLES.get(model)
    if made is None:
        hints = get_type_hints(model)
        rows = []
        for attribute in dataclasses.fields(model):
            convert, absent = _conversion(hints[attribute.name])
            if attribute.default is not dataclasses.MISSING:
                absent = Absent.DEFAULTED
            rows.append((attribute.name, tag(wire_name(attribute.name)), convert, absent))
        made = _TABLES[model] = tuple(rows)
    return made


def _conversion(kind: Any) -> tuple[Convert, Absent]:
    """How a value of the type ``kind`` is read, and what its element missing means."""
    if get_origin(kind) in (Union, UnionType):
        (present,) = [each for each in get_args(kind) if each is not type(None)]
        return _conversion(present)[0], Absent.NONE
    if get_origin(kind) is tuple:
        return _repeated(get_args(kind)[0]), Absent.EMPTY
    if isinstance(kind, type) and issubclass(kind, Enum):
        code = kind
        return (lambda element: code(content(element).strip())), Absent.REFUSED
    if isinstance(kind, type) and dataclasses.is_dataclass(kind):
        model: type[Any] = kind
        rows = table(model)
        return (lambda element: _made(model, rows, element)), Absent.REFUSED
    return SCALARS[kind], Absent.REFUSED


def _repeated(model: Any) -> Convert:
    """A list element (``Items``) of records, one per child element."""
    rows = table(model)

    def read(found: etree._Element) -> tuple[Any, ...]:
        return tuple(_made(model, rows, each) for each in found.iterchildren(etree.Element))

    return read


def record(model: type[T], element: etree._Element) -> T:
    """The record ``model`` from its element, each field read by its annotation."""
    return _made(model, table(model), element)


def _made(model: type[T], rows: Table, element: etree._Element) -> T:
    fields = children(element)
    values: dict[str, Any] = {}
    for attribute, name, convert, absent in rows:
        found = fields.get(name)
        if found is not None:
            values[attribute] = convert(found)
        elif absent is Absent.NONE:
            values[attribute] = None
        elif absent is Absent.EMPTY:
            values[attribute] = ()
        elif absent is Absent.REFUSED:
            raise ValueError(f"missing {etree.QName(name).localname}")
    return model(**values)


for _model in (PrepaidAccount, PrepaidInvoice):
    table(_model)


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
