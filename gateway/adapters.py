"""The four adapters a gateway serves over, built from their settings."""

from __future__ import annotations

from gateway.config import UpstreamSettings
from resolvers.context import BatchObserver, Upstreams
from upstreams.allowances import ALONE, Allowances
from upstreams.billing.adapter import BillingAdapter
from upstreams.cache import ReadCache
from upstreams.invoicexpress.adapter import InvoiceXpressAdapter
from upstreams.observe import UNWATCHED, CallWatch
from upstreams.prepaid.adapter import PrepaidAdapter
from upstreams.saasu.adapter import SaasuAdapter


def build_upstreams(
    settings: UpstreamSettings,
    *,
    cache: ReadCache | None = None,
    batches: BatchObserver | None = None,
    watch: CallWatch = UNWATCHED,
    allowances: Allowances = ALONE,
) -> Upstreams:
    """One adapter (and so one connection pool) per upstream, shared by all requests.

    ``cache`` is the cross-request cache of the adapters that cache reads;
    ``batches`` hears every dataloader batch's size; ``watch``, every upstream call;
    ``allowances`` makes each upstream's pacer and daily cap.
    """
    return Upstreams(
        prepaid=PrepaidAdapter(settings.prepaid, cache=cache, watch=watch, allowances=allowances),
        billing=BillingAdapter(settings.billing, cache=cache, watch=watch, allowances=allowances),
        saasu=SaasuAdapter(settings.saasu, cache=cache, watch=watch, allowances=allowances),
        invoicexpress=InvoiceXpressAdapter(
            settings.invoicexpress, cache=cache, watch=watch, allowances=allowances
        ),
        invoicing_account_id=settings.invoicing_account_id,
        batches=batches,
    )


async def close_upstreams(upstreams: Upstreams) -> None:
    for adapter in (upstreams.prepaid, upstreams.billing, upstreams.saasu, upstreams.invoicexpress):
        await adapter.aclose()
