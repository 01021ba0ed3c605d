"""Saasu's wire names and value rules, the same whether the body is JSON or XML.

Both codecs walk these tables, so the field list of ``AccountDetail`` and
``UpdateAccountResult`` is written down once, in the documented order (the
XML codec writes elements in this order, as the docs' samples do).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

from upstreams.saasu.models import AccountLevel, AccountType

Kind = type[int] | type[str] | type[bool] | type[datetime] | type[AccountLevel] | type[AccountType]


class ShapeError(ValueError):
    """A body that is not the documented shape; the message names fields, never values."""


@dataclass(frozen=True, slots=True)
class WireField:
    """One property: its wire name, model attribute, value kind and whether it may be null."""

    wire: str
    attr: str
    kind: Kind
    nullable: bool = False


ACCOUNT_FIELDS: tuple[WireField, ...] = (
    WireField("Id", "id", int),
    WireField("Name", "name", str),
    WireField("AccountLevel", "account_level", AccountLevel),
    WireField("AccountType", "account_type", AccountType),
    WireField("IsActive", "is_active", bool),
    WireField("IsBuiltIn", "is_built_in", bool),
    WireField("LastUpdatedId", "last_updated_id", str),
    WireField("DefaultTaxCode", "default_tax_code", str, nullable=True),
    WireField("LedgerCode", "ledger_code", str, nullable=True),
    WireField("Currency", "currency", str, nullable=True),
    WireField("HeaderAccountId", "header_account_id", int, nullable=True),
    WireField("ExchangeAccountId", "exchange_account_id", int, nullable=True),
    WireField("IsBankAccount", "is_bank_account", bool),
    WireField("CreatedDateUtc", "created_date_utc", datetime),
    WireField("LastModifiedDateUtc", "last_modified_date_utc", datetime),
    WireField("IncludeInForecaster", "include_in_forecaster", bool),
    WireField("BSB", "bsb", str, nullable=True),
    WireField("Number", "number", str, nullable=True),
    WireField("BankAccountName", "bank_account_name", str, nullable=True),
    WireField("BankFileCreationEnabled", "bank_file_creation_enabled", bool, nullable=True),
    WireField("BankCode", "bank_code", str, nullable=True),
    WireField("UserNumber", "user_number", str, nullable=True),
    WireField("MerchantFeeAccountId", "merchant_fee_account_id", int, nullable=True),
    WireField("IncludePendingTransactions", "include_pending_transactions", bool, nullable=True),
)

SERVER_SET = frozenset({"Id", "CreatedDateUtc", "LastModifiedDateUtc"})
"""Sent by the upstream, not taken from an update: the id goes in the URL (and is
written into the body from it), the timestamps are the upstream's own."""

UPDATE_FIELDS: tuple[WireField, ...] = tuple(f for f in ACCOUNT_FIELDS if f.wire not in SERVER_SET)

RESULT_FIELDS: tuple[WireField, ...] = (
    WireField("UpdatedAccountId", "updated_account_id", int),
    WireField("LastUpdatedId", "last_updated_id", str),
    WireField("UtcLastModified", "utc_last_modified", datetime),
)


@dataclass(frozen=True, slots=True)
class ErrorBody:
    """An ASP.NET Web API error: its ``Message`` and the ``ModelState`` as (property, message)."""

    message: str | None
    model_state: tuple[tuple[str, str], ...] = ()


def parse_datetime(text: str, name: str) -> datetime:
    """An ISO 8601 date-time; one without an offset is UTC, as every Saasu ``*Utc`` field is."""
    try:
        value = datetime.fromisoformat(text.strip())
    except ValueError:
        raise ShapeError(f"{name} is not a date-time") from None
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)


def parse_enum(kind: type[StrEnum], text: str, name: str) -> StrEnum:
    try:
        return kind(text)
    except ValueError:
        raise ShapeError(f"{name} is not one of the documented values") from None


def wire_value(value: Any) -> Any:
    """A model value as JSON would carry it: enums as their names on the wire."""
    return value.value if isinstance(value, StrEnum) else value
