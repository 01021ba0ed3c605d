"""Turn the API's ``Account`` and ``AccountInvoice`` elements into the adapter's records.

Elements reach here only after their document passed its schema
(``Account.rng``, ``AccountInvoice.rng`` and their modules); anything still
wrong raises ``ValueError``, which ``record_in`` turns into ``BadUpstreamResponse``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from lxml import etree

from upstreams.errors import BadUpstreamResponse
from upstreams.paging import Page
from upstreams.prepaid.decode.envelope import UPSTREAM
from upstreams.prepaid.decode.values import (
    boolean,
    child,
    children,
    day,
    integer,
    money,
    optional,
    tag,
    text,
    timestamp,
)
from upstreams.prepaid.models import (
    CardType,
    InvoiceItem,
    MaskedCreditCard,
    PrepaidAccount,
    PrepaidContact,
    PrepaidInvoice,
)

_ITEM = tag("Item")
_INVOICE = tag("AccountInvoice")

T = TypeVar("T")


def account(element: etree._Element) -> PrepaidAccount:
    """An ``Account`` element."""
    fields = children(element)
    card = optional(fields, "CreditCard")
    return PrepaidAccount(
        account_id=integer(fields, "AccountId"),
        contact=contact(child(fields, "Contact")),
        credit_card=None if card is None else credit_card(card),
        balance=money(fields, "Balance"),
        credit_limit=money(fields, "CreditLimit"),
        recharge=boolean(fields, "Recharge"),
        recharge_threshold=integer(fields, "RechargeThreshold"),
        recharge_level=integer(fields, "RechargeLevel"),
        created=timestamp(fields, "Created"),
        modified=timestamp(fields, "Modified"),
    )


def contact(element: etree._Element) -> PrepaidContact:
    """A ``Contact`` element."""
    fields = children(element)
    return PrepaidContact(
        name=text(fields, "Name"),
        organization=text(fields, "Organization"),
        address=text(fields, "Address"),
        city=text(fields, "City"),
        state=text(fields, "State"),
        zipcode=text(fields, "Zipcode"),
        country_id=integer(fields, "CountryId"),
        country=text(fields, "Country"),
        phone=text(fields, "Phone"),
        email=text(fields, "Email"),
    )


def credit_card(element: etree._Element) -> MaskedCreditCard:
    """A ``CreditCard`` element (masked by the API)."""
    fields = children(element)
    return MaskedCreditCard(
        type=CardType(text(fields, "Type").strip()),
        name=text(fields, "Name"),
        last_four=text(fields, "LastFour").strip(),
        expiration_month=integer(fields, "ExpirationMonth"),
        expiration_year=integer(fields, "ExpirationYear"),
    )


def invoice(element: etree._Element) -> PrepaidInvoice:
    """An ``AccountInvoice`` element; a preliminary one has no ``AccountInvoiceId``."""
    fields = children(element)
    items = optional(fields, "Items")
    return PrepaidInvoice(
        account_invoice_id=(
            integer(fields, "AccountInvoiceId")
            if optional(fields, "AccountInvoiceId") is not None
            else None
        ),
        account_id=integer(fields, "AccountId"),
        preliminary=boolean(fields, "Preliminary"),
        period_start=day(fields, "PeriodStart"),
        period_end=day(fields, "PeriodEnd"),
        created=timestamp(fields, "Created"),
        items=() if items is None else tuple(item(line) for line in items.iterchildren(_ITEM)),
        subtotal=money(fields, "Subtotal"),
        tax=money(fields, "Tax"),
        total=money(fields, "Total"),
    )


def item(element: etree._Element) -> InvoiceItem:
    """One ``Item`` of an invoice's ``Items``."""
    fields = children(element)
    return InvoiceItem(
        description=text(fields, "Description"),
        quantity=integer(fields, "Quantity"),
        unit_price=money(fields, "UnitPrice"),
        amount=money(fields, "Amount"),
    )


def invoice_page(element: etree._Element) -> Page[PrepaidInvoice]:
    """An ``AccountInvoices`` element: one page of a browse; ``total`` is its ``Found``."""
    found = element.get("Found")
    return Page(
        items=tuple(invoice(e) for e in element.iterchildren(_INVOICE)),
        offset=int(element.get("Offset", "")),
        total=None if found is None else int(found),
    )


def record_in(parse: Callable[[etree._Element], T], result: etree._Element, name: str) -> T:
    """Parse the ``name`` element of a result, or raise ``BadUpstreamResponse``."""
    element = next(result.iterchildren(tag(name)), None)
    try:
        if element is None:
            raise ValueError(f"missing {name}")
        return parse(element)
    except (ValueError, ArithmeticError) as exc:
        raise BadUpstreamResponse(
            UPSTREAM, f"{UPSTREAM} answered with a {name} it cannot have"
        ) from exc
