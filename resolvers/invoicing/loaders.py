"""Per-request loader of InvoiceXpress accounts (``get.json``: one account a call)."""

from __future__ import annotations

from aiodataloader import DataLoader

from resolvers.batching import per_key_loader
from resolvers.context import Upstreams
from upstreams.invoicexpress.models import InvoicingAccount

InvoicingAccountLoader = DataLoader[int, InvoicingAccount]


def invoicing_account_loader(upstreams: Upstreams) -> InvoicingAccountLoader:
    """Accounts by id; the API reads one at a time, so a batch is one call per distinct id."""
    return per_key_loader(upstreams.invoicexpress.get_account)
