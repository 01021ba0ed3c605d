"""Seeded pre-paid accounts: one per ``World.prepaid_ids()``, each from its own dice.

Every account draws from a generator seeded by the world's seed and its own
``AccountId``, so an account's data does not depend on which others exist.
Only how far back its history goes depends on the world's size: enough
months that the world holds at least ``world.min_invoices`` invoices. An
account that a billing account links has that billing account's customer as
its contact (``upstreams.sandboxing.customers``); the others draw their own.
"""

from __future__ import annotations

import math
import random
from datetime import UTC, date, datetime, time, timedelta

from upstreams.prepaid.sandbox.invoicing import months_before
from upstreams.prepaid.sandbox.people import (
    FIRST_NAMES,
    LAST_NAMES,
    ORGANIZATION_KINDS,
    ORGANIZATION_SUFFIXES,
    ORGANIZATION_WORDS,
)
from upstreams.prepaid.sandbox.places import (
    CANADA,
    CANADIAN_CITIES,
    STREETS,
    UNITED_STATES,
    US_CITIES,
    City,
)
from upstreams.prepaid.sandbox.records import Account, Contact, CreditCard
from upstreams.sandboxing import World
from upstreams.sandboxing.customers import Customer, customer

COUNTRY_IDS = {"US": UNITED_STATES, "CA": CANADA}

HISTORY_END = date(2026, 11, 1)
"""Stored invoices cover whole months before this day, so they never depend on today."""

CARD_TYPES = ("Visa", "MasterCard", "AmericanExpress", "Discover")
CARD_WEIGHTS = (50, 30, 12, 8)
THRESHOLDS = (5, 10, 20, 25, 50, 100, 250)
LEVELS = (25, 50, 75, 100, 200, 500, 1000)
CREDIT_LIMITS_CENTS = (0, 0, 0, 0, 2500, 5000, 10000, 25000)
PHONE_NUMBER_COUNTS = (1, 1, 1, 2, 2, 3, 4, 5, 8, 10, 12, 20, 40)


def seed_accounts(world: World) -> dict[int, Account]:
    """Every pre-paid account of the world, by ``AccountId``, in ``prepaid_ids()`` order."""
    ids = world.prepaid_ids()
    new = {account_id for account_id in ids if _is_new(world.seed, account_id)}
    billed = len(ids) - len(new)
    months = math.ceil(world.min_invoices / billed) if billed else 0
    return {
        account_id: _account(
            world.seed,
            account_id,
            None if account_id in new else months,
            _linked_customer(world, account_id),
        )
        for account_id in ids
    }


def _linked_customer(world: World, account_id: int) -> Customer | None:
    billing_id = world.billing_id_for_prepaid(account_id)
    return None if billing_id is None else customer(world, billing_id)


def _is_new(seed: int, account_id: int) -> bool:
    """About 3% of accounts opened this month and have no invoice yet."""
    return random.Random(f"{seed}:prepaid-new:{account_id}").random() < 0.03


def _account(
    seed: int, account_id: int, min_months: int | None, linked: Customer | None
) -> Account:
    """``min_months`` of history at least, or ``None`` for an account opened this month.

    ``linked``: the customer of the billing account that links this one, if any.
    """
    rng = random.Random(f"{seed}:prepaid-account:{account_id}")
    contact = _contact(rng) if linked is None else _customer_contact(linked)
    if min_months is None:
        created = _moment(rng, HISTORY_END, 20)
    else:
        history = min_months + rng.randint(0, 4)
        created = _moment(rng, months_before(HISTORY_END, history + 1), 27)
    modified = created + timedelta(seconds=rng.randint(0, 20 * 86400))
    credit_limit = rng.choice(CREDIT_LIMITS_CENTS)
    threshold = rng.choice(THRESHOLDS)
    return Account(
        account_id=account_id,
        contact=contact,
        card=_card(rng, contact.name) if rng.random() < 0.88 else None,
        balance_cents=rng.randint(0, 45000)
        - (rng.randint(0, credit_limit) if rng.random() < 0.3 else 0),
        credit_limit_cents=credit_limit,
        recharge=rng.random() < 0.6,
        recharge_threshold=threshold,
        recharge_level=rng.choice([level for level in LEVELS if level > threshold]),
        created=created,
        modified=modified,
        phone_numbers=rng.choice(PHONE_NUMBER_COUNTS),
    )


def _contact(rng: random.Random) -> Contact:
    first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
    organization, domain = "", "example.com"
    if rng.random() < 0.75:
        word = rng.choice(ORGANIZATION_WORDS)
        organization = f"{word} {rng.choice(ORGANIZATION_KINDS)}{rng.choice(ORGANIZATION_SUFFIXES)}"
        domain = f"{word.lower().replace(' ', '')}.example.com"
    city = rng.choice(CANADIAN_CITIES) if rng.random() < 0.08 else rng.choice(US_CITIES)
    return Contact(
        name=f"{first} {last}",
        organization=organization,
        address=_address(rng) if rng.random() < 0.97 else "",
        city=city.name,
        state=city.state,
        zipcode=_postal_code(rng, city),
        country_id=city.country_id,
        phone=f"({city.area_code}) 555-01{rng.randint(0, 99):02d}" if rng.random() < 0.95 else "",
        email=f"{first}.{last}@{domain}".lower(),
    )


def _customer_contact(linked: Customer) -> Contact:
    """The customer's person, business, address, phone and email as one contact record."""
    place = linked.place
    return Contact(
        name=linked.person,
        organization=linked.company or "",
        address=linked.street if linked.unit is None else f"{linked.street}, {linked.unit}",
        city=place.city,
        state=place.state_code,
        zipcode=linked.postal_code,
        country_id=COUNTRY_IDS[place.country_code],
        phone=f"({place.area_code}) {linked.line}",
        email=linked.email,
    )


def _address(rng: random.Random) -> str:
    street = f"{rng.randint(1, 9899)} {rng.choice(STREETS)}"
    return f"{street}, Suite {rng.randint(1, 40) * 10}" if rng.random() < 0.2 else street


def _postal_code(rng: random.Random, city: City) -> str:
    if city.postal_prefix[0].isdigit():
        return f"{city.postal_prefix}{rng.randint(0, 99):02d}"
    letter = rng.choice("ABCEGHJKLMNPRSTVWXYZ")
    return f"{city.postal_prefix} {rng.randint(0, 9)}{letter}{rng.randint(0, 9)}"


def _card(rng: random.Random, holder: str) -> CreditCard:
    expired = rng.random() < 0.1
    if rng.random() < 0.1:
        holder = f"{rng.choice(FIRST_NAMES)} {holder.split()[-1]}"
    return CreditCard(
        type=rng.choices(CARD_TYPES, CARD_WEIGHTS)[0],
        name=holder,
        last_four=f"{rng.randint(0, 9999):04d}",
        expiration_month=rng.randint(1, 12),
        expiration_year=rng.randint(2021, 2025) if expired else rng.randint(2028, 2032),
        issuer_declines=not expired and rng.random() < 0.03,
    )


def _moment(rng: random.Random, month: date, last_day: int) -> datetime:
    day = month.replace(day=rng.randint(1, last_day))
    return datetime.combine(
        day, time(rng.randint(8, 19), rng.randint(0, 59), rng.randint(0, 59)), UTC
    )
