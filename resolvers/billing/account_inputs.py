"""Inputs of the billing account writes: create, replace, patch, and PATCH items.

Every writable property of ``upstreams.billing.models.AccountInput`` is a
field of ``CustomerAccountFields``, declared once and shared by the four
inputs; what leaving a field out means is each input's own (kept, the
upstream's default, or cleared). Each field's description says whether
``null`` clears it, read from the model's ``clearable``, so the schema and
the checks cannot disagree.
"""

from __future__ import annotations

import dataclasses
import functools
from datetime import datetime
from enum import Enum

import strawberry

from resolvers.billing.inputs import model_field
from resolvers.billing.types import associated
from upstreams.billing.models import AccountInput

settable = functools.partial(model_field, AccountInput)
"""The field for the account model's property ``name``, saying what ``null`` does."""


@strawberry.input(description="The writable properties of a billing customer account.")
class CustomerAccountFields:
    name: str | None = settable("name", "This is the name given to the account (at most 255).")
    display_name: str | None = settable(
        "display_name", "Optional display name associated with the account."
    )
    bill_day: int | None = settable(
        "bill_day",
        "The day of the month that this account's subscriptions and one time charges "
        "are billed, 1..28.",
    )
    usage_bill_day: int | None = settable(
        "usage_bill_day",
        "The day of the month that this account's metered usage is billed, 1..28.",
    )
    pending_bill_day: int | None = settable(
        "pending_bill_day", "An upcoming change to billDay, 1..28."
    )
    pending_usage_bill_day: int | None = settable(
        "pending_usage_bill_day", "An upcoming change to usageBillDay, 1..28."
    )
    is_read_only_bill_day: bool | None = settable(
        "is_read_only_bill_day",
        "If this account's bill day is inherited from an another invoicer account.",
        "makes it follow invoicerAccountId again",
    )
    is_read_only_usage_bill_day: bool | None = settable(
        "is_read_only_usage_bill_day",
        "If this account's usage bill day is inherited from an another invoicer account.",
        "makes it follow usageInvoicerAccountId again",
    )
    invoicer_account_id: strawberry.ID | None = settable(
        "invoicer_account_id",
        "Global id of the CustomerAccount that will receive the invoice for subscriptions "
        "and one-time charges.",
        "makes it the account itself",
    )
    usage_invoicer_account_id: strawberry.ID | None = settable(
        "usage_invoicer_account_id",
        "Global id of the CustomerAccount that will receive the invoice for usage charges.",
        "makes it the account itself",
    )
    tax_setting_account_id: strawberry.ID | None = settable(
        "tax_setting_account_id",
        "Global id of the CustomerAccount used for tax calculation purposes.",
        "makes it the account itself",
    )
    external_account_identifier: str | None = settable(
        "external_account_identifier",
        "An optional account ID from an alternative external system.",
    )
    vat_number: str | None = settable(
        "vat_number", "The Value Added Tax (VAT) number associated with the account."
    )
    lifeline: bool | None = settable(
        "lifeline", "Indicates if an account is a Lifeline customer or not."
    )
    e_invoice_endpoint_id: str | None = settable(
        "e_invoice_endpoint_id", "The eInvoice Endpoint ID required if using eInvoice system."
    )
    e_invoice_scheme_id: str | None = settable(
        "e_invoice_scheme_id", "The eInvoice Scheme ID required if using eInvoice system."
    )
    zero_inclusive_tax_when_exempt: bool | None = settable(
        "zero_inclusive_tax_when_exempt",
        "Flag to zeroise any included usage taxes if account is tax exempt.",
    )
    effective_cancel: datetime | None = settable(
        "effective_cancel", "This is the date for when the account is to be cancelled."
    )
    currency_id: int | None = settable("currency_id", associated("Currency"))
    account_status_type_id: int | None = settable(
        "account_status_type_id", associated("AccountStatusType")
    )
    bill_group_id: int | None = settable("bill_group_id", associated("BillGroup"))
    invoice_delivery_id: int | None = settable("invoice_delivery_id", associated("InvoiceDelivery"))
    accounts_receivable_terms_id: int | None = settable(
        "accounts_receivable_terms_id", associated("AccountsReceivableTerms")
    )
    account_type_id: int | None = settable("account_type_id", associated("AccountType"))
    account_tax_category_id: int | None = settable(
        "account_tax_category_id", associated("AccountTaxCategory")
    )
    tax_code_id: int | None = settable("tax_code_id", associated("TaxCode"))
    default_payment_gateway_id: int | None = settable(
        "default_payment_gateway_id", associated("PaymentGateway")
    )
    created_by_user_id: int | None = settable("created_by_user_id", associated("User"))


@strawberry.input(
    description="Changes to a billing customer account: a field left out keeps its value, "
    "null clears it where billing can clear it."
)
class CustomerAccountPatch(CustomerAccountFields):
    id: strawberry.ID = strawberry.field(description="Global id of the CustomerAccount to change.")


@strawberry.input(
    description="A new billing customer account (POST Account/): name is required; a field "
    "left out takes billing's default."
)
class CreateCustomerAccountInput(CustomerAccountFields):
    pass


@strawberry.input(
    description="A billing customer account's new state (PUT Account/{id}): a field left "
    "out (or null) is cleared, so the fields that cannot be null are required."
)
class ReplaceCustomerAccountInput(CustomerAccountFields):
    id: strawberry.ID = strawberry.field(description="Global id of the CustomerAccount to replace.")


@strawberry.input(description="Which billing customer account to delete.")
class DeleteCustomerAccountInput:
    id: strawberry.ID = strawberry.field(description="Global id of the CustomerAccount to delete.")


@strawberry.enum(description="What one item of patchCustomerAccounts does.")
class CustomerAccountPatchType(Enum):
    CREATE = strawberry.enum_value("CREATE", description="Create a new account.")
    UPDATE = strawberry.enum_value(
        "UPDATE", description="Change an account: the fields given, as in updateAccount."
    )
    DELETE = strawberry.enum_value(
        "DELETE", description="Delete an account with its contacts and notes."
    )


@strawberry.input(
    description="One item of patchCustomerAccounts: what it does, to which account, and the "
    "fields it sets (create and update only)."
)
class CustomerAccountPatchItem(CustomerAccountFields):
    patch_type: CustomerAccountPatchType = strawberry.field(description="What the item does.")
    customer_account_id: strawberry.ID | None = strawberry.field(
        default=None,
        description="Global id of the CustomerAccount an update or delete targets; an "
        "update without it targets the input's id. Not given for a create.",
    )
    patch_client_id: int | None = strawberry.field(
        default=None,
        description="The caller's own number for this item, echoed in its outcome.",
    )


@strawberry.input(
    description="Several account changes sent as one billing PATCH Account/{id}: billing "
    "checks every item first and applies all of them or none."
)
class PatchCustomerAccountsInput:
    id: strawberry.ID = strawberry.field(
        description="Global id of the CustomerAccount the PATCH is sent to (an update item "
        "without customerAccountId changes it)."
    )
    items: list[CustomerAccountPatchItem] = strawberry.field(
        description="The changes, in order; 1 to 100."
    )


FIELD_NAMES = tuple(f.name for f in dataclasses.fields(CustomerAccountFields))
"""The account properties the inputs take, by attribute name."""
