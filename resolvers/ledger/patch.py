"""``patchAccount`` for a Saasu ledger account: its input and how it is applied.

Saasu's ``PUT Account/{id}`` replaces the whole account and is guarded by
``LastUpdatedId``. So the patch reads the account, changes only the fields
given, and sends the CLIENT's ``lastUpdatedId`` (never the one just read,
which would always be the latest and so defeat the concurrency check): a
client that saw an older version gets ``CONFLICT`` and must read again.
The documented ranges are checked first, so refused input costs no call of
Saasu's daily cap. The PUT is sent once and never retried.
"""

from __future__ import annotations

import dataclasses
from typing import Any

import strawberry
from strawberry import relay

from resolvers.account import PatchAccountPayload
from resolvers.errors import UserError, user_errors
from resolvers.ledger.checks import ROOT, check
from resolvers.ledger.loaders import ledger_account_loader
from resolvers.ledger.types import LedgerAccount, LedgerAccountLevel, LedgerAccountType
from upstreams.errors import Conflict, InvalidInput, NotFound
from upstreams.saasu.models import AccountLevel, AccountType, LedgerAccountUpdate

UNSET: Any = strawberry.UNSET

FIELDS = {
    "Name": "name",
    "AccountLevel": "accountLevel",
    "AccountType": "accountType",
    "IsActive": "isActive",
    "LastUpdatedId": "lastUpdatedId",
    "DefaultTaxCode": "defaultTaxCode",
    "LedgerCode": "ledgerCode",
    "Currency": "currency",
    "HeaderAccountId": "headerAccount",
    "ExchangeAccountId": "exchangeAccount",
    "IsBankAccount": "isBankAccount",
    "IncludeInForecaster": "includeInForecaster",
    "BSB": "bsb",
    "Number": "number",
    "BankAccountName": "bankAccountName",
    "BankFileCreationEnabled": "bankFileCreationEnabled",
    "BankCode": "bankCode",
    "UserNumber": "userNumber",
    "MerchantFeeAccountId": "merchantFeeAccount",
    "Id": "id",
}
"""Saasu's ``ModelState`` property names to this input's field names."""

CONFLICT_MESSAGE = (
    "The account changed since this lastUpdatedId was read; read the account again "
    "and apply the change to what it is now."
)


@strawberry.input(
    description="Changes to a Saasu ledger account (PUT Account/{id}); fields left out keep "
    "their values. Give the lastUpdatedId last read: Saasu refuses a change made on an "
    "older version (CONFLICT)."
)
class LedgerAccountPatch:
    id: relay.GlobalID = strawberry.field(description="Global id of the LedgerAccount to change.")
    last_updated_id: str = strawberry.field(
        description="The account's lastUpdatedId as last read; ensures concurrency issue "
        "avoidance when performing updates."
    )
    name: str | None = strawberry.field(
        default=UNSET, description="The account name; required, at most 75 characters."
    )
    account_level: LedgerAccountLevel | None = strawberry.field(
        default=UNSET, description='The level of account - either "Header" or "Detail".'
    )
    account_type: LedgerAccountType | None = strawberry.field(
        default=UNSET, description='The type of account. E.g. "Income".'
    )
    is_active: bool | None = strawberry.field(
        default=UNSET, description="Whether the account is active or not."
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
        description="The currency used for the account: three upper-case letters (AUD).",
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
        default=UNSET, description="Whether the account is a bank account or not."
    )
    include_in_forecaster: bool | None = strawberry.field(
        default=UNSET,
        description="Whether to include the account in Forecaster report and data forecasting.",
    )
    bsb: str | None = strawberry.field(
        default=UNSET, description="BSB of the bank: six digits; bank accounts only."
    )
    number: str | None = strawberry.field(
        default=UNSET, description="The bank account number; bank accounts only."
    )
    bank_account_name: str | None = strawberry.field(
        default=UNSET, description="The name of the bank account; bank accounts only."
    )
    bank_file_creation_enabled: bool | None = strawberry.field(
        default=UNSET,
        description="Enables/Disables the ability to upload an ABA file to the account.",
    )
    bank_code: str | None = strawberry.field(
        default=UNSET, description="The Bank code; bank accounts only."
    )
    user_number: str | None = strawberry.field(
        default=UNSET, description="The Bank client user Id; bank accounts only."
    )
    merchant_fee_account: relay.GlobalID | None = strawberry.field(
        default=UNSET, description="Global id of the merchant fee account; null clears it."
    )


async def patch(info: strawberry.Info, patch: LedgerAccountPatch) -> PatchAccountPayload:
    """Apply ``patch``; refused input comes back as user errors, a stale version as CONFLICT."""
    checked = check(patch)
    if isinstance(checked, list):
        return PatchAccountPayload(account=None, user_errors=checked)
    account_id, changes = checked
    loader = info.context.loader(ledger_account_loader)
    try:
        # Fresh, never cached: the update replaces every field with these.
        current = await info.context.upstreams.saasu.get_account(account_id, fresh=True)
    except NotFound as exc:
        return _refused(UserError(field=[*ROOT, "id"], message=exc.message, code="NOT_FOUND"))
    update = dataclasses.replace(
        LedgerAccountUpdate.from_account(current),
        **_upstream_values(changes),
        last_updated_id=patch.last_updated_id,
    )
    try:
        await info.context.upstreams.saasu.update_account(account_id, update)
    except Conflict:
        field = [*ROOT, "lastUpdatedId"]
        return _refused(UserError(field=field, message=CONFLICT_MESSAGE, code="CONFLICT"))
    except InvalidInput as exc:
        return PatchAccountPayload(account=None, user_errors=_input_errors(exc))
    finally:
        loader.clear(account_id)
    return PatchAccountPayload(
        account=LedgerAccount.from_record(await loader.load(account_id)), user_errors=[]
    )


def _upstream_values(changes: dict[str, Any]) -> dict[str, Any]:
    """Graph enum values as the model's."""
    values = dict(changes)
    if isinstance(values.get("account_level"), LedgerAccountLevel):
        values["account_level"] = AccountLevel[values["account_level"].name]
    if isinstance(values.get("account_type"), LedgerAccountType):
        values["account_type"] = AccountType[values["account_type"].name]
    return values


def _input_errors(error: InvalidInput) -> list[UserError]:
    """Saasu's ModelState as user errors at ``["input", "ledger", <field>]``."""
    return [
        UserError(field=["input", *e.field] if e.field else None, message=e.message, code=e.code)
        for e in user_errors(error, FIELDS, root="ledger")
    ]


def _refused(error: UserError) -> PatchAccountPayload:
    return PatchAccountPayload(account=None, user_errors=[error])
