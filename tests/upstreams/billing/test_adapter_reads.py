"""The billing adapter's reads against the served sandbox: accounts, details, contacts, notes."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from decimal import Decimal

import pytest

from tests.upstreams.billing.adapter_kit import (
    WORLD,
    Billing,
    assert_clean,
    every_account,
    every_note,
    shared,
)
from upstreams.billing.adapter import BillingAdapter
from upstreams.billing.models import AccountDetails, BillingAccount
from upstreams.errors import InvalidInput, NotFound


@pytest.fixture(scope="module")
def billing() -> Iterator[Billing]:
    """One sandbox for every test here: reads change nothing, so they can share it."""
    with shared() as served:
        yield served


async def all_details(adapter: BillingAdapter) -> list[tuple[BillingAccount, AccountDetails]]:
    page = await adapter.accounts_detail_page(1, 1000)
    return list(page.items)


async def test_accounts_page_gives_every_seeded_account_typed(billing: Billing) -> None:
    async with billing.open() as adapter:
        accounts = await every_account(adapter)
    assert [a.identity for a in accounts] == list(WORLD.billing_ids())
    for account in accounts:
        assert account.name
        assert account.created is None or account.created.tzinfo is not None
        assert account.bill_day is None or 1 <= account.bill_day <= 28


async def test_external_identifier_names_the_linked_prepaid_account(billing: Billing) -> None:
    async with billing.open() as adapter:
        accounts = await every_account(adapter)
    for account in accounts:
        linked = WORLD.prepaid_id_for_billing(account.identity)
        assert account.external_account_identifier == (None if linked is None else str(linked))


async def test_invoicer_ids_name_existing_accounts(billing: Billing) -> None:
    async with billing.open() as adapter:
        accounts = await every_account(adapter)
    ids = {a.identity for a in accounts}
    for account in accounts:
        for named in (
            account.invoicer_account_id,
            account.usage_invoicer_account_id,
            account.tax_setting_account_id,
        ):
            assert named is None or named in ids


async def test_pages_walk_the_whole_list_with_0_based_offsets(billing: Billing) -> None:
    async with billing.open() as adapter:
        everything = await every_account(adapter)
        walked: list[BillingAccount] = []
        number = 1
        while True:
            page = await adapter.accounts_page(number, 7)
            assert page.offset == len(walked)
            assert page.total == len(everything)
            walked.extend(page.items)
            if not page.has_next:
                break
            number += 1
    assert walked == everything
    assert number == -(-len(everything) // 7)


async def test_page_without_total_count(billing: Billing) -> None:
    async with billing.open() as adapter:
        page = await adapter.accounts_page(2, 5, exclude_total_count=True)
    assert page.total is None
    assert page.has_next is None
    assert page.offset == 5
    assert [a.identity for a in page.items] == list(WORLD.billing_ids())[5:10]


async def test_page_past_the_end_is_empty_with_the_total(billing: Billing) -> None:
    async with billing.open() as adapter:
        page = await adapter.accounts_page(100, 20)
    assert list(page.items) == []
    assert page.total == WORLD.billing_accounts
    assert page.offset == 99 * 20


@pytest.mark.parametrize(("number", "size"), [(0, 20), (1, 0), (1, 1001)])
async def test_bad_page_is_invalid_input(billing: Billing, number: int, size: int) -> None:
    async with billing.open() as adapter:
        with pytest.raises(InvalidInput) as caught:
            await adapter.accounts_page(number, size)
    assert [p.code for p in caught.value.problems] == ["InvalidPagination"]
    assert_clean(caught.value)


async def test_detail_page_matches_each_account_detail(billing: Billing) -> None:
    async with billing.open() as adapter:
        page = await adapter.accounts_detail_page(2, 3)
        assert page.total == WORLD.billing_accounts
        assert [a.identity for a, _ in page.items] == list(WORLD.billing_ids())[3:6]
        for account, details in page.items:
            assert await adapter.get_account_detail(account.identity) == (account, details)
            assert await adapter.get_account(account.identity) == account


async def test_account_detail_is_typed(billing: Billing) -> None:
    async with billing.open() as adapter:
        detailed = await all_details(adapter)
    summaries = [d.account_summary for _, d in detailed if d.account_summary is not None]
    assert summaries, "every account should have a balance"
    for summary in summaries:
        assert isinstance(summary.balance, Decimal)
        assert isinstance(summary.balance_due, Decimal)
    contacts = [c for _, d in detailed for c in d.contacts]
    assert contacts, "the seeded accounts should have contacts"
    for contact in contacts:
        assert contact.contact_points is not None
        for point in contact.contact_points:
            assert point.contact_id in (None, contact.identity)
    for account, details in detailed:
        if details.parent is not None:
            assert details.parent.account_id in (None, account.identity)
        for address in details.tax_addresses:
            assert isinstance(address.created, datetime | None)


async def test_missing_account_is_not_found(billing: Billing) -> None:
    async with billing.open() as adapter:
        for read in (adapter.get_account, adapter.get_account_detail):
            with pytest.raises(NotFound) as caught:
                await read(999_999)
            assert_clean(caught.value)


async def test_notes_page_and_one(billing: Billing) -> None:
    async with billing.open() as adapter:
        accounts = await every_account(adapter)
        for account in accounts:
            notes = await every_note(adapter, account.identity)
            if len(notes) >= 2:
                break
        else:
            pytest.fail("no seeded account has two notes")
        page = await adapter.notes_page(account.identity, 1, len(notes) - 1)
        assert list(page.items) == notes[:-1]
        assert page.total == len(notes)
        assert page.has_next is True
        note = notes[-1]
        assert await adapter.get_note(account.identity, note.identity) == note
        assert note.created is None or note.created.tzinfo is not None
        with pytest.raises(NotFound):
            await adapter.get_note(account.identity, 999_999)
        with pytest.raises(NotFound):
            await adapter.notes_page(999_999)


async def test_tax_addresses_own_and_available(billing: Billing) -> None:
    async with billing.open() as adapter:
        detailed = await all_details(adapter)
        invoiced = [
            (a, d)
            for a, d in detailed
            if d.tax_addresses and a.invoicer_account_id not in (None, a.identity)
        ]
        assert invoiced, "some seeded account should be invoiced through another"
        extra_seen = False
        for account, details in invoiced[:3]:
            own = list(details.tax_addresses)
            assert all(a.account_id == account.identity for a in own)
            available = await adapter.get_available_tax_addresses(account.identity)
            extra = [a for a in available if a not in own]
            assert [a for a in available if a in own] == own
            for address in extra:
                assert address.is_shared is True
                assert address.account_id == account.invoicer_account_id
            extra_seen = extra_seen or bool(extra)
        assert extra_seen, "an invoicer's shared address should be available to some account"
        with pytest.raises(NotFound):
            await adapter.get_available_tax_addresses(999_999)
