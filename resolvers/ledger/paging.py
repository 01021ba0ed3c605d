"""``ledgerAccounts``: Relay offsets mapped onto Saasu's numbered pages.

Saasu pages from 1 with ``PageSize`` up to 100 and gives no total. A window
``[offset, offset + first]`` (one more than asked, to know whether more
follow) is fetched with the page size that holds it in one page when there
is one, else with as few pages as possible; every account read primes the
per-id loader, so following a listed account's links costs no second read.
"""

from __future__ import annotations

import strawberry

from resolvers.connections import MAX_PAGE, CountedConnection, connection
from resolvers.context import GraphContext
from resolvers.cursors import Listing
from resolvers.ledger.loaders import (
    AccountsPage,
    Filters,
    ledger_account_loader,
    ledger_account_pages,
)
from resolvers.ledger.types import LedgerAccount
from resolvers.numbered_pages import covering_pages
from upstreams.paging import Page
from upstreams.saasu import models


@strawberry.type(
    description="A page of Saasu ledger accounts; totalCount is null (Saasu gives none)."
)
class LedgerAccountConnection(CountedConnection[LedgerAccount]):
    """Named subclass, so the schema calls it ``LedgerAccountConnection``."""


def plan(offset: int, count: int) -> tuple[int, list[int]]:
    """Saasu's page size and page numbers covering ``count`` records from ``offset``."""
    return covering_pages(offset, count, MAX_PAGE)


async def list_accounts(
    context: GraphContext, *, offset: int, first: int, filters: Filters, listing: Listing
) -> LedgerAccountConnection:
    """``first`` accounts from ``offset``, with an exact ``hasNextPage`` where one call allows."""
    if first == 0:
        empty = connection(
            Page(items=[], offset=offset, total=None),
            LedgerAccount.from_model,
            requested=1,
            listing=listing,
        )
        return LedgerAccountConnection(edges=[], page_info=empty.page_info, total_count=None)
    window = first + 1 if first < MAX_PAGE else first
    size, pages = plan(offset, window)
    reader = context.loader(ledger_account_pages)
    records: list[models.LedgerAccount] = []
    for number in pages:
        page = await reader.load(AccountsPage(number, size, filters))
        records.extend(page.items)
        if len(page.items) < size:
            break
    start = offset - (pages[0] - 1) * size
    loader = context.loader(ledger_account_loader)
    for record in records:
        loader.prime(record.id, record)
    chosen = records[start : start + first]
    result = connection(
        Page(items=chosen, offset=offset, total=None),
        LedgerAccount.from_model,
        requested=first,
        listing=listing,
    )
    if window > first:
        result.page_info.has_next_page = len(records) - start > first
    return LedgerAccountConnection(
        edges=result.edges, page_info=result.page_info, total_count=result.total_count
    )
