"""The input of ``patchAccount`` for a Saasu ledger account.

Fields left out keep their values, ``null`` clears where Saasu can
(``resolvers.patch_rules``); ``lastUpdatedId`` is the client's own, so
a change made on an older version of the account is a ``CONFLICT``.
"""

from __future__ import annotations

from typing import Any

import strawberry
from strawberry import relay

from resolvers.ledger.types import LedgerAccountLevel, LedgerAccountType

UNSET: Any = strawberry.UNSET


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
    name: str | None = strawberry.field(
        default=UNSET, description="The account name; at most 75 characters. Cannot be null."
    )
    account_level: LedgerAccountLevel | None = strawberry.field(
        default=UNSET,
        description='The level of account - either "Header" or "Detail". Cannot be null.',
    )
    account_type: LedgerAccountType | None = strawberry.field(
        default=UNSET, description='The type of account. E.g. "Income". Cannot be null.'
    )
    is_active: bool | None = strawberry.field(
        default=UNSET, description="Whether the account is active or not. Cannot be null."
    )
    default_tax_code: str | None = strawberry.field(
        default=UNSET, description="The default tax code used for the account; null clears it."
    )
    ledger_code: str | None = strawberry.field(
        default=UNSET,
        description="A unique code to identify the account in general ledger; null clears it.",
    )
    currency: str | None = strawberry.field(
        default=UNSET,
        description="The currency used for the account: three upper-case letters (AUD). "
        "Cannot be null.",
    )
    header_account: relay.GlobalID | None = strawberry.field(
        default=UNSET,
        description="Global id of the Header account for this detail account; null clears it.",
    )
    exchange_account: relay.GlobalID | None = strawberry.field(
        default=UNSET,
        description="Global id of the base currency bank account for foreign exchange; null "
        "clears it.",
    )
    is_bank_account: bool | None = strawberry.field(
        default=UNSET, description="Whether the account is a bank account or not. Cannot be null."
    )
    include_in_forecaster: bool | None = strawberry.field(
        default=UNSET,
        description="Whether to include the account in Forecaster report and data forecasting. "
        "Cannot be null.",
    )
    bsb: str | None = strawberry.field(
        default=UNSET,
        description="BSB of the bank: six digits; bank accounts only. Null clears it.",
    )
    number: str | None = strawberry.field(
        default=UNSET, description="The bank account number; bank accounts only. Null clears it."
    )
    bank_account_name: str | None = strawberry.field(
        default=UNSET,
        description="The name of the bank account; bank accounts only. Null clears it.",
    )
    bank_file_creation_enabled: bool | None = strawberry.field(
        default=UNSET,
        description="Enables/Disables the ability to upload an ABA file to the account. Null "
        "clears it.",
    )
    bank_code: str | None = strawberry.field(
        default=UNSET, description="The Bank code; bank accounts only. Null clears it."
    )
    user_number: str | None = strawberry.field(
        default=UNSET, description="The Bank client user Id; bank accounts only. Null clears it."
    )
    merchant_fee_account: relay.GlobalID | None = strawberry.field(
        default=UNSET, description="Global id of the merchant fee account; null clears it."
    )
