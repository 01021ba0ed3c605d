"""Turn the billing API's JSON records into the models of ``models.py``.

One ``Shape`` per record kind, listing every property the docs give it, and
one function per record kind that has nested records. Only ``identity`` (and
an account's ``name``) must be present: the rest may be ``null`` or left out,
and come back as ``None``. Each reader takes an object already checked to be
one and ``where``, its path in the answer, which errors name.
"""

from __future__ import annotations

from collections.abc import Callable
from itertools import starmap

from upstreams.billing.kinds import (
    FLAG_OR_NONE,
    FLOAT_OR_NONE,
    INTEGER,
    INTEGER_OR_NONE,
    MOMENT_OR_NONE,
    MONEY,
    TEXT,
    TEXT_OR_NONE,
    text,
)
from upstreams.billing.models import (
    AccountDetails,
    AccountParent,
    AccountSummary,
    AccountTaxExemption,
    Address,
    BillingAccount,
    BillingContact,
    ContactPoint,
    DeletedItem,
    Note,
    PatchOutcome,
    PriceBookRegion,
    PricePlan,
    RatePlan,
    TaxAddress,
)
from upstreams.billing.nesting import Record, record_or_none, records_or_empty
from upstreams.billing.shapes import Shape

ACCOUNT = Shape(
    BillingAccount,
    {
        "identity": INTEGER,
        "name": TEXT,
        "currency_id": INTEGER_OR_NONE,
        "currency_name": TEXT_OR_NONE,
        "owner_id": INTEGER_OR_NONE,
        "owner_name": TEXT_OR_NONE,
        "created": MOMENT_OR_NONE,
        "account_status_type_id": INTEGER_OR_NONE,
        "account_status_type_name": TEXT_OR_NONE,
        "bill_group_id": INTEGER_OR_NONE,
        "bill_group_name": TEXT_OR_NONE,
        "acting_owner_id": INTEGER_OR_NONE,
        "acting_owner_name": TEXT_OR_NONE,
        "updated": MOMENT_OR_NONE,
        "effective_cancel": MOMENT_OR_NONE,
        "invoice_delivery_id": INTEGER_OR_NONE,
        "invoice_delivery_name": TEXT_OR_NONE,
        "accounts_receivable_terms_id": INTEGER_OR_NONE,
        "accounts_receivable_terms_name": TEXT_OR_NONE,
        "account_type_id": INTEGER_OR_NONE,
        "account_type_name": TEXT_OR_NONE,
        "bill_day": INTEGER_OR_NONE,
        "account_tax_category_id": INTEGER_OR_NONE,
        "account_tax_category_name": TEXT_OR_NONE,
        "tax_code_id": INTEGER_OR_NONE,
        "tax_code_name": TEXT_OR_NONE,
        "invoicer_account_id": INTEGER_OR_NONE,
        "invoicer_account_name": TEXT_OR_NONE,
        "usage_invoicer_account_id": INTEGER_OR_NONE,
        "usage_invoicer_account_name": TEXT_OR_NONE,
        "tax_setting_account_id": INTEGER_OR_NONE,
        "tax_setting_account_name": TEXT_OR_NONE,
        "usage_bill_day": INTEGER_OR_NONE,
        "is_read_only_bill_day": FLAG_OR_NONE,
        "is_read_only_usage_bill_day": FLAG_OR_NONE,
        "display_name": TEXT_OR_NONE,
        "created_by_user_id": INTEGER_OR_NONE,
        "created_by_user_name": TEXT_OR_NONE,
        "pending_bill_day": INTEGER_OR_NONE,
        "pending_usage_bill_day": INTEGER_OR_NONE,
        "lifeline": FLAG_OR_NONE,
        "external_account_identifier": TEXT_OR_NONE,
        "vat_number": TEXT_OR_NONE,
        "e_invoice_endpoint_id": TEXT_OR_NONE,
        "e_invoice_scheme_id": TEXT_OR_NONE,
        "zero_inclusive_tax_when_exempt": FLAG_OR_NONE,
        "default_payment_gateway_id": INTEGER_OR_NONE,
        "default_payment_gateway_name": TEXT_OR_NONE,
        "id": INTEGER_OR_NONE,
    },
    wire={"vat_number": "vATNumber"},
)

ACCOUNT_PARENT = Shape(
    AccountParent,
    {
        "identity": INTEGER,
        "account_id": INTEGER_OR_NONE,
        "account_name": TEXT_OR_NONE,
        "parent_account_id": INTEGER_OR_NONE,
        "parent_account_name": TEXT_OR_NONE,
        "top_account_id": INTEGER_OR_NONE,
        "top_account_name": TEXT_OR_NONE,
        "updated": MOMENT_OR_NONE,
    },
)

CONTACT = Shape(
    BillingContact,
    {
        "identity": INTEGER,
        "contact_type_id": INTEGER_OR_NONE,
        "contact_type_name": TEXT_OR_NONE,
        "title": TEXT_OR_NONE,
        "first_name": TEXT_OR_NONE,
        "last_name": TEXT_OR_NONE,
        "name": TEXT_OR_NONE,
        "is_used_for_tax": FLAG_OR_NONE,
        "updated": MOMENT_OR_NONE,
    },
)

CONTACT_POINT = Shape(
    ContactPoint,
    {
        "identity": INTEGER,
        "contact_point_type_id": INTEGER_OR_NONE,
        "contact_point_type_name": TEXT_OR_NONE,
        "value": TEXT_OR_NONE,
        "contact_id": INTEGER_OR_NONE,
        "updated": MOMENT_OR_NONE,
    },
)

ADDRESS = Shape(
    Address,
    {
        "identity": INTEGER,
        "address1": TEXT_OR_NONE,
        "address2": TEXT_OR_NONE,
        "state_id": INTEGER_OR_NONE,
        "state_name": TEXT_OR_NONE,
        "state_code": TEXT_OR_NONE,
        "country_id": INTEGER_OR_NONE,
        "country_name": TEXT_OR_NONE,
        "country_code": TEXT_OR_NONE,
        "zip_code": TEXT_OR_NONE,
        "city_name": TEXT_OR_NONE,
        "latitude": FLOAT_OR_NONE,
        "longitude": FLOAT_OR_NONE,
        "tax_jurisdiction_code_updated": MOMENT_OR_NONE,
        "is_incorporated": FLAG_OR_NONE,
        "updated": MOMENT_OR_NONE,
    },
)

NOTE = Shape(
    Note,
    {
        "identity": INTEGER,
        "subject": TEXT_OR_NONE,
        "text": TEXT_OR_NONE,
        "note_type_id": INTEGER_OR_NONE,
        "note_type_name": TEXT_OR_NONE,
        "created": MOMENT_OR_NONE,
        "created_by_user_id": INTEGER_OR_NONE,
        "created_by_user_name": TEXT_OR_NONE,
        "updated": MOMENT_OR_NONE,
        "updated_by_user_id": INTEGER_OR_NONE,
        "updated_by_user_name": TEXT_OR_NONE,
        "show_on_overview": FLAG_OR_NONE,
        "is_important": FLAG_OR_NONE,
    },
)

RATE_PLAN = Shape(
    RatePlan,
    {
        "identity": INTEGER,
        "name": TEXT_OR_NONE,
        "display_name": TEXT_OR_NONE,
        "start": MOMENT_OR_NONE,
    },
)

PRICE_PLAN = Shape(
    PricePlan,
    {
        "identity": INTEGER,
        "name": TEXT_OR_NONE,
        "account_id": INTEGER_OR_NONE,
        "account_name": TEXT_OR_NONE,
        "description": TEXT_OR_NONE,
        "start": MOMENT_OR_NONE,
        "end": MOMENT_OR_NONE,
        "last_used_for_billing": MOMENT_OR_NONE,
        "include_child_accounts": FLAG_OR_NONE,
    },
)

ACCOUNT_SUMMARY = Shape(
    AccountSummary,
    {
        "identity": INTEGER,
        "balance": MONEY,
        "balance_due": MONEY,
        "account_id": INTEGER_OR_NONE,
        "account_name": TEXT_OR_NONE,
    },
)

PRICE_BOOK_REGION = Shape(
    PriceBookRegion,
    {
        "identity": INTEGER,
        "name": TEXT_OR_NONE,
        "description": TEXT_OR_NONE,
        "is_active": FLAG_OR_NONE,
        "created": MOMENT_OR_NONE,
    },
)

TAX_EXEMPTION = Shape(
    AccountTaxExemption,
    {
        "identity": INTEGER,
        "account_id": INTEGER_OR_NONE,
        "account_name": TEXT_OR_NONE,
        "description": TEXT_OR_NONE,
        "is_federal_tax_level": FLAG_OR_NONE,
        "is_state_tax_level": FLAG_OR_NONE,
        "is_county_tax_level": FLAG_OR_NONE,
        "is_local_tax_level": FLAG_OR_NONE,
        "tax_type_id": INTEGER_OR_NONE,
        "tax_type_name": TEXT_OR_NONE,
        "updated": MOMENT_OR_NONE,
        "state_id": INTEGER_OR_NONE,
        "state_name": TEXT_OR_NONE,
        "state_code": TEXT_OR_NONE,
        "country_id": INTEGER_OR_NONE,
        "country_name": TEXT_OR_NONE,
        "country_code": TEXT_OR_NONE,
        "zip_code": TEXT_OR_NONE,
        "city": TEXT_OR_NONE,
    },
)

TAX_ADDRESS = Shape(
    TaxAddress,
    {
        "identity": INTEGER,
        "name": TEXT_OR_NONE,
        "is_shared": FLAG_OR_NONE,
        "account_id": INTEGER_OR_NONE,
        "account_name": TEXT_OR_NONE,
        "address_id": INTEGER_OR_NONE,
        "created": MOMENT_OR_NONE,
        "updated": MOMENT_OR_NONE,
        "save_tax_address_on_invoicer": FLAG_OR_NONE,
        "address1": TEXT_OR_NONE,
        "address2": TEXT_OR_NONE,
        "state_id": INTEGER_OR_NONE,
        "state_name": TEXT_OR_NONE,
        "state_code": TEXT_OR_NONE,
        "country_id": INTEGER_OR_NONE,
        "country_name": TEXT_OR_NONE,
        "country_code": TEXT_OR_NONE,
        "zip_code": TEXT_OR_NONE,
        "city_name": TEXT_OR_NONE,
        "tax_jurisdiction_code_updated": MOMENT_OR_NONE,
        "is_incorporated": FLAG_OR_NONE,
    },
)

DELETED_ITEM = Shape(
    DeletedItem,
    {
        "action": TEXT,
        "dto_type_key": TEXT,
        "identity": INTEGER_OR_NONE,
        "foreign_key_identity": INTEGER_OR_NONE,
        "lhs_id": INTEGER_OR_NONE,
        "rhs_id": INTEGER_OR_NONE,
    },
)

PATCH_OUTCOME = Shape(
    PatchOutcome,
    {
        "identity": INTEGER,
        "action": TEXT,
        "dto_type_key": TEXT,
        "patch_client_id": INTEGER_OR_NONE,
    },
)

account = ACCOUNT.read
account_parent = ACCOUNT_PARENT.read
contact_point = CONTACT_POINT.read
address = ADDRESS.read
note = NOTE.read
rate_plan_of = RATE_PLAN.read
price_plan_of = PRICE_PLAN.read
account_summary = ACCOUNT_SUMMARY.read
price_book_region = PRICE_BOOK_REGION.read
tax_exemption = TAX_EXEMPTION.read
tax_address = TAX_ADDRESS.read
deleted_item = DELETED_ITEM.read


def details(data: Record, where: str) -> AccountDetails:
    """An account's ``details`` block, as the detail endpoints send it.

    The nested objects are checked to be objects before any is read, as
    reading them property by property did, so the same error comes first.
    """
    parent = record_or_none(data, where, "parent")
    rate_plan = record_or_none(data, where, "currentRatePlan")
    price_plan = record_or_none(data, where, "currentPricePlan")
    summary = record_or_none(data, where, "accountSummary")
    return AccountDetails(
        parent=None if parent is None else account_parent(parent, f"{where}.parent"),
        contacts=tuple(starmap(contact, records_or_empty(data, where, "contacts"))),
        current_rate_plan=(
            None if rate_plan is None else rate_plan_of(rate_plan, f"{where}.currentRatePlan")
        ),
        current_price_plan=(
            None if price_plan is None else price_plan_of(price_plan, f"{where}.currentPricePlan")
        ),
        account_summary=(
            None if summary is None else account_summary(summary, f"{where}.accountSummary")
        ),
        price_book_regions=tuple(
            starmap(price_book_region, records_or_empty(data, where, "priceBookRegions"))
        ),
        account_tax_exemptions=tuple(
            starmap(tax_exemption, records_or_empty(data, where, "accountTaxExemptions"))
        ),
        tax_addresses=tuple(starmap(tax_address, records_or_empty(data, where, "taxAddresses"))),
    )


def contact(data: Record, where: str) -> BillingContact:
    """A contact; its contact points and address only when it carries ``details``.

    Read in the order the checks always ran: both nested objects, the
    contact's own properties, its points, its address.
    """
    more = record_or_none(data, where, "details")
    if more is None:
        return CONTACT.read(data, where, None, None)
    at = f"{where}.details"
    found = record_or_none(more, at, "address")
    own = CONTACT.values(data, where)
    points = tuple(starmap(contact_point, records_or_empty(more, at, "contactPoints")))
    return CONTACT.make(own, points, None if found is None else address(found, f"{at}.address"))


PATCHED_READERS: dict[str, Callable[[Record, str], BillingAccount | BillingContact | Note]] = {
    "account": account,
    "contact": contact,
    "note": note,
}


def patch_outcome(data: Record, where: str) -> PatchOutcome:
    """One patched object; its ``instance`` read by ``dtoTypeKey`` when it is one we know."""
    kind = text(data.get("dtoTypeKey"), where, "dtoTypeKey")
    instance = record_or_none(data, where, "instance")
    read = PATCHED_READERS.get(kind)
    own = PATCH_OUTCOME.values(data, where)
    if read is None or instance is None:
        return PATCH_OUTCOME.make(own, None)
    return PATCH_OUTCOME.make(own, read(instance, f"{where}.instance"))
