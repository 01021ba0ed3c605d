"""The input of ``updateAccount`` for a Saasu ledger account.

Fields left out keep their values, ``null`` clears where Saasu can
(``resolvers.patch_rules``); ``lastUpdatedId`` is the client's own, so
a change made on an older version of the account is a ``CONFLICT``.
"""

from __future__ import annotations

from typing import Any

import strawberry
from strawberry import relay

from resolvers.ledger.checks import REQUIRED
from resolvers.ledger.types import LedgerAccountLevel, LedgerAccountType
from resolvers.patch_rules import patch_field


def _field(name: str, description: str) -> Any:
    """A patch field, saying whether Saasu lets ``null`` clear it (``checks.REQUIRED``)."""
    return patch_field(description, name not in REQUIRED)


@strawberry.input(
    description="Changes to a Saasu ledger account (PUT Account/{id}): a field left out keeps "
    "its value, null clears it where Saasu can clear it. Give the lastUpdatedId last read: "
    "Saasu refuses a change made on an older version (CONFLICT)."
)
class LedgerAccountPatch:
    id: relay.GlobalID = strawberry.field(description="Global id of the LedgerAccount to change.")
    last_updated_id: str = strawberry.field(
        description="The account's lastUpdatedId as last read; ensures concurrency issue "
        "avoidance when performing updates."
    )
    name: str | None = _field("name", "The account name; at most 75 characters.")
    account_level: LedgerAccountLevel | None = _field(
        "account_level", 'The level of account - either "Header" or "Detail".'
    )
    account_type: LedgerAccountType | None = _field(
        "account_type", 'The type of account. E.g. "Income".'
    )
    is_active: bool | None = _field("is_active", "Whether the account is active or not.")
    default_tax_code: str | None = _field(
        "default_tax_code", "The default tax code used for the account."
    )
    ledger_code: str | None = _field(
        "ledger_code", "A unique code to identify the account in general ledger."
    )
    currency: str | None = _field(
        "currency", "The currency used for the account: three upper-case letters (AUD)."
    )
    header_account_id: relay.GlobalID | None = _field(
        "header_account_id", "Global id of the Header account for this detail account."
    )
    exchange_account_id: relay.GlobalID | None = _field(
        "exchange_account_id",
        "Global id of the base currency bank account for foreign exchange.",
    )
    is_bank_account: bool | None = _field(
        "is_bank_account", "Whether the account is a bank account or not."
    )
    include_in_forecaster: bool | None = _field(
        "include_in_forecaster",
        "Whether to include the account in Forecaster report and data forecasting.",
    )
    bsb: str | None = _field("bsb", "BSB of the bank: six digits; bank accounts only.")
    number: str | None = _field("number", "The bank account number; bank accounts only.")
    bank_account_name: str | None = _field(
        "bank_account_name", "The name of the bank account; bank accounts only."
    )
    bank_file_creation_enabled: bool | None = _field(
        "bank_file_creation_enabled",
        "Enables/Disables the ability to upload an ABA file to the account.",
    )
    bank_code: str | None = _field("bank_code", "The Bank code; bank accounts only.")
    user_number: str | None = _field("user_number", "The Bank client user Id; bank accounts only.")
    merchant_fee_account_id: relay.GlobalID | None = _field(
        "merchant_fee_account_id", "Global id of the merchant fee account."
    )
