"""Turn the API's ``Account`` and ``AccountInvoice`` elements into the adapter's records.

Elements reach here only after their document passed its schema
(``Account.rng``, ``AccountInvoice.rng`` and their modules); anything still
wrong raises ``ValueError``, which ``record_in`` turns into ``BadUpstreamResponse``.
A list of records (an invoice's ``Items``) is read on its first use
(``RecordReader``) and raises its ``BadUpstreamResponse`` there.
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
from upstreams.read_later import read_later_type

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
    """A list element (``Items``): no records. Read on first use (``later``)."""


Row = tuple[str, str, Convert, Absent, Any]
"""``(attribute, qualified tag, conversion, if absent, default)`` of one field of a model."""


class RecordReader:
    """How one model is read from its element, made once per model and kept (``reader``).

    A field's tag is its attribute in PascalCase in the API's namespace, its
    conversion read from its annotation. A list of records (an invoice's
    ``Items``) is read on its first use, not with its record: a page of
    invoices shown without its lines never reads them (``later``).
    """

    __slots__ = ("deferred", "later", "model", "rows")

    def __init__(self, model: type[Any]) -> None:
        hints = get_type_hints(model)
        rows: list[Row] = []
        deferred: dict[str, Row] = {}
        for attribute in dataclasses.fields(model):
            convert, absent = _conversion(hints[attribute.name])
            if attribute.default is not dataclasses.MISSING:
                absent = Absent.DEFAULTED
            row = (
                attribute.name,
                tag(wire_name(attribute.name)),
                convert,
                absent,
                attribute.default,
            )
            if absent is Absent.EMPTY:
                deferred[attribute.name] = row
            else:
                rows.append(row)
        self.model = model
        self.rows = tuple(rows)
        self.deferred = deferred
        self.later: type[Any] | None = later(self) if deferred else None

    def read(self, element: etree._Element) -> Any:
        """The record of ``element``; ``ValueError`` for a value it cannot have."""
        fields = children(element)
        values: dict[str, Any] = {}
        for attribute, name, convert, absent, default in self.rows:
            found = fields.get(name)
            if found is not None:
                values[attribute] = convert(found)
            elif absent is Absent.NONE:
                values[attribute] = None
            elif absent is Absent.DEFAULTED:
                values[attribute] = default
            else:
                raise ValueError(f"missing {etree.QName(name).localname}")
        if self.later is None:
            return self.model(**values)
        made = object.__new__(self.later)
        for attribute, value in values.items():
            object.__setattr__(made, attribute, value)
        object.__setattr__(
            made, "_parts", {a: fields.get(row[1]) for a, row in self.deferred.items()}
        )
        return made

    def part(self, made: Any, attribute: str) -> Any:
        """A deferred field of ``made``, read now; ``BadUpstreamResponse`` if it cannot be."""
        row = self.deferred[attribute]
        found = made._parts.pop(attribute)
        try:
            return () if found is None else row[2](found)
        except (ValueError, ArithmeticError) as exc:
            raise BadUpstreamResponse(
                UPSTREAM, f"{UPSTREAM} answered with {wire_name(attribute)} it cannot have"
            ) from exc


def later(reader: RecordReader) -> type[Any]:
    """``reader``'s model, its lists read from their elements on first use.

    Its instances keep each list's element (``_parts``, let go once read)
    until the list is first read (``upstreams.read_later``).
    """

    def read(record: Any, name: str) -> Any:
        if name not in reader.deferred:
            raise AttributeError(name)
        return reader.part(record, name)

    return read_later_type(reader.model, ("_parts",), read)


_READERS: dict[type[Any], RecordReader] = {}


def reader(model: type[Any]) -> RecordReader:
    """The model's reader, made on first use (the adapter's models' at import) and kept."""
    made = _READERS.get(model)
    if made is None:
        made = _READERS[model] = RecordReader(model)
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
        return reader(kind).read, Absent.REFUSED
    return SCALARS[kind], Absent.REFUSED


def _repeated(model: Any) -> Convert:
    """A list element (``Items``) of records, one per child element."""
    read = reader(model).read

    def read_all(found: etree._Element) -> tuple[Any, ...]:
        return tuple(read(each) for each in found.iterchildren(etree.Element))

    return read_all


def record(model: type[T], element: etree._Element) -> T:
    """The record ``model`` from its element, each field read by its annotation."""
    made: T = reader(model).read(element)
    return made


for _model in (PrepaidAccount, PrepaidInvoice):
    reader(_model)


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
