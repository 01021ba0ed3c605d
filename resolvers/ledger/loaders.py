"""Per-request loaders of Saasu ledger accounts.

Saasu has no read of many ids, so a batch is one ``GET Account/{id}`` per
distinct id; the loader's value is in deduplication and in the cache that
``GET Accounts`` pages prime (Saasu allows about one call a second and a
daily cap, so every call saved counts).
"""

from __future__ import annotations

import asyncio
from typing import Any

from aiodataloader import DataLoader

from resolvers.context import Upstreams
from upstreams.saasu.models import LedgerAccount

LedgerAccountLoader = DataLoader[int, LedgerAccount]


def ledger_account_loader(upstreams: Upstreams) -> LedgerAccountLoader:
    """Ledger accounts by Saasu id; a missing one fails its own key with ``NotFound``."""

    async def load(ids: list[int]) -> list[Any]:
        """Records, or in their place the error that fails that key alone."""
        return list(
            await asyncio.gather(
                *(upstreams.saasu.get_account(i) for i in ids), return_exceptions=True
            )
        )

    return DataLoader(load)
