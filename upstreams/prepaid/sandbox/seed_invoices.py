"""Seeded monthly invoices: one per account per month from its first full month on.

Invoices are numbered in the order a monthly billing run would create them
(by month, then by account), from ``FIRST_INVOICE_ID``. Each account's usage
comes from its own seeded dice, so the same world always bills the same.
"""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, time, timedelta

from upstreams.prepaid.sandbox.invoicing import (
    month_end,
    next_month,
    recurring_items,
    tax_cents,
    usage_items,
)
from upstreams.prepaid.sandbox.records import Account, Invoice, InvoiceItem
from upstreams.prepaid.sandbox.seed_accounts import HISTORY_END

FIRST_INVOICE_ID = 100001

_Draft = tuple[date, int, tuple[InvoiceItem, ...], int, int]


def seed_invoices(seed: int, accounts: dict[int, Account]) -> list[Invoice]:
    """Every stored invoice, ordered by ``AccountInvoiceId``."""
    drafts: list[_Draft] = []
    for account in accounts.values():
        drafts.extend(_drafts(seed, account))
    drafts.sort(key=lambda draft: (draft[0], draft[1]))
    invoices = []
    for number, (start, account_id, items, subtotal, tax) in enumerate(drafts):
        end = month_end(start)
        created = datetime.combine(end + timedelta(days=1), time(6), UTC)
        invoices.append(
            Invoice(
                invoice_id=FIRST_INVOICE_ID + number,
                account_id=account_id,
                period_start=start,
                period_end=end,
                created=created + timedelta(seconds=number % 3600),
                items=items,
                subtotal_cents=subtotal,
                tax_cents=tax,
            )
        )
    return invoices


def _drafts(seed: int, account: Account) -> list[_Draft]:
    rng = random.Random(f"{seed}:prepaid-invoices:{account.account_id}")
    state = account.contact.state
    drafts: list[_Draft] = []
    start = next_month(account.created.date().replace(day=1))
    while start < HISTORY_END:
        items = (*recurring_items(account.phone_numbers), *usage_items(rng, account.phone_numbers))
        subtotal = sum(entry.amount_cents for entry in items)
        drafts.append((start, account.account_id, items, subtotal, tax_cents(subtotal, state)))
        start = next_month(start)
    return drafts
