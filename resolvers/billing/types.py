"""GraphQL types of the billing v8 API: customer accounts, their contacts and notes.

Each type's fields are the adapter's record's properties, each declared here
once more with its description, and filled from the record by name
(``resolvers.views``). The parts of an account's deep detail have no field
of their own: their types are derived from their models
(``resolvers.record_types``) and their resolvers return the records. Descriptions
follow the billing v8 docs; where the docs only show a sample, the
description says what the sample shows.

Links resolve lazily through this request's loaders. Plain account fields
come from the account record alone, so selecting them never costs a detail
call; fields that live in the account's deep detail (contacts, summary,
parent, plans, tax data) read ``billing_account_details``, which a
``Paged/Detail`` page primes.

Contacts and notes are children of an account and the API only reaches them
through it, so their global ids carry both: ``"<accountId>:<childId>"``.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterable, Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Annotated, Any, Self, cast

import strawberry
from strawberry import relay
from strawberry.types.field import StrawberryField
from strawberry.utils.str_converters import to_snake_case

from fastpath.held_first import held_first
from resolvers.account import Account, AccountSource
from resolvers.billing.loaders import (
    NotePageKey,
    account_naming_prepaid,
    billing_accounts,
    billing_available_tax_addresses,
    billing_note_pages,
    billing_notes,
    cut,
    load_detail,
    pages_for,
    prepaid_id_named,
)
from resolvers.billing.page_reads import reading
from resolvers.connections import OWN_CURSOR, CountedConnection, connection, window
from resolvers.context import GraphContext
from resolvers.cursors import Listing
from resolvers.entities import natural_node_id, resolve_reference
from resolvers.money import Money
from resolvers.nodes import global_id, nodes_by_id, numeric_key
from resolvers.record_types import record_type
from resolvers.views import computed, record_of, view
from upstreams.billing import models
from upstreams.billing.models import AccountDetails, AccountWithDetails
from upstreams.errors import NotFound

if TYPE_CHECKING:
    from resolvers.prepaid.types import PrepaidAccount


def associated(name: str) -> str:
    """What a lookup id is, in the words the docs use for every one."""
    return f"Unique identifier for the associated {name} object."


def associated_id(name: str) -> Any:
    return strawberry.field(description=associated(name))


def named(key: str) -> str:
    """What the name that goes with the lookup id ``key`` is, in the docs' words."""
    return f"The name of the object associated with the {key} property."


def associated_name(key: str) -> Any:
    return strawberry.field(description=named(key))


def account_global_id(attribute: str) -> Callable[[Any], strawberry.ID | None]:
    """The global id of the CustomerAccount whose identity a record holds in ``attribute``.

    The record keeps billing's number; the graph shows the account by global
    id under the link's role, beside the link itself.
    """

    def read(root: Any) -> strawberry.ID | None:
        identity = getattr(root, attribute)
        return None if identity is None else global_id("CustomerAccount", identity)

    return read


def account_id_field(
    attribute: str, name: str, description: str, metadata: dict[str, Any] | None = None
) -> Any:
    """A field named ``name`` resolving to ``account_global_id(attribute)`` of its record."""
    return strawberry.field(
        name=name,
        resolver=account_global_id(attribute),
        description=description,
        metadata=metadata,
    )


def link_id(link: str, which: str) -> Any:
    """The field beside the link ``link`` to another account: that account's global id."""
    return strawberry.field(
        name=f"{link}Id",
        description=f"Global id of the CustomerAccount {which} (follow `{link}`).",
        metadata=reading(f"{to_snake_case(link)}_id"),
    )


def child_id(account_id: int, identity: int) -> str:
    """The node id of a contact or note: its account and its own identity."""
    return f"{account_id}:{identity}"


def parse_child_id(node_id: str) -> tuple[int, int]:
    """``"1001:12"`` -> ``(1001, 12)``; ``bad_input`` when it is not such a pair."""
    account, _, child = node_id.partition(":")
    return numeric_key(account), numeric_key(child)


def _context(info: strawberry.Info) -> GraphContext:
    context: GraphContext = info.context
    return context


async def _details(info: strawberry.Info, account_id: int) -> AccountDetails:
    return (await load_detail(_context(info), account_id))[1]


HELD_DETAILS = "held_details"
"""Where a CustomerAccount made with its detail (a page's) keeps it, among its own attributes."""


def _held_details(account: CustomerAccount) -> AccountDetails:
    """The detail ``account`` was made with; ``AttributeError`` when it holds none.

    So a detail-backed field marked ``held_first`` answers from it at once,
    and goes to the detail loader only where the view has no detail.
    """
    try:
        details: AccountDetails = account.__dict__[HELD_DETAILS]
    except KeyError:
        raise AttributeError(HELD_DETAILS) from None
    return details


async def _account(info: strawberry.Info, account_id: int | None) -> CustomerAccount | None:
    if account_id is None:
        return None
    return CustomerAccount.from_model(
        await _context(info).loader(billing_accounts).load(account_id)
    )


async def customer_account_naming(info: strawberry.Info, prepaid_id: int) -> CustomerAccount | None:
    """The billing customer whose ``externalAccountIdentifier`` names a prepaid account."""
    record = await account_naming_prepaid(_context(info), prepaid_id)
    return None if record is None else CustomerAccount.from_model(record)


UPDATED = "The date time stamp when this record was updated (ISO 8601)."

PLACE = {
    "address1": "First line of the street address.",
    "address2": "Second line of the street address.",
    "state_id": associated("State"),
    "state_name": "The state's name.",
    "state_code": "The state's code.",
    "country_id": associated("Country"),
    "country_name": "The country's name.",
    "country_code": "The country's code.",
    "zip_code": "The zip or postal code.",
    "city_name": "The city.",
    "city": "The city.",
    "tax_jurisdiction_code_updated": "When the address's tax jurisdiction code was last updated.",
    "is_incorporated": "Whether the address lies in an incorporated area.",
}
"""How the docs describe a place, wherever a record holds one."""

OWNING_ACCOUNT: dict[str, Any] = {
    "account_id": account_id_field(
        "account_id",
        "customerAccountId",
        "Global id of the associated CustomerAccount (the record's accountId).",
    ),
    "account_name": named("customerAccountId"),
}


@record_type(
    models.RatePlan,
    "The rate plan an account is on now.",
    {
        "identity": "Unique identifier of the rate plan.",
        "name": "The rate plan's name.",
        "display_name": "The rate plan's display name.",
        "start": "When the account started on this rate plan (ISO 8601).",
    },
)
class RatePlan:
    pass


@record_type(
    models.PricePlan,
    "The price plan an account is on now.",
    {
        **OWNING_ACCOUNT,
        "identity": "Unique identifier of the price plan.",
        "name": "The price plan's name.",
        "description": "The price plan's description.",
        "start": "When the price plan starts (ISO 8601).",
        "end": "When the price plan ends (ISO 8601); null when open-ended.",
        "last_used_for_billing": "When the price plan was last used to bill the account.",
        "include_child_accounts": "Whether the price plan also applies to the account's "
        "child accounts.",
    },
)
class PricePlan:
    pass


@strawberry.type(description="What an account owes, in the account's currency.")
class AccountSummary:
    identity: int = strawberry.field(description="Unique identifier of the account summary.")
    balance: Money = strawberry.field(description="The account's balance.")
    balance_due: Money = strawberry.field(description="The part of the balance now due.")


@record_type(
    models.PriceBookRegion,
    "A price book region the account is priced in.",
    {
        "identity": "Unique identifier of the price book region.",
        "name": "The region's name.",
        "description": "The region's description.",
        "is_active": "Whether the region is active.",
        "created": "When the region was created (ISO 8601).",
    },
)
class PriceBookRegion:
    pass


@record_type(
    models.AccountTaxExemption,
    "A tax the account is exempt from, by tax level and place.",
    {
        **PLACE,
        **OWNING_ACCOUNT,
        "identity": "Unique identifier of the tax exemption.",
        "description": "The exemption's description.",
        "is_federal_tax_level": "Whether the exemption applies to federal taxes.",
        "is_state_tax_level": "Whether the exemption applies to state taxes.",
        "is_county_tax_level": "Whether the exemption applies to county taxes.",
        "is_local_tax_level": "Whether the exemption applies to local taxes.",
        "tax_type_id": associated("TaxType"),
        "tax_type_name": named("taxTypeId"),
        "updated": UPDATED,
    },
)
class TaxExemption:
    pass


@record_type(
    models.TaxAddress,
    "An address taxes are computed for; shared ones may serve other accounts.",
    {
        **PLACE,
        **OWNING_ACCOUNT,
        "identity": "Unique identifier of the tax address.",
        "name": "The tax address's name.",
        "is_shared": "Whether accounts invoiced by this account may use this address.",
        "address_id": associated("Address"),
        "created": "When the record was created (ISO 8601).",
        "updated": UPDATED,
        "save_tax_address_on_invoicer": "Whether the address is also saved on the invoicer "
        "account.",
    },
)
class TaxAddress:
    pass


def _contact_of_point(root: Any) -> strawberry.ID | None:
    """The global id of a contact point's contact; the point is shown with its contact's account."""
    contact = record_of(root).contact_id
    if contact is None:
        return None
    return global_id("Contact", child_id(root.customer_account_identity, contact))


@record_type(
    models.ContactPoint,
    "One way to reach a contact, e.g. an email address or a phone.",
    {
        "identity": "Unique identifier of the contact point.",
        "contact_point_type_id": associated("ContactPointType"),
        "contact_point_type_name": "The name of the object associated with the contactPointTypeId "
        'property (e.g. "Email", "Phone").',
        "value": "The address or number itself, as its type says.",
        "contact_id": cast(
            StrawberryField,
            strawberry.field(
                name="contactId",
                resolver=_contact_of_point,
                description="Global id of the Contact the contact point belongs to.",
                graphql_type=strawberry.ID | None,
            ),
        ),
        "updated": UPDATED,
    },
)
class ContactPoint:
    pass


@record_type(
    models.Address,
    "A contact's postal address.",
    {
        **PLACE,
        "identity": "Unique identifier of the address.",
        "latitude": "Latitude of the address in degrees.",
        "longitude": "Longitude of the address in degrees.",
        "updated": UPDATED,
    },
)
class Address:
    pass


@strawberry.federation.type(
    keys=["id", "identity"],
    description="A customer account of the billing system (LogiSense Billing v8).",
)
class CustomerAccount(Account):
    account_id: relay.NodeID[int] = strawberry.field(
        description="This is the unique numeric identifier for the Account."
    )
    currency_id: int | None = associated_id("Currency")
    currency_name: str | None = strawberry.field(
        description="The name of the object associated with the currencyId property "
        '(the ISO 4217 code, e.g. "USD").'
    )
    owner_id: int | None = associated_id("Owner")
    owner_name: str | None = associated_name("ownerId")
    created: datetime | None = strawberry.field(
        description="This is a system generated date when the record was created."
    )
    account_status_type_id: int | None = associated_id("AccountStatusType")
    account_status_type_name: str | None = associated_name("accountStatusTypeId")
    bill_group_id: int | None = associated_id("BillGroup")
    bill_group_name: str | None = associated_name("billGroupId")
    acting_owner_id: int | None = strawberry.field(
        description="Unique identifier for the associated (acting) Owner object."
    )
    acting_owner_name: str | None = associated_name("actingOwnerId")
    updated: datetime | None = strawberry.field(
        description="The date time stamp when this record was updated."
    )
    effective_cancel: datetime | None = strawberry.field(
        description="This is the date for when the account is to be cancelled."
    )
    invoice_delivery_id: int | None = associated_id("InvoiceDelivery")
    invoice_delivery_name: str | None = associated_name("invoiceDeliveryId")
    accounts_receivable_terms_id: int | None = associated_id("AccountsReceivableTerms")
    accounts_receivable_terms_name: str | None = associated_name("accountsReceivableTermsId")
    account_type_id: int | None = associated_id("AccountType")
    account_type_name: str | None = associated_name("accountTypeId")
    bill_day: int | None = strawberry.field(
        description="The day of the month that this account's subscriptions and one time "
        "charges are billed."
    )
    account_tax_category_id: int | None = associated_id("AccountTaxCategory")
    account_tax_category_name: str | None = associated_name("accountTaxCategoryId")
    tax_code_id: int | None = associated_id("TaxCode")
    tax_code_name: str | None = associated_name("taxCodeId")
    invoicer_account_id: strawberry.Private[int | None]
    invoicer_account_name: str | None = associated_name("invoicerAccountId")
    usage_invoicer_account_id: strawberry.Private[int | None]
    usage_invoicer_account_name: str | None = associated_name("usageInvoicerAccountId")
    tax_setting_account_id: strawberry.Private[int | None]
    tax_setting_account_name: str | None = associated_name("taxSettingAccountId")
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
    created_by_user_id: int | None = associated_id("User")
    created_by_user_name: str | None = associated_name("createdByUserId")
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
    default_payment_gateway_id: int | None = associated_id("PaymentGateway")
    default_payment_gateway_name: str | None = associated_name("defaultPaymentGatewayId")
    # @inaccessible: an upstream internal with no documented meaning; this graph's
    # own clients may read it, the supergraph's do not see it.
    upstream_id: int | None = strawberry.federation.field(
        inaccessible=True,
        description="The record's `id` property as the API sends it (documented without a "
        "meaning); not the global id.",
        metadata=reading("id"),
    )
    # Plain fields, so graphql-core reads each as an attribute; computed from
    # the record's link when first read (``account_global_id``, below the class).
    invoicer_account_global_id: strawberry.ID | None = link_id(
        "invoicerAccount",
        "that will receive the invoice for subscriptions and one-time charges",
    )
    usage_invoicer_account_global_id: strawberry.ID | None = link_id(
        "usageInvoicerAccount", "that will receive the invoice for usage charges"
    )
    tax_setting_account_global_id: strawberry.ID | None = link_id(
        "taxSettingAccount", "used for tax calculation purposes"
    )
    identity: int = strawberry.field(
        description="This is the unique numeric identifier for the Account."
    )

    @classmethod
    def from_model(cls, record: models.BillingAccount, **held: Any) -> CustomerAccount:
        return view(
            cls,
            record,
            account_id=record.identity,
            upstream_id=record.id,
            source=AccountSource.BILLING,
            **held,
        )

    @classmethod
    def from_detail(cls, item: AccountWithDetails) -> CustomerAccount:
        """The account with the detail read with it, which its detail-backed fields answer from."""
        record, details = item
        return cls.from_model(record, **{HELD_DETAILS: details})

    @classmethod
    async def resolve_reference(
        cls, info: strawberry.Info, id: str | None = None, identity: int | None = None
    ) -> CustomerAccount | None:
        """Federation: by global id or by the billing account's identity."""
        return await resolve_reference(cls, info, global_id=id, node_id=natural_node_id(identity))

    resolve_nodes = nodes_by_id(
        billing_accounts, lambda _key, record: CustomerAccount.from_model(record)
    )

    # Links to other accounts (account loader; deduped per request)

    @strawberry.field(  # type: ignore[untyped-decorator]
        description="This is the account that will receive the invoice for subscriptions and "
        "one-time charges.",
        metadata=reading("invoicer_account_id", same=True),
    )
    async def invoicer_account(self, info: strawberry.Info) -> CustomerAccount | None:
        return await _account(info, self.invoicer_account_id)

    @strawberry.field(  # type: ignore[untyped-decorator]
        description="This is the account that will receive the invoice for usage charges.",
        metadata=reading("usage_invoicer_account_id", same=True),
    )
    async def usage_invoicer_account(self, info: strawberry.Info) -> CustomerAccount | None:
        return await _account(info, self.usage_invoicer_account_id)

    @strawberry.field(  # type: ignore[untyped-decorator]
        description="This is the account that is used for tax calculation purposes.",
        metadata=reading("tax_setting_account_id", same=True),
    )
    async def tax_setting_account(self, info: strawberry.Info) -> CustomerAccount | None:
        return await _account(info, self.tax_setting_account_id)

    @strawberry.field(  # type: ignore[untyped-decorator]
        description="The account directly above this one in its hierarchy; null at the top.",
        metadata=reading("details.parent", same=True),
    )
    async def parent_account(self, info: strawberry.Info) -> CustomerAccount | None:
        parent = (await _details(info, self.account_id)).parent
        return await _account(info, parent.parent_account_id if parent else None)

    @strawberry.field(  # type: ignore[untyped-decorator]
        description="The account at the top of this account's hierarchy.",
        metadata=reading("details.parent", same=True),
    )
    async def top_account(self, info: strawberry.Info) -> CustomerAccount | None:
        parent = (await _details(info, self.account_id)).parent
        return await _account(info, parent.top_account_id if parent else None)

    @strawberry.field(  # type: ignore[untyped-decorator]
        description="The prepaid account this account is linked to through "
        "externalAccountIdentifier (the prepaid AccountId); null when it names none.",
        metadata=reading("external_account_identifier"),
    )
    async def prepaid_account(
        self, info: strawberry.Info
    ) -> Annotated[PrepaidAccount, strawberry.lazy("resolvers.prepaid.types")] | None:
        # Imported here: the prepaid part is written separately and must not be
        # needed for this module to import.
        from resolvers.prepaid.loaders import prepaid_accounts
        from resolvers.prepaid.types import PrepaidAccount

        prepaid_id = prepaid_id_named(self.external_account_identifier)
        if prepaid_id is None:
            return None
        try:
            model = await _context(info).loader(prepaid_accounts).load(prepaid_id)
        except NotFound:
            return None
        return PrepaidAccount.from_model(model)

    # Parts of the deep detail: from the detail the view holds (a page's), else
    # through the detail loader (primed by Paged/Detail pages).

    @strawberry.field(  # type: ignore[untyped-decorator]
        description="The people on the account, with contact points and address.",
        metadata={
            **held_first("held_contacts"),
            **reading("details.contacts", each="Contact"),
        },
    )
    async def contacts(self, info: strawberry.Info) -> list[Contact]:
        return self._contacts(await _details(info, self.account_id))

    @property
    def held_contacts(self) -> list[Contact]:
        return self._contacts(_held_details(self))

    def _contacts(self, details: AccountDetails) -> list[Contact]:
        return [Contact.from_model(self.account_id, c) for c in details.contacts]

    @strawberry.field(  # type: ignore[untyped-decorator]
        description="What the account owes (balance and balanceDue) in the account's currency; "
        "null when the API sends no summary.",
        metadata={
            **held_first("held_summary"),
            **reading("currency_name", "details.account_summary"),
        },
    )
    async def summary(self, info: strawberry.Info) -> AccountSummary | None:
        return self._summary(await _details(info, self.account_id))

    @property
    def held_summary(self) -> AccountSummary | None:
        return self._summary(_held_details(self))

    def _summary(self, details: AccountDetails) -> AccountSummary | None:
        if details.account_summary is None:
            return None
        currency = self.currency_name or ""
        summary = details.account_summary
        return view(
            AccountSummary,
            summary,
            balance=Money(amount=summary.balance, currency=currency),
            balance_due=Money(amount=summary.balance_due, currency=currency),
        )

    @strawberry.field(  # type: ignore[untyped-decorator]
        description="The rate plan the account is on now; null when none.",
        graphql_type=RatePlan | None,
        metadata={**held_first("held_current_rate_plan"), **reading("details.current_rate_plan")},
    )
    async def current_rate_plan(self, info: strawberry.Info) -> models.RatePlan | None:
        return (await _details(info, self.account_id)).current_rate_plan

    @property
    def held_current_rate_plan(self) -> models.RatePlan | None:
        return _held_details(self).current_rate_plan

    @strawberry.field(  # type: ignore[untyped-decorator]
        description="The price plan the account is on now; null when none.",
        graphql_type=PricePlan | None,
        metadata={**held_first("held_current_price_plan"), **reading("details.current_price_plan")},
    )
    async def current_price_plan(self, info: strawberry.Info) -> models.PricePlan | None:
        return (await _details(info, self.account_id)).current_price_plan

    @property
    def held_current_price_plan(self) -> models.PricePlan | None:
        return _held_details(self).current_price_plan

    @strawberry.field(  # type: ignore[untyped-decorator]
        description="The account's own tax addresses.",
        graphql_type=list[TaxAddress],
        metadata={**held_first("held_tax_addresses"), **reading("details.tax_addresses")},
    )
    async def tax_addresses(self, info: strawberry.Info) -> Sequence[models.TaxAddress]:
        return (await _details(info, self.account_id)).tax_addresses

    @property
    def held_tax_addresses(self) -> Sequence[models.TaxAddress]:
        return _held_details(self).tax_addresses

    @strawberry.field(  # type: ignore[untyped-decorator]
        description="The tax addresses the account may use: its own and its invoicer's shared "
        "ones (GET Account/{id}/TaxAddress/AvailableFor).",
        graphql_type=list[TaxAddress],
        metadata=reading(),
    )
    async def available_tax_addresses(self, info: strawberry.Info) -> list[models.TaxAddress]:
        loader = _context(info).loader(billing_available_tax_addresses)
        return await loader.load(self.account_id)

    @strawberry.field(  # type: ignore[untyped-decorator]
        description="The price book regions the account is priced in.",
        graphql_type=list[PriceBookRegion],
        metadata={**held_first("held_price_book_regions"), **reading("details.price_book_regions")},
    )
    async def price_book_regions(self, info: strawberry.Info) -> Sequence[models.PriceBookRegion]:
        return (await _details(info, self.account_id)).price_book_regions

    @property
    def held_price_book_regions(self) -> Sequence[models.PriceBookRegion]:
        return _held_details(self).price_book_regions

    @strawberry.field(  # type: ignore[untyped-decorator]
        description="The taxes the account is exempt from.",
        graphql_type=list[TaxExemption],
        metadata={**held_first("held_tax_exemptions"), **reading("details.account_tax_exemptions")},
    )
    async def tax_exemptions(self, info: strawberry.Info) -> Sequence[models.AccountTaxExemption]:
        return (await _details(info, self.account_id)).account_tax_exemptions

    @property
    def held_tax_exemptions(self) -> Sequence[models.AccountTaxExemption]:
        return _held_details(self).account_tax_exemptions

    @strawberry.field(
        description="The notes kept on the account, in ascending identity; null with an error "
        "when billing fails or the paging arguments are refused.",
        metadata=reading(),
    )  # type: ignore[untyped-decorator]
    async def notes(
        self,
        info: strawberry.Info,
        first: Annotated[
            int | None,
            strawberry.argument(
                description="How many notes to return from the start, 1..100 "
                "(20 when neither first nor last is given); not with `last`."
            ),
        ] = None,
        after: Annotated[
            str | None,
            strawberry.argument(description=f"Return the notes after this cursor ({OWN_CURSOR})."),
        ] = None,
        last: Annotated[
            int | None,
            strawberry.argument(
                description="How many notes to return from the end, 1..100; without "
                "`before` this costs one more call, to learn the total; not with `first`."
            ),
        ] = None,
        before: Annotated[
            str | None,
            strawberry.argument(description=f"Return the notes before this cursor ({OWN_CURSOR})."),
        ] = None,
    ) -> NoteConnection | None:
        loader = _context(info).loader(billing_note_pages)
        listing = Listing.of(info, parent=self.account_id)
        span = window(first, after, last, before, listing=listing)
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
            listing=listing,
        )
        return NoteConnection(
            edges=built.edges, page_info=built.page_info, total_count=built.total_count
        )


for _link in ("invoicer_account", "usage_invoicer_account", "tax_setting_account"):
    computed(CustomerAccount, f"{_link}_global_id")(account_global_id(f"{_link}_id"))


@strawberry.type(description="What a contact and a note share: the account they are kept on.")
class AccountChild:
    """A contact or a note: its node id and federation key hold its account's identity too."""

    customer_account_identity: int = strawberry.field(
        description="The identity of the CustomerAccount the record is kept on.",
        metadata=reading(),
    )

    customer_account_id = account_id_field(
        "customer_account_identity",
        "customerAccountId",
        "Global id of the CustomerAccount the record is kept on.",
        metadata=reading(),
    )

    @classmethod
    def from_model(cls, account_id: int, record: models.BillingContact | models.Note) -> Self:
        """The record, kept on account ``account_id``."""
        node_key = child_id(account_id, record.identity)
        return view(cls, record, customer_account_identity=account_id, node_key=node_key)

    @classmethod
    async def resolve_reference(
        cls,
        info: strawberry.Info,
        id: str | None = None,
        customerAccountIdentity: int | None = None,
        identity: int | None = None,
    ) -> Self | None:
        """Federation: by global id or by the account's and its own identity."""
        return await resolve_reference(
            cls, info, global_id=id, node_id=natural_node_id(customerAccountIdentity, identity)
        )

    @strawberry.field(  # type: ignore[untyped-decorator]
        description="The CustomerAccount the record is kept on.", metadata=reading()
    )
    async def customer_account(self, info: strawberry.Info) -> CustomerAccount | None:
        return await _account(info, self.customer_account_identity)


CHILD_KEYS = ["id", "customerAccountIdentity identity"]
"""A contact's or a note's federation keys: its global id, or its account's and its own number."""


@strawberry.federation.type(keys=CHILD_KEYS, description="A person on a billing account.")
class Contact(AccountChild, relay.Node):
    node_key: relay.NodeID[str] = strawberry.field(
        description='The account and contact identities, e.g. "1001:12".'
    )
    customer_account_identity: int = strawberry.field(
        description="The identity of the CustomerAccount the contact belongs to (with "
        "`identity`, the contact's natural key).",
        metadata=reading(),
    )
    identity: int = strawberry.field(description="Unique identifier of the contact.")
    contact_type_id: int | None = associated_id("ContactType")
    contact_type_name: str | None = associated_name("contactTypeId")
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
    contact_points: Sequence[ContactPoint] | None = strawberry.field(
        description="The ways to reach the contact (email, phone ...); null when the read "
        "that gave the contact does not carry them.",
        graphql_type=list[ContactPoint] | None,
    )
    address: models.Address | None = strawberry.field(
        description="The contact's postal address; null when there is none.",
        graphql_type=Address | None,
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


@computed(Contact, "contact_points")
def _contact_points(contact: Contact) -> list[ContactPoint] | None:
    """The contact's points, each shown with its contact's account, so it names its contact."""
    points: Sequence[models.ContactPoint] | None = record_of(contact).contact_points
    if points is None:
        return None
    account = contact.customer_account_identity
    return [view(ContactPoint, point, customer_account_identity=account) for point in points]


@strawberry.federation.type(keys=CHILD_KEYS, description="A note kept on a billing account.")
class Note(AccountChild, relay.Node):
    node_key: relay.NodeID[str] = strawberry.field(
        description='The account and note identities, e.g. "1001:100012".'
    )
    customer_account_identity: int = strawberry.field(
        description="The identity of the CustomerAccount the note is kept on (with "
        "`identity`, the note's natural key)."
    )
    identity: int = strawberry.field(description="Unique identifier of the note.")
    subject: str | None = strawberry.field(description="The note's subject (at most 255).")
    text: str | None = strawberry.field(description="The note's text.")
    note_type_id: int | None = associated_id("NoteType")
    note_type_name: str | None = associated_name("noteTypeId")
    created: datetime | None = strawberry.field(
        description="This is a system generated date when the record was created."
    )
    created_by_user_id: int | None = strawberry.field(
        description="Unique identifier for the associated User object that created the note."
    )
    created_by_user_name: str | None = associated_name("createdByUserId")
    updated: datetime | None = strawberry.field(
        description="The date time stamp when this record was updated."
    )
    updated_by_user_id: int | None = strawberry.field(
        description="Unique identifier for the associated User object that last updated the note."
    )
    updated_by_user_name: str | None = associated_name("updatedByUserId")
    show_on_overview: bool | None = strawberry.field(
        description="Whether the note is shown on the account's overview."
    )
    is_important: bool | None = strawberry.field(description="Whether the note is important.")

    resolve_nodes = nodes_by_id(
        billing_notes, lambda key, record: Note.from_model(key[0], record), key=parse_child_id
    )


@strawberry.type(description="A page of an account's notes with Relay cursors and their total.")
class NoteConnection(CountedConnection[Note]):
    """Named subclass, so the schema calls it ``NoteConnection``."""


@strawberry.type(description="A page of customer accounts with Relay cursors and their total.")
class CustomerAccountConnection(CountedConnection[CustomerAccount]):
    """Named subclass, so the schema calls it ``CustomerAccountConnection``."""
