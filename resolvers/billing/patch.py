"""``patchAccount`` for a billing account: its input and how it is applied.

One ``PATCH Account/{id}`` with one account ``update`` item holding only the
properties the input sets (the API validates every item first and applies
all or none). Ranges are checked before the call; the upstream's refusal
becomes user errors under ``["input", "customer", <field>]``.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

import strawberry

from resolvers.account import PatchAccountPayload
from resolvers.billing.inputs import account_key, day_of_month, positive, text_in_range
from resolvers.billing.loaders import billing_account_details, billing_accounts, prime_accounts
from resolvers.billing.types import CustomerAccount
from resolvers.context import GraphContext
from resolvers.errors import UserError, user_errors
from upstreams.billing.models import AccountInput, AccountPatch, BillingAccount
from upstreams.errors import InvalidInput, NotFound

ROOT = "customer"
NAME_MAX = 255

# Upstream property names -> our input field names.
FIELDS: Mapping[str, str] = {
    "identity": "id",
    "name": "name",
    "displayName": "displayName",
    "billDay": "billDay",
    "usageBillDay": "usageBillDay",
    "pendingBillDay": "pendingBillDay",
    "pendingUsageBillDay": "pendingUsageBillDay",
    "invoicerAccountId": "invoicerAccountId",
    "usageInvoicerAccountId": "usageInvoicerAccountId",
    "taxSettingAccountId": "taxSettingAccountId",
    "externalAccountIdentifier": "externalAccountIdentifier",
    "vATNumber": "vatNumber",
    "lifeline": "lifeline",
    "eInvoiceEndpointId": "eInvoiceEndpointId",
    "eInvoiceSchemeId": "eInvoiceSchemeId",
    "zeroInclusiveTaxWhenExempt": "zeroInclusiveTaxWhenExempt",
    "effectiveCancel": "effectiveCancel",
    "currencyId": "currencyId",
    "accountStatusTypeId": "accountStatusTypeId",
    "billGroupId": "billGroupId",
    "invoiceDeliveryId": "invoiceDeliveryId",
    "accountsReceivableTermsId": "accountsReceivableTermsId",
    "accountTypeId": "accountTypeId",
    "accountTaxCategoryId": "accountTaxCategoryId",
    "taxCodeId": "taxCodeId",
    "defaultPaymentGatewayId": "defaultPaymentGatewayId",
}

LOOKUP_IDS = (
    "currency_id",
    "account_status_type_id",
    "bill_group_id",
    "invoice_delivery_id",
    "accounts_receivable_terms_id",
    "account_type_id",
    "account_tax_category_id",
    "tax_code_id",
    "default_payment_gateway_id",
)


def _desc(text: str) -> str:
    return text + " Left out: unchanged."


@strawberry.input(
    description="Changes to a billing customer account; fields left out keep their value."
)
class CustomerAccountPatch:
    id: strawberry.ID = strawberry.field(description="Global id of the CustomerAccount to change.")
    name: str | None = strawberry.field(
        default=None, description=_desc("This is the name given to the account (at most 255).")
    )
    display_name: str | None = strawberry.field(
        default=None, description=_desc("Optional display name associated with the account.")
    )
    bill_day: int | None = strawberry.field(
        default=None,
        description=_desc(
            "The day of the month that this account's subscriptions and one time charges "
            "are billed, 1..28."
        ),
    )
    usage_bill_day: int | None = strawberry.field(
        default=None,
        description=_desc(
            "The day of the month that this account's metered usage is billed, 1..28."
        ),
    )
    pending_bill_day: int | None = strawberry.field(
        default=None, description=_desc("An upcoming change to billDay, 1..28.")
    )
    pending_usage_bill_day: int | None = strawberry.field(
        default=None, description=_desc("An upcoming change to usageBillDay, 1..28.")
    )
    invoicer_account_id: strawberry.ID | None = strawberry.field(
        default=None,
        description=_desc(
            "Global id of the CustomerAccount that will receive the invoice for subscriptions "
            "and one-time charges."
        ),
    )
    usage_invoicer_account_id: strawberry.ID | None = strawberry.field(
        default=None,
        description=_desc(
            "Global id of the CustomerAccount that will receive the invoice for usage charges."
        ),
    )
    tax_setting_account_id: strawberry.ID | None = strawberry.field(
        default=None,
        description=_desc("Global id of the CustomerAccount used for tax calculation purposes."),
    )
    external_account_identifier: str | None = strawberry.field(
        default=None,
        description=_desc("An optional account ID from an alternative external system."),
    )
    vat_number: str | None = strawberry.field(
        default=None,
        description=_desc("The Value Added Tax (VAT) number associated with the account."),
    )
    lifeline: bool | None = strawberry.field(
        default=None, description=_desc("Indicates if an account is a Lifeline customer or not.")
    )
    e_invoice_endpoint_id: str | None = strawberry.field(
        default=None,
        description=_desc("The eInvoice Endpoint ID required if using eInvoice system."),
    )
    e_invoice_scheme_id: str | None = strawberry.field(
        default=None, description=_desc("The eInvoice Scheme ID required if using eInvoice system.")
    )
    zero_inclusive_tax_when_exempt: bool | None = strawberry.field(
        default=None,
        description=_desc("Flag to zeroise any included usage taxes if account is tax exempt."),
    )
    effective_cancel: datetime | None = strawberry.field(
        default=None, description=_desc("This is the date for when the account is to be cancelled.")
    )
    currency_id: int | None = strawberry.field(
        default=None, description=_desc("Unique identifier for the associated Currency object.")
    )
    account_status_type_id: int | None = strawberry.field(
        default=None,
        description=_desc("Unique identifier for the associated AccountStatusType object."),
    )
    bill_group_id: int | None = strawberry.field(
        default=None, description=_desc("Unique identifier for the associated BillGroup object.")
    )
    invoice_delivery_id: int | None = strawberry.field(
        default=None,
        description=_desc("Unique identifier for the associated InvoiceDelivery object."),
    )
    accounts_receivable_terms_id: int | None = strawberry.field(
        default=None,
        description=_desc("Unique identifier for the associated AccountsReceivableTerms object."),
    )
    account_type_id: int | None = strawberry.field(
        default=None, description=_desc("Unique identifier for the associated AccountType object.")
    )
    account_tax_category_id: int | None = strawberry.field(
        default=None,
        description=_desc("Unique identifier for the associated AccountTaxCategory object."),
    )
    tax_code_id: int | None = strawberry.field(
        default=None, description=_desc("Unique identifier for the associated TaxCode object.")
    )
    default_payment_gateway_id: int | None = strawberry.field(
        default=None,
        description=_desc("Unique identifier for the associated PaymentGateway object."),
    )


def _errors_at_root(errors: list[UserError]) -> list[UserError]:
    """``["customer", f]`` -> ``["input", "customer", f]``: the path in ``patchAccount(input:)``."""
    return [
        UserError(field=["input", *e.field] if e.field else None, message=e.message, code=e.code)
        for e in errors
    ]


def _checked(patch: CustomerAccountPatch) -> tuple[int | None, AccountInput, list[UserError]]:
    """The target and the input to send, or the problems found before any call."""
    errors: list[UserError] = []
    target = account_key(patch.id, "id", errors)
    links: dict[str, int | None] = {}
    for field in ("invoicer_account_id", "usage_invoicer_account_id", "tax_setting_account_id"):
        value = getattr(patch, field)
        ours = FIELDS.get(_camel(field), field)
        links[field] = None if value is None else account_key(value, ours, errors)
    if patch.name is not None:
        text_in_range(patch.name, "name", NAME_MAX, errors, required=True)
    day_of_month(patch.bill_day, "billDay", errors)
    day_of_month(patch.usage_bill_day, "usageBillDay", errors)
    day_of_month(patch.pending_bill_day, "pendingBillDay", errors)
    day_of_month(patch.pending_usage_bill_day, "pendingUsageBillDay", errors)
    for field in LOOKUP_IDS:
        positive(getattr(patch, field), _camel(field), errors)
    fields = AccountInput(
        name=patch.name,
        display_name=patch.display_name,
        bill_day=patch.bill_day,
        usage_bill_day=patch.usage_bill_day,
        pending_bill_day=patch.pending_bill_day,
        pending_usage_bill_day=patch.pending_usage_bill_day,
        external_account_identifier=patch.external_account_identifier,
        vat_number=patch.vat_number,
        lifeline=patch.lifeline,
        e_invoice_endpoint_id=patch.e_invoice_endpoint_id,
        e_invoice_scheme_id=patch.e_invoice_scheme_id,
        zero_inclusive_tax_when_exempt=patch.zero_inclusive_tax_when_exempt,
        effective_cancel=patch.effective_cancel,
        invoicer_account_id=links["invoicer_account_id"],
        usage_invoicer_account_id=links["usage_invoicer_account_id"],
        tax_setting_account_id=links["tax_setting_account_id"],
        currency_id=patch.currency_id,
        account_status_type_id=patch.account_status_type_id,
        bill_group_id=patch.bill_group_id,
        invoice_delivery_id=patch.invoice_delivery_id,
        accounts_receivable_terms_id=patch.accounts_receivable_terms_id,
        account_type_id=patch.account_type_id,
        account_tax_category_id=patch.account_tax_category_id,
        tax_code_id=patch.tax_code_id,
        default_payment_gateway_id=patch.default_payment_gateway_id,
    )
    if not errors and fields == AccountInput():
        errors.append(
            UserError(field=None, message="Give at least one property to change.", code="REQUIRED")
        )
    # ``problem`` puts fields under "input"; here they sit under "input.customer".
    return target, fields, [_under_customer(e) for e in errors]


def _under_customer(error: UserError) -> UserError:
    if error.field and error.field[0] == "input":
        return UserError(
            field=["input", ROOT, *error.field[1:]], message=error.message, code=error.code
        )
    return error


def _camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part.capitalize() for part in rest)


async def patch(info: strawberry.Info, patch: CustomerAccountPatch) -> PatchAccountPayload:
    """Apply ``patch``; refused input comes back as user errors (no call on a bad one)."""
    target, fields, errors = _checked(patch)
    if errors or target is None:
        return PatchAccountPayload(account=None, user_errors=errors)
    context: GraphContext = info.context
    item = AccountPatch(patch_type="update", fields=fields)
    try:
        result = await context.upstreams.billing.patch_account(target, [item])
    except InvalidInput as error:
        return PatchAccountPayload(
            account=None, user_errors=_errors_at_root(user_errors(error, FIELDS, root=ROOT))
        )
    except NotFound as error:
        return PatchAccountPayload(
            account=None,
            user_errors=[
                UserError(field=["input", ROOT, "id"], message=error.message, code="NOT_FOUND")
            ],
        )
    context.loader(billing_account_details).clear(target)
    accounts = context.loader(billing_accounts)
    accounts.clear(target)
    changed = [
        o.instance
        for o in result.outcomes
        if isinstance(o.instance, BillingAccount) and o.instance.identity == target
    ]
    if changed:
        prime_accounts(context, changed)
        account = changed[0]
    else:  # the answer did not carry the record: read it as it is now
        account = await accounts.load(target)
    return PatchAccountPayload(account=CustomerAccount.from_model(account), user_errors=[])
