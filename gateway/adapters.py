"""The four adapters a gateway serves over, built from their settings."""

from __future__ import annotations

from gateway.config import UpstreamSettings
from resolvers.context import BatchObserver, Upstreams
from upstreams.billing.adapter import BillingAdapter
from upstreams.cache import ReadCache
from upstreams.invoicexpress.adapter import InvoiceXpressAdapter
from upstreams.prepaid.adapter import PrepaidAdapter
from upstreams.saasu.adapter import SaasuAdapter


def build_upstreams(
    settings: UpstreamSettings,
    *,
    cache: ReadCache | None = None,
    batches: BatchObserver | None = None,
) -> Upstreams:
    """One adapter (and so one connection pool) per upstream, shared by all requests.

    ``cache`` is the cross-request cache of the adapters that cache reads;
    ``batches`` hears every dataloader batch's size.
    """
    return Upstreams(
        prepaid=PrepaidAdapter(settings.prepaid, cache=cache),
        billing=BillingAdapter(settings.billing, cache=cache),
        saasu=SaasuAdapter(settings.saasu, cache=cache),
        invoicexpress=InvoiceXpressAdapter(settings.invoicexpress, cache=cache),
        invoicing_account_id=settings.invoicing_account_id,
        batches=batches,
    )


async def close_upstreams(upstreams: Upstreams) -> None:
    for adapter in (upstreams.prepaid, upstreams.billing, upstreams.saasu, upstreams.invoicexpress):
        await adapter.aclose()
