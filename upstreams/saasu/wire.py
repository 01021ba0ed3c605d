"""Saasu's wire names and value rules, the same whether the body is JSON or XML.

Both codecs walk these tables. A table is the model's own field list with
each field's wire name beside it, in the documented order (the XML codec
writes elements in this order, as the docs' samples do).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any, get_args, get_type_hints

from upstreams.saasu.models import (
    AccountLevel,
    AccountType,
    LedgerAccount,
    LedgerAccountUpdate,
    UpdateResult,
)

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


def wire_fields(model: type[Any], wire_names: dict[str, str]) -> tuple[WireField, ...]:
    """A field for each of ``model``'s attributes, in the order of ``wire_names``.

    The kind and whether it may be null come from the model's annotation
    (``int | None``), so only the wire name is written here.
    """
    hints = get_type_hints(model)
    if set(wire_names) != {field.name for field in dataclasses.fields(model)}:
        raise TypeError(f"the wire names of {model.__name__} are not its attributes")
    found = []
    for attr in wire_names:
        options = [arg for arg in get_args(hints[attr]) if arg is not type(None)]
        kind = options[0] if options else hints[attr]
        found.append(WireField(wire_names[attr], attr, kind, nullable=bool(options)))
    return tuple(found)


ACCOUNT_FIELDS = wire_fields(
    LedgerAccount,
    {
        "id": "Id",
        "name": "Name",
        "account_level": "AccountLevel",
        "account_type": "AccountType",
        "is_active": "IsActive",
        "is_built_in": "IsBuiltIn",
        "last_updated_id": "LastUpdatedId",
        "default_tax_code": "DefaultTaxCode",
        "ledger_code": "LedgerCode",
        "currency": "Currency",
        "header_account_id": "HeaderAccountId",
        "exchange_account_id": "ExchangeAccountId",
        "is_bank_account": "IsBankAccount",
        "created_date_utc": "CreatedDateUtc",
        "last_modified_date_utc": "LastModifiedDateUtc",
        "include_in_forecaster": "IncludeInForecaster",
        "bsb": "BSB",
        "number": "Number",
        "bank_account_name": "BankAccountName",
        "bank_file_creation_enabled": "BankFileCreationEnabled",
        "bank_code": "BankCode",
        "user_number": "UserNumber",
        "merchant_fee_account_id": "MerchantFeeAccountId",
        "include_pending_transactions": "IncludePendingTransactions",
    },
)
"""``AccountDetail``, in the documented order."""

_UPDATED = {field.name for field in dataclasses.fields(LedgerAccountUpdate)}
UPDATE_FIELDS: tuple[WireField, ...] = tuple(f for f in ACCOUNT_FIELDS if f.attr in _UPDATED)
"""What an update sends; the id goes in the URL (and is written into the body from it)."""

RESULT_FIELDS = wire_fields(
    UpdateResult,
    {
        "updated_account_id": "UpdatedAccountId",
        "last_updated_id": "LastUpdatedId",
        "utc_last_modified": "UtcLastModified",
    },
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
