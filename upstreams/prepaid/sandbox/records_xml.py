"""Write the sandbox's records as the API's XML elements (``Account.rng`` and friends)."""

from __future__ import annotations

from datetime import datetime

from lxml import etree

from upstreams.prepaid.sandbox.places import COUNTRIES
from upstreams.prepaid.sandbox.records import Account, CreditCard, Invoice

NS = "http://www.jnctn.net/ns/rest/2006-01"


def qname(name: str) -> str:
    return f"{{{NS}}}{name}"


def root(name: str) -> etree._Element:
    """A root element of the API's namespace, declared as the default one."""
    return etree.fromstring(f'<{name} xmlns="{NS}"/>')


def add(parent: etree._Element, name: str, text: str | None = None) -> etree._Element:
    """Append a child element of the API's namespace, with ``text`` if given."""
    child = etree.SubElement(parent, qname(name))
    if text is not None:
        child.text = text
    return child


def dollars(cents: int) -> str:
    sign = "-" if cents < 0 else ""
    return f"{sign}{abs(cents) // 100}.{abs(cents) % 100:02d}"


def unit_price(mills: int) -> str:
    return f"{mills // 1000}.{mills % 1000:03d}"


def boolean(value: bool) -> str:
    return "true" if value else "false"


def timestamp(moment: datetime) -> str:
    return moment.isoformat(timespec="seconds")


def add_account(parent: etree._Element, account: Account) -> None:
    element = add(parent, "Account")
    add(element, "AccountId", str(account.account_id))
    contact = add(element, "Contact")
    c = account.contact
    for name, value in (
        ("Name", c.name),
        ("Organization", c.organization),
        ("Address", c.address),
        ("City", c.city),
        ("State", c.state),
        ("Zipcode", c.zipcode),
        ("CountryId", str(c.country_id)),
        ("Country", COUNTRIES.get(c.country_id, "")),
        ("Phone", c.phone),
        ("Email", c.email),
    ):
        add(contact, name, value)
    if account.card is not None:
        _add_card(element, account.card)
    add(element, "Balance", dollars(account.balance_cents))
    add(element, "CreditLimit", dollars(account.credit_limit_cents))
    add(element, "Recharge", boolean(account.recharge))
    add(element, "RechargeThreshold", str(account.recharge_threshold))
    add(element, "RechargeLevel", str(account.recharge_level))
    add(element, "Created", timestamp(account.created))
    add(element, "Modified", timestamp(account.modified))


def _add_card(parent: etree._Element, card: CreditCard) -> None:
    element = add(parent, "CreditCard")
    add(element, "Type", card.type)
    add(element, "Name", card.name)
    add(element, "LastFour", card.last_four)
    add(element, "ExpirationMonth", str(card.expiration_month))
    add(element, "ExpirationYear", str(card.expiration_year))


def add_invoice(parent: etree._Element, invoice: Invoice) -> None:
    element = add(parent, "AccountInvoice")
    if invoice.invoice_id is not None:
        add(element, "AccountInvoiceId", str(invoice.invoice_id))
    add(element, "AccountId", str(invoice.account_id))
    add(element, "Preliminary", boolean(invoice.preliminary))
    add(element, "PeriodStart", invoice.period_start.isoformat())
    add(element, "PeriodEnd", invoice.period_end.isoformat())
    add(element, "Created", timestamp(invoice.created))
    items = add(element, "Items")
    for entry in invoice.items:
        item = add(items, "Item")
        add(item, "Description", entry.description)
        add(item, "Quantity", str(entry.quantity))
        add(item, "UnitPrice", unit_price(entry.unit_price_mills))
        add(item, "Amount", dollars(entry.amount_cents))
    add(element, "Subtotal", dollars(invoice.subtotal_cents))
    add(element, "Tax", dollars(invoice.tax_cents))
    add(element, "Total", dollars(invoice.total_cents))
