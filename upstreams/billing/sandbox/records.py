"""The sandbox's stored records: an account and everything that hangs off it.

Attributes hold values only; every ``...Name`` the wire shows is looked up
when a record is written out (``render``), so names always follow ids.
Children live inside their account (``contacts``, ``notes``,
``tax_addresses``), keyed by identity in ascending order, which is the order
the API lists them in.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime


@dataclass(slots=True)
class Address:
    identity: int
    address1: str
    address2: str | None
    city_name: str
    state_id: int | None
    country_id: int
    zip_code: str
    latitude: float | None
    longitude: float | None
    tax_jurisdiction_code_updated: datetime | None
    is_incorporated: bool
    updated: datetime


@dataclass(slots=True)
class ContactPoint:
    identity: int
    contact_point_type_id: int
    value: str
    updated: datetime


@dataclass(slots=True)
class Contact:
    identity: int
    contact_type_id: int
    title: str | None
    first_name: str | None
    last_name: str | None
    is_used_for_tax: bool
    updated: datetime
    points: list[ContactPoint] = field(default_factory=list)
    address: Address | None = None


@dataclass(slots=True)
class Note:
    identity: int
    subject: str
    text: str
    note_type_id: int
    created: datetime
    created_by_user_id: int | None
    updated: datetime
    updated_by_user_id: int | None
    show_on_overview: bool
    is_important: bool


@dataclass(slots=True)
class TaxAddress:
    identity: int
    name: str
    is_shared: bool
    save_tax_address_on_invoicer: bool
    created: datetime
    updated: datetime
    address: Address


@dataclass(slots=True)
class RatePlan:
    identity: int
    name: str
    display_name: str
    start: datetime


@dataclass(slots=True)
class PricePlan:
    identity: int
    name: str
    description: str
    start: datetime
    end: datetime | None
    last_used_for_billing: datetime | None
    include_child_accounts: bool


@dataclass(slots=True)
class PriceBookRegion:
    identity: int
    name: str
    description: str
    is_active: bool
    created: datetime


@dataclass(slots=True)
class TaxExemption:
    identity: int
    description: str
    is_federal_tax_level: bool
    is_state_tax_level: bool
    is_county_tax_level: bool
    is_local_tax_level: bool
    tax_type_id: int
    updated: datetime
    state_id: int | None
    country_id: int
    zip_code: str | None
    city: str | None


@dataclass(slots=True)
class Account:
    """One billing account; ``legacy_id`` is the wire's ``id`` (a second, writable number).

    ``is_read_only_bill_day`` and ``is_read_only_usage_bill_day`` are ``None``
    until a write sets them: the wire then shows what the invoicer links say.
    """

    identity: int
    name: str
    display_name: str | None
    currency_id: int
    owner_id: int
    acting_owner_id: int
    created: datetime
    updated: datetime
    account_status_type_id: int
    bill_group_id: int
    effective_cancel: datetime | None
    invoice_delivery_id: int
    accounts_receivable_terms_id: int
    account_type_id: int
    bill_day: int
    usage_bill_day: int
    pending_bill_day: int | None
    pending_usage_bill_day: int | None
    account_tax_category_id: int | None
    tax_code_id: int | None
    invoicer_account_id: int
    usage_invoicer_account_id: int
    tax_setting_account_id: int
    created_by_user_id: int | None
    lifeline: bool
    external_account_identifier: str | None
    vat_number: str | None
    e_invoice_endpoint_id: str | None
    e_invoice_scheme_id: str | None
    zero_inclusive_tax_when_exempt: bool
    default_payment_gateway_id: int | None
    legacy_id: int | None
    parent_identity: int
    parent_updated: datetime
    summary_identity: int
    is_read_only_bill_day: bool | None = None
    is_read_only_usage_bill_day: bool | None = None
    balance: float = 0.0
    balance_due: float = 0.0
    rate_plan: RatePlan | None = None
    price_plan: PricePlan | None = None
    price_book_regions: list[PriceBookRegion] = field(default_factory=list)
    tax_exemptions: list[TaxExemption] = field(default_factory=list)
    contacts: dict[int, Contact] = field(default_factory=dict)
    notes: dict[int, Note] = field(default_factory=dict)
    tax_addresses: dict[int, TaxAddress] = field(default_factory=dict)
