"""The billing API's records as Python values: what the adapter returns and takes.

Each property is declared here once: ``decode.py`` reads a record by its
model's annotations and ``encode.py`` writes an input by its fields. Ids are
``int``, times are timezone-aware ``datetime``, money is ``Decimal`` (never
``float``). Names follow the wire's camelCase in snake_case; a name that
does not (``vATNumber`` is ``vat_number``) or a part the wire nests in
another object (a contact's ``details.contactPoints``) gives its key as
``metadata={"wire": ...}``. Read records carry ``None`` where the upstream sent ``null``
or left a property out; write inputs use ``None`` for "leave this property
out of the body", so an update touches only what it sets, and name in
``cleared`` the properties to send as ``null`` (the upstream's way to clear
one). A property the upstream refuses ``null`` for says so with
``metadata={"nullable": False}`` (``clearable`` reads it).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any, Generic, Literal, TypeAlias, TypeVar

T = TypeVar("T")

PatchType = Literal["create", "update", "delete"]


KEPT: dict[str, Any] = {"nullable": False}
"""Field metadata of an input property the upstream refuses ``null`` for: never cleared."""


def clearable(attribute: dataclasses.Field[Any]) -> bool:
    """Whether the upstream accepts ``null`` for the input property ``attribute`` (clears it)."""
    return bool(attribute.metadata.get("nullable", True))


def properties(model: Any) -> tuple[dataclasses.Field[Any], ...]:
    """The wire properties of an input model (its fields but ``cleared``)."""
    return tuple(f for f in dataclasses.fields(model) if f.name != "cleared")


def wire_key(attribute: dataclasses.Field[Any]) -> str:
    """The key of ``attribute`` on the wire: ``bill_group_id`` is ``billGroupId``."""
    given: str | None = attribute.metadata.get("wire")  # a dot nests it in an object
    if given is not None:
        return given
    head, *rest = attribute.name.split("_")
    return head + "".join(part[:1].upper() + part[1:] for part in rest)


@dataclass(frozen=True, slots=True)
class BillingAccount:
    """A customer account: every property the docs list for ``Account``.

    ``invoicer_account_id``, ``usage_invoicer_account_id`` and
    ``tax_setting_account_id`` name other billing accounts (an account that
    invoices itself names its own ``identity``); ``external_account_identifier``
    holds an id in another system (the prepaid ``AccountId``, in decimal).
    """

    identity: int
    name: str
    currency_id: int | None = None
    currency_name: str | None = None
    owner_id: int | None = None
    owner_name: str | None = None
    created: datetime | None = None
    account_status_type_id: int | None = None
    account_status_type_name: str | None = None
    bill_group_id: int | None = None
    bill_group_name: str | None = None
    acting_owner_id: int | None = None
    acting_owner_name: str | None = None
    updated: datetime | None = None
    effective_cancel: datetime | None = None
    invoice_delivery_id: int | None = None
    invoice_delivery_name: str | None = None
    accounts_receivable_terms_id: int | None = None
    accounts_receivable_terms_name: str | None = None
    account_type_id: int | None = None
    account_type_name: str | None = None
    bill_day: int | None = None
    account_tax_category_id: int | None = None
    account_tax_category_name: str | None = None
    tax_code_id: int | None = None
    tax_code_name: str | None = None
    invoicer_account_id: int | None = None
    invoicer_account_name: str | None = None
    usage_invoicer_account_id: int | None = None
    usage_invoicer_account_name: str | None = None
    tax_setting_account_id: int | None = None
    tax_setting_account_name: str | None = None
    usage_bill_day: int | None = None
    is_read_only_bill_day: bool | None = None
    is_read_only_usage_bill_day: bool | None = None
    display_name: str | None = None
    created_by_user_id: int | None = None
    created_by_user_name: str | None = None
    pending_bill_day: int | None = None
    pending_usage_bill_day: int | None = None
    lifeline: bool | None = None
    external_account_identifier: str | None = None
    vat_number: str | None = field(default=None, metadata={"wire": "vATNumber"})
    e_invoice_endpoint_id: str | None = None
    e_invoice_scheme_id: str | None = None
    zero_inclusive_tax_when_exempt: bool | None = None
    default_payment_gateway_id: int | None = None
    default_payment_gateway_name: str | None = None
    id: int | None = None


@dataclass(frozen=True, slots=True)
class AccountParent:
    """Where an account sits in its hierarchy: its parent and its top account."""

    identity: int
    account_id: int | None = None
    account_name: str | None = None
    parent_account_id: int | None = None
    parent_account_name: str | None = None
    top_account_id: int | None = None
    top_account_name: str | None = None
    updated: datetime | None = None


@dataclass(frozen=True, slots=True)
class ContactPoint:
    """One way to reach a contact (an email address, a phone number): ``value`` by type."""

    identity: int
    contact_point_type_id: int | None = None
    contact_point_type_name: str | None = None
    value: str | None = None
    contact_id: int | None = None
    updated: datetime | None = None


@dataclass(frozen=True, slots=True)
class Address:
    """A contact's postal address."""

    identity: int
    address1: str | None = None
    address2: str | None = None
    state_id: int | None = None
    state_name: str | None = None
    state_code: str | None = None
    country_id: int | None = None
    country_name: str | None = None
    country_code: str | None = None
    zip_code: str | None = None
    city_name: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    tax_jurisdiction_code_updated: datetime | None = None
    is_incorporated: bool | None = None
    updated: datetime | None = None


@dataclass(frozen=True, slots=True)
class BillingContact:
    """A person on an account.

    ``contact_points`` and ``address`` are ``None`` when the endpoint that gave
    the contact does not carry them (only the detail endpoints do); an empty
    tuple or ``None`` address from a detail endpoint means the contact has none.
    """

    identity: int
    contact_type_id: int | None = None
    contact_type_name: str | None = None
    title: str | None = None
    first_name: str | None = None
    last_name: str | None = None
    name: str | None = None
    is_used_for_tax: bool | None = None
    updated: datetime | None = None
    contact_points: tuple[ContactPoint, ...] | None = field(
        default=None, metadata={"wire": "details.contactPoints"}
    )
    address: Address | None = field(default=None, metadata={"wire": "details.address"})


@dataclass(frozen=True, slots=True)
class Note:
    """A note kept on an account."""

    identity: int
    subject: str | None = None
    text: str | None = None
    note_type_id: int | None = None
    note_type_name: str | None = None
    created: datetime | None = None
    created_by_user_id: int | None = None
    created_by_user_name: str | None = None
    updated: datetime | None = None
    updated_by_user_id: int | None = None
    updated_by_user_name: str | None = None
    show_on_overview: bool | None = None
    is_important: bool | None = None


@dataclass(frozen=True, slots=True)
class RatePlan:
    """The rate plan an account is on now."""

    identity: int
    name: str | None = None
    display_name: str | None = None
    start: datetime | None = None


@dataclass(frozen=True, slots=True)
class PricePlan:
    """The price plan an account is on now."""

    identity: int
    name: str | None = None
    account_id: int | None = None
    account_name: str | None = None
    description: str | None = None
    start: datetime | None = None
    end: datetime | None = None
    last_used_for_billing: datetime | None = None
    include_child_accounts: bool | None = None


@dataclass(frozen=True, slots=True)
class AccountSummary:
    """What the account owes: ``balance`` and the part of it now due."""

    identity: int
    balance: Decimal
    balance_due: Decimal
    account_id: int | None = None
    account_name: str | None = None


@dataclass(frozen=True, slots=True)
class PriceBookRegion:
    """A price book region the account is priced in."""

    identity: int
    name: str | None = None
    description: str | None = None
    is_active: bool | None = None
    created: datetime | None = None


@dataclass(frozen=True, slots=True)
class AccountTaxExemption:
    """A tax the account is exempt from, by level and place."""

    identity: int
    account_id: int | None = None
    account_name: str | None = None
    description: str | None = None
    is_federal_tax_level: bool | None = None
    is_state_tax_level: bool | None = None
    is_county_tax_level: bool | None = None
    is_local_tax_level: bool | None = None
    tax_type_id: int | None = None
    tax_type_name: str | None = None
    updated: datetime | None = None
    state_id: int | None = None
    state_name: str | None = None
    state_code: str | None = None
    country_id: int | None = None
    country_name: str | None = None
    country_code: str | None = None
    zip_code: str | None = None
    city: str | None = None


@dataclass(frozen=True, slots=True)
class TaxAddress:
    """An address taxes are computed for; ``is_shared`` ones may serve other accounts."""

    identity: int
    name: str | None = None
    is_shared: bool | None = None
    account_id: int | None = None
    account_name: str | None = None
    address_id: int | None = None
    created: datetime | None = None
    updated: datetime | None = None
    save_tax_address_on_invoicer: bool | None = None
    address1: str | None = None
    address2: str | None = None
    state_id: int | None = None
    state_name: str | None = None
    state_code: str | None = None
    country_id: int | None = None
    country_name: str | None = None
    country_code: str | None = None
    zip_code: str | None = None
    city_name: str | None = None
    tax_jurisdiction_code_updated: datetime | None = None
    is_incorporated: bool | None = None


@dataclass(frozen=True, slots=True)
class AccountDetails:
    """The ``details`` of an account's deep detail.

    The docs say what comes "will depend on which related objects have been
    populated", so each part may be missing: ``None`` or an empty tuple.
    """

    parent: AccountParent | None = None
    contacts: tuple[BillingContact, ...] = ()
    current_rate_plan: RatePlan | None = None
    current_price_plan: PricePlan | None = None
    account_summary: AccountSummary | None = None
    price_book_regions: tuple[PriceBookRegion, ...] = ()
    account_tax_exemptions: tuple[AccountTaxExemption, ...] = ()
    tax_addresses: tuple[TaxAddress, ...] = ()


@dataclass(frozen=True, slots=True)
class AccountInput:
    """The writable properties of an account; ``None`` leaves a property out.

    Read-only properties (identity, owner, acting owner, created, updated) and
    the ``...Name`` companions are not here: the upstream derives them.
    ``is_read_only_bill_day`` and ``is_read_only_usage_bill_day`` follow the
    invoicer links until a write sets them; clearing them makes them follow
    the links again. Clearing an invoicer link makes the account its own.
    """

    name: str | None = field(default=None, metadata=KEPT)
    currency_id: int | None = field(default=None, metadata=KEPT)
    account_status_type_id: int | None = field(default=None, metadata=KEPT)
    bill_group_id: int | None = field(default=None, metadata=KEPT)
    effective_cancel: datetime | None = None
    invoice_delivery_id: int | None = field(default=None, metadata=KEPT)
    accounts_receivable_terms_id: int | None = field(default=None, metadata=KEPT)
    account_type_id: int | None = field(default=None, metadata=KEPT)
    bill_day: int | None = field(default=None, metadata=KEPT)
    account_tax_category_id: int | None = None
    tax_code_id: int | None = None
    invoicer_account_id: int | None = None
    usage_invoicer_account_id: int | None = None
    tax_setting_account_id: int | None = None
    usage_bill_day: int | None = field(default=None, metadata=KEPT)
    is_read_only_bill_day: bool | None = None
    is_read_only_usage_bill_day: bool | None = None
    display_name: str | None = None
    created_by_user_id: int | None = None
    pending_bill_day: int | None = None
    pending_usage_bill_day: int | None = None
    lifeline: bool | None = field(default=None, metadata=KEPT)
    external_account_identifier: str | None = None
    vat_number: str | None = field(default=None, metadata={"wire": "vATNumber"})
    e_invoice_endpoint_id: str | None = None
    e_invoice_scheme_id: str | None = None
    zero_inclusive_tax_when_exempt: bool | None = field(default=None, metadata=KEPT)
    default_payment_gateway_id: int | None = None
    cleared: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class ContactInput:
    """The writable properties of a contact; ``None`` leaves a property out."""

    contact_type_id: int | None = field(default=None, metadata=KEPT)
    title: str | None = None
    first_name: str | None = None
    last_name: str | None = None
    is_used_for_tax: bool | None = field(default=None, metadata=KEPT)
    cleared: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class NoteInput:
    """The writable properties of a note; ``None`` leaves a property out."""

    subject: str | None = field(default=None, metadata=KEPT)
    text: str | None = field(default=None, metadata=KEPT)
    note_type_id: int | None = field(default=None, metadata=KEPT)
    created_by_user_id: int | None = None
    updated_by_user_id: int | None = None
    show_on_overview: bool | None = field(default=None, metadata=KEPT)
    is_important: bool | None = field(default=None, metadata=KEPT)
    cleared: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class AccountPatch:
    """One item of a PATCH's ``accounts`` collection.

    An ``update`` without ``identity`` targets the account being patched.
    ``patch_client_id`` is the caller's own tag, echoed in the outcome.
    """

    patch_type: PatchType
    fields: AccountInput = field(default_factory=AccountInput)
    identity: int | None = None
    patch_client_id: int | None = None


@dataclass(frozen=True, slots=True)
class ContactPatch:
    """One item of a PATCH's ``contacts`` collection (contacts of the patched account)."""

    patch_type: PatchType
    fields: ContactInput = field(default_factory=ContactInput)
    identity: int | None = None
    patch_client_id: int | None = None


@dataclass(frozen=True, slots=True)
class NotePatch:
    """One item of a PATCH's ``notes`` collection (notes of the patched account)."""

    patch_type: PatchType
    fields: NoteInput = field(default_factory=NoteInput)
    identity: int | None = None
    patch_client_id: int | None = None


PatchItem: TypeAlias = AccountPatch | ContactPatch | NotePatch


@dataclass(frozen=True, slots=True)
class PatchOutcome:
    """What one patch item did: ``action`` is ``created``, ``updated`` or ``deleted``.

    ``instance`` is the record after the change when the upstream sent it and
    its ``dto_type_key`` is one this adapter knows (account, contact, note).
    """

    identity: int
    action: str
    dto_type_key: str
    patch_client_id: int | None = None
    instance: BillingAccount | BillingContact | Note | None = None


@dataclass(frozen=True, slots=True)
class PatchResult:
    """Everything a PATCH changed, applied together."""

    tracking_id: str
    outcomes: tuple[PatchOutcome, ...]


@dataclass(frozen=True, slots=True)
class DeletedItem:
    """One object a delete removed or detached.

    Records name the object by ``identity``, by ``foreign_key_identity``, or
    (for a detached connector) by ``lhs_id`` and ``rhs_id``, as the docs show.
    """

    action: str
    dto_type_key: str
    identity: int | None = None
    foreign_key_identity: int | None = None
    lhs_id: int | None = None
    rhs_id: int | None = None


@dataclass(frozen=True, slots=True)
class DeleteRecord:
    """What a delete reports: every object it removed, children included."""

    tracking_id: str
    items: tuple[DeletedItem, ...]


@dataclass(frozen=True, slots=True)
class WriteResult(Generic[T]):
    """A created or updated record as the upstream stored it, with its ``trackingId``.

    The tracking id is what LogiSense support asks for about one call, so a
    write keeps it for the audit trail.
    """

    record: T
    tracking_id: str


AccountWithDetails: TypeAlias = tuple[BillingAccount, AccountDetails]
