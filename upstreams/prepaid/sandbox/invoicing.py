"""What a month of service costs: the items, the subtotal and the tax of an invoice.

Stored invoices bill a month's usage on top of the recurring charges; the
preliminary one, computed for the next month, has only the recurring charges
(its usage has not happened) and the tax of the contact's current state.
"""

from __future__ import annotations

import calendar
import random
from datetime import date

from upstreams.prepaid.sandbox.records import InvoiceItem

NUMBER_RENTAL_MILLS = 1500
E911_FEE_MILLS = 750
REGULATORY_FEE_MILLS = 950
OUTBOUND_MILLS = 19
TOLL_FREE_MILLS = 29
INTERNATIONAL_MILLS = 90


def item(description: str, quantity: int, unit_price_mills: int) -> InvoiceItem:
    """An item whose amount is quantity times unit price, rounded half up to the cent."""
    mills = quantity * unit_price_mills
    return InvoiceItem(description, quantity, unit_price_mills, (mills + 5) // 10)


def recurring_items(phone_numbers: int) -> list[InvoiceItem]:
    return [
        item("Phone number rental", phone_numbers, NUMBER_RENTAL_MILLS),
        item("E911 service fee", phone_numbers, E911_FEE_MILLS),
        item("Regulatory recovery fee", 1, REGULATORY_FEE_MILLS),
    ]


def usage_items(rng: random.Random, phone_numbers: int) -> list[InvoiceItem]:
    """A month of calls, scaled by how many numbers the account rents."""
    items = [
        item(
            "Outbound calls, domestic (minutes)",
            rng.randint(40, 900) * phone_numbers,
            OUTBOUND_MILLS,
        )
    ]
    if rng.random() < 0.35:
        items.append(item("Toll-free inbound (minutes)", rng.randint(20, 600), TOLL_FREE_MILLS))
    if rng.random() < 0.15:
        items.append(
            item(
                "Outbound calls, international (minutes)", rng.randint(5, 240), INTERNATIONAL_MILLS
            )
        )
    return items


def tax_basis_points(state: str) -> int:
    """A fixed telecom tax rate per state or province, 5.00% to 11.99%."""
    return 500 + (ord(state[0]) * 31 + ord(state[-1]) * 7) % 700


def tax_cents(subtotal_cents: int, state: str) -> int:
    return (subtotal_cents * tax_basis_points(state) + 5000) // 10000


def month_end(start: date) -> date:
    return start.replace(day=calendar.monthrange(start.year, start.month)[1])


def next_month(start: date) -> date:
    return date(start.year + start.month // 12, start.month % 12 + 1, 1)


def months_before(start: date, count: int) -> date:
    """The first day of the month ``count`` months before ``start``'s month."""
    index = start.year * 12 + start.month - 1 - count
    return date(index // 12, index % 12 + 1, 1)
