"""The billing adapter's writes against the served sandbox: create, update, delete, patch."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta, timezone

import pytest

from tests.conftest import Serve
from tests.upstreams.billing.adapter_kit import (
    Billing,
    assert_clean,
    contacts_of,
    every_account,
    every_note,
    key,
    start,
)
from upstreams.billing.adapter import BillingAdapter
from upstreams.billing.models import (
    AccountInput,
    AccountPatch,
    BillingAccount,
    BillingContact,
    ContactInput,
    ContactPatch,
    Note,
    NoteInput,
    NotePatch,
    properties,
)
from upstreams.errors import InvalidInput, NotFound


@pytest.fixture
def billing(serve: Serve) -> Billing:
    return start(serve)


def copy_of(account: BillingAccount, name: str) -> AccountInput:
    """Every writable property of a seeded account (so every lookup id is a known one)."""
    return AccountInput(
        name=name,
        currency_id=account.currency_id,
        account_status_type_id=account.account_status_type_id,
        bill_group_id=account.bill_group_id,
        effective_cancel=datetime(2031, 1, 15, 12, 30, tzinfo=timezone(timedelta(hours=2))),
        invoice_delivery_id=account.invoice_delivery_id,
        accounts_receivable_terms_id=account.accounts_receivable_terms_id,
        account_type_id=account.account_type_id,
        bill_day=7,
        account_tax_category_id=account.account_tax_category_id,
        tax_code_id=account.tax_code_id,
        invoicer_account_id=account.identity,
        usage_invoicer_account_id=account.identity,
        tax_setting_account_id=account.identity,
        usage_bill_day=9,
        is_read_only_bill_day=True,
        is_read_only_usage_bill_day=True,
        display_name=f"{name} (display)",
        created_by_user_id=account.created_by_user_id,
        pending_bill_day=11,
        pending_usage_bill_day=12,
        lifeline=True,
        external_account_identifier="EXT-77",
        vat_number="VAT-123",
        e_invoice_endpoint_id="0192:123",
        e_invoice_scheme_id="9935",
        zero_inclusive_tax_when_exempt=True,
        default_payment_gateway_id=account.default_payment_gateway_id,
    )


def assert_has(account: BillingAccount, wanted: AccountInput) -> None:
    """Every property ``wanted`` sets, as the upstream now holds it."""
    for name in (f.name for f in properties(AccountInput)):
        value = getattr(wanted, name)
        if value is not None:
            assert getattr(account, name) == value, name


async def contact_now(
    adapter: BillingAdapter, account_id: int, contact_id: int
) -> BillingContact | None:
    """The contact as the account's details hold it now, less what only the detail
    endpoints carry (a write answers without it); None when the account has none such."""
    found = [c for c in await contacts_of(adapter, account_id) if c.identity == contact_id]
    return replace(found[0], name=None, contact_points=None, address=None) if found else None


async def a_contact(adapter: BillingAdapter) -> tuple[int, BillingContact]:
    for account in await every_account(adapter):
        contacts = await contacts_of(adapter, account.identity)
        if contacts:
            return account.identity, contacts[0]
    raise AssertionError("no seeded account has a contact")


async def test_create_account_stores_every_writable_property(billing: Billing) -> None:
    async with billing.open() as adapter:
        seeded = (await every_account(adapter))[0]
        wanted = copy_of(seeded, "Created by the adapter test")
        created = await adapter.create_account(wanted)
        assert created.tracking_id
        assert created.record.identity not in {seeded.identity}
        assert_has(created.record, wanted)
        assert created.record.created is not None and created.record.created.tzinfo is not None
        assert created.record.effective_cancel == datetime(2031, 1, 15, 10, 30, tzinfo=UTC)
        assert await adapter.get_account(created.record.identity) == created.record
    calls = await billing.calls()
    assert calls[key("POST", "/Account/")] == 1


async def test_create_account_reports_every_problem_by_field(billing: Billing) -> None:
    async with billing.open() as adapter:
        before = len(await every_account(adapter))
        with pytest.raises(InvalidInput) as caught:
            await adapter.create_account(
                AccountInput(bill_day=31, currency_id=987_654, invoicer_account_id=987_654)
            )
        assert len(await every_account(adapter)) == before
    problems = {p.field: p.code for p in caught.value.problems}
    assert problems == {
        "name": "Required",
        "billDay": "OutOfRange",
        "currencyId": "InvalidReference",
        "invoicerAccountId": "InvalidReference",
    }
    assert all(p.message for p in caught.value.problems)
    assert_clean(caught.value)


async def test_update_account_changes_only_what_it_sets(billing: Billing) -> None:
    async with billing.open() as adapter:
        before = (await every_account(adapter))[3]
        changed = await adapter.update_account(
            before.identity, AccountInput(display_name="Renamed", bill_day=28)
        )
        after = await adapter.get_account(before.identity)
    assert changed.record == after
    assert (after.display_name, after.bill_day) == ("Renamed", 28)
    for name in BillingAccount.__dataclass_fields__:
        if name not in {"display_name", "bill_day", "updated"}:
            assert getattr(after, name) == getattr(before, name), name


async def test_cleared_properties_go_as_null_and_clear(billing: Billing) -> None:
    async with billing.open() as adapter:
        identity = (await adapter.accounts_page(page_number=1, page_size=5)).items[4].identity
        when = datetime(2031, 3, 1, tzinfo=UTC)
        await adapter.update_account(
            identity, AccountInput(effective_cancel=when, display_name="Shown", vat_number="V1")
        )
        cleared = AccountInput(
            vat_number="V2", cleared=frozenset({"effective_cancel", "display_name"})
        )
        changed = await adapter.update_account(identity, cleared)
        after = await adapter.get_account(identity)
        note = (await adapter.create_note(identity, NoteInput(subject="s", text="t"))).record
        kept = await adapter.update_note(
            identity, note.identity, NoteInput(cleared=frozenset({"updated_by_user_id"}))
        )
    assert changed.record == after
    assert (after.effective_cancel, after.display_name, after.vat_number) == (None, None, "V2")
    assert kept.record.updated_by_user_id is None


async def test_update_account_errors(billing: Billing) -> None:
    async with billing.open() as adapter:
        with pytest.raises(NotFound):
            await adapter.update_account(999_999, AccountInput(display_name="x"))
        identity = (await every_account(adapter))[0].identity
        with pytest.raises(InvalidInput) as caught:
            await adapter.update_account(identity, AccountInput(name="n" * 256, usage_bill_day=0))
    assert {p.field for p in caught.value.problems} == {"name", "usageBillDay"}


async def test_contact_lifecycle(billing: Billing) -> None:
    async with billing.open() as adapter:
        account_id, seeded = await a_contact(adapter)
        wanted = ContactInput(
            contact_type_id=seeded.contact_type_id,
            title="Dr.",
            first_name="Ada",
            last_name="Lovelace",
            is_used_for_tax=False,
        )
        created = (await adapter.create_contact(account_id, wanted)).record
        assert (created.title, created.first_name, created.last_name) == ("Dr.", "Ada", "Lovelace")
        assert created.is_used_for_tax is False
        assert await contact_now(adapter, account_id, created.identity) == created

        updated = await adapter.update_contact(
            account_id, created.identity, ContactInput(last_name="King")
        )
        assert (updated.record.first_name, updated.record.last_name) == ("Ada", "King")
        assert await contact_now(adapter, account_id, created.identity) == updated.record

        record = await adapter.delete_contact(account_id, created.identity)
        assert any(
            i.dto_type_key == "contact" and i.identity == created.identity and i.action == "deleted"
            for i in record.items
        )
        assert await contact_now(adapter, account_id, created.identity) is None
        with pytest.raises(NotFound):
            await adapter.delete_contact(account_id, created.identity)


async def test_contact_validation(billing: Billing) -> None:
    async with billing.open() as adapter:
        account_id, _ = await a_contact(adapter)
        with pytest.raises(InvalidInput) as caught:
            await adapter.create_contact(
                account_id, ContactInput(contact_type_id=987_654, title="t" * 21)
            )
        problems = {(p.field, p.code) for p in caught.value.problems}
        assert ("contactTypeId", "InvalidReference") in problems
        assert ("title", "TooLong") in problems
        assert len(problems) == 3  # and no first or last name
        with pytest.raises(NotFound):
            await adapter.update_contact(account_id, 999_999, ContactInput(first_name="x"))


async def test_note_lifecycle(billing: Billing) -> None:
    async with billing.open() as adapter:
        accounts = await every_account(adapter)
        account_id = accounts[0].identity
        seeded = None
        for account in accounts:
            seeded = next(iter(await every_note(adapter, account.identity)), None)
            if seeded is not None:
                break
        assert seeded is not None, "no seeded account has a note"
        wanted = NoteInput(
            subject="Delivery",
            text="Rear door.",
            note_type_id=seeded.note_type_id,
            show_on_overview=True,
            is_important=False,
        )
        created = (await adapter.create_note(account_id, wanted)).record
        assert (created.subject, created.text) == ("Delivery", "Rear door.")
        assert (created.show_on_overview, created.is_important) == (True, False)
        assert await adapter.get_note(account_id, created.identity) == created

        updated = (
            await adapter.update_note(account_id, created.identity, NoteInput(is_important=True))
        ).record
        assert (updated.subject, updated.is_important) == ("Delivery", True)

        second = (await adapter.create_note(account_id, wanted)).record
        one = await adapter.delete_note(account_id, second.identity)
        assert [(i.dto_type_key, i.identity) for i in one.items] == [("note", second.identity)]
        remaining = {n.identity for n in await every_note(adapter, account_id)}
        assert created.identity in remaining
        assert second.identity not in remaining


async def test_note_validation(billing: Billing) -> None:
    async with billing.open() as adapter:
        account_id = (await every_account(adapter))[0].identity
        with pytest.raises(InvalidInput) as caught:
            await adapter.create_note(account_id, NoteInput(note_type_id=987_654))
        assert {(p.field, p.code) for p in caught.value.problems} == {
            ("subject", "Required"),
            ("text", "Required"),
            ("noteTypeId", "InvalidReference"),
        }
        with pytest.raises(NotFound):
            await adapter.delete_note(account_id, 999_999)


async def test_delete_account_records_its_children(billing: Billing) -> None:
    async with billing.open() as adapter:
        seeded = (await every_account(adapter))[0]
        account = (await adapter.create_account(copy_of(seeded, "Short-lived"))).record
        contact = (
            await adapter.create_contact(account.identity, ContactInput(first_name="A"))
        ).record
        note = (
            await adapter.create_note(account.identity, NoteInput(subject="s", text="t"))
        ).record
        record = await adapter.delete_account(account.identity)
        with pytest.raises(NotFound):
            await adapter.get_account(account.identity)
        with pytest.raises(NotFound):
            await adapter.delete_account(account.identity)
    deleted = {(i.dto_type_key, i.identity) for i in record.items}
    assert {
        ("account", account.identity),
        ("contact", contact.identity),
        ("note", note.identity),
    } <= deleted
    assert all(i.action == "deleted" for i in record.items)


async def test_patch_applies_every_item_and_echoes_client_ids(billing: Billing) -> None:
    async with billing.open() as adapter:
        account_id, contact = await a_contact(adapter)
        result = await adapter.patch_account(
            account_id,
            [
                AccountPatch("update", AccountInput(display_name="Patched"), patch_client_id=1),
                ContactPatch(
                    "update",
                    ContactInput(first_name="Grace"),
                    identity=contact.identity,
                    patch_client_id=2,
                ),
                NotePatch("create", NoteInput(subject="Hi", text="There"), patch_client_id=3),
            ],
        )
        assert result.tracking_id
        by_client = {o.patch_client_id: o for o in result.outcomes}
        assert by_client[1].action == "updated"
        assert isinstance(by_client[1].instance, BillingAccount)
        assert by_client[1].instance.display_name == "Patched"
        assert by_client[2].action == "updated"
        assert isinstance(by_client[2].instance, BillingContact)
        assert by_client[2].instance.first_name == "Grace"
        assert by_client[3].action == "created"
        assert isinstance(by_client[3].instance, Note)
        note_id = by_client[3].identity

        assert (await adapter.get_account(account_id)).display_name == "Patched"
        patched = await contact_now(adapter, account_id, contact.identity)
        assert patched is not None and patched.first_name == "Grace"
        assert (await adapter.get_note(account_id, note_id)).subject == "Hi"

        deleted = await adapter.patch_account(
            account_id, [NotePatch("delete", identity=note_id, patch_client_id=4)], via_post=True
        )
        assert [(o.action, o.dto_type_key, o.identity) for o in deleted.outcomes] == [
            ("deleted", "note", note_id)
        ]
        with pytest.raises(NotFound):
            await adapter.get_note(account_id, note_id)
    calls = await billing.calls()
    assert calls[key("PATCH", "/Account/{id}")] == 1
    assert calls[key("POST", "/Account/{id}/Patch")] == 1


async def test_patch_is_all_or_nothing(billing: Billing) -> None:
    async with billing.open() as adapter:
        account_id = (await every_account(adapter))[0].identity
        before = await adapter.get_account_detail(account_id)
        notes_before = await every_note(adapter, account_id)
        with pytest.raises(InvalidInput) as caught:
            await adapter.patch_account(
                account_id,
                [
                    AccountPatch("update", AccountInput(display_name="Never", bill_day=40)),
                    NotePatch("create", NoteInput(subject="Never")),  # no text
                ],
            )
        fields = {p.field for p in caught.value.problems}
        assert {"text", "billDay"} <= fields
        assert await adapter.get_account_detail(account_id) == before
        assert await every_note(adapter, account_id) == notes_before
