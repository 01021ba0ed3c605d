"""The prepaid adapter's operations against the real sandbox over HTTP.

Expected records are taken from the sandbox's JSON rendering (``Output=json``),
a path through the sandbox that shares nothing with the adapter's XML reading.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest
from lxml import etree

from tests.conftest import Serve
from tests.upstreams.prepaid.adapter_kit import WORLD, Sandbox, chargeable, start, top_up
from upstreams.prepaid.adapter import PrepaidAdapter
from upstreams.prepaid.models import (
    CardType,
    ContactInput,
    InvoiceItem,
    InvoiceOrder,
    MaskedCreditCard,
    PrepaidAccount,
    PrepaidContact,
    PrepaidInvoice,
)

NS = "{http://www.jnctn.net/ns/rest/2006-01}"


@pytest.fixture
def sandbox(serve: Serve) -> Sandbox:
    return start(serve)


async def as_json(sandbox: Sandbox, session_id: str, **params: str) -> Any:
    body = await sandbox.raw(SessionId=session_id, Output="json", **params)
    return json.loads(body)["Response"]["Result"]


def account_from_json(data: dict[str, Any]) -> PrepaidAccount:
    contact, card = data["Contact"], data.get("CreditCard")
    return PrepaidAccount(
        account_id=int(data["AccountId"]),
        contact=PrepaidContact(
            name=contact["Name"],
            organization=contact["Organization"],
            address=contact["Address"],
            city=contact["City"],
            state=contact["State"],
            zipcode=contact["Zipcode"],
            country_id=int(contact["CountryId"]),
            country=contact["Country"],
            phone=contact["Phone"],
            email=contact["Email"],
        ),
        credit_card=None
        if card is None
        else MaskedCreditCard(
            type=CardType(card["Type"]),
            name=card["Name"],
            last_four=card["LastFour"],
            expiration_month=int(card["ExpirationMonth"]),
            expiration_year=int(card["ExpirationYear"]),
        ),
        balance=Decimal(data["Balance"]),
        credit_limit=Decimal(data["CreditLimit"]),
        recharge=data["Recharge"] == "true",
        recharge_threshold=int(data["RechargeThreshold"]),
        recharge_level=int(data["RechargeLevel"]),
        created=datetime.fromisoformat(data["Created"]),
        modified=datetime.fromisoformat(data["Modified"]),
    )


def invoice_from_json(data: dict[str, Any]) -> PrepaidInvoice:
    items = data["Items"].get("Item", []) if data["Items"] else []
    return PrepaidInvoice(
        account_invoice_id=int(data["AccountInvoiceId"]) if "AccountInvoiceId" in data else None,
        account_id=int(data["AccountId"]),
        preliminary=data["Preliminary"] == "true",
        period_start=date.fromisoformat(data["PeriodStart"]),
        period_end=date.fromisoformat(data["PeriodEnd"]),
        created=datetime.fromisoformat(data["Created"]),
        items=tuple(
            InvoiceItem(
                description=item["Description"],
                quantity=int(item["Quantity"]),
                unit_price=Decimal(item["UnitPrice"]),
                amount=Decimal(item["Amount"]),
            )
            for item in (items if isinstance(items, list) else [items])
        ),
        subtotal=Decimal(data["Subtotal"]),
        tax=Decimal(data["Tax"]),
        total=Decimal(data["Total"]),
    )


async def accounts(prepaid: PrepaidAdapter) -> list[PrepaidAccount]:
    """Every account of the world, read concurrently."""
    return list(await asyncio.gather(*map(prepaid.read_account, WORLD.prepaid_ids())))


async def test_read_account_matches_the_sandbox_record(sandbox: Sandbox) -> None:
    async with sandbox.adapter() as prepaid:
        session = await prepaid.start_session()
        read = await accounts(prepaid)
        cardless = [account for account in read if account.credit_card is None]
        sample = [*read[:5], cardless[0]]
        expected = await asyncio.gather(
            *(
                as_json(
                    sandbox, session.session_id, Action="AccountRead", AccountId=str(a.account_id)
                )
                for a in sample
            )
        )
    assert sample == [account_from_json(e["AccountRead"]["Account"]) for e in expected]
    assert [account.account_id for account in read] == WORLD.prepaid_ids()
    assert all(account.created.tzinfo is not None for account in read)
    assert {account.currency for account in read} == {"USD"}


async def test_edit_contact_replaces_the_whole_contact(sandbox: Sandbox) -> None:
    account_id = WORLD.prepaid_ids()[1]
    contact = ContactInput(
        name="Ada Lovelace",
        organization="",
        address="12 Analytical Row",
        city="Toronto",
        state="on",
        zipcode="M5V 2T6",
        country_id=2,
        phone="",
        email="ada@example.com",
    )
    async with sandbox.adapter() as prepaid:
        before = await prepaid.read_account(account_id)
        edited = await prepaid.edit_contact(account_id, contact)
        after = await prepaid.read_account(account_id)
    assert edited == after
    assert edited.contact.name == "Ada Lovelace"
    assert edited.contact.organization == ""
    assert edited.contact.phone == ""
    assert edited.contact.state == "ON"
    assert edited.contact.country_id == 2
    assert edited.contact.country
    assert edited.balance == before.balance
    assert edited.credit_card == before.credit_card


async def test_add_credit_raises_the_balance_and_charges_once(sandbox: Sandbox) -> None:
    async with sandbox.adapter() as prepaid:
        account = next(a for a in await accounts(prepaid) if chargeable(a))
        charges = await sandbox.charges()
        await sandbox.reset_calls()
        topped = await top_up(prepaid, account.account_id, 25)
        after = await prepaid.read_account(account.account_id)
    assert topped.balance == account.balance + Decimal(25)
    assert after.balance == topped.balance
    assert await sandbox.charges() == charges + 1
    assert (await sandbox.calls())["AccountEditCreditAdd"] == 1


async def test_edit_recharge_sets_all_three_settings(sandbox: Sandbox) -> None:
    account_id = WORLD.prepaid_ids()[2]
    async with sandbox.adapter() as prepaid:
        before = await prepaid.read_account(account_id)
        edited = await prepaid.edit_recharge(
            account_id, recharge=not before.recharge, threshold=5000, level=10
        )
        after = await prepaid.read_account(account_id)
    assert (edited.recharge, edited.recharge_threshold, edited.recharge_level) == (
        not before.recharge,
        5000,
        10,
    )
    assert after == edited


async def test_read_invoice_returns_the_browsed_invoice(sandbox: Sandbox) -> None:
    async with sandbox.adapter() as prepaid:
        session = await prepaid.start_session()
        page = await prepaid.browse_invoices(limit=5, offset=7)
        for listed in page.items:
            assert listed.account_invoice_id is not None
            invoice = await prepaid.read_invoice(listed.account_invoice_id)
            assert invoice == listed
            expected = await as_json(
                sandbox,
                session.session_id,
                Action="AccountInvoiceRead",
                AccountInvoiceId=str(listed.account_invoice_id),
            )
            assert invoice == invoice_from_json(expected["AccountInvoiceRead"]["AccountInvoice"])
    assert not any(invoice.preliminary for invoice in page.items)


async def test_preliminary_invoice_follows_the_last_invoice(sandbox: Sandbox) -> None:
    async with sandbox.adapter() as prepaid:
        latest = await prepaid.browse_invoices(
            account_id=WORLD.prepaid_ids()[0],
            order_by=InvoiceOrder.ACCOUNT_INVOICE_ID_DESC,
            limit=1,
        )
        preliminary = await prepaid.read_preliminary_invoice(WORLD.prepaid_ids()[0])
    assert preliminary.preliminary is True
    assert preliminary.account_invoice_id is None
    assert preliminary.account_id == WORLD.prepaid_ids()[0]
    assert preliminary.period_start == latest.items[0].period_end + timedelta(days=1)
    assert preliminary.subtotal == sum((item.amount for item in preliminary.items), Decimal(0))
    assert preliminary.total == preliminary.subtotal + preliminary.tax


async def test_browse_pages_through_every_invoice_once(sandbox: Sandbox) -> None:
    seen: list[int] = []
    async with sandbox.adapter() as prepaid:
        first = await prepaid.browse_invoices(limit=100)
        assert first.total is not None
        offset = 0
        while offset < first.total:
            page = await prepaid.browse_invoices(limit=100, offset=offset)
            assert page.offset == offset
            assert page.total == first.total
            seen += [invoice.account_invoice_id or 0 for invoice in page.items]
            offset += len(page.items)
            assert page.has_next is (offset < first.total)
    assert len(seen) == first.total
    assert seen == sorted(set(seen))


async def test_browse_defaults_are_the_documented_ones(sandbox: Sandbox) -> None:
    async with sandbox.adapter() as prepaid:
        page = await prepaid.browse_invoices()
        session = await prepaid.start_session()
    raw = await sandbox.raw(SessionId=session.session_id, Action="AccountInvoiceBrowse")
    listing = etree.fromstring(raw).find(f".//{NS}AccountInvoices")
    assert listing is not None
    assert len(page.items) == int(listing.get("Limit", "")) == 20
    assert page.offset == 0
    assert page.total == int(listing.get("Found", ""))


ORDERS: list[tuple[InvoiceOrder, Callable[[PrepaidInvoice], Any]]] = [
    (InvoiceOrder.ACCOUNT_ID, lambda i: (i.account_id, i.account_invoice_id)),
    (InvoiceOrder.ACCOUNT_ID_DESC, lambda i: (-i.account_id, i.account_invoice_id)),
    (InvoiceOrder.ACCOUNT_INVOICE_ID, lambda i: i.account_invoice_id),
    (InvoiceOrder.ACCOUNT_INVOICE_ID_DESC, lambda i: -(i.account_invoice_id or 0)),
]
"""Each order with the key it sorts by; ties under ``AccountId`` go by ``AccountInvoiceId``."""


async def test_browse_orders_as_asked(sandbox: Sandbox) -> None:
    async with sandbox.adapter() as prepaid:
        for order, key in ORDERS:
            page = await prepaid.browse_invoices(order_by=order, limit=150)
            assert len(page.items) == 150
            assert list(page.items) == sorted(page.items, key=key), order


async def test_browse_filters_by_account_and_can_skip_the_count(sandbox: Sandbox) -> None:
    account_id = WORLD.prepaid_ids()[3]
    async with sandbox.adapter() as prepaid:
        counted = await prepaid.browse_invoices(account_id=account_id, limit=1000)
        uncounted = await prepaid.browse_invoices(account_id=account_id, calc_found=False)
    assert counted.items
    assert {invoice.account_id for invoice in counted.items} == {account_id}
    assert counted.total == len(counted.items)
    assert uncounted.total is None
    assert uncounted.has_next is None
    assert list(uncounted.items) == list(counted.items[:20])


async def test_a_started_session_reports_the_user(sandbox: Sandbox) -> None:
    async with sandbox.adapter() as prepaid:
        session = await prepaid.start_session()
    assert "Account Admin" in session.roles
    assert session.user_id > 0
    assert session.established_at.tzinfo is not None
    assert session.session_id not in repr(session)
    assert (await sandbox.calls())["SessionCreate"] == 1
