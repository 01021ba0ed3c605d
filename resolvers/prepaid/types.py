"""GraphQL types of the prepaid Web API: accounts, their contact, card, balance and invoices.

Stored and preliminary invoices are two types. A stored invoice is a Relay
node (``Invoice``, global id from ``AccountInvoiceId``); the preliminary one
(``UpcomingInvoice``) is computed on request and has no id at all, so giving
it a nullable id would make every frontend null-check ``id``/``invoiceId`` on
stored invoices too, and would let a client cache an id-less object under a
made-up key. Both implement ``InvoiceContent`` (period, lines, totals,
prepaid account), so one fragment renders either; ``preliminary`` stays on both as
the upstream documents it.

Links are nullable (an account's ``invoices`` and ``upcomingInvoice``, an
invoice's ``prepaidAccount``, either's ``customerAccount``): when one read fails,
only that field is null with its error, and the record that was read still
arrives.

Every object is built eagerly from the adapter's frozen record
(``from_model``); only links (an invoice's account, an account's invoices)
resolve lazily, through this request's loaders. The way back to billing
imports the billing part only when followed, as billing's way here does.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Annotated, Any

import strawberry
from strawberry import relay

from resolvers.account import Account, AccountSource
from resolvers.connections import MAX_PAGE, OWN_CURSOR, connection, window
from resolvers.context import Info
from resolvers.cursors import Listing
from resolvers.entities import by_keys
from resolvers.money import Money
from resolvers.nodes import global_id, nodes_by_id
from resolvers.prepaid.enums import CreditCardType, InvoiceOrder
from resolvers.prepaid.loaders import (
    InvoicePageKey,
    invoice_pages,
    prepaid_accounts,
    prepaid_invoices,
    upcoming_invoices,
)
from resolvers.views import computed, record_of, view
from upstreams.paging import Page
from upstreams.prepaid import models

if TYPE_CHECKING:
    from resolvers.billing.types import CustomerAccount


def naming_customer(whose: str) -> str:
    """The description of a link back to billing, and what following it costs."""
    return (
        f"The billing customer account whose externalAccountIdentifier names {whose}; null "
        "when none does. The billing API offers no lookup by that key, so the first such "
        "link in a request reads every billing account (GET Account/, one call that grows "
        "with the number of accounts) and every other one in the request is answered from it."
    )


CENTS = Decimal("0.01")
FIRST = (
    f"How many invoices to return from the start (the API's Limit), 1 to {MAX_PAGE}; "
    "20 when neither first nor last is given; not with `last`."
)
LAST = (
    f"How many invoices to return from the end, 1 to {MAX_PAGE}; without `before` "
    "this costs one more call, to learn the total; not with `first`."
)


def usd(amount: Decimal | int, currency: str = "USD") -> Money:
    """Money in the account's currency (always US dollars), to the cent."""
    return Money(amount=Decimal(amount).quantize(CENTS), currency=currency)


@strawberry.type(description="The contact record of a prepaid account.")
class PrepaidContact:
    name: str = strawberry.field(description="The contact name.")
    organization: str = strawberry.field(
        description="The contact company or organization name; may be empty."
    )
    address: str = strawberry.field(description="The contact address; may be empty.")
    city: str = strawberry.field(description="The contact city.")
    state: str = strawberry.field(description="The contact state: the two letter state code.")
    zipcode: str = strawberry.field(description="The contact zipcode.")
    country_id: int = strawberry.field(
        description="A positive integer which references a unique Country."
    )
    country: str = strawberry.field(description="The name of the country countryId references.")
    phone: str = strawberry.field(description="The contact phone number; may be empty.")
    email: str = strawberry.field(description="The contact email address.")


@strawberry.type(
    description="The credit card on file, masked as the API shows it: never the full number."
)
class CreditCard:
    type: CreditCardType = strawberry.field(description="The card's brand.")
    name: str = strawberry.field(description="The name on the card.")
    last_four: str = strawberry.field(description="The last four digits of the card number.")
    expiration_month: int = strawberry.field(description="The month the card expires, 1..12.")
    expiration_year: int = strawberry.field(description="The year the card expires, four digits.")

    @strawberry.field(  # type: ignore[untyped-decorator]
        description="Whether the card has expired: it is valid through the last day of its "
        "expiration month (UTC). A top-up on an expired card is declined."
    )
    def expired(self) -> bool:
        today = datetime.now(UTC).date()
        return (self.expiration_year, self.expiration_month) < (today.year, today.month)


@strawberry.type(
    description="Auto recharge: when enabled, the card on file is charged to raise the "
    "pre-paid balance to `level` once it falls below `threshold`."
)
class AutoRecharge:
    enabled: bool = strawberry.field(description="Whether auto recharge is enabled.")
    threshold: Money = strawberry.field(
        description="The dollar amount below which the pre-paid balance must fall for an "
        "auto recharge to be attempted (whole dollars, 5..5000)."
    )
    level: Money = strawberry.field(
        description="The dollar amount to which the pre-paid balance will be increased by "
        "an auto recharge (whole dollars, 10..10000)."
    )


async def customer_account(
    info: Info, prepaid_id: int
) -> Annotated[CustomerAccount, strawberry.lazy("resolvers.billing.types")] | None:
    """The billing customer naming ``prepaid_id`` (``naming_customer`` says what it costs)."""
    from resolvers.billing.types import customer_account_naming

    return await customer_account_naming(info, prepaid_id)


async def browse_invoices(
    root: object,
    info: Info,
    order_by: Annotated[
        InvoiceOrder, strawberry.argument(description="The order of the invoices.")
    ] = InvoiceOrder.ACCOUNT_INVOICE_ID,
    first: Annotated[int | None, strawberry.argument(description=FIRST)] = None,
    after: Annotated[
        str | None,
        strawberry.argument(description=f"Return the invoices after this cursor ({OWN_CURSOR})."),
    ] = None,
    last: Annotated[int | None, strawberry.argument(description=LAST)] = None,
    before: Annotated[
        str | None,
        strawberry.argument(description=f"Return the invoices before this cursor ({OWN_CURSOR})."),
    ] = None,
) -> InvoiceConnection | None:
    """Stored invoices a page at a time: one account's on a ``PrepaidAccount``, all at the root.

    Nullable in both places, so a refused paging argument or a failed browse
    nulls only this field.
    """
    account_id = root.account_number if isinstance(root, PrepaidAccount) else None
    return await invoice_connection(
        info,
        order_by=order_by,
        first=first,
        after=after,
        last=last,
        before=before,
        account_id=account_id,
    )


@strawberry.federation.type(
    keys=["id", "accountNumber"],
    description="A prepaid customer account of the prepaid Web API.",
)
class PrepaidAccount(Account):
    account_number: relay.NodeID[int] = strawberry.field(
        description="A positive integer which references a unique Account (AccountId)."
    )
    contact: PrepaidContact = strawberry.field(
        description="The Contact record associated with the account."
    )
    credit_card: CreditCard | None = strawberry.field(
        description="The credit card on file, which top-ups and auto recharges charge; "
        "null when no card is on file."
    )
    balance: Money = strawberry.field(
        description="The pre-paid balance in US dollars; may be negative."
    )
    credit_limit: Money = strawberry.field(description="The account's credit limit in US dollars.")
    auto_recharge: AutoRecharge = strawberry.field(
        description="The auto recharge parameters of the account."
    )
    created: datetime = strawberry.field(description="When the account was created.")
    modified: datetime = strawberry.field(description="When the account was last modified.")

    @strawberry.field(  # type: ignore[untyped-decorator]
        name="accountNumber",
        description="The account's own number in the prepaid API: a positive integer which "
        "references a unique Account (AccountId).",
    )
    def account_number_field(self) -> int:
        return self.account_number

    @classmethod
    def from_model(cls, record: models.PrepaidAccount) -> PrepaidAccount:
        contact, card, currency = record.contact, record.credit_card, record.currency
        return view(
            cls,
            record,
            account_number=record.account_id,
            source=AccountSource.PREPAID,
            name=contact.name or contact.organization,
            contact=view(PrepaidContact, contact),
            credit_card=None
            if card is None
            else view(CreditCard, card, type=CreditCardType.from_model(card.type)),
            balance=usd(record.balance, currency),
            credit_limit=usd(record.credit_limit, currency),
            auto_recharge=AutoRecharge(
                enabled=record.recharge,
                threshold=usd(record.recharge_threshold, currency),
                level=usd(record.recharge_level, currency),
            ),
        )

    invoices = strawberry.field(
        resolver=browse_invoices,
        description="The account's monthly invoices (AccountInvoiceBrowse filtered by AccountId).",
    )

    @strawberry.field(  # type: ignore[untyped-decorator]
        description="A preliminary invoice for the next billing cycle, computed from the "
        "current account configuration (AccountInvoiceRead with AccountId): an idea of "
        "what the next monthly invoice will look like."
    )
    async def upcoming_invoice(self, info: Info) -> UpcomingInvoice | None:
        model = await info.context.loader(upcoming_invoices).load(self.account_number)
        return UpcomingInvoice.from_model(model)

    @strawberry.field(description=naming_customer("this prepaid account"))  # type: ignore[untyped-decorator]
    async def customer_account(
        self, info: Info
    ) -> Annotated[CustomerAccount, strawberry.lazy("resolvers.billing.types")] | None:
        return await customer_account(info, self.account_number)

    resolve_reference = by_keys
    resolve_nodes = nodes_by_id(
        prepaid_accounts, lambda _key, record: PrepaidAccount.from_model(record)
    )


@strawberry.type(description="One line of an invoice.")
class InvoiceLine:
    description: str = strawberry.field(description="What the line charges for.")
    quantity: int = strawberry.field(description="How many units.")
    unit_price: Money = strawberry.field(description="The price of one unit.")
    amount: Money = strawberry.field(description="The line's amount.")

    @classmethod
    def from_model(cls, record: models.InvoiceItem, currency: str) -> InvoiceLine:
        return view(
            cls,
            record,
            unit_price=Money(amount=record.unit_price, currency=currency),
            amount=usd(record.amount, currency),
        )


@strawberry.interface(
    description="What every prepaid invoice shows, stored (Invoice) or preliminary "
    "(UpcomingInvoice): one fragment renders either."
)
class InvoiceContent:
    account_id: strawberry.Private[int]
    preliminary: bool = strawberry.field(
        description="Whether this is a preliminary invoice for the next billing cycle, "
        "computed and not stored."
    )
    period_start: date = strawberry.field(description="The first day the invoice covers.")
    period_end: date = strawberry.field(description="The last day the invoice covers.")
    created: datetime = strawberry.field(description="When the invoice was created.")
    lines: list[InvoiceLine] = strawberry.field(description="The invoice's lines (its Items).")
    subtotal: Money = strawberry.field(description="The sum of the lines, before tax.")
    tax: Money = strawberry.field(description="The tax on the invoice.")
    total: Money = strawberry.field(description="What the invoice charges: subtotal plus tax.")

    @strawberry.field(  # type: ignore[untyped-decorator]
        description="Global id of the PrepaidAccount the invoice is for (its AccountId)."
    )
    def prepaid_account_id(self) -> strawberry.ID:
        return global_id("PrepaidAccount", self.account_id)

    @strawberry.field(  # type: ignore[untyped-decorator]
        description="The account the invoice is for; null (with an error) when it cannot be read."
    )
    async def prepaid_account(self, info: Info) -> PrepaidAccount | None:
        model = await info.context.loader(prepaid_accounts).load(self.account_id)
        return PrepaidAccount.from_model(model)

    @strawberry.field(  # type: ignore[untyped-decorator]
        description=naming_customer("the account the invoice is for")
    )
    async def customer_account(
        self, info: Info
    ) -> Annotated[CustomerAccount, strawberry.lazy("resolvers.billing.types")] | None:
        return await customer_account(info, self.account_id)


def _amounts(record: models.PrepaidInvoice) -> dict[str, Any]:
    """An invoice's totals as money in its currency; its lines are ``_lines``."""
    currency = record.currency
    return {
        "subtotal": usd(record.subtotal, currency),
        "tax": usd(record.tax, currency),
        "total": usd(record.total, currency),
    }


@strawberry.federation.type(
    keys=["id", "invoiceNumber"], description="A stored monthly invoice of a prepaid account."
)
class Invoice(InvoiceContent, relay.Node):
    invoice_number: relay.NodeID[int] = strawberry.field(
        description="A positive integer which references a unique Invoice (AccountInvoiceId)."
    )

    @strawberry.field(  # type: ignore[untyped-decorator]
        name="invoiceNumber",
        description="The invoice's own number in the prepaid API: a positive integer which "
        "references a unique Invoice (AccountInvoiceId).",
    )
    def invoice_number_field(self) -> int:
        return self.invoice_number

    @classmethod
    def from_model(cls, record: models.PrepaidInvoice) -> Invoice:
        if record.account_invoice_id is None:
            raise ValueError("a preliminary invoice is not stored: use UpcomingInvoice")
        return view(cls, record, invoice_number=record.account_invoice_id, **_amounts(record))

    resolve_reference = by_keys
    resolve_nodes = nodes_by_id(prepaid_invoices, lambda _key, record: Invoice.from_model(record))


@strawberry.type(
    description="The preliminary invoice for an account's next billing cycle: computed from "
    "the current account configuration, not stored, so it has no id."
)
class UpcomingInvoice(InvoiceContent):
    @classmethod
    def from_model(cls, record: models.PrepaidInvoice) -> UpcomingInvoice:
        return view(cls, record, **_amounts(record))


def _lines(shown: InvoiceContent) -> list[InvoiceLine]:
    """The lines, made when a query first asks for them: the record reads its items only
    then (``upstreams.prepaid.decode.records.later``), and most pages never ask."""
    record: models.PrepaidInvoice = record_of(shown)
    return [InvoiceLine.from_model(item, record.currency) for item in record.items]


computed(Invoice, "lines")(_lines)
computed(UpcomingInvoice, "lines")(_lines)


@strawberry.type(
    description="A page of prepaid invoices with Relay cursors and the API's total (Found)."
)
class InvoiceConnection(relay.Connection[Invoice]):
    """Its own type, not ``CountedConnection[Invoice]``: the API always counts (Found),
    so ``totalCount`` is non-null here."""

    total_count: int = strawberry.field(
        description="How many invoices there are in all, disregarding paging (Found)."
    )


async def invoice_connection(
    info: Info,
    *,
    order_by: InvoiceOrder,
    first: int | None,
    after: str | None,
    last: int | None = None,
    before: str | None = None,
    account_id: int | None = None,
) -> InvoiceConnection:
    """A page of invoices from ``AccountInvoiceBrowse``; primes the invoice loader."""
    order = order_by.to_model()
    pages = info.context.loader(invoice_pages)
    listing = Listing.of(info, parent=account_id, orderBy=order_by)
    span = window(first, after, last, before, listing=listing)
    if span.from_end:
        counted = await pages.load(InvoicePageKey(order, 1, 0, account_id))
        span = span.settle(counted.total or 0)
    if span.limit == 0:
        empty: Page[models.PrepaidInvoice] = Page(items=[], offset=span.offset, total=None)
        built = connection(empty, Invoice.from_model, requested=1, listing=listing)
        return InvoiceConnection(edges=[], page_info=built.page_info, total_count=0)
    first = span.limit
    key = InvoicePageKey(order=order, limit=first, offset=span.offset, account_id=account_id)
    page = await info.context.loader(invoice_pages).load(key)
    invoices = info.context.loader(prepaid_invoices)
    for model in page.items:
        if model.account_invoice_id is not None:
            invoices.prime(model.account_invoice_id, model)
    shown = Page(items=page.items[:first], offset=page.offset, total=page.total)
    built = connection(shown, Invoice.from_model, requested=first, listing=listing)
    return InvoiceConnection(
        edges=built.edges, page_info=built.page_info, total_count=page.total or 0
    )
