"""The sandbox's own records: what it stores, before any wire format touches them.

Money is held in whole cents and unit prices in mills (tenths of a cent), so
sums are exact; the renderer writes them as dollars.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime


@dataclass(frozen=True, slots=True)
class Contact:
    name: str
    organization: str
    address: str
    city: str
    state: str
    zipcode: str
    country_id: int
    phone: str
    email: str


@dataclass(frozen=True, slots=True)
class CreditCard:
    """The card on file. ``issuer_declines`` marks a card the issuer refuses (never shown)."""

    type: str
    name: str
    last_four: str
    expiration_month: int
    expiration_year: int
    issuer_declines: bool = False

    def expired(self, today: date) -> bool:
        """A card is good through the last day of its expiration month."""
        return (today.year, today.month) > (self.expiration_year, self.expiration_month)


@dataclass(slots=True)
class Account:
    """A pre-paid account; ``phone_numbers`` drives its invoices' recurring charges."""

    account_id: int
    contact: Contact
    card: CreditCard | None
    balance_cents: int
    credit_limit_cents: int
    recharge: bool
    recharge_threshold: int
    recharge_level: int
    created: datetime
    modified: datetime
    phone_numbers: int


@dataclass(frozen=True, slots=True)
class InvoiceItem:
    description: str
    quantity: int
    unit_price_mills: int
    amount_cents: int


@dataclass(frozen=True, slots=True)
class Invoice:
    """A monthly invoice; ``invoice_id`` is ``None`` on a computed preliminary one."""

    invoice_id: int | None
    account_id: int
    period_start: date
    period_end: date
    created: datetime
    items: tuple[InvoiceItem, ...]
    subtotal_cents: int
    tax_cents: int

    @property
    def preliminary(self) -> bool:
        return self.invoice_id is None

    @property
    def total_cents(self) -> int:
        return self.subtotal_cents + self.tax_cents


@dataclass(frozen=True, slots=True)
class Charge:
    """One charge of a card on file, made by one top-up call."""

    charge_id: str
    account_id: int
    amount_cents: int
    card_last_four: str
    time: datetime
