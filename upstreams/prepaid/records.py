"""Turn the API's ``Account`` and ``AccountInvoice`` elements into the adapter's records.

Elements reach here only after their document passed its schema
(``Account.rng``, ``AccountInvoice.rng`` and their modules); anything still
wrong raises ``ValueError``.
"""

from __future__ import annotations

from lxml import etree

from upstreams.prepaid.models import (
    CardType,
    InvoiceItem,
    MaskedCreditCard,
    PrepaidAccount,
    PrepaidContact,
    PrepaidInvoice,
)
from upstreams.prepaid.values import boolean, child, day, integer, money, tag, text, timestamp


def account(element: etree._Element) -> PrepaidAccount:
    """An ``Account`` element."""
    card = element.find(tag("CreditCard"))
    return PrepaidAccount(
        account_id=integer(element, "AccountId"),
        contact=contact(child(element, "Contact")),
        credit_card=None if card is None else credit_card(card),
        balance=money(element, "Balance"),
        credit_limit=money(element, "CreditLimit"),
        recharge=boolean(element, "Recharge"),
        recharge_threshold=integer(element, "RechargeThreshold"),
        recharge_level=integer(element, "RechargeLevel"),
        created=timestamp(element, "Created"),
        modified=timestamp(element, "Modified"),
    )


def contact(element: etree._Element) -> PrepaidContact:
    """A ``Contact`` element."""
    return PrepaidContact(
        name=text(element, "Name"),
        organization=text(element, "Organization"),
        address=text(element, "Address"),
        city=text(element, "City"),
        state=text(element, "State"),
        zipcode=text(element, "Zipcode"),
        country_id=integer(element, "CountryId"),
        country=text(element, "Country"),
        phone=text(element, "Phone"),
        email=text(element, "Email"),
    )


def credit_card(element: etree._Element) -> MaskedCreditCard:
    """A ``CreditCard`` element (masked by the API)."""
    return MaskedCreditCard(
        type=CardType(text(element, "Type").strip()),
        name=text(element, "Name"),
        last_four=text(element, "LastFour").strip(),
        expiration_month=integer(element, "ExpirationMonth"),
        expiration_year=integer(element, "ExpirationYear"),
    )


def invoice(element: etree._Element) -> PrepaidInvoice:
    """An ``AccountInvoice`` element; a preliminary one has no ``AccountInvoiceId``."""
    has_id = element.find(tag("AccountInvoiceId")) is not None
    return PrepaidInvoice(
        account_invoice_id=integer(element, "AccountInvoiceId") if has_id else None,
        account_id=integer(element, "AccountId"),
        preliminary=boolean(element, "Preliminary"),
        period_start=day(element, "PeriodStart"),
        period_end=day(element, "PeriodEnd"),
        created=timestamp(element, "Created"),
        items=tuple(item(line) for line in element.iterfind(f"{tag('Items')}/{tag('Item')}")),
        subtotal=money(element, "Subtotal"),
        tax=money(element, "Tax"),
        total=money(element, "Total"),
    )


def item(element: etree._Element) -> InvoiceItem:
    """One ``Item`` of an invoice's ``Items``."""
    return InvoiceItem(
        description=text(element, "Description"),
        quantity=integer(element, "Quantity"),
        unit_price=money(element, "UnitPrice"),
        amount=money(element, "Amount"),
    )
