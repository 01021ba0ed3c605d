"""Account write bodies: which properties a client may set, their rules, and applying them.

Read-only properties (``identity``, ``ownerId``, ``created``, ``updated``, the
``...Name`` ones) and unknown ones are ignored. ``isReadOnlyBillDay`` and
``isReadOnlyUsageBillDay`` (writable: the docs do not mark them read-only and
send them in every write sample) follow from whether the account is invoiced
through another account until a write sets them; ``null`` makes them follow
it again. A missing or null ``invoicerAccountId`` (and the usage and tax
ones) means the account itself.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping

from upstreams.billing.sandbox import lookups
from upstreams.billing.sandbox.checks import (
    AccountRef,
    Field,
    Flag,
    Ref,
    Text,
    When,
    Whole,
    missing_required,
    read_fields,
)
from upstreams.billing.sandbox.problems import Problem, about
from upstreams.billing.sandbox.records import Account
from upstreams.billing.sandbox.store import Store
from upstreams.billing.sandbox.timestamps import after

BILL_DAY = Whole(1, 28, nullable=False)

FIELDS = (
    Field("name", "name", Text(nullable=False)),
    Field("displayName", "display_name", Text()),
    Field("currencyId", "currency_id", Ref(lookups.CURRENCIES, nullable=False)),
    Field(
        "accountStatusTypeId",
        "account_status_type_id",
        Ref(lookups.ACCOUNT_STATUS_TYPES, nullable=False),
    ),
    Field("billGroupId", "bill_group_id", Ref(lookups.BILL_GROUPS, nullable=False)),
    Field("effectiveCancel", "effective_cancel", When()),
    Field(
        "invoiceDeliveryId", "invoice_delivery_id", Ref(lookups.INVOICE_DELIVERIES, nullable=False)
    ),
    Field(
        "accountsReceivableTermsId",
        "accounts_receivable_terms_id",
        Ref(lookups.ACCOUNTS_RECEIVABLE_TERMS, nullable=False),
    ),
    Field("accountTypeId", "account_type_id", Ref(lookups.ACCOUNT_TYPES, nullable=False)),
    Field("billDay", "bill_day", BILL_DAY),
    Field("accountTaxCategoryId", "account_tax_category_id", Ref(lookups.ACCOUNT_TAX_CATEGORIES)),
    Field("taxCodeId", "tax_code_id", Ref(lookups.TAX_CODES)),
    Field("invoicerAccountId", "invoicer_account_id", AccountRef()),
    Field("usageInvoicerAccountId", "usage_invoicer_account_id", AccountRef()),
    Field("taxSettingAccountId", "tax_setting_account_id", AccountRef()),
    Field("usageBillDay", "usage_bill_day", BILL_DAY),
    Field("isReadOnlyBillDay", "is_read_only_bill_day", Flag(nullable=True)),
    Field("isReadOnlyUsageBillDay", "is_read_only_usage_bill_day", Flag(nullable=True)),
    Field("createdByUserId", "created_by_user_id", Ref(lookups.USERS)),
    Field("pendingBillDay", "pending_bill_day", Whole(1, 28)),
    Field("pendingUsageBillDay", "pending_usage_bill_day", Whole(1, 28)),
    Field("lifeline", "lifeline", Flag()),
    Field("externalAccountIdentifier", "external_account_identifier", Text()),
    Field("vATNumber", "vat_number", Text()),
    Field("eInvoiceEndpointId", "e_invoice_endpoint_id", Text()),
    Field("eInvoiceSchemeId", "e_invoice_scheme_id", Text()),
    Field("zeroInclusiveTaxWhenExempt", "zero_inclusive_tax_when_exempt", Flag()),
    Field("defaultPaymentGatewayId", "default_payment_gateway_id", Ref(lookups.PAYMENT_GATEWAYS)),
    Field("id", "legacy_id", Whole()),
)

LINKS = (
    ("invoicerAccountId", "invoicer_account_id"),
    ("usageInvoicerAccountId", "usage_invoicer_account_id"),
    ("taxSettingAccountId", "tax_setting_account_id"),
)


def check_account(
    store: Store,
    body: Mapping[str, object],
    target: Account | None,
    where: str = "",
    gone: Collection[int] = (),
) -> tuple[dict[str, object], list[Problem]]:
    """Checked changes for a create (``target`` None) or an update of ``target``.

    ``gone`` are accounts a PATCH deletes, which the body may not point at.
    The invoicing loop check needs every change at once: see ``loop_problems``.
    """
    changes, problems = read_fields(FIELDS, body, where)
    if target is None:
        problems[:0] = missing_required(("name",), body, where)
    for wire_name, attr in LINKS:
        linked = changes.get(attr)
        if linked is None or (target is not None and linked == target.identity):
            continue
        if not isinstance(linked, int) or linked not in store.accounts or linked in gone:
            text = f"{linked} names no account"
            problems.append(about("InvalidReference", wire_name, text, where))
    return changes, problems


def loop_problems(
    store: Store, invoicers: Mapping[int, int], where: Mapping[int, str]
) -> list[Problem]:
    """Refuse invoicer changes (account id -> new invoicer id) that would make a loop."""
    return [
        about(
            "InvalidValue",
            "invoicerAccountId",
            f"{invoicers[identity]} would make account {identity} invoice itself through a loop",
            where.get(identity, ""),
        )
        for identity in store.looping(invoicers)
    ]


def new_invoicers(target: Account, changes: Mapping[str, object]) -> dict[int, int]:
    """The invoicer change an update makes, for ``loop_problems``."""
    if "invoicer_account_id" not in changes:
        return {}
    invoicer = changes["invoicer_account_id"]
    return {target.identity: invoicer if isinstance(invoicer, int) else target.identity}


def create_account(store: Store, changes: Mapping[str, object]) -> Account:
    """A new account from checked changes, with defaults for what the body left out."""
    identity = store.new_id("account")
    now = after(None)
    account = Account(
        identity=identity,
        name="",
        display_name=None,
        currency_id=1,
        owner_id=lookups.DEFAULT_OWNER_ID,
        acting_owner_id=lookups.DEFAULT_OWNER_ID,
        created=now,
        updated=now,
        account_status_type_id=1,
        bill_group_id=1,
        effective_cancel=None,
        invoice_delivery_id=1,
        accounts_receivable_terms_id=3,
        account_type_id=2,
        bill_day=1,
        usage_bill_day=1,
        pending_bill_day=None,
        pending_usage_bill_day=None,
        account_tax_category_id=1,
        tax_code_id=None,
        invoicer_account_id=identity,
        usage_invoicer_account_id=identity,
        tax_setting_account_id=identity,
        created_by_user_id=lookups.API_USER_ID,
        lifeline=False,
        external_account_identifier=None,
        vat_number=None,
        e_invoice_endpoint_id=None,
        e_invoice_scheme_id=None,
        zero_inclusive_tax_when_exempt=False,
        default_payment_gateway_id=None,
        legacy_id=identity,
        parent_identity=store.new_id("accountParent"),
        parent_updated=now,
        summary_identity=store.new_id("accountSummary"),
    )
    _set(account, changes)
    _inherit_bill_days(store, account, changes)
    store.add(account)
    return account


def update_account(account: Account, changes: Mapping[str, object]) -> None:
    before = account.invoicer_account_id
    _set(account, changes)
    account.updated = after(account.updated)
    if account.invoicer_account_id != before:
        account.parent_updated = account.updated


def _set(account: Account, changes: Mapping[str, object]) -> None:
    for attr, value in changes.items():
        if attr in ("invoicer_account_id", "usage_invoicer_account_id", "tax_setting_account_id"):
            value = account.identity if value is None else value
        setattr(account, attr, value)


def _inherit_bill_days(store: Store, account: Account, changes: Mapping[str, object]) -> None:
    """A new account invoiced through another takes its bill days unless the body set them."""
    invoicer = store.account(account.invoicer_account_id)
    if "bill_day" not in changes and invoicer is not None:
        account.bill_day = invoicer.bill_day
    usage_invoicer = store.account(account.usage_invoicer_account_id)
    if "usage_bill_day" not in changes:
        if usage_invoicer is not None:
            account.usage_bill_day = usage_invoicer.usage_bill_day
        else:
            account.usage_bill_day = account.bill_day
