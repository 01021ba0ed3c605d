"""Read the envelopes the billing API wraps its records in.

Reads answer ``{trackingId, instance}``, ``{totalCount, items}`` or
``{pagination, pagedResults}``; writes answer ``{trackingId, type, results:
{totalCount, items}}``. Each function takes the record reader to use inside,
so the envelope and the record are checked separately.
"""

from __future__ import annotations

from collections.abc import Callable
from itertools import starmap
from typing import TypeVar

from upstreams.billing import records
from upstreams.billing.fields import Fields
from upstreams.billing.kinds import bad
from upstreams.billing.models import DeleteRecord, PatchResult, WriteResult
from upstreams.billing.nesting import Record
from upstreams.paging import Page

T = TypeVar("T")

Reader = Callable[[Record, str], T]
"""A record reader: the object and its path in the answer, which errors name."""


def answer(document: object) -> Fields:
    """The top level of a successful answer, which always carries a ``trackingId``."""
    body = Fields(document, "answer")
    body.text("trackingId")
    return body


def one(block: Fields, read: Reader[T]) -> T:
    """The record that ``block`` is."""
    return read(block.data, block.where)


def listed(block: Fields, read: Reader[T]) -> list[T]:
    """Every record of a ``{totalCount, items}`` block."""
    return list(starmap(read, block.objects("items")))


def paged(block: Fields, read: Reader[T]) -> Page[T]:
    """One page of a ``{pagination, pagedResults}`` block.

    The offset comes from the ``pagination`` the upstream echoes (it counts
    pages from 1), so it describes the page actually sent.
    """
    pagination = block.record("pagination")
    number = pagination.integer("pageNumber")
    size = pagination.integer("pageSize")
    if number < 1 or size < 1:
        raise bad("answer.pagination names no page")
    results = block.record("pagedResults")
    return Page(
        items=listed(results, read),
        offset=(number - 1) * size,
        total=results.integer_or_none("totalCount"),
    )


def only(items: list[T], where: str) -> T:
    """The one record an answer about one record must hold."""
    if len(items) != 1:
        raise bad(f"{where} holds {len(items)} records where one was expected")
    return items[0]


def results(body: Fields, kind: str) -> list[tuple[Record, str]]:
    """The ``results.items`` of a write answer whose ``type`` must be ``kind``."""
    if body.text("type") != kind:
        raise bad(f"answer.type is not {kind!r}")
    return body.record("results").objects("items")


def written(body: Fields, kind: str, read: Reader[T]) -> WriteResult[T]:
    """The record a create or update stored, as the upstream returned it."""
    item, where = only(results(body, kind), "answer.results.items")
    return WriteResult(record=read(item, where), tracking_id=body.text("trackingId"))


def deleted(body: Fields) -> DeleteRecord:
    return DeleteRecord(
        tracking_id=body.text("trackingId"),
        items=tuple(starmap(records.deleted_item, results(body, "delete"))),
    )


def patched(body: Fields) -> PatchResult:
    return PatchResult(
        tracking_id=body.text("trackingId"),
        outcomes=tuple(starmap(records.patch_outcome, results(body, "patch"))),
    )
