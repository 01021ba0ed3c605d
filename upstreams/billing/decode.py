"""Read the billing API's answers into the models of ``models.py``: the one place that says how.

A record is read by its model's own annotations, each property under its
wire key (``models.wire_key``), so a property is declared once, in its model.
msgspec turns the bytes into Python values, fractions as ``Decimal``. Its
typed structs are not used, because the contract asks for what they do not
give: an amount sent as a string is refused, every item of a list is checked
to be an object before any is read, the first broken property in the
model's order is the one named, and a time without an offset is UTC.

A body that breaks the documented shape fails here, at the edge, as
``BadUpstreamResponse`` naming the property by its path in the answer (never
the body's values), not as a ``KeyError`` three layers up. Only ``identity``
(and an account's ``name``) must be present: the docs show every property
but say detail "depends on which related objects have been populated", so
the rest may be ``null`` or left out, and come back as ``None``.
"""

from __future__ import annotations

import dataclasses
import functools
import json
import types
import typing
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from itertools import starmap
from typing import Any, Generic, TypeAlias, TypeGuard, TypeVar

import msgspec

from upstreams.billing.models import (
    AccountDetails,
    AccountWithDetails,
    BillingAccount,
    BillingContact,
    DeletedItem,
    DeleteRecord,
    Note,
    PatchOutcome,
    PatchResult,
    TaxAddress,
    WriteResult,
    wire_key,
)
from upstreams.errors import BadUpstreamResponse
from upstreams.paging import Page
from upstreams.read_later import read_later_type

UPSTREAM = "billing"

M = TypeVar("M")
T = TypeVar("T")

Record: TypeAlias = Mapping[str, object]
Read: TypeAlias = Callable[[Record, str], T]
"""A record reader: the object and its path in the answer, which errors name."""


def bad(detail: str) -> BadUpstreamResponse:
    return BadUpstreamResponse(UPSTREAM, f"{UPSTREAM} answered in an unexpected shape: {detail}")


def not_a(where: str, key: str, expected: str) -> BadUpstreamResponse:
    """The error for one property; it names the property, never the body's values."""
    return bad(f"{where}.{key} is not {expected}")


# The bytes

FAST = msgspec.json.Decoder(float_hook=Decimal)
"""Hands ``Decimal`` the raw text of each fraction, as ``parse_float`` does: exact."""


def parse(content: bytes) -> object:
    """The JSON document in ``content``; fractions as ``Decimal``.

    msgspec is the fast way. It is stricter than ``json`` (no ``NaN``, byte
    order mark, UTF-16 or lone surrogates, and a lower nesting limit), so
    whatever it refuses goes to ``json``, which decides: every body gives the
    value, or the error, that ``json`` gives it.
    """
    try:
        return FAST.decode(content)
    except (msgspec.DecodeError, ValueError, RecursionError):
        pass
    try:
        return json.loads(content, parse_float=Decimal)
    except ValueError as exc:  # JSONDecodeError and UnicodeDecodeError both are
        raise BadUpstreamResponse(UPSTREAM, f"{UPSTREAM} sent a body that is not JSON") from exc


# Objects and lists inside an answer


def is_object(value: object) -> TypeGuard[Record]:
    return type(value) is dict or isinstance(value, Mapping)


def as_object(value: object, where: str) -> Record:
    if not is_object(value):
        raise bad(f"{where} is not an object")
    return value


def required_object(data: Record, where: str, key: str) -> Record:
    value = data.get(key)
    if value is None or not is_object(value):
        raise not_a(where, key, "an object")
    return value


def object_or_none(data: Record, where: str, key: str) -> Record | None:
    """The object under ``key``; ``None`` when it is ``null`` or left out."""
    value = data.get(key)
    if value is None:
        return None
    if not is_object(value):
        raise not_a(where, key, "an object")
    return value


def objects(data: Record, where: str, key: str) -> list[tuple[Record, str]]:
    """Each object of the list under ``key`` with its path, all checked before any is read.

    So a bad item fails the same way wherever the first bad property is.
    """
    value = data.get(key)
    if not isinstance(value, list):
        raise not_a(where, key, "a list")
    for i, item in enumerate(value):
        if not is_object(item):
            raise bad(f"{where}.{key}[{i}] is not an object")
    return [(item, f"{where}.{key}[{i}]") for i, item in enumerate(value)]


def objects_or_empty(data: Record, where: str, key: str) -> list[tuple[Record, str]]:
    return [] if data.get(key) is None else objects(data, where, key)


# Properties: the types the docs give, one rule and one message each


def integer_or_none(value: object, where: str, key: str) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise not_a(where, key, "a whole number")
    return value


def text_or_none(value: object, where: str, key: str) -> str | None:
    if value is None or isinstance(value, str):
        return value
    raise not_a(where, key, "a string")


def required(
    read: Callable[[object, str, str], T | None], expected: str
) -> Callable[[object, str, str], T]:
    """``read`` for a property that must be there: ``null`` or left out is ``expected``'s error."""

    def read_required(value: object, where: str, key: str) -> T:
        found = read(value, where, key)
        if found is None:
            raise not_a(where, key, expected)
        return found

    return read_required


integer = required(integer_or_none, "a whole number")
text = required(text_or_none, "a string")


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


@dataclass(frozen=True, slots=True)
class Kind:
    """How one property is read: ``read(value, where, key)``.

    ``exact`` names the JSON types that pass unchanged, so a whole record's
    types are checked in one C-level sweep; ``converts`` when ``read`` must
    run anyway. Whatever ``exact`` passes, ``read`` passes unchanged too, so
    the two never disagree.
    """

    exact: frozenset[type]
    read: Callable[[object, str, str], Any]
    converts: bool = False


NONE = type(None)

KINDS: dict[object, Kind] = {
    int: Kind(frozenset({int}), integer),
    int | None: Kind(frozenset({int, NONE}), integer_or_none),
    str: Kind(frozenset({str}), text),
    str | None: Kind(frozenset({str, NONE}), text_or_none),
    bool | None: Kind(frozenset({bool, NONE}), flag_or_none),
    datetime | None: Kind(frozenset({str, NONE}), moment_or_none, converts=True),
    Decimal: Kind(frozenset({int, Decimal}), money, converts=True),
    float | None: Kind(frozenset({int, Decimal, NONE}), float_or_none, converts=True),
}
"""Each property type a model may declare, by its annotation."""


# Records


@dataclass(frozen=True, slots=True)
class Part:
    """A nested record or a list of them: under ``key``, inside ``block`` if the wire nests it.

    ``read`` reads the nested record whole; ``read_later`` reads it with its
    own nested records left for their first use (``RecordReader.read_later``).
    """

    attribute: str
    block: str | None
    key: str
    read: Read[Any]
    read_later: Read[Any]
    many: bool
    optional: bool

    def locate(
        self, data: Record, where: str, blocks: dict[str, tuple[Record | None, str]]
    ) -> tuple[Record | None, str, Record | None]:
        """The object holding the part (``None``: its block is missing), its path, its object.

        ``blocks`` keeps each block found, so the parts sharing one check it once.
        """
        block: Record | None = data
        at = where
        if self.block is not None:
            if self.block not in blocks:
                blocks[self.block] = (
                    object_or_none(data, where, self.block),
                    f"{where}.{self.block}",
                )
            block, at = blocks[self.block]
        single = None
        if block is not None and not self.many:
            check = object_or_none if self.optional else required_object
            single = check(block, at, self.key)
        return block, at, single

    def value(self, block: Record | None, at: str, single: Record | None, read: Read[Any]) -> Any:
        """The part read by ``read`` from where ``locate`` found it."""
        if block is None:
            return None
        if self.many:
            return tuple(starmap(read, objects_or_empty(block, at, self.key)))
        return None if single is None else read(single, f"{at}.{self.key}")


class RecordReader(Generic[M]):
    """Reads one model from a JSON object; compiled once per model from its annotations.

    A model's plain properties come first, then its nested records. The order
    of the checks decides which of two broken properties is named: nested
    objects are checked to be objects first, then the plain properties are
    read in the model's order, then the nested records. Fields after those
    that no rule reads (a default each) are the caller's: ``read(..., *rest)``.

    ``read_later`` reads the plain properties now and each nested record when
    it is first read (``Later``).
    """

    __slots__ = (
        "converted",
        "exact",
        "keys",
        "later",
        "model",
        "names",
        "parts",
        "plain",
        "reads",
        "setters",
    )

    def __init__(self, model: type[M]) -> None:
        hints = typing.get_type_hints(model)
        keys: list[str] = []
        kinds: list[Kind] = []
        parts: list[Part] = []
        for attribute in dataclasses.fields(model):  # type: ignore[arg-type]
            annotation = hints[attribute.name]
            kind = KINDS.get(annotation)
            if kind is not None:
                if parts:
                    raise TypeError(f"{model.__name__}.{attribute.name} follows a nested record")
                keys.append(wire_key(attribute))
                kinds.append(kind)
                continue
            part = _part(attribute.name, annotation, wire_key(attribute))
            if part is not None:
                parts.append(part)
            elif attribute.default is dataclasses.MISSING:
                raise TypeError(f"{model.__name__}.{attribute.name}: no rule reads {annotation}")
            else:
                break
        self.model = model
        self.names = tuple(attribute.name for attribute in dataclasses.fields(model))  # type: ignore[arg-type]
        self.plain = self.names[: len(keys)]
        self.keys = tuple(keys)
        self.exact = tuple(kind.exact for kind in kinds)
        self.reads = tuple(kind.read for kind in kinds)
        self.converted = tuple(
            (i, kind.read, key)
            for i, (key, kind) in enumerate(zip(keys, kinds, strict=True))
            if kind.converts
        )
        self.parts = tuple(parts)
        # A model with fields after its nested records (the caller's) is read whole.
        whole = not parts or len(self.names) > len(keys) + len(parts)
        self.later: type[M] | None = None if whole else later(self)
        # Each slot's own setter, when rules read every field: a record is then
        # filled slot by slot, without the frozen ``__init__``'s call per field.
        self.setters: tuple[Callable[[object, object], None], ...] | None = (
            tuple(slot_setter(model, name) for name in self.names)
            if len(self.names) == len(keys) + len(parts)
            else None
        )

    def read(self, data: Record, where: str, *rest: object) -> M:
        """``data`` (an object already checked to be one) as the model."""
        values = self.values(data, where) if not self.parts else self.nested(data, where)
        setters = self.setters
        if setters is None or rest:
            return self.model(*values, *rest)
        record: M = object.__new__(self.model)
        for put, value in zip(setters, values, strict=True):
            put(record, value)
        return record

    def nested(self, data: Record, where: str) -> list[Any]:
        """Every property, nested records read whole, checked in the order the class says."""
        blocks: dict[str, tuple[Record | None, str]] = {}
        found = [part.locate(data, where, blocks) for part in self.parts]
        values = self.values(data, where)
        for part, (block, at, single) in zip(self.parts, found, strict=True):
            values.append(part.value(block, at, single, part.read))
        return values

    def read_later(self, data: Record, where: str) -> M:
        """``data`` as the model, its nested records read when first used, not now.

        Its plain properties are read and checked now, as ``read`` does; a
        nested record that breaks the documented shape raises its
        ``BadUpstreamResponse`` where it is first read, naming the same path.
        """
        if self.later is None:
            return self.read(data, where)
        record = object.__new__(self.later)
        assert self.setters is not None  # a model read later has a rule for every field
        # The plain properties' setters come first; the nested records' slots stay empty.
        for put, value in zip(self.setters, self.values(data, where), strict=False):
            put(record, value)
        object.__setattr__(record, "_data", data)
        object.__setattr__(record, "_where", where)
        return record

    def part(self, part: Part, data: Record, where: str) -> Any:
        """One nested record (or list) of ``data``, read later as ``read_later`` promised."""
        block, at, single = part.locate(data, where, {})
        return part.value(block, at, single, part.read_later)

    def values(self, data: Record, where: str) -> list[Any]:
        """The plain properties, in the model's order.

        A page of detail holds thousands of them, so all are fetched and their
        types checked with C-level ``map``; only the conversions run per value.
        When a type is not one its kind passes as it is, every value is read
        again with its kind's full rule, which names the first broken one.
        """
        values: list[Any] = list(map(data.get, self.keys))
        if all(map(frozenset.__contains__, self.exact, map(type, values))):
            for i, read, key in self.converted:
                values[i] = read(values[i], where, key)
            return values
        return [
            read(value, where, key)
            for read, value, key in zip(self.reads, values, self.keys, strict=True)
        ]


def slot_setter(model: type, name: str) -> Callable[[object, object], None]:
    """What stores ``name`` in a record of ``model``: its slot's own ``__set__``.

    A frozen model refuses ``setattr``; the slot's descriptor does not ask, as
    the frozen ``__init__`` (``object.__setattr__``) does not.
    """
    slot = model.__dict__[name]
    if not hasattr(slot, "__set__"):
        raise TypeError(f"{model.__name__}.{name} is not a slot")
    put: Callable[[object, object], None] = slot.__set__
    return put


def _part(attribute: str, annotation: object, key: str) -> Part | None:
    """How a nested record is read: ``annotation`` is a model or a tuple of them, or ``None``."""
    args = typing.get_args(annotation)
    union = isinstance(annotation, types.UnionType)
    inner = [arg for arg in args if arg is not NONE] if union else [annotation]
    if len(inner) != 1:
        return None
    (target,) = inner
    many = typing.get_origin(target) is tuple
    if many:
        target = typing.get_args(target)[0]
    if not (isinstance(target, type) and dataclasses.is_dataclass(target)):
        return None
    block, _, key = key.rpartition(".")
    reader = record_reader(target)
    read_later = reader.read if reader.later is None else reader.read_later
    return Part(attribute, block or None, key, reader.read, read_later, many, union)


def later(reader: RecordReader[M]) -> type[M]:
    """``reader``'s model, its nested records read from the answer on first use.

    Its instances keep the answer's object and path; a nested record that
    breaks the documented shape raises, when first read, what ``read``
    would have raised for it (``upstreams.read_later``).
    """
    parts = {part.attribute: part for part in reader.parts}

    def read(record: Any, name: str) -> Any:
        part = parts.get(name)
        if part is None:
            raise AttributeError(name)
        return reader.part(part, record._data, record._where)

    return read_later_type(reader.model, ("_data", "_where"), read)


_READERS: dict[type, RecordReader[Any]] = {}


def record_reader(model: type[M]) -> RecordReader[M]:
    """The reader of ``model``, compiled on first use."""
    found = _READERS.get(model)
    if found is None:
        found = _READERS[model] = RecordReader(model)
    return found


account = record_reader(BillingAccount).read
contact = record_reader(BillingContact).read
note = record_reader(Note).read
DETAILS = record_reader(AccountDetails)
details = DETAILS.read
tax_address = record_reader(TaxAddress).read
deleted_item = record_reader(DeletedItem).read
OUTCOME = record_reader(PatchOutcome)

PATCHED: dict[str, Read[BillingAccount | BillingContact | Note]] = {
    "account": account,
    "contact": contact,
    "note": note,
}


def patch_outcome(data: Record, where: str) -> PatchOutcome:
    """One patched object; its ``instance`` read by ``dtoTypeKey`` when it is one we know."""
    kind = text(data.get("dtoTypeKey"), where, "dtoTypeKey")
    instance = object_or_none(data, where, "instance")
    read = PATCHED.get(kind)
    own = OUTCOME.values(data, where)
    if read is not None and instance is not None:
        own.append(read(instance, f"{where}.instance"))
    return PatchOutcome(*own)


def account_with_details(data: Record, where: str) -> AccountWithDetails:
    """An account record and its ``details`` block, both required (the detail endpoints)."""
    read = account(data, where)
    return read, details(required_object(data, where, "details"), f"{where}.details")


def account_with_details_later(data: Record, where: str) -> AccountWithDetails:
    """``account_with_details``, the parts of ``details`` read when first used.

    For a page of detail (``Account/Paged/Detail``), whose parts a query
    mostly leaves unread. A single account's detail is read whole: its answer
    may be kept by the read cache, which keeps only what decoded cleanly.
    """
    read = account(data, where)
    block = required_object(data, where, "details")
    return read, DETAILS.read_later(block, f"{where}.details")


# Envelopes: reads answer {trackingId, instance}, {totalCount, items} or
# {pagination, pagedResults}; writes {trackingId, type, results: {totalCount, items}}.


class Block:
    """One JSON object of an answer with its path there, read property by property."""

    __slots__ = ("data", "where")

    def __init__(self, data: object, where: str) -> None:
        self.data = as_object(data, where)
        self.where = where

    def integer(self, key: str) -> int:
        return integer(self.data.get(key), self.where, key)

    def integer_or_none(self, key: str) -> int | None:
        return integer_or_none(self.data.get(key), self.where, key)

    def text(self, key: str) -> str:
        return text(self.data.get(key), self.where, key)

    def text_or_none(self, key: str) -> str | None:
        return text_or_none(self.data.get(key), self.where, key)

    def block(self, key: str) -> Block:
        value = self.data.get(key)
        if value is None:
            raise not_a(self.where, key, "an object")
        return Block(value, f"{self.where}.{key}")

    def blocks(self, key: str) -> list[Block]:
        return [Block(item, where) for item, where in objects(self.data, self.where, key)]

    def objects(self, key: str) -> list[tuple[Record, str]]:
        return objects(self.data, self.where, key)


def answer(document: object) -> Block:
    """The top level of a successful answer, which always carries a ``trackingId``."""
    body = Block(document, "answer")
    body.text("trackingId")
    return body


def one(block: Block, read: Read[T]) -> T:
    """The record that ``block`` is."""
    return read(block.data, block.where)


def listed(block: Block, read: Read[T]) -> list[T]:
    """Every record of a ``{totalCount, items}`` block."""
    return list(starmap(read, block.objects("items")))


def paged(block: Block, read: Read[T]) -> Page[T]:
    """One page of a ``{pagination, pagedResults}`` block.

    The offset comes from the ``pagination`` the upstream echoes (it counts
    pages from 1), so it describes the page actually sent.
    """
    offset = page_offset(block.block("pagination"))
    results = block.block("pagedResults")
    return Page(
        items=listed(results, read),
        offset=offset,
        total=results.integer_or_none("totalCount"),
    )


def page_offset(pagination: Block) -> int:
    """The 0-based offset of the page an echoed ``pagination`` describes."""
    number = pagination.integer("pageNumber")
    size = pagination.integer("pageSize")
    if number < 1 or size < 1:
        raise bad("answer.pagination names no page")
    return (number - 1) * size


def only(items: list[T], where: str) -> T:
    """The one record an answer about one record must hold."""
    if len(items) != 1:
        raise bad(f"{where} holds {len(items)} records where one was expected")
    return items[0]


def children(body: Block) -> Block:
    """The ``instance.details`` under which the child endpoints put contacts and notes."""
    return body.block("instance").block("details")


def tax_addresses(body: Block) -> list[TaxAddress]:
    """The ``taxAddresses`` of the account instance a TaxAddress endpoint answers."""
    return list(starmap(tax_address, children(body).objects("taxAddresses")))


def _results(body: Block, kind: str) -> list[tuple[Record, str]]:
    """The ``results.items`` of a write answer whose ``type`` must be ``kind``."""
    if body.text("type") != kind:
        raise bad(f"answer.type is not {kind!r}")
    return body.block("results").objects("items")


def written(body: Block, kind: str, read: Read[T]) -> WriteResult[T]:
    """The record a create or update stored, as the upstream returned it."""
    item, where = only(_results(body, kind), "answer.results.items")
    return WriteResult(record=read(item, where), tracking_id=body.text("trackingId"))


def deleted(body: Block) -> DeleteRecord:
    return DeleteRecord(
        tracking_id=body.text("trackingId"),
        items=tuple(starmap(deleted_item, _results(body, "delete"))),
    )


def patched(body: Block) -> PatchResult:
    return PatchResult(
        tracking_id=body.text("trackingId"),
        outcomes=tuple(starmap(patch_outcome, _results(body, "patch"))),
    )
