"""Reading Saasu ledger accounts: get, 404, 403, list paging and filters.

Nothing here changes the sandbox's accounts, so one sandbox serves the
whole module (starting and stopping one per test would dominate its time).
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator

import pytest

from tests.upstreams.saasu.test_adapter import (
    FILE_ID,
    MODES,
    Sandbox,
    assert_clean,
    connect,
    editable_account,
    serve_for_module,
)
from upstreams.errors import Forbidden, InvalidInput, NotFound
from upstreams.saasu.adapter import SaasuAdapter
from upstreams.saasu.codec import Format
from upstreams.saasu.models import AccountLevel, AccountType, LedgerAccountUpdate


@pytest.fixture(scope="module")
def sandbox() -> Iterator[Sandbox]:
    yield from serve_for_module()


@pytest.fixture(params=MODES, ids=[f"{f}-{a}" for f, a in MODES])
async def adapter(request: pytest.FixtureRequest, sandbox: Sandbox) -> AsyncIterator[SaasuAdapter]:
    format, auth = request.param
    async with connect(sandbox, format=format, auth=auth) as adapter:
        yield adapter


async def test_get_reads_the_account_the_list_shows(adapter: SaasuAdapter) -> None:
    listed = (await adapter.list_accounts(page_size=10)).items[3]
    account = await adapter.get_account(listed.id)
    assert account == listed
    assert account.created_date_utc.tzinfo is not None
    assert account.last_modified_date_utc >= account.created_date_utc


async def test_header_account_id_names_a_header_account(adapter: SaasuAdapter) -> None:
    page = await adapter.list_accounts(page_size=100, account_level=AccountLevel.DETAIL)
    child = next(a for a in page.items if a.header_account_id is not None)
    assert child.header_account_id is not None
    header = await adapter.get_account(child.header_account_id)
    assert header.account_level is AccountLevel.HEADER


@pytest.mark.parametrize(("format", "auth"), MODES, ids=[f"{f}-{a}" for f, a in MODES])
async def test_another_file_is_forbidden(sandbox: Sandbox, format: Format, auth: str) -> None:
    async with connect(sandbox, format=format, auth=auth) as own:
        account_id = (await own.list_accounts(page_size=1)).items[0].id
    async with connect(sandbox, format=format, auth=auth, file_id=FILE_ID + 1) as other:
        with pytest.raises(Forbidden) as caught:
            await other.get_account(account_id)
        assert_clean(caught.value)
        with pytest.raises(Forbidden):
            await other.list_accounts()


async def test_unknown_account_is_not_found(adapter: SaasuAdapter, sandbox: Sandbox) -> None:
    last = (await adapter.list_accounts(page=1, page_size=100)).items[-1]
    missing = last.id + 100_000
    with pytest.raises(NotFound) as caught:
        await adapter.get_account(missing)
    assert_clean(caught.value)
    account = await editable_account(adapter, sandbox)
    with pytest.raises(NotFound):
        await adapter.update_account(missing, LedgerAccountUpdate.from_account(account))


async def test_pages_follow_on_in_id_order(adapter: SaasuAdapter) -> None:
    first = await adapter.list_accounts(page=1, page_size=5)
    second = await adapter.list_accounts(page=2, page_size=5)
    both = await adapter.list_accounts(page=1, page_size=10)
    assert (first.offset, second.offset, first.total) == (0, 5, None)
    assert [a.id for a in both.items] == [a.id for a in (*first.items, *second.items)]
    assert [a.id for a in both.items] == sorted(a.id for a in both.items)
    assert first.has_next is None


async def test_default_page_is_25_and_a_page_past_the_end_is_empty(
    adapter: SaasuAdapter,
) -> None:
    assert len((await adapter.list_accounts()).items) == 25
    page = await adapter.list_accounts(page=10_000, page_size=100)
    assert (page.items, page.offset) == ([], 999_900)


async def test_page_out_of_range_is_refused_before_spending_a_call(sandbox: Sandbox) -> None:
    before = await sandbox.calls()
    async with connect(sandbox) as adapter:
        with pytest.raises(InvalidInput) as caught:
            await adapter.list_accounts(page=0, page_size=101)
    assert {p.field for p in caught.value.problems} == {"Page", "PageSize"}
    assert await sandbox.calls() == before


async def test_filters_narrow_the_list(adapter: SaasuAdapter) -> None:
    everything = (await adapter.list_accounts(page_size=100)).items
    assert len(everything) == 100

    income = (await adapter.list_accounts(page_size=100, account_type=AccountType.INCOME)).items
    assert income and all(a.account_type is AccountType.INCOME for a in income)

    banks = (await adapter.list_accounts(page_size=100, is_bank_account=True)).items
    assert banks and all(a.is_bank_account for a in banks)

    headers = (await adapter.list_accounts(page_size=100, account_level=AccountLevel.HEADER)).items
    assert headers and all(a.account_level is AccountLevel.HEADER for a in headers)

    own = (await adapter.list_accounts(page_size=100, include_built_in=False)).items
    assert own and not any(a.is_built_in for a in own)

    inactive = (await adapter.list_accounts(page_size=100, is_active=False)).items
    assert all(not a.is_active for a in inactive)
    active = (await adapter.list_accounts(page_size=100, is_active=True)).items
    assert active and all(a.is_active for a in active)


async def test_filter_by_header_account(adapter: SaasuAdapter) -> None:
    everything = (await adapter.list_accounts(page_size=100)).items
    header_id = next(a.header_account_id for a in everything if a.header_account_id is not None)
    children = (await adapter.list_accounts(page_size=100, header_account_id=header_id)).items
    expected = [a.id for a in everything if a.header_account_id == header_id]
    assert [a.id for a in children][: len(expected)] == expected
    assert all(a.header_account_id == header_id for a in children)
