"""GraphQL types of the billing v8 API: customer accounts, their contacts and notes.

Every object is built eagerly from the adapter's frozen record
(``from_model``); links resolve lazily through this request's loaders. Plain
account fields come from the account record alone, so selecting them never
costs a detail call; fields that live in the account's deep detail
(contacts, summary, parent, plans, tax data) read ``billing_account_details``,
which a ``Paged/Detail`` page primes.

Contacts and notes are children of an account and the API only reaches them
through it, so their global ids carry both: ``"<accountId>:<childId>"``.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterable
from datetime import datetime
from typing import TYPE_CHECKING, Annotated, Self

import strawberry
from strawberry import relay

from resolvers.account import Account, AccountSource
from resolvers.billing.details import (
    AccountSummary,
    Address,
    ContactPoint,
    PriceBookRegion,
    PricePlan,
    RatePlan,
    TaxAddress,
    TaxExemption,
)
from resolvers.billing.loaders import (
    NotePageKey,
    billing_accounts,
    billing_available_tax_addresses,
    billing_note_pages,
    billing_notes,
    load_detail,
)
from resolvers.billing.paging import cut, pages_for
from resolvers.connections import CountedConnection, connection, window
from resolvers.context import GraphContext
from resolvers.entities import natural_node_id, resolve_reference
from resolvers.errors import bad_input
from resolvers.nodes import load_nodes, numeric_key
from upstreams.billing import models
from upstreams.billing.models import AccountDetails
from upstreams.errors import NotFound

if TYPE_CHECKING:
    from resolvers.prepaid.types import PrepaidAccount


def child_id(account_id: int, identity: int) -> str:
    """The node id of a contact or note: its account and its own identity."""
    return f"{account_id}:{identity}"


def parse_child_id(node_id: str) -> tuple[int, int]:
    """``"1001:12"`` -> ``(1001, 12)``; ``bad_input`` when it is not such a pair."""
    account, sep, child = node_id.partition(":")
    try:
        if not sep:
            raise ValueError
        return int(account), int(child)
    except ValueError:
        raise bad_input("Not a global id of this graph") from None


def _context(info: strawberry.Info) -> GraphContext:
    context: GraphContext = info.context
    return context


async def _details(info: strawberry.Info, account_id: int) -> AccountDetails:
    return (await load_detail(_context(info), account_id))[1]


async def _account(info: strawberry.Info, account_id: int | None) -> CustomerAccount | None:
    if account_id is None:
        return None
    return CustomerAccount.from_model(
        await _context(info).loader(billing_accounts).load(account_id)
    )


async def _accounts_or_none(
    info: strawberry.Info, ids: Iterable[int], required: bool
) -> list[CustomerAccount | None]:
    """Accounts by identity through the loader; missing ones are ``None`` unless required."""
    loader = _context(info).loader(billing_accounts)
    models_ = await load_nodes(loader, ids, required=required)
    return [CustomerAccount.from_model(m) if m else None for m in models_]


@strawberry.federation.type(
    keys=["id", "identity"],
    description="A customer account of the billing system (LogiSense Billing v8).",
)
class CustomerAccount(Account):
    account_id: relay.NodeID[int] = strawberry.field(
        description="This is the unique numeric identifier for the Account."
    )
    currency_id: int | None = strawberry.field(
        description="Unique identifier for the associated Currency object."
    )
    currency_name: str | None = strawberry.field(
        description="The name of the object associated with the currencyId property "
        '(the ISO 4217 code, e.g. "USD").'
    )
    owner_id: int | None = strawberry.field(
        description="Unique identifier for the associated Owner object."
    )
    owner_name: str | None = strawberry.field(
        description="The name of the object associated with the ownerId property."
    )
    created: datetime | None = strawberry.field(
        description="This is a system generated date when the record was created."
    )
    account_status_type_id: int | None = strawberry.field(
        description="Unique identifier for the associated AccountStatusType object."
    )
    account_status_type_name: str | None = strawberry.field(
        description="The name of the object associated with the accountStatusTypeId property."
    )
    bill_group_id: int | None = strawberry.field(
        description="Unique identifier for the associated BillGroup object."
    )
    bill_group_name: str | None = strawberry.field(
        description="The name of the object associated with the billGroupId property."
    )
    acting_owner_id: int | None = strawberry.field(
        description="Unique identifier for the associated (acting) Owner object."
    )
    acting_owner_name: str | None = strawberry.field(
        description="The name of the object associated with the actingOwnerId property."
    )
    updated: datetime | None = strawberry.field(
        description="The date time stamp when this record was updated."
    )
    effective_cancel: datetime | None = strawberry.field(
        description="This is the date for when the account is to be cancelled."
    )
    invoice_delivery_id: int | None = strawberry.field(
        description="Unique identifier for the associated InvoiceDelivery object."
    )
    invoice_delivery_name: str | None = strawberry.field(
        description="The name of the object associated with the invoiceDeliveryId property."
    )
    accounts_receivable_terms_id: int | None = strawberry.field(
        description="Unique identifier for the associated AccountsReceivableTerms object."
    )
    accounts_receivable_terms_name: str | None = strawberry.field(
        description="The name of the object associated with the accountsReceivableTermsId property."
    )
    account_type_id: int | None = strawberry.field(
        description="Unique identifier for the associated AccountType object."
    )
    account_type_name: str | None = strawberry.field(
        description="The name of the object associated with the accountTypeId property."
    )
    bill_day: int | None = strawberry.field(
        description="The day of the month that this account's subscriptions and one time "
        "charges are billed."
    )
    account_tax_category_id: int | None = strawberry.field(
        description="Unique identifier for the associated AccountTaxCategory object."
    )
    account_tax_category_name: str | None = strawberry.field(
        description="The name of the object associated with the accountTaxCategoryId property."
    )
    tax_code_id: int | None = strawberry.field(
        description="Unique identifier for the associated TaxCode object."
    )
    tax_code_name: str | None = strawberry.field(
        description="The name of the object associated with the taxCodeId property."
    )
    invoicer_account_id: int | None = strawberry.field(
        description="This is the account that will receive the invoice for subscriptions and "
        "one-time charges (its numeric identifier; follow `invoicerAccount`)."
    )
    invoicer_account_name: str | None = strawberry.field(
        description="The name of the object associated with the invoicerAccountId property."
    )
    usage_invoicer_account_id: int | None = strawberry.field(
        description="This is the account that will receive the invoice for usage charges "
        "(its numeric identifier; follow `usageInvoicerAccount`)."
    )
    usage_invoicer_account_name: str | None = strawberry.field(
        description="The name of the object associated with the usageInvoicerAccountId property."
    )
    tax_setting_account_id: int | None = strawberry.field(
        description="This is the account that is used for tax calculation purposes "
        "(its numeric identifier; follow `taxSettingAccount`)."
    )
    tax_setting_account_name: str | None = strawberry.field(
        description="The name of the object associated with the taxSettingAccountId property."
    )
    usage_bill_day: int | None = strawberry.field(
        description="The day of the month that this account's metered usage is billed."
    )
    is_read_only_bill_day: bool | None = strawberry.field(
        description="If this account's bill day is inherited from an another invoicer account."
    )
    is_read_only_usage_bill_day: bool | None = strawberry.field(
        description="If this account's usage bill day is inherited from an another invoicer "
        "account."
    )
    display_name: str | None = strawberry.field(
        description="Optional display name associated with the account."
    )
    created_by_user_id: int | None = strawberry.field(
        description="Unique identifier for the associated User object."
    )
    created_by_user_name: str | None = strawberry.field(
        description="The name of the object associated with the createdByUserId property."
    )
    pending_bill_day: int | None = strawberry.field(
        description="Details an upcoming change to the existing billDay i.e. the day of the "
        "month that this account's subscriptions and one time charges will be billed."
    )
    pending_usage_bill_day: int | None = strawberry.field(
        description="Details an upcoming change to the existing usageBillDay i.e. the day of "
        "the month that this account's metered usage is billed."
    )
    lifeline: bool | None = strawberry.field(
        description="Indicates if an account is a Lifeline customer or not."
    )
    external_account_identifier: str | None = strawberry.field(
        description="An optional account ID from an alternative external system (the linked "
        "prepaid AccountId, in decimal; follow `prepaidAccount`)."
    )
    vat_number: str | None = strawberry.field(
        description="The Value Added Tax (VAT) number associated with the account (vATNumber)."
    )
    e_invoice_endpoint_id: str | None = strawberry.field(
        description="The eInvoice Endpoint ID required if using eInvoice system."
    )
    e_invoice_scheme_id: str | None = strawberry.field(
        description="The eInvoice Scheme ID required if using eInvoice system."
    )
    zero_inclusive_tax_when_exempt: bool | None = strawberry.field(
        description="Flag to zeroise any included usage taxes if account is tax exempt."
    )
    default_payment_gateway_id: int | None = strawberry.field(
        description="Unique identifier for the associated PaymentGateway object."
    )
    default_payment_gateway_name: str | None = strawberry.field(
        description="The name of the object associated with the defaultPaymentGatewayId property."
    )
    # @inaccessible: an upstream internal with no documented meaning; this graph's
    # own clients may read it, the supergraph's do not see it.
    upstream_id: int | None = strawberry.federation.field(
        inaccessible=True,
        description="The record's `id` property as the API sends it (documented without a "
        "meaning); not the global id.",
    )

    @strawberry.field(description="This is the unique numeric identifier for the Account.")  # type: ignore[untyped-decorator]
    def identity(self) -> int:
        return self.account_id

    @classmethod
    def from_model(cls, model: models.BillingAccount) -> Self:
        return cls(
            account_id=model.identity,
            source=AccountSource.BILLING,
            name=model.name,
            currency_id=model.currency_id,
            currency_name=model.currency_name,
            owner_id=model.owner_id,
            owner_name=model.owner_name,
            created=model.created,
            account_status_type_id=model.account_status_type_id,
            account_status_type_name=model.account_status_type_name,
            bill_group_id=model.bill_group_id,
            bill_group_name=model.bill_group_name,
            acting_owner_id=model.acting_owner_id,
            acting_owner_name=model.acting_owner_name,
            updated=model.updated,
            effective_cancel=model.effective_cancel,
            invoice_delivery_id=model.invoice_delivery_id,
            invoice_delivery_name=model.invoice_delivery_name,
            accounts_receivable_terms_id=model.accounts_receivable_terms_id,
            accounts_receivable_terms_name=model.accounts_receivable_terms_name,
            account_type_id=model.account_type_id,
            account_type_name=model.account_type_name,
            bill_day=model.bill_day,
            account_tax_category_id=model.account_tax_category_id,
            account_tax_category_name=model.account_tax_category_name,
            tax_code_id=model.tax_code_id,
            tax_code_name=model.tax_code_name,
            invoicer_account_id=model.invoicer_account_id,
            invoicer_account_name=model.invoicer_account_name,
            usage_invoicer_account_id=model.usage_invoicer_account_id,
            usage_invoicer_account_name=model.usage_invoicer_account_name,
            tax_setting_account_id=model.tax_setting_account_id,
            tax_setting_account_name=model.tax_setting_account_name,
            usage_bill_day=model.usage_bill_day,
            is_read_only_bill_day=model.is_read_only_bill_day,
            is_read_only_usage_bill_day=model.is_read_only_usage_bill_day,
            display_name=model.display_name,
            created_by_user_id=model.created_by_user_id,
            created_by_user_name=model.created_by_user_name,
            pending_bill_day=model.pending_bill_day,
            pending_usage_bill_day=model.pending_usage_bill_day,
            lifeline=model.lifeline,
            external_account_identifier=model.external_account_identifier,
            vat_number=model.vat_number,
            e_invoice_endpoint_id=model.e_invoice_endpoint_id,
            e_invoice_scheme_id=model.e_invoice_scheme_id,
            zero_inclusive_tax_when_exempt=model.zero_inclusive_tax_when_exempt,
            default_payment_gateway_id=model.default_payment_gateway_id,
            default_payment_gateway_name=model.default_payment_gateway_name,
            upstream_id=model.id,
        )

    @classmethod
    async def resolve_reference(
        cls, info: strawberry.Info, id: str | None = None, identity: int | None = None
    ) -> CustomerAccount | None:
        """Federation: by global id or by the billing account's identity."""
        return await resolve_reference(cls, info, global_id=id, node_id=natural_node_id(identity))

    @classmethod
    async def resolve_nodes(  # type: ignore[override]
        cls, *, info: strawberry.Info, node_ids: Iterable[str], required: bool = False
    ) -> list[CustomerAccount | None]:
        ids = [numeric_key(node_id) for node_id in node_ids]
        return await _accounts_or_none(info, ids, required)

    # Links to other accounts (account loader; deduped per request)

    @strawberry.field(  # type: ignore[untyped-decorator]
        description="This is the account that will receive the invoice for subscriptions and "
        "one-time charges."
    )
    async def invoicer_account(self, info: strawberry.Info) -> CustomerAccount | None:
        return await _account(info, self.invoicer_account_id)

    @strawberry.field(  # type: ignore[untyped-decorator]
        description="This is the account that will receive the invoice for usage charges."
    )
    async def usage_invoicer_account(self, info: strawberry.Info) -> CustomerAccount | None:
        return await _account(info, self.usage_invoicer_account_id)

    @strawberry.field(description="This is the account that is used for tax calculation purposes.")  # type: ignore[untyped-decorator]
    async def tax_setting_account(self, info: strawberry.Info) -> CustomerAccount | None:
        return await _account(info, self.tax_setting_account_id)

    @strawberry.field(  # type: ignore[untyped-decorator]
        description="The account directly above this one in its hierarchy; null at the top."
    )
    async def parent_account(self, info: strawberry.Info) -> CustomerAccount | None:
        parent = (await _details(info, self.account_id)).parent
        return await _account(info, parent.parent_account_id if parent else None)

    @strawberry.field(description="The account at the top of this account's hierarchy.")  # type: ignore[untyped-decorator]
    async def top_account(self, info: strawberry.Info) -> CustomerAccount | None:
        parent = (await _details(info, self.account_id)).parent
        return await _account(info, parent.top_account_id if parent else None)

    @strawberry.field(  # type: ignore[untyped-decorator]
        description="The prepaid account this account is linked to through "
        "externalAccountIdentifier (the prepaid AccountId); null when it names none."
    )
    async def prepaid_account(
        self, info: strawberry.Info
    ) -> Annotated[PrepaidAccount, strawberry.lazy("resolvers.prepaid.types")] | None:
        # Imported here: the prepaid part is written separately and must not be
        # needed for this module to import.
        from resolvers.prepaid.loaders import prepaid_accounts
        from resolvers.prepaid.types import PrepaidAccount

        text = (self.external_account_identifier or "").strip()
        if not text.isdigit():
            return None
        try:
            model = await _context(info).loader(prepaid_accounts).load(int(text))
        except NotFound:
            return None
        return PrepaidAccount.from_model(model)

    # Parts of the deep detail (detail loader; primed by Paged/Detail pages)

    @strawberry.field(description="The people on the account, with contact points and address.")  # type: ignore[untyped-decorator]
    async def contacts(self, info: strawberry.Info) -> list[Contact]:
        details = await _details(info, self.account_id)
        return [Contact.from_model(self.account_id, c) for c in details.contacts]

    @strawberry.field(  # type: ignore[untyped-decorator]
        description="What the account owes (balance and balanceDue) in the account's currency; "
        "null when the API sends no summary."
    )
    async def summary(self, info: strawberry.Info) -> AccountSummary | None:
        details = await _details(info, self.account_id)
        if details.account_summary is None:
            return None
        currency = self.currency_name or ""
        return AccountSummary.from_model(details.account_summary, currency)

    @strawberry.field(description="The rate plan the account is on now; null when none.")  # type: ignore[untyped-decorator]
    async def current_rate_plan(self, info: strawberry.Info) -> RatePlan | None:
        plan = (await _details(info, self.account_id)).current_rate_plan
        return RatePlan.from_model(plan) if plan else None

    @strawberry.field(description="The price plan the account is on now; null when none.")  # type: ignore[untyped-decorator]
    async def current_price_plan(self, info: strawberry.Info) -> PricePlan | None:
        plan = (await _details(info, self.account_id)).current_price_plan
        return PricePlan.from_model(plan) if plan else None

    @strawberry.field(description="The account's own tax addresses.")  # type: ignore[untyped-decorator]
    async def tax_addresses(self, info: strawberry.Info) -> list[TaxAddress]:
        details = await _details(info, self.account_id)
        return [TaxAddress.from_model(a) for a in details.tax_addresses]

    @strawberry.field(  # type: ignore[untyped-decorator]
        description="The tax addresses the account may use: its own and its invoicer's shared "
        "ones (GET Account/{id}/TaxAddress/AvailableFor)."
    )
    async def available_tax_addresses(self, info: strawberry.Info) -> list[TaxAddress]:
        loader = _context(info).loader(billing_available_tax_addresses)
        return [TaxAddress.from_model(a) for a in await loader.load(self.account_id)]

    @strawberry.field(description="The price book regions the account is priced in.")  # type: ignore[untyped-decorator]
    async def price_book_regions(self, info: strawberry.Info) -> list[PriceBookRegion]:
        details = await _details(info, self.account_id)
        return [PriceBookRegion.from_model(r) for r in details.price_book_regions]

    @strawberry.field(description="The taxes the account is exempt from.")  # type: ignore[untyped-decorator]
    async def tax_exemptions(self, info: strawberry.Info) -> list[TaxExemption]:
        details = await _details(info, self.account_id)
        return [TaxExemption.from_model(t) for t in details.account_tax_exemptions]

    @strawberry.field(description="The notes kept on the account, in ascending identity.")  # type: ignore[untyped-decorator]
    async def notes(
        self,
        info: strawberry.Info,
        first: Annotated[
            int | None,
            strawberry.argument(
                description="How many notes to return from the start, 1..100 "
                "(20 when neither first nor last is given)."
            ),
        ] = None,
        after: Annotated[
            str | None,
            strawberry.argument(description="Return the notes after this cursor."),
        ] = None,
        last: Annotated[
            int | None,
            strawberry.argument(
                description="How many notes to return from the end, 1..100; without "
                "`before` this costs one more call, to learn the total."
            ),
        ] = None,
        before: Annotated[
            str | None,
            strawberry.argument(description="Return the notes before this cursor."),
        ] = None,
    ) -> NoteConnection:
        loader = _context(info).loader(billing_note_pages)
        span = window(first, after, last, before)
        if span.from_end:
            counted = await loader.load(NotePageKey(self.account_id, 1, 1))
            span = span.settle(counted.total or 0)
        offset, first = span.offset, span.limit
        keys = pages_for(offset, first)
        pages = await loader.load_many(
            [NotePageKey(self.account_id, key.number, key.size) for key in keys]
        )
        built = connection(
            cut(pages, offset, first),
            lambda note: Note.from_model(self.account_id, note),
            requested=first,
        )
        return NoteConnection(
            edges=built.edges, page_info=built.page_info, total_count=built.total_count
        )


@strawberry.federation.type(
    keys=["id", "accountId identity"], description="A person on a billing account."
)
class Contact(relay.Node):
    node_key: relay.NodeID[str] = strawberry.field(
        description='The account and contact identities, e.g. "1001:12".'
    )
    account_id: int = strawberry.field(
        description="Unique identifier of the Account the contact belongs to."
    )
    identity: int = strawberry.field(description="Unique identifier of the contact.")
    contact_type_id: int | None = strawberry.field(
        description="Unique identifier for the associated ContactType object."
    )
    contact_type_name: str | None = strawberry.field(
        description="The name of the object associated with the contactTypeId property."
    )
    title: str | None = strawberry.field(
        description='The contact\'s title, e.g. "Mr." (at most 20 characters).'
    )
    first_name: str | None = strawberry.field(description="The contact's first name.")
    last_name: str | None = strawberry.field(description="The contact's last name.")
    name: str | None = strawberry.field(description="The contact's full name.")
    is_used_for_tax: bool | None = strawberry.field(
        description="Whether the contact's address is used for tax calculation."
    )
    updated: datetime | None = strawberry.field(
        description="The date time stamp when this record was updated."
    )
    contact_points: list[ContactPoint] | None = strawberry.field(
        description="The ways to reach the contact (email, phone ...); null when the read "
        "that gave the contact does not carry them."
    )
    address: Address | None = strawberry.field(
        description="The contact's postal address; null when there is none."
    )

    @classmethod
    def from_model(cls, account_id: int, model: models.BillingContact) -> Self:
        points = model.contact_points
        return cls(
            node_key=child_id(account_id, model.identity),
            account_id=account_id,
            identity=model.identity,
            contact_type_id=model.contact_type_id,
            contact_type_name=model.contact_type_name,
            title=model.title,
            first_name=model.first_name,
            last_name=model.last_name,
            name=model.name,
            is_used_for_tax=model.is_used_for_tax,
            updated=model.updated,
            contact_points=None if points is None else [ContactPoint.from_model(p) for p in points],
            address=Address.from_model(model.address) if model.address else None,
        )

    @strawberry.field(description="The account the contact belongs to.")  # type: ignore[untyped-decorator]
    async def account(self, info: strawberry.Info) -> CustomerAccount | None:
        return await _account(info, self.account_id)

    @classmethod
    async def resolve_reference(
        cls,
        info: strawberry.Info,
        id: str | None = None,
        accountId: int | None = None,
        identity: int | None = None,
    ) -> Contact | None:
        """Federation: by global id or by the account's and its own identity."""
        return await resolve_reference(
            cls, info, global_id=id, node_id=natural_node_id(accountId, identity)
        )

    @classmethod
    async def resolve_nodes(  # type: ignore[override]
        cls, *, info: strawberry.Info, node_ids: Iterable[str], required: bool = False
    ) -> list[Contact | None]:
        keys = [parse_child_id(node_id) for node_id in node_ids]
        outcomes = await asyncio.gather(
            *(_details(info, account_id) for account_id, _ in keys), return_exceptions=True
        )
        result: list[Contact | None] = []
        for (account_id, contact_id), details in zip(keys, outcomes, strict=True):
            if isinstance(details, NotFound) and not required:
                result.append(None)
                continue
            if isinstance(details, BaseException):
                raise details
            found = [c for c in details.contacts if c.identity == contact_id]
            if not found and required:
                raise NotFound("billing", "No such contact")
            result.append(cls.from_model(account_id, found[0]) if found else None)
        return result


@strawberry.federation.type(
    keys=["id", "accountId identity"], description="A note kept on a billing account."
)
class Note(relay.Node):
    node_key: relay.NodeID[str] = strawberry.field(
        description='The account and note identities, e.g. "1001:100012".'
    )
    account_id: int = strawberry.field(
        description="Unique identifier of the Account the note is kept on."
    )
    identity: int = strawberry.field(description="Unique identifier of the note.")
    subject: str | None = strawberry.field(description="The note's subject (at most 255).")
    text: str | None = strawberry.field(description="The note's text.")
    note_type_id: int | None = strawberry.field(
        description="Unique identifier for the associated NoteType object."
    )
    note_type_name: str | None = strawberry.field(
        description="The name of the object associated with the noteTypeId property."
    )
    created: datetime | None = strawberry.field(
        description="This is a system generated date when the record was created."
    )
    created_by_user_id: int | None = strawberry.field(
        description="Unique identifier for the associated User object that created the note."
    )
    created_by_user_name: str | None = strawberry.field(
        description="The name of the object associated with the createdByUserId property."
    )
    updated: datetime | None = strawberry.field(
        description="The date time stamp when this record was updated."
    )
    updated_by_user_id: int | None = strawberry.field(
        description="Unique identifier for the associated User object that last updated the note."
    )
    updated_by_user_name: str | None = strawberry.field(
        description="The name of the object associated with the updatedByUserId property."
    )
    show_on_overview: bool | None = strawberry.field(
        description="Whether the note is shown on the account's overview."
    )
    is_important: bool | None = strawberry.field(description="Whether the note is important.")

    @classmethod
    def from_model(cls, account_id: int, model: models.Note) -> Self:
        return cls(
            node_key=child_id(account_id, model.identity),
            account_id=account_id,
            identity=model.identity,
            subject=model.subject,
            text=model.text,
            note_type_id=model.note_type_id,
            note_type_name=model.note_type_name,
            created=model.created,
            created_by_user_id=model.created_by_user_id,
            created_by_user_name=model.created_by_user_name,
            updated=model.updated,
            updated_by_user_id=model.updated_by_user_id,
            updated_by_user_name=model.updated_by_user_name,
            show_on_overview=model.show_on_overview,
            is_important=model.is_important,
        )

    @strawberry.field(description="The account the note is kept on.")  # type: ignore[untyped-decorator]
    async def account(self, info: strawberry.Info) -> CustomerAccount | None:
        return await _account(info, self.account_id)

    @classmethod
    async def resolve_reference(
        cls,
        info: strawberry.Info,
        id: str | None = None,
        accountId: int | None = None,
        identity: int | None = None,
    ) -> Note | None:
        """Federation: by global id or by the account's and its own identity."""
        return await resolve_reference(
            cls, info, global_id=id, node_id=natural_node_id(accountId, identity)
        )

    @classmethod
    async def resolve_nodes(  # type: ignore[override]
        cls, *, info: strawberry.Info, node_ids: Iterable[str], required: bool = False
    ) -> list[Note | None]:
        loader = _context(info).loader(billing_notes)
        keys = [parse_child_id(node_id) for node_id in node_ids]
        notes = await load_nodes(loader, keys, required=required)
        return [
            cls.from_model(key[0], note) if note else None
            for key, note in zip(keys, notes, strict=True)
        ]


@strawberry.type(description="A page of an account's notes with Relay cursors and their total.")
class NoteConnection(CountedConnection[Note]):
    """Named subclass, so the schema calls it ``NoteConnection``."""


@strawberry.type(description="A page of customer accounts with Relay cursors and their total.")
class CustomerAccountConnection(CountedConnection[CustomerAccount]):
    """Named subclass, so the schema calls it ``CustomerAccountConnection``."""
