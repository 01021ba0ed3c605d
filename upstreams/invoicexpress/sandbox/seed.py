"""The seeded organisation accounts, the same for the same ``World``.

Accounts are ``FIRST_ID, FIRST_ID + 1, ...``, ``world.invoicing_accounts``
of them, in Lisbon and Porto by turns, every third from the second in
English (the others in Portuguese). All but the last two are complete; the
one before last has a fiscal id but no credentials yet; the last is newly
signed up: no fiscal id and, since the tax authority's username is built on
one, no credentials either.
"""

from __future__ import annotations

import base64
import hashlib
import random
import unicodedata

from upstreams.invoicexpress.sandbox.fiscal_ids import organisation_nif
from upstreams.invoicexpress.sandbox.passwords import digest
from upstreams.invoicexpress.sandbox.records import Account, Credentials
from upstreams.invoicexpress.sandbox.wordlists import (
    CITIES,
    FIRST_NAMES,
    FLOORS,
    LAST_NAMES,
    LEGAL_FORMS,
    MAILBOXES,
    NAME_STEMS,
    TRADES,
)

FIRST_ID = 11001


def seed_accounts(seed: int, count: int) -> list[Account]:
    rng = random.Random(int.from_bytes(hashlib.sha256(f"{seed}:invoicexpress".encode()).digest()))
    names = _organisation_names(rng, count)
    fiscal_ids = _distinct_nifs(rng, count)
    cities = rng.sample(sorted(CITIES), len(CITIES))
    accounts = [
        _account(rng, FIRST_ID + i, names[i], fiscal_ids[i], cities[i % len(cities)])
        for i in range(count)
    ]
    for account in accounts[1::3]:
        account.language = "en"
    if count >= 2:
        accounts[-2].credentials = None
    if count >= 1:
        accounts[-1].fiscal_id = None
        accounts[-1].credentials = None
    return accounts


def _account(rng: random.Random, account_id: int, name: str, fiscal_id: str, city: str) -> Account:
    streets, areas, phone_prefix = CITIES[city]
    return Account(
        id=account_id,
        organization_name=name,
        email=f"{rng.choice(MAILBOXES)}@{_domain(name)}",
        first_name=rng.choice(FIRST_NAMES),
        last_name=rng.choice(LAST_NAMES),
        phone=f"+351 {phone_prefix}{rng.randrange(1, 10)} {rng.randrange(1000):03d} "
        f"{rng.randrange(1000):03d}",
        fiscal_id=fiscal_id,
        tax_country="1",
        language="pt",
        address=f"{rng.choice(streets)} {rng.randrange(1, 250)}, {rng.choice(FLOORS)}",
        postal_code=f"{rng.choice(areas) + rng.randrange(0, 20):04d}-{rng.randrange(1000):03d}",
        city=city,
        terms="1",
        marketing=rng.choice(("0", "1")),
        credentials=Credentials(
            username=f"{fiscal_id}/{rng.randrange(1, 10)}",
            password=base64.b64encode(rng.randbytes(12)).decode("ascii"),
        ),
        password_digest=digest(rng.randbytes(16).hex()),
    )


def _organisation_names(rng: random.Random, count: int) -> list[str]:
    """Distinct names, each stem used once while they last (then numbered, never repeated)."""
    stems = rng.sample(NAME_STEMS, len(NAME_STEMS))
    names: list[str] = []
    for index in range(count):
        cycle, stem = divmod(index, len(stems))
        numbered = f" {cycle + 1}" if cycle else ""
        trade, form = rng.choice(TRADES), rng.choice(LEGAL_FORMS)
        names.append(f"{stems[stem]}{numbered} {trade}, {form}")
    return names


def _distinct_nifs(rng: random.Random, count: int) -> list[str]:
    nifs: list[str] = []
    while len(nifs) < count:
        nif = organisation_nif(rng)
        if nif not in nifs:
            nifs.append(nif)
    return nifs


def _domain(name: str) -> str:
    """``Tejo Consultoria, Lda.`` -> ``tejo-consultoria.pt``."""
    trade_name = name.split(",")[0]
    plain = unicodedata.normalize("NFKD", trade_name).encode("ascii", "ignore").decode()
    return "-".join(plain.lower().split()) + ".pt"
