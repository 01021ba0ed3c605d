"""Read a page of detail for what the caller will read now; the rest only when asked.

An ``Account/Paged/Detail`` page of fifty accounts is some 250 KB of JSON,
and reading it whole (``decode.paged``) builds every property of every
account, contact and plan while a list on screen shows a handful. Given
``Reads``, the properties the caller says it will read, msgspec reads only
those keys (skipping the others in C) into records of the models' own
classes. A property left out is read the first time it is asked for, from
the same answer read whole by ``decode`` (per account, once), so a caller
that reads more than it said is slower, never wrong.

The checks are ``decode``'s own (``Kind``, ``Part``). When a property read
now fails one, or msgspec refuses the shape (a list that is no list, an item
that is no object), the whole page goes to ``decode``'s path, which gives
the records, or the error, that it always gives.
"""

from __future__ import annotations

import dataclasses
import functools
import types
import typing
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from operator import attrgetter
from typing import Any, Generic, TypeAlias, TypeVar

import msgspec

from upstreams.billing import decode
from upstreams.billing.decode import Block, Kind, Part, record_reader, slot_setter
from upstreams.billing.models import AccountDetails, AccountWithDetails, BillingAccount
from upstreams.errors import BadUpstreamResponse
from upstreams.paging import Page
from upstreams.read_later import read_later_type

M = TypeVar("M")

DETAILS = "details"
"""The name, in a page item's ``Reads``, of what is read of the account's details."""


@dataclass(frozen=True, slots=True)
class Reads:
    """What a caller reads of a record now.

    ``names`` are the model's attributes: plain properties, and parts read
    whole (their own parts on first use); ``parts`` are parts with what is
    read of each of their records. A page item's ``Reads`` names the
    account's attributes, and under ``details`` what is read of its details.
    Made by ``reads``, so equal selections give equal (and hashable) values.
    """

    names: frozenset[str] = frozenset()
    parts: tuple[tuple[str, Reads], ...] = ()

    def join(self, other: Reads) -> Reads:
        """What either reads."""
        merged: dict[str, Reads] = dict(self.parts)
        for name, inner in other.parts:
            merged[name] = merged[name].join(inner) if name in merged else inner
        return reads(self.names | other.names, merged)


def reads(names: Iterable[str] = (), parts: Mapping[str, Reads] | None = None) -> Reads:
    """``Reads`` of ``names`` and ``parts``; a part also named whole is read whole."""
    whole = frozenset(names)
    kept = sorted((name, inner) for name, inner in (parts or {}).items() if name not in whole)
    return Reads(whole, tuple(kept))


class Refused(Exception):
    """A property read now is not of a type its kind passes: the page goes to ``decode``'s path."""


class Projected(Generic[M]):
    """One model read for one ``Reads``: the msgspec struct of its keys and how a record is made.

    Names the model does not have, or a part nested in a block, are left to
    first use; they are never wrong, only read later.
    """

    __slots__ = (
        "converted",
        "exact",
        "lazy",
        "nested",
        "put_origin",
        "setters",
        "struct",
        "values",
        "whole_parts",
    )

    def __init__(
        self, model: type[M], wanted: Reads, extra: Sequence[tuple[str, Any]] = ()
    ) -> None:
        reader = record_reader(model)
        parts = {part.attribute: part for part in reader.parts}
        fields: dict[str, tuple[str, Any, Any]] = {}
        plain: list[tuple[str, str, Kind]] = []
        for name in sorted(wanted.names):
            if name in reader.plain:
                index = reader.plain.index(name)
                key = reader.keys[index]
                plain.append((name, key, _kind(reader, index)))
                fields[key] = (key, Any, None)
        whole_parts = [parts[name] for name in sorted(wanted.names) if name in parts]
        for part in whole_parts:
            top = part.block or part.key
            fields[top] = (top, Any, None)
        nested: list[tuple[Part, Projected[Any], Callable[[object, object], None]]] = []
        for name, inner in wanted.parts:
            held = parts.get(name)
            if held is None or held.block is not None or not (held.many or held.optional):
                continue
            projected: Projected[Any] = projection(_target(model, name), inner)
            shape = _list_of(projected.struct) if held.many else projected.struct
            fields[held.key] = (held.key, shape | None, None)
            nested.append((held, projected, slot_setter(model, name)))
        keys = [key for _, key, _ in plain]
        self.values: Callable[[Any], tuple[Any, ...]] = (
            attrgetter(*keys) if len(keys) > 1 else lambda read: (getattr(read, keys[0]),)
        )
        self.exact = tuple(kind.exact for _, _, kind in plain)
        self.converted = tuple(
            (i, kind.read, key) for i, (_, key, kind) in enumerate(plain) if kind.converts
        )
        self.setters = tuple(slot_setter(model, name) for name, _, _ in plain)
        self.whole_parts = tuple((part, slot_setter(model, part.attribute)) for part in whole_parts)
        self.nested = tuple(nested)
        self.lazy = partial_type(model)
        self.put_origin = slot_setter(self.lazy, "_origin")
        self.struct: type[msgspec.Struct] = msgspec.defstruct(
            f"{model.__name__}Read",
            [*fields.values(), *extra],
            kw_only=True,
            gc=False,  # decoded JSON holds no cycles
        )

    def make(self, read: Any, origin: Origin) -> M:
        """The record from ``read`` (a ``struct``), found at ``origin`` in the answer."""
        record: M = object.__new__(self.lazy)
        if self.setters:
            values: Sequence[Any] = self.values(read)
            if not all(map(frozenset.__contains__, self.exact, map(type, values))):
                raise Refused
            if self.converted:
                where = where_of(origin)
                converted = list(values)
                for i, convert, key in self.converted:
                    converted[i] = convert(converted[i], where, key)
                values = converted
            for put, value in zip(self.setters, values, strict=True):
                put(record, value)
        if self.whole_parts:
            where = where_of(origin)
            data = {
                key: getattr(read, key)
                for key in {part.block or part.key for part, _ in self.whole_parts}
            }
            blocks: dict[str, tuple[decode.Record | None, str]] = {}
            for part, put in self.whole_parts:
                put(record, part.value(*part.locate(data, where, blocks), part.read_later))
        if self.nested:
            whole, index, side, steps = origin
            for part, inner, put_part in self.nested:
                found = getattr(read, part.key)
                name, key = part.attribute, part.key
                held: Any
                if found is None:
                    held = () if part.many else None
                elif part.many:
                    held = tuple(
                        inner.make(item, (whole, index, side, (*steps, (name, key, i))))
                        for i, item in enumerate(found)
                    )
                else:
                    held = inner.make(found, (whole, index, side, (*steps, (name, key, None))))
                put_part(record, held)
        self.put_origin(record, origin)
        return record


Origin: TypeAlias = tuple["Whole", int, int, tuple[tuple[str, str, int | None], ...]]
"""Where a record is in its answer: the page, the item, 0 (the account) or 1 (its details),
then each part below it (attribute, wire key, position in a list or ``None``)."""


def whole_record(origin: Origin) -> Any:
    """The record at ``origin`` as ``decode`` reads it whole."""
    whole, index, side, steps = origin
    record: Any = whole.item(index)[side]
    for attribute, _, position in steps:
        record = getattr(record, attribute)
        if position is not None:
            record = record[position]
    return record


def where_of(origin: Origin) -> str:
    """The path in the answer of the record at ``origin``, as ``decode``'s errors name it."""
    _, index, side, steps = origin
    where = f"answer.pagedResults.items[{index}]" + (f".{DETAILS}" if side else "")
    for _, key, position in steps:
        where += f".{key}" if position is None else f".{key}[{position}]"
    return where


def _list_of(kind: Any) -> Any:
    """``list[kind]`` for a ``kind`` made at run time."""
    return list.__class_getitem__(kind)


def _kind(reader: decode.RecordReader[Any], index: int) -> Kind:
    """The ``Kind`` ``reader`` reads its plain property ``index`` by."""
    converts = any(i == index for i, _, _ in reader.converted)
    return Kind(reader.exact[index], reader.reads[index], converts)


def _target(model: type, name: str) -> type:
    """The model of the records in the part ``name`` of ``model``."""
    annotation = typing.get_type_hints(model)[name]
    if isinstance(annotation, types.UnionType):
        (annotation,) = (arg for arg in typing.get_args(annotation) if arg is not type(None))
    if typing.get_origin(annotation) is tuple:
        annotation = typing.get_args(annotation)[0]
    if not (isinstance(annotation, type) and dataclasses.is_dataclass(annotation)):
        raise TypeError(f"{model.__name__}.{name} holds no records")
    return annotation


_PARTIAL_TYPES: dict[type, type] = {}


def partial_type(model: type[M]) -> type[M]:
    """``model``'s subclass whose records read what was not read now from their origin."""
    found = _PARTIAL_TYPES.get(model)
    if found is None:
        found = _PARTIAL_TYPES[model] = _partial_type(model)
    return found


def _partial_type(model: type[M]) -> type[M]:
    names = frozenset(field.name for field in dataclasses.fields(model))  # type: ignore[arg-type]

    def read(record: Any, name: str) -> Any:
        if name not in names:
            raise AttributeError(name)
        return getattr(whole_record(record._origin), name)

    return read_later_type(model, ("_origin",), read)


_PROJECTIONS: dict[tuple[type, Reads], Projected[Any]] = {}
KEPT_PROJECTIONS = 1024
"""Compiled projections kept; selections are the clients', so there is a bound."""


def projection(model: type[M], wanted: Reads) -> Projected[M]:
    """``model`` read for ``wanted``, compiled on first use."""
    found = _PROJECTIONS.get((model, wanted))
    if found is None:
        if len(_PROJECTIONS) >= KEPT_PROJECTIONS:
            _PROJECTIONS.clear()
        found = _PROJECTIONS[model, wanted] = Projected(model, wanted)
    return found


class _Item:
    """A page item: its account's projection, and its details' under ``details``."""

    __slots__ = ("account", "details", "struct")

    def __init__(self, wanted: Reads) -> None:
        inner = dict(wanted.parts).get(DETAILS, Reads())
        self.details = projection(AccountDetails, inner)
        account = reads(wanted.names, {k: v for k, v in wanted.parts if k != DETAILS})
        self.account = Projected(BillingAccount, account, [(DETAILS, self.details.struct)])
        self.struct = self.account.struct


@functools.lru_cache(maxsize=64)
def _page_decoder(wanted: Reads) -> tuple[_Item, msgspec.json.Decoder[Any]]:
    item = _Item(wanted)
    results = msgspec.defstruct(
        "PagedResultsRead",
        [("items", _list_of(item.struct)), ("totalCount", Any, None)],
        gc=False,
    )
    envelope = msgspec.defstruct(
        "PageRead",
        [("pagedResults", results), ("trackingId", Any, None), ("pagination", Any, None)],
        gc=False,
    )
    return item, msgspec.json.Decoder(envelope, float_hook=Decimal)


class Whole:
    """The page's answer read whole by ``decode``, one account at a time, when first needed."""

    __slots__ = ("content", "items", "objects")

    def __init__(self, content: bytes) -> None:
        self.content = content
        self.objects: list[tuple[decode.Record, str]] | None = None
        self.items: dict[int, AccountWithDetails] = {}

    def item(self, index: int) -> AccountWithDetails:
        found = self.items.get(index)
        if found is None:
            if self.objects is None:
                body = decode.answer(decode.parse(self.content))
                self.objects = body.block("pagedResults").objects("items")
            found = self.items[index] = decode.account_with_details_later(*self.objects[index])
        return found


def detail_page(content: bytes, wanted: Reads | None) -> Page[AccountWithDetails]:
    """The ``Account/Paged/Detail`` answer in ``content``, read for ``wanted`` now.

    ``None``, or a page the projection refuses: ``decode``'s whole read, the
    details' parts still on first use.
    """
    if wanted is not None:
        try:
            return _read(content, wanted)
        except (msgspec.DecodeError, BadUpstreamResponse, Refused, RecursionError):
            pass
    return decode.paged(decode.answer(decode.parse(content)), decode.account_with_details_later)


def _read(content: bytes, wanted: Reads) -> Page[AccountWithDetails]:
    item, decoder = _page_decoder(wanted)
    answer = decoder.decode(content)
    decode.text(answer.trackingId, "answer", "trackingId")
    offset = decode.page_offset(Block(answer.pagination, "answer.pagination"))
    results = answer.pagedResults
    total = decode.integer_or_none(results.totalCount, "answer.pagedResults", "totalCount")
    whole = Whole(content)
    items: list[AccountWithDetails] = []
    for index, read in enumerate(results.items):
        account = item.account.make(read, (whole, index, 0, ()))
        details = item.details.make(read.details, (whole, index, 1, ()))
        items.append((account, details))
    return Page(items=items, offset=offset, total=total)
