"""Per-request loaders over the prepaid Web API.

The API has no batch read: ``prepaid_accounts`` sends one ``AccountRead`` per
distinct id (concurrently, a few at a time), and the loader's per-request
cache is what makes "100 invoices with their account names" cost one call per
distinct account. A failure is settled per key (the exception instance stands
in for that key's value), so one missing account does not fail the others.
Invoices read by a browse page are primed into ``prepaid_invoices`` by the
resolver that read the page.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Coroutine
from dataclasses import dataclass
from typing import Any, TypeVar

from aiodataloader import DataLoader

from resolvers.context import Upstreams
from upstreams.paging import Page
from upstreams.prepaid.models import InvoiceOrder, PrepaidAccount, PrepaidInvoice

K = TypeVar("K")
V = TypeVar("V")

# Reads in flight at once per batch: enough to hide latency, few enough not to
# flood an API that publishes no rate limit of its own.
CONCURRENCY = 8


def _per_key(
    read: Callable[[K], Awaitable[V]],
) -> Callable[[list[K]], Coroutine[Any, Any, list[V]]]:
    """A batch function made of one upstream read per key; errors stay per key.

    A key whose read failed gets the exception instance as its value, which
    aiodataloader raises to that key's caller only.
    """

    async def load(keys: list[K]) -> list[V]:
        gate = asyncio.Semaphore(CONCURRENCY)

        async def one(key: K) -> V | Exception:
            async with gate:
                try:
                    return await read(key)
                except Exception as error:  # settled as this key's value, not the batch's
                    return error

        results: list[Any] = await asyncio.gather(*(one(key) for key in keys))
        return results

    return load


def prepaid_accounts(upstreams: Upstreams) -> DataLoader[int, PrepaidAccount]:
    """Prepaid accounts by ``AccountId`` (``AccountRead``, one call per distinct id)."""
    return DataLoader(_per_key(upstreams.prepaid.read_account))


def prepaid_invoices(upstreams: Upstreams) -> DataLoader[int, PrepaidInvoice]:
    """Stored invoices by ``AccountInvoiceId`` (``AccountInvoiceRead``); browse pages prime it."""
    return DataLoader(_per_key(upstreams.prepaid.read_invoice))


def upcoming_invoices(upstreams: Upstreams) -> DataLoader[int, PrepaidInvoice]:
    """The preliminary (next period) invoice by ``AccountId`` (``AccountInvoiceRead``)."""
    return DataLoader(_per_key(upstreams.prepaid.read_preliminary_invoice))


@dataclass(frozen=True, slots=True)
class InvoicePageKey:
    """One ``AccountInvoiceBrowse`` call: order, page, and the optional account filter."""

    order: InvoiceOrder
    limit: int
    offset: int
    account_id: int | None = None


def invoice_pages(upstreams: Upstreams) -> DataLoader[InvoicePageKey, Page[PrepaidInvoice]]:
    """Pages of invoices (``AccountInvoiceBrowse`` with ``CalcFound``, for ``totalCount``)."""

    async def browse(key: InvoicePageKey) -> Page[PrepaidInvoice]:
        return await upstreams.prepaid.browse_invoices(
            order_by=key.order,
            limit=key.limit,
            offset=key.offset,
            calc_found=True,
            account_id=key.account_id,
        )

    return DataLoader(_per_key(browse))
