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

from dataclasses import dataclass

from aiodataloader import DataLoader

from resolvers.batching import per_key_loader
from resolvers.context import Upstreams
from upstreams.paging import Page
from upstreams.prepaid.models import InvoiceOrder, PrepaidAccount, PrepaidInvoice


def prepaid_accounts(upstreams: Upstreams) -> DataLoader[int, PrepaidAccount]:
    """Prepaid accounts by ``AccountId`` (``AccountRead``, one call per distinct id)."""
    return per_key_loader(upstreams.prepaid.read_account)


def prepaid_invoices(upstreams: Upstreams) -> DataLoader[int, PrepaidInvoice]:
    """Stored invoices by ``AccountInvoiceId`` (``AccountInvoiceRead``); browse pages prime it."""
    return per_key_loader(upstreams.prepaid.read_invoice)


def upcoming_invoices(upstreams: Upstreams) -> DataLoader[int, PrepaidInvoice]:
    """The preliminary (next period) invoice by ``AccountId`` (``AccountInvoiceRead``)."""
    return per_key_loader(upstreams.prepaid.read_preliminary_invoice)


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

    return per_key_loader(browse)
