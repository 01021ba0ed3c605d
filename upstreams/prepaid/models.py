"""What the prepaid adapter returns and takes: plain records, free of the wire format.

Money is ``Decimal`` (never ``float``) and always US dollars; times are
timezone-aware. Each attribute is its element (an input's: its parameter) in
PascalCase (``wire_name``), read by its annotation (``decode/records.py``)
and sent by its name (``encode.py``), so a property is declared here once. Records are
frozen so a cached one cannot be changed by a later reader.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from enum import Enum


def wire_name(attribute: str) -> str:
    """The element or parameter of a model's attribute: ``account_invoice_id`` is
    ``AccountInvoiceId``."""
    return "".join(part.capitalize() for part in attribute.split("_"))


class CardType(Enum):
    """The card brands the API reports, by their wire names."""

    VISA = "Visa"
    MASTERCARD = "MasterCard"
    AMERICAN_EXPRESS = "AmericanExpress"
    DISCOVER = "Discover"


class InvoiceOrder(Enum):
    """The ``OrderBy`` choices of ``AccountInvoiceBrowse``, by their wire values."""

    ACCOUNT_ID = "AccountId"
    ACCOUNT_ID_DESC = "AccountId Desc"
    ACCOUNT_INVOICE_ID = "AccountInvoiceId"
    ACCOUNT_INVOICE_ID_DESC = "AccountInvoiceId Desc"


@dataclass(frozen=True, slots=True)
class ContactInput:
    """The parameters of ``AccountEditContact``: the whole contact, each one required.

    ``organization``, ``address`` and ``phone`` may be empty strings.
    """

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
class PrepaidContact(ContactInput):
    """The account's contact as ``AccountRead`` shows it: what ``AccountEditContact``
    takes, and the name of its country; text fields may be empty, never missing."""

    country: str


@dataclass(frozen=True, slots=True)
class MaskedCreditCard:
    """The card on file as the API shows it: never the full number."""

    type: CardType
    name: str
    last_four: str
    expiration_month: int
    expiration_year: int


@dataclass(frozen=True, slots=True)
class PrepaidAccount:
    """An account with its pre-paid balance and auto-recharge settings.

    ``credit_card`` is ``None`` when no card is on file (a top-up is then
    declined). ``recharge_threshold`` and ``recharge_level`` are whole dollars.
    """

    account_id: int
    contact: PrepaidContact
    credit_card: MaskedCreditCard | None
    balance: Decimal
    credit_limit: Decimal
    recharge: bool
    recharge_threshold: int
    recharge_level: int
    created: datetime
    modified: datetime
    currency: str = "USD"


@dataclass(frozen=True, slots=True)
class InvoiceItem:
    """One line of an invoice."""

    description: str
    quantity: int
    unit_price: Decimal
    amount: Decimal


@dataclass(frozen=True, slots=True)
class PrepaidInvoice:
    """A monthly invoice, or the preliminary one computed for the next period.

    A preliminary invoice is not stored, so it has no ``account_invoice_id``.
    """

    account_invoice_id: int | None
    account_id: int
    preliminary: bool
    period_start: date
    period_end: date
    created: datetime
    items: tuple[InvoiceItem, ...]
    subtotal: Decimal
    tax: Decimal
    total: Decimal
    currency: str = "USD"


@dataclass(frozen=True, slots=True)
class Session:
    """An authenticated session; ``session_id`` is a credential, so it stays out of ``repr``."""

    session_id: str = field(repr=False)
    user_id: int
    roles: tuple[str, ...]
    established_at: datetime
