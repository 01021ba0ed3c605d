"""Per-request loaders of Saasu ledger accounts.

Saasu has no read of many ids, so a batch is one ``GET Account/{id}`` per
distinct id; the loader's value is in deduplication and in the cache that
``GET Accounts`` pages prime (Saasu allows about one call a second and a
daily cap, so every call saved counts).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

from aiodataloader import DataLoader

from resolvers.batching import per_key_loader
from resolvers.context import Upstreams
from upstreams.paging import Page
from upstreams.saasu.models import AccountLevel, AccountType, LedgerAccount

LedgerAccountLoader = DataLoader[int, LedgerAccount]


def ledger_account_loader(upstreams: Upstreams) -> LedgerAccountLoader:
    """Ledger accounts by Saasu id; a missing one fails its own key with ``NotFound``."""
    return per_key_loader(upstreams.saasu.get_account)


@dataclass(frozen=True, slots=True)
class Filters:
    """The ``GET Accounts`` filters; ``None`` leaves one out."""

    is_active: bool | None = None
    is_bank_account: bool | None = None
    account_type: AccountType | None = None
    include_built_in: bool | None = None
    header_account_id: int | None = None
    account_level: AccountLevel | None = None


@dataclass(frozen=True, slots=True)
class AccountsPage:
    """One ``GET Accounts`` call: the page, its size and the filters."""

    page: int
    page_size: int
    filters: Filters = Filters()


def ledger_account_pages(upstreams: Upstreams) -> DataLoader[AccountsPage, Page[LedgerAccount]]:
    """Pages of ``GET Accounts``; the same page asked twice in a request is read once."""

    async def read(k: AccountsPage) -> Page[LedgerAccount]:
        return await upstreams.saasu.list_accounts(
            page=k.page, page_size=k.page_size, **asdict(k.filters)
        )

    return per_key_loader(read)
