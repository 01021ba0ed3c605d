"""The lookup tables the sandbox's records point into, by id.

Every ``...Id`` property of the docs that names a lookup (currency, status
type, bill group, ...) must name a row here, and the ``...Name`` beside it is
read from here each time a record is written out, so a changed id shows its
new name at once.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Lookup:
    """One table: the ids a record may name and the name shown beside each."""

    noun: str
    names: Mapping[int, str]

    def name(self, identity: int | None) -> str | None:
        return None if identity is None else self.names.get(identity)

    def __contains__(self, identity: object) -> bool:
        return identity in self.names


@dataclass(frozen=True, slots=True)
class Country:
    name: str
    code: str


@dataclass(frozen=True, slots=True)
class State:
    name: str
    code: str
    country_id: int


CURRENCIES = Lookup("currency", {1: "USD", 2: "CAD", 3: "EUR", 4: "GBP", 5: "AUD"})
ACCOUNT_STATUS_TYPES = Lookup(
    "account status type",
    {1: "Active", 2: "Suspended", 3: "Pending Activation", 4: "Cancelled", 5: "Closed"},
)
ACCOUNT_TYPES = Lookup(
    "account type",
    {1: "Residential", 2: "Business", 3: "Enterprise", 4: "Wholesale", 5: "Government"},
)
BILL_GROUPS = Lookup(
    "bill group",
    {
        1: "Default",
        2: "Residential Cycle",
        3: "Business Cycle",
        4: "Enterprise Accounts",
        5: "Wholesale Partners",
    },
)
INVOICE_DELIVERIES = Lookup(
    "invoice delivery", {1: "Email", 2: "Print", 3: "Email and Print", 4: "Portal Only"}
)
ACCOUNTS_RECEIVABLE_TERMS = Lookup(
    "accounts receivable terms",
    {1: "Due on Receipt", 2: "Net 15", 3: "Net 30", 4: "Net 45", 5: "Net 60"},
)
ACCOUNT_TAX_CATEGORIES = Lookup(
    "account tax category",
    {1: "Taxable", 2: "Tax Exempt", 3: "Reseller", 4: "Government Exempt"},
)
TAX_CODES = Lookup(
    "tax code", {1: "Standard Rate", 2: "Reduced Rate", 3: "Zero Rated", 4: "Exempt"}
)
PAYMENT_GATEWAYS = Lookup(
    "payment gateway",
    {1: "Stripe", 2: "Moneris", 3: "Authorize.Net", 4: "PayPal Payflow", 5: "Bambora"},
)
CONTACT_TYPES = Lookup(
    "contact type", {1: "Primary", 2: "Billing", 3: "Technical", 4: "Shipping", 5: "Emergency"}
)
CONTACT_POINT_TYPES = Lookup("contact point type", {1: "Email", 2: "Phone", 3: "Mobile", 4: "Fax"})
NOTE_TYPES = Lookup(
    "note type", {1: "General", 2: "Billing", 3: "Support", 4: "Collections", 5: "Sales"}
)
TAX_TYPES = Lookup(
    "tax type",
    {1: "Sales Tax", 2: "Telecom Excise", 3: "911 Surcharge", 4: "GST", 5: "PST"},
)
USERS = Lookup(
    "user",
    {
        1: "system",
        2: "api-user",
        3: "jmorgan",
        4: "apatel",
        5: "lchen",
        6: "rgarcia",
        7: "skowalski",
        8: "mnguyen",
    },
)
OWNERS = Lookup(
    "owner", {1: "LogiSense Demo Telecom", 2: "Northern Reseller Co.", 3: "Blue Harbor Networks"}
)

API_USER_ID = 2
"""Writes through the API are recorded as made by this user unless the body names one."""

DEFAULT_OWNER_ID = 1

COUNTRIES: Mapping[int, Country] = {
    1: Country("United States", "US"),
    2: Country("Canada", "CA"),
}
COUNTRY_LOOKUP = Lookup("country", {key: country.name for key, country in COUNTRIES.items()})

STATES: Mapping[int, State] = {
    1: State("California", "CA", 1),
    2: State("Texas", "TX", 1),
    3: State("New York", "NY", 1),
    4: State("Florida", "FL", 1),
    5: State("Illinois", "IL", 1),
    6: State("Washington", "WA", 1),
    7: State("Colorado", "CO", 1),
    8: State("Georgia", "GA", 1),
    9: State("Massachusetts", "MA", 1),
    10: State("Arizona", "AZ", 1),
    11: State("Ontario", "ON", 2),
    12: State("Quebec", "QC", 2),
    13: State("British Columbia", "BC", 2),
    14: State("Alberta", "AB", 2),
}
STATE_LOOKUP = Lookup("state", {key: state.name for key, state in STATES.items()})
