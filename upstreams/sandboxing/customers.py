"""Who each billing account's customer is, so linked records describe the same one.

The billing sandbox builds every account's name and primary contact from its
customer; the prepaid sandbox gives a prepaid account that a billing account
links (``World.billing_id_for_prepaid``) that customer's contact. Neither asks
the other: both derive it from the world. Each customer comes from dice of
its own (the world's seed and the billing id), so one customer does not
depend on which others exist, and the same world always has the same ones.

Each sandbox writes the customer in its own terms: billing a contact with
contact points and an address record, prepaid one flat contact record.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from upstreams.sandboxing.customer_words import (
    COMPANY_CORES,
    COMPANY_PREFIXES,
    COMPANY_SUFFIXES,
    FIRST_NAMES,
    LAST_NAMES,
    PLACES,
    STREET_NAMES,
    UNITS,
    Place,
)
from upstreams.sandboxing.world import World

BUSINESS_SHARE = 0.6
HOUSEHOLD_DOMAIN = "example.com"


@dataclass(frozen=True, slots=True)
class Customer:
    """A business or a household: its contact person, address, phone and email."""

    first_name: str
    last_name: str
    company: str | None
    """The business's legal name (``"Keystone Bakery Inc."``); ``None`` for a household."""
    trading_name: str | None
    """The business's name without its legal suffix (``"Keystone Bakery"``)."""
    domain: str
    street: str
    unit: str | None
    place: Place
    postal_code: str
    line: str
    """The phone number after the area code, ``"555-0142"``."""

    @property
    def person(self) -> str:
        return f"{self.first_name} {self.last_name}"

    @property
    def email(self) -> str:
        return f"{self.first_name}.{self.last_name}@{self.domain}".lower().replace(" ", "")


def customer(world: World, billing_id: int) -> Customer:
    """The customer of billing account ``billing_id``."""
    rng = random.Random(f"{world.seed}:customer:{billing_id}")
    first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
    company = trading_name = None
    domain = HOUSEHOLD_DOMAIN
    if rng.random() < BUSINESS_SHARE:
        prefix, core = rng.choice(COMPANY_PREFIXES), rng.choice(COMPANY_CORES)
        trading_name = f"{prefix} {core}"
        company = f"{trading_name} {rng.choice(COMPANY_SUFFIXES)}"
        domain = f"{prefix}{core}".lower().replace(" ", "") + ".example.com"
    place = rng.choice(PLACES)
    return Customer(
        first_name=first,
        last_name=last,
        company=company,
        trading_name=trading_name,
        domain=domain,
        street=f"{rng.randint(1, 9999)} {rng.choice(STREET_NAMES)}",
        unit=rng.choice(UNITS) if rng.random() < 0.3 else None,
        place=place,
        postal_code=postal_code(rng, place),
        line=f"555-{rng.randint(0, 9999):04d}",
    )


def postal_code(rng: random.Random, place: Place) -> str:
    """A zip code (``"95814"``) or a Canadian postal code (``"M5V 1A2"``) in ``place``."""
    if place.country_code == "US":
        return f"{place.postal_prefix}{rng.randint(0, 99):02d}"
    letter = rng.choice("ABCEGHJKLMNPRSTVXY")
    return f"{place.postal_prefix} {rng.randint(1, 9)}{letter}{rng.randint(0, 9)}"
