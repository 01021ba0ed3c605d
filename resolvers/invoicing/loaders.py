"""Per-request loader of InvoiceXpress accounts (``get.json``: one account a call)."""

from __future__ import annotations

import asyncio
from typing import Any

from aiodataloader import DataLoader

from resolvers.context import Upstreams
from upstreams.invoicexpress.models import InvoicingAccount

InvoicingAccountLoader = DataLoader[int, InvoicingAccount]


def invoicing_account_loader(upstreams: Upstreams) -> InvoicingAccountLoader:
    """Accounts by id; the API reads one at a time, so a batch is one call per distinct id."""

    async def load(ids: list[int]) -> list[Any]:
        """Records, or in their place the error that fails that key alone."""
        return list(
            await asyncio.gather(
                *(upstreams.invoicexpress.get_account(i) for i in ids), return_exceptions=True
            )
        )

    return DataLoader(load)
