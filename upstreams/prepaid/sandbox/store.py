"""The sandbox's data and every change the API can make to it.

All of it lives on the server's event loop and no change awaits anything,
so each action sees and leaves a consistent store without locks.
"""

from __future__ import annotations

from datetime import datetime

from upstreams.prepaid.sandbox.invoicing import month_end, next_month, recurring_items, tax_cents
from upstreams.prepaid.sandbox.ledger import Ledger
from upstreams.prepaid.sandbox.records import Account, Charge, Contact, Invoice
from upstreams.prepaid.sandbox.seed_accounts import seed_accounts
from upstreams.prepaid.sandbox.seed_invoices import seed_invoices
from upstreams.sandboxing import World

ORDERS = ("AccountInvoiceId", "AccountInvoiceId Desc", "AccountId", "AccountId Desc")


class Declined(Exception):
    """The card on file could not be charged; nothing moved. The message is for the client."""


class Store:
    def __init__(self, accounts: dict[int, Account], invoices: list[Invoice]) -> None:
        self.accounts = accounts
        self.ledger = Ledger()
        self._invoices = {i.invoice_id: i for i in invoices}
        self._by_account: dict[int, list[Invoice]] = {a: [] for a in accounts}
        for invoice in invoices:
            self._by_account.setdefault(invoice.account_id, []).append(invoice)
        by_account = sorted(invoices, key=lambda i: (i.account_id, i.invoice_id or 0))
        self._orders = {
            "AccountInvoiceId": invoices,
            "AccountInvoiceId Desc": invoices[::-1],
            "AccountId": by_account,
            "AccountId Desc": sorted(invoices, key=lambda i: (-i.account_id, i.invoice_id or 0)),
        }

    @classmethod
    def seeded(cls, world: World) -> Store:
        accounts = seed_accounts(world)
        return cls(accounts, seed_invoices(world.seed, accounts))

    def account(self, account_id: int) -> Account | None:
        return self.accounts.get(account_id)

    def invoice(self, invoice_id: int) -> Invoice | None:
        return self._invoices.get(invoice_id)

    def invoice_count(self) -> int:
        return len(self._invoices)

    def invoices_of(self, account_id: int) -> list[Invoice]:
        """The account's stored invoices, oldest first."""
        return list(self._by_account.get(account_id, ()))

    def browse(
        self, order_by: str, limit: int, offset: int, account_id: int | None = None
    ) -> tuple[list[Invoice], int]:
        """One page of invoices in ``order_by`` (one of ``ORDERS``) and how many there are."""
        if account_id is None:
            rows = self._orders[order_by]
        else:
            rows = self._by_account.get(account_id, [])
            if order_by == "AccountInvoiceId Desc":
                rows = rows[::-1]
        return rows[offset : offset + limit], len(rows)

    def preliminary_invoice(self, account: Account, now: datetime) -> Invoice:
        """Next month's invoice as the account stands now: recurring charges and tax."""
        stored = self._by_account.get(account.account_id)
        last_start = stored[-1].period_start if stored else account.created.date().replace(day=1)
        start = next_month(last_start)
        items = tuple(recurring_items(account.phone_numbers))
        subtotal = sum(item.amount_cents for item in items)
        return Invoice(
            invoice_id=None,
            account_id=account.account_id,
            period_start=start,
            period_end=month_end(start),
            created=now,
            items=items,
            subtotal_cents=subtotal,
            tax_cents=tax_cents(subtotal, account.contact.state),
        )

    def edit_contact(self, account: Account, contact: Contact, now: datetime) -> None:
        account.contact = contact
        account.modified = now

    def edit_recharge(
        self, account: Account, recharge: bool, threshold: int, level: int, now: datetime
    ) -> None:
        account.recharge = recharge
        account.recharge_threshold = threshold
        account.recharge_level = level
        account.modified = now

    def add_credit(self, account: Account, dollars: int, now: datetime) -> Charge:
        """Charge the card on file once and raise the balance; ``Declined`` moves nothing."""
        card = account.card
        if card is None:
            raise Declined("No credit card is on file for this account.")
        if card.expired(now.date()):
            raise Declined("The credit card on file has expired.")
        if card.issuer_declines:
            raise Declined("The credit card on file was declined by its issuer.")
        charge = self.ledger.charge(account.account_id, dollars * 100, card.last_four, now)
        account.balance_cents += dollars * 100
        account.modified = now
        return charge
