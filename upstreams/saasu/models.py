"""Saasu's ledger account as the rest of the gateway sees it: typed, snake_case, no wire names.

The ``_links`` hypermedia of the wire format are left out on purpose: they
hold upstream URLs (which must never reach a client), and every key they
point along (``HeaderAccountId``) is already a field here.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import datetime
from enum import StrEnum


class AccountLevel(StrEnum):
    """A header groups detail accounts; only detail accounts carry transactions."""

    HEADER = "Header"
    DETAIL = "Detail"


class AccountType(StrEnum):
    INCOME = "Income"
    EXPENSE = "Expense"
    ASSET = "Asset"
    EQUITY = "Equity"
    LIABILITY = "Liability"
    OTHER_INCOME = "OtherIncome"
    OTHER_EXPENSE = "OtherExpense"
    COST_OF_SALES = "CostOfSales"


@dataclass(frozen=True, slots=True, kw_only=True)
class LedgerAccountFields:
    """The properties of a ledger account that an update sets: declared once, for the
    account read and for the update sent."""

    name: str
    account_level: AccountLevel
    account_type: AccountType
    is_active: bool
    is_built_in: bool
    last_updated_id: str
    default_tax_code: str | None
    ledger_code: str | None
    currency: str | None
    header_account_id: int | None
    exchange_account_id: int | None
    is_bank_account: bool
    include_in_forecaster: bool
    bsb: str | None
    number: str | None
    bank_account_name: str | None
    bank_file_creation_enabled: bool | None
    bank_code: str | None
    user_number: str | None
    merchant_fee_account_id: int | None
    include_pending_transactions: bool | None


@dataclass(frozen=True, slots=True, kw_only=True)
class LedgerAccount(LedgerAccountFields):
    """One ``AccountDetail``: an account of the general ledger.

    ``last_updated_id`` is opaque; hand it back unchanged in an update.
    ``header_account_id`` and ``exchange_account_id`` name other ledger accounts.
    Besides what an update sets, it has what only the upstream sets: its id
    and its timestamps.
    """

    id: int
    created_date_utc: datetime
    last_modified_date_utc: datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class LedgerAccountUpdate(LedgerAccountFields):
    """The whole account sent by ``PUT Account/{id}``: every field is replaced.

    No field has a default, so a caller cannot reset one by forgetting it;
    start from ``from_account`` and ``dataclasses.replace`` what changes.
    ``last_updated_id`` must be the latest one read, or the update is a
    conflict. The id goes in the URL; the timestamps are the upstream's to set.
    """

    @classmethod
    def from_account(cls, account: LedgerAccount) -> LedgerAccountUpdate:
        """The update that would leave ``account`` as it was read."""
        return cls(**{field.name: getattr(account, field.name) for field in fields(cls)})


@dataclass(frozen=True, slots=True, kw_only=True)
class UpdateResult:
    """``UpdateAccountResult``: ``last_updated_id`` is the one the next update must send."""

    updated_account_id: int
    last_updated_id: str
    utc_last_modified: datetime
