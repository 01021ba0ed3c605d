"""Seed a file's chart of accounts from the ``World``: same world, same accounts.

The template (``template``) gives the accounts in the order a business would
create them; the seed decides ids, dates, bank numbers, the business name and
which few everyday accounts were retired. ``world.ledger_accounts`` rows are
taken from the front of that order, so a smaller world is still consistent.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from itertools import chain, islice

from upstreams.saasu.sandbox.account import Account
from upstreams.saasu.sandbox.stamps import TICKS_PER_SECOND, ticks_at
from upstreams.saasu.sandbox.template import (
    BANKS,
    BASE_BANK,
    BUILT_INS,
    DETAILS,
    HEADERS,
    MERCHANT_FEES,
    Bank,
    more_details,
)
from upstreams.sandboxing import World

FIRST_ID = 2_104_000
"""Ids start a little above this and climb with small gaps (accounts deleted over the years)."""

_FILE_OPENED = datetime(2019, 7, 1, 0, 12, 40, tzinfo=UTC)
_SEEDED_UNTIL = datetime(2025, 9, 30, 6, 0, 0, tzinfo=UTC)
_BUSINESSES = (
    "Harbourside Joinery Pty Ltd",
    "Wattle & Gum Landscaping Pty Ltd",
    "Blue Gum Digital Pty Ltd",
    "Coastal Kitchen Co Pty Ltd",
    "Red Centre Logistics Pty Ltd",
    "Southerly Electrical Services Pty Ltd",
)
_BSB_PREFIX = {"CBA": "062", "WBC": "032", "NAB": "083", "ANZ": "012"}
_NUMBER_DIGITS = {"CBA": 8, "WBC": 6, "NAB": 9, "ANZ": 9}
_RETIRED_DETAILS = 3


@dataclass(slots=True)
class _Row:
    """An account before ids are known: references are template keys."""

    key: str
    code: str
    name: str
    account_type: str
    level: str = "Detail"
    header: str | None = None
    tax_code: str | None = None
    built_in: bool = False
    active: bool = True
    forecast: bool = False
    bank: Bank | None = None


def seed_accounts(world: World) -> list[Account]:
    """The ``world.ledger_accounts`` accounts of the file, ordered by ``Id``."""
    rng = random.Random(f"saasu-ledger:{world.seed}")
    rows = list(islice(_rows(rng), world.ledger_accounts))
    ids = _ids(rng, rows)
    created = _created(rng, len(rows))
    business = rng.choice(_BUSINESSES)
    accounts = [_account(rng, row, ids, created[i], business) for i, row in enumerate(rows)]
    return _versioned(rng, accounts)


def _rows(rng: random.Random) -> Iterator[_Row]:
    types = {h.key: h.account_type for h in HEADERS}
    codes = _Codes({h.key: h.code for h in HEADERS})
    for header in HEADERS:
        yield _Row(header.key, codes.take(header.code), header.name, header.account_type, "Header")
    for built_in in BUILT_INS:
        yield _Row(
            built_in.key,
            codes.take(built_in.code),
            built_in.name,
            types[built_in.header],
            header=built_in.header,
            built_in=True,
        )
    for key, code, name, tax in MERCHANT_FEES:
        yield _Row(key, codes.take(code), name, "Expense", header="financial", tax_code=tax)
    for bank in BANKS:
        yield _Row(
            bank.key,
            codes.take(bank.code),
            bank.name,
            types[bank.header],
            header=bank.header,
            active=bank.active,
            forecast=bank.forecast,
            bank=bank,
        )
    retired = set(rng.sample(range(len(DETAILS)), _RETIRED_DETAILS))
    details = chain(DETAILS, more_details(first_job=rng.randrange(1000, 5000)))
    for index, detail in enumerate(details):
        account_type = types[detail.header]
        yield _Row(
            f"detail-{index}",
            codes.next_under(detail.header),
            detail.name,
            account_type,
            header=detail.header,
            tax_code=detail.tax_code,
            active=detail.active and index not in retired,
            forecast=account_type in {"Income", "Expense", "CostOfSales"} and rng.random() < 0.6,
        )


class _Codes:
    """Hands out unique ledger codes: fixed ones as given, detail ones in steps of ten."""

    def __init__(self, header_codes: dict[str, str]) -> None:
        self._used: set[str] = set()
        self._next = {key: int(code.split("-")[1]) + 10 for key, code in header_codes.items()}
        self._prefix = {key: code.split("-")[0] for key, code in header_codes.items()}

    def take(self, code: str) -> str:
        self._used.add(code)
        return code

    def next_under(self, header: str) -> str:
        while (code := f"{self._prefix[header]}-{self._next[header]:04d}") in self._used:
            self._next[header] += 1
        self._next[header] += 10
        return self.take(code)


def _ids(rng: random.Random, rows: list[_Row]) -> dict[str, int]:
    ids: dict[str, int] = {}
    next_id = FIRST_ID + rng.randrange(1, 500)
    for row in rows:
        ids[row.key] = next_id
        next_id += rng.choice((1, 1, 1, 1, 2, 3, 7))
    return ids


def _created(rng: random.Random, count: int) -> list[int]:
    """Creation ticks in id order: the set-up rows seconds apart, the rest over the years."""
    setup = len(HEADERS) + len(BUILT_INS)
    start, end = ticks_at(_FILE_OPENED), ticks_at(_SEEDED_UNTIL)
    mean_gap = (end - start) * 0.8 / max(1, count - setup)
    times, moment = [], start + rng.randrange(TICKS_PER_SECOND)
    for index in range(count):
        times.append(moment)
        if index < setup:
            moment += int(rng.uniform(0.5, 3.0) * TICKS_PER_SECOND)
        else:
            moment += int(rng.uniform(0.2, 1.8) * mean_gap)
    return times


def _account(
    rng: random.Random, row: _Row, ids: dict[str, int], created: int, business: str
) -> Account:
    end = ticks_at(_SEEDED_UNTIL)
    modified = (
        created if rng.random() < 0.35 else created + int(rng.random() ** 2 * (end - created))
    )
    account = Account(
        id=ids[row.key],
        name=row.name,
        account_level=row.level,
        account_type=row.account_type,
        is_active=row.active,
        is_built_in=row.built_in,
        row_version=0,
        default_tax_code=row.tax_code,
        ledger_code=row.code,
        currency="AUD",
        header_account_id=ids[row.header] if row.header else None,
        exchange_account_id=None,
        is_bank_account=row.bank is not None,
        created=created,
        last_modified=max(created, modified),
        include_in_forecaster=row.forecast,
    )
    return _with_bank(rng, account, row.bank, ids, business) if row.bank else account


def _with_bank(
    rng: random.Random, account: Account, bank: Bank, ids: dict[str, int], business: str
) -> Account:
    institution = bank.institution
    return replace(
        account,
        currency=bank.currency,
        exchange_account_id=ids[BASE_BANK] if bank.foreign else None,
        bsb=_digits(rng, 3, _BSB_PREFIX[institution]) if institution else None,
        number=_digits(rng, _NUMBER_DIGITS[institution]) if institution else None,
        bank_account_name=business if institution else None,
        bank_file_creation_enabled=bank.aba,
        bank_code=institution,
        user_number=_digits(rng, 6) if bank.aba else None,
        merchant_fee_account_id=ids[bank.merchant_fee] if bank.merchant_fee else None,
        include_pending_transactions=False,
    )


def _digits(rng: random.Random, count: int, prefix: str = "") -> str:
    return prefix + "".join(str(rng.randrange(10)) for _ in range(count))


def _versioned(rng: random.Random, accounts: list[Account]) -> list[Account]:
    """Give row versions in modification order, as a database's counter would have."""
    base = rng.randrange(0x1000, 0x40000)
    by_change = sorted(accounts, key=lambda a: (a.last_modified, a.id))
    version = {a.id: base + n for n, a in enumerate(by_change, start=1)}
    return [replace(a, row_version=version[a.id]) for a in accounts]
