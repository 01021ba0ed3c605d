"""``LedgerAccount``: a Saasu ``AccountDetail`` with every documented field.

Descriptions are the Saasu docs' own (GET Account/{id}). The keys to other
accounts (``HeaderAccountId``, ``ExchangeAccountId``, ``MerchantFeeAccountId``)
become fields that load the account they name, batched and cached per request.
"""

from __future__ import annotations

from datetime import datetime
from enum import Enum

import strawberry
from strawberry import relay

from resolvers.account import Account, AccountSource
from resolvers.entities import by_keys
from resolvers.ledger.loaders import ledger_account_loader
from resolvers.nodes import nodes_by_id
from resolvers.views import view
from upstreams.saasu import models


@strawberry.enum(description='The level of account - either "Header" or "Detail".')
class LedgerAccountLevel(Enum):
    HEADER = strawberry.enum_value(
        models.AccountLevel.HEADER, description="Groups detail accounts; carries no transactions."
    )
    DETAIL = strawberry.enum_value(
        models.AccountLevel.DETAIL, description="Carries transactions. The default level."
    )


@strawberry.enum(description='The type of account. E.g. "Income".')
class LedgerAccountType(Enum):
    INCOME = strawberry.enum_value(models.AccountType.INCOME, description="Income.")
    EXPENSE = strawberry.enum_value(models.AccountType.EXPENSE, description="Expense.")
    ASSET = strawberry.enum_value(models.AccountType.ASSET, description="Asset.")
    EQUITY = strawberry.enum_value(models.AccountType.EQUITY, description="Equity.")
    LIABILITY = strawberry.enum_value(models.AccountType.LIABILITY, description="Liability.")
    OTHER_INCOME = strawberry.enum_value(
        models.AccountType.OTHER_INCOME, description="Other income."
    )
    OTHER_EXPENSE = strawberry.enum_value(
        models.AccountType.OTHER_EXPENSE, description="Other expense."
    )
    COST_OF_SALES = strawberry.enum_value(
        models.AccountType.COST_OF_SALES, description="Cost of sales."
    )


@strawberry.type(description="The bank details of a ledger account that is a bank account.")
class BankDetails:
    bsb: str | None = strawberry.field(description="BSB of the bank.")
    number: str | None = strawberry.field(description="The bank account number.")
    bank_account_name: str | None = strawberry.field(description="The name of the bank account.")
    bank_file_creation_enabled: bool | None = strawberry.field(
        description="Enables/Disables the ability to upload an ABA file to the account."
    )
    bank_code: str | None = strawberry.field(description="The Bank code.")
    user_number: str | None = strawberry.field(description="The Bank client user Id.")


@strawberry.federation.type(
    keys=["id", "accountNumber"],
    description="An account of the general ledger in Saasu (an AccountDetail).",
)
class LedgerAccount(Account):
    id: relay.NodeID[int]
    account_number: int = strawberry.field(
        description="The account's own number in Saasu: the unique Id for the account."
    )
    source: AccountSource = strawberry.field(
        default=AccountSource.LEDGER, description="Always LEDGER: the account lives in Saasu."
    )
    name: str = strawberry.field(description="The account name.")
    account_level: LedgerAccountLevel = strawberry.field(
        description='The level of account - either "Header" or "Detail". Default is Detail.'
    )
    account_type: LedgerAccountType = strawberry.field(
        description='The type of account. E.g. "Income".'
    )
    is_active: bool = strawberry.field(description="Whether the account is active or not.")
    is_built_in: bool = strawberry.field(
        description="Whether the account is a default one that comes with the subscription or not."
    )
    last_updated_id: str = strawberry.field(
        description="Unique identifier to ensure concurrency issue avoidance when performing "
        "updates. Send it back unchanged in updateAccount."
    )
    default_tax_code: str | None = strawberry.field(
        description="The default tax code used for the account."
    )
    ledger_code: str | None = strawberry.field(
        description="A unique code to identify the account in general ledger."
    )
    currency: str | None = strawberry.field(description="The currency used for the account.")
    is_bank_account: bool = strawberry.field(
        description="Whether the account is a bank account or not."
    )
    created_date_utc: datetime = strawberry.field(
        description="The date and time the account was created."
    )
    last_modified_date_utc: datetime = strawberry.field(
        description="The date and time and the account was last modified."
    )
    include_in_forecaster: bool = strawberry.field(
        description="Whether to include the account in Forecaster report and data forecasting."
    )
    bank_details: BankDetails | None = strawberry.field(
        description="The bank details (BSB, number, ...); null when the account is not a "
        "bank account."
    )
    include_pending_transactions: bool | None = strawberry.field(
        description="Indicates whether to include pending transactions.",
        deprecation_reason="Deprecated by Saasu: its docs mark IncludePendingTransactions "
        '"(Deprecated)"; it is kept for reading only.',
    )
    header_account_id: strawberry.Private[int | None]
    exchange_account_id: strawberry.Private[int | None]
    merchant_fee_account_id: strawberry.Private[int | None]

    @strawberry.field(description="The Header account for this detail account.")  # type: ignore[untyped-decorator]
    async def header_account(self, info: strawberry.Info) -> LedgerAccount | None:
        return await _linked(info, self.header_account_id)

    @strawberry.field(description="The base currency account for foreign exchange.")  # type: ignore[untyped-decorator]
    async def exchange_account(self, info: strawberry.Info) -> LedgerAccount | None:
        return await _linked(info, self.exchange_account_id)

    @strawberry.field(description="The merchant fee account.")  # type: ignore[untyped-decorator]
    async def merchant_fee_account(self, info: strawberry.Info) -> LedgerAccount | None:
        return await _linked(info, self.merchant_fee_account_id)

    @classmethod
    def from_model(cls, record: models.LedgerAccount) -> LedgerAccount:
        return view(
            cls,
            record,
            account_number=record.id,
            account_level=LedgerAccountLevel(record.account_level),
            account_type=LedgerAccountType(record.account_type),
            bank_details=view(BankDetails, record) if record.is_bank_account else None,
        )

    resolve_reference = by_keys
    resolve_nodes = nodes_by_id(
        ledger_account_loader, lambda _key, record: LedgerAccount.from_model(record)
    )


async def _linked(info: strawberry.Info, account_id: int | None) -> LedgerAccount | None:
    """The account a key names, through the loader; null when the key is empty."""
    if account_id is None:
        return None
    record = await info.context.loader(ledger_account_loader).load(account_id)
    return LedgerAccount.from_model(record)
