"""A ledger account as the sandbox keeps it, and the documented fields in wire order."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from upstreams.saasu.sandbox.stamps import encode_version, format_utc

ACCOUNT_TYPES = (
    "Income",
    "Expense",
    "Asset",
    "Equity",
    "Liability",
    "OtherIncome",
    "OtherExpense",
    "CostOfSales",
)
ACCOUNT_LEVELS = ("Header", "Detail")

Kind = Literal["int", "str", "bool", "date"]
Value = int | str | bool | None


@dataclass(frozen=True, slots=True)
class Account:
    """One row of the chart of accounts; times are ticks (see ``stamps``)."""

    id: int
    name: str
    account_level: str
    account_type: str
    is_active: bool
    is_built_in: bool
    row_version: int
    default_tax_code: str | None
    ledger_code: str | None
    currency: str
    header_account_id: int | None
    exchange_account_id: int | None
    is_bank_account: bool
    created: int
    last_modified: int
    include_in_forecaster: bool
    bsb: str | None = None
    number: str | None = None
    bank_account_name: str | None = None
    bank_file_creation_enabled: bool | None = None
    bank_code: str | None = None
    user_number: str | None = None
    merchant_fee_account_id: int | None = None
    include_pending_transactions: bool | None = None


@dataclass(frozen=True, slots=True)
class Field:
    """A documented ``AccountDetail`` property; ``attr`` is ``None`` for server stamps.

    ``bank`` marks a property that only a bank account (``IsBankAccount`` true) may carry.
    """

    wire: str
    kind: Kind
    attr: str | None
    writable: bool
    bank: bool = False


FIELDS: tuple[Field, ...] = (
    Field("Id", "int", "id", writable=False),
    Field("Name", "str", "name", writable=True),
    Field("AccountLevel", "str", "account_level", writable=True),
    Field("AccountType", "str", "account_type", writable=True),
    Field("IsActive", "bool", "is_active", writable=True),
    Field("IsBuiltIn", "bool", "is_built_in", writable=False),
    Field("LastUpdatedId", "str", None, writable=False),
    Field("DefaultTaxCode", "str", "default_tax_code", writable=True),
    Field("LedgerCode", "str", "ledger_code", writable=True),
    Field("Currency", "str", "currency", writable=True),
    Field("HeaderAccountId", "int", "header_account_id", writable=True),
    Field("ExchangeAccountId", "int", "exchange_account_id", writable=True),
    Field("IsBankAccount", "bool", "is_bank_account", writable=True),
    Field("CreatedDateUtc", "date", None, writable=False),
    Field("LastModifiedDateUtc", "date", None, writable=False),
    Field("IncludeInForecaster", "bool", "include_in_forecaster", writable=True),
    Field("BSB", "str", "bsb", writable=True, bank=True),
    Field("Number", "str", "number", writable=True, bank=True),
    Field("BankAccountName", "str", "bank_account_name", writable=True, bank=True),
    Field(
        "BankFileCreationEnabled", "bool", "bank_file_creation_enabled", writable=True, bank=True
    ),
    Field("BankCode", "str", "bank_code", writable=True, bank=True),
    Field("UserNumber", "str", "user_number", writable=True, bank=True),
    Field("MerchantFeeAccountId", "int", "merchant_fee_account_id", writable=True, bank=True),
    Field(
        "IncludePendingTransactions",
        "bool",
        "include_pending_transactions",
        writable=True,
        bank=True,
    ),
)

BANK_FIELDS = tuple(field.wire for field in FIELDS if field.bank)


def wire_values(account: Account) -> list[tuple[str, Value]]:
    """The account's documented properties, in order, as the API states them."""
    values: list[tuple[str, Value]] = []
    for field in FIELDS:
        if field.wire == "LastUpdatedId":
            values.append((field.wire, encode_version(account.row_version)))
        elif field.wire == "CreatedDateUtc":
            values.append((field.wire, format_utc(account.created)))
        elif field.wire == "LastModifiedDateUtc":
            values.append((field.wire, format_utc(account.last_modified)))
        else:
            assert field.attr is not None
            values.append((field.wire, getattr(account, field.attr)))
    return values


def changes_from(values: dict[str, Value]) -> dict[str, Value]:
    """The attribute changes a full update makes; ``AccountLevel`` defaults to Detail."""
    changes = {f.attr: values.get(f.wire) for f in FIELDS if f.writable and f.attr}
    if changes["account_level"] is None:
        changes["account_level"] = "Detail"
    return changes
