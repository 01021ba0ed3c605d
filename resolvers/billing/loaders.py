"""Per-request loaders over the billing v8 API.

The API has no many-ids read: ``billing_accounts`` sends one ``GET
Account/{id}`` per distinct id, and the per-request cache is what makes "50
accounts with their invoicer" cost one call per distinct invoicer. Everything
that lives in an account's deep detail (contacts, summary, parent, plans, tax
data) comes from ``billing_account_details``; plain account fields never touch
it. Pages read by ``customerAccounts`` are primed into both by the resolver
(``prime_accounts``), so following a record read by a page costs nothing.
The API has no lookup by ``externalAccountIdentifier``, so the way back from
a prepaid account to the billing account naming it reads every account once
per request (``billing_accounts_by_prepaid_id``) and answers each link from that.
A failure is settled per key, so one missing account does not fail the others.

The API pages by 1-based ``pageNumber``/``pageSize``: a Relay window is read
as the pages ``resolvers.numbered_pages`` picks (``pages_for``) and sliced
out of them (``cut``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import NamedTuple, TypeVar

from aiodataloader import DataLoader

from resolvers.batching import per_key_loader
from resolvers.context import GraphContext, Upstreams
from resolvers.numbered_pages import covering_pages
from upstreams.billing.models import AccountWithDetails, BillingAccount, Note, TaxAddress
from upstreams.billing.projection import Reads
from upstreams.paging import Page

T = TypeVar("T")


class PageKey(NamedTuple):
    """One upstream page: 1-based ``number`` of ``size`` records."""

    number: int
    size: int


class DetailPageKey(NamedTuple):
    """One upstream page of detail, read for what the operation reads of it (``page_reads``).

    Every ``customerAccounts`` of an operation asks with the same ``reads``,
    so a page is still read once per request.
    """

    number: int
    size: int
    reads: Reads | None


class NotePageKey(NamedTuple):
    """One page of an account's notes."""

    account_id: int
    number: int
    size: int


def billing_accounts(upstreams: Upstreams) -> DataLoader[int, BillingAccount]:
    """Accounts by identity (``GET Account/{id}``, one call per distinct id)."""
    return per_key_loader(upstreams.billing.get_account)


def prepaid_id_named(external_account_identifier: str | None) -> int | None:
    """The prepaid ``AccountId`` an ``externalAccountIdentifier`` holds, or ``None``."""
    text = (external_account_identifier or "").strip()
    return int(text) if text.isdigit() else None


EVERY_ACCOUNT = "every account"
"""The one key of ``billing_accounts_by_prepaid_id``: the whole list is one read."""


def billing_accounts_by_prepaid_id(
    upstreams: Upstreams,
) -> DataLoader[str, Mapping[int, BillingAccount]]:
    """Every account by the prepaid ``AccountId`` it names (``GET Account/``, one call).

    Where several accounts name the same prepaid account, the lowest
    ``identity`` (the first listed) stands for them.
    """

    async def read(_key: str) -> Mapping[int, BillingAccount]:
        index: dict[int, BillingAccount] = {}
        for account in await upstreams.billing.list_accounts():
            prepaid_id = prepaid_id_named(account.external_account_identifier)
            if prepaid_id is not None:
                index.setdefault(prepaid_id, account)
        return index

    return per_key_loader(read)


async def account_naming_prepaid(context: GraphContext, prepaid_id: int) -> BillingAccount | None:
    """The billing account whose ``externalAccountIdentifier`` names ``prepaid_id``."""
    index = await context.loader(billing_accounts_by_prepaid_id).load(EVERY_ACCOUNT)
    account = index.get(prepaid_id)
    if account is not None:
        context.loader(billing_accounts).prime(account.identity, account)
    return account


def billing_account_details(upstreams: Upstreams) -> DataLoader[int, AccountWithDetails]:
    """Accounts with their details by identity (``GET Account/{id}/Detail``)."""
    return per_key_loader(upstreams.billing.get_account_detail)


def billing_available_tax_addresses(upstreams: Upstreams) -> DataLoader[int, list[TaxAddress]]:
    """Tax addresses an account may use (``GET Account/{id}/TaxAddress/AvailableFor``)."""
    return per_key_loader(upstreams.billing.get_available_tax_addresses)


def billing_account_pages(upstreams: Upstreams) -> DataLoader[PageKey, Page[BillingAccount]]:
    """Pages of accounts (``GET Account/Paged``)."""

    async def read(key: PageKey) -> Page[BillingAccount]:
        return await upstreams.billing.accounts_page(key.number, key.size)

    return per_key_loader(read)


def billing_account_detail_pages(
    upstreams: Upstreams,
) -> DataLoader[DetailPageKey, Page[AccountWithDetails]]:
    """Pages of accounts with their details (``GET Account/Paged/Detail``)."""

    async def read(key: DetailPageKey) -> Page[AccountWithDetails]:
        return await upstreams.billing.accounts_detail_page(key.number, key.size, reads=key.reads)

    return per_key_loader(read)


def billing_note_pages(upstreams: Upstreams) -> DataLoader[NotePageKey, Page[Note]]:
    """Pages of one account's notes (``GET Account/{id}/Note/Paged``)."""

    async def read(key: NotePageKey) -> Page[Note]:
        return await upstreams.billing.notes_page(key.account_id, key.number, key.size)

    return per_key_loader(read)


def billing_notes(upstreams: Upstreams) -> DataLoader[tuple[int, int], Note]:
    """Notes by (account id, note id) (``GET Account/{id}/Note/{noteId}``)."""

    async def read(key: tuple[int, int]) -> Note:
        return await upstreams.billing.get_note(*key)

    return per_key_loader(read)


def prime_accounts(context: GraphContext, accounts: Iterable[BillingAccount]) -> None:
    """Prime the account loader with records a page or a write already gave us."""
    loader = context.loader(billing_accounts)
    for account in accounts:
        loader.clear(account.identity).prime(account.identity, account)


def prime_details(context: GraphContext, details: Iterable[AccountWithDetails]) -> None:
    """Prime the detail loader and the account loader with deep details already read."""
    items = list(details)
    loader = context.loader(billing_account_details)
    for item in items:
        loader.clear(item[0].identity).prime(item[0].identity, item)
    prime_accounts(context, (item[0] for item in items))


async def load_detail(context: GraphContext, account_id: int) -> AccountWithDetails:
    """An account's deep detail; primes the account loader with the account it carries."""
    item = await context.loader(billing_account_details).load(account_id)
    account_loader = context.loader(billing_accounts)
    account_loader.prime(account_id, item[0])  # prime() keeps an entry already there
    return item


UPSTREAM_MAX_PAGE = 1000


def pages_for(offset: int, first: int) -> list[PageKey]:
    """The upstream pages that cover records ``offset .. offset + first - 1`` (none if empty)."""
    if first == 0:
        return []
    size, numbers = covering_pages(offset, first, UPSTREAM_MAX_PAGE)
    return [PageKey(number, size) for number in numbers]


def cut(pages: Sequence[Page[T]], offset: int, first: int) -> Page[T]:
    """The window ``offset .. offset + first - 1`` out of the pages read for it."""
    items = [item for page in pages for item in page.items]
    start = pages[0].offset if pages else offset
    chosen = items[offset - start : offset - start + first]
    total = pages[-1].total if pages else None
    return Page(items=chosen, offset=offset, total=total)
