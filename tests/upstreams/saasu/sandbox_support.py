"""Helpers for the Saasu sandbox tests: start a sandbox, call it with credentials, read all.

Only what the docs fix is written here by hand (field names and order from
the docs' samples, the credentials the task names); everything else a test
expects it computes from what the sandbox answered.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import httpx

from tests.conftest import Serve
from upstreams.saasu.sandbox import SandboxConfig, create_app

FILE_ID = 62831
WS_ACCESS_KEY = "sandbox-saasu-access-key"
USERNAME = "ledger@sandbox.example"
PASSWORD = "sandbox-saasu-password"

DOC_FIELDS = [
    "Id",
    "Name",
    "AccountLevel",
    "AccountType",
    "IsActive",
    "IsBuiltIn",
    "LastUpdatedId",
    "DefaultTaxCode",
    "LedgerCode",
    "Currency",
    "HeaderAccountId",
    "ExchangeAccountId",
    "IsBankAccount",
    "CreatedDateUtc",
    "LastModifiedDateUtc",
    "IncludeInForecaster",
    "BSB",
    "Number",
    "BankAccountName",
    "BankFileCreationEnabled",
    "BankCode",
    "UserNumber",
    "MerchantFeeAccountId",
    "IncludePendingTransactions",
]
"""``AccountDetail`` properties in the order of the docs' JSON sample (``_links`` follows)."""

ACCOUNT_TYPES = [
    "Income",
    "Expense",
    "Asset",
    "Equity",
    "Liability",
    "OtherIncome",
    "OtherExpense",
    "CostOfSales",
]
BANK_FIELDS = [
    "BSB",
    "Number",
    "BankAccountName",
    "BankFileCreationEnabled",
    "BankCode",
    "UserNumber",
    "MerchantFeeAccountId",
    "IncludePendingTransactions",
]
XSI = "http://www.w3.org/2001/XMLSchema-instance"

Account = dict[str, Any]


@dataclass
class Sandbox:
    """A served sandbox and a client for it; ``call`` adds FileId and the access key."""

    client: httpx.Client
    base_url: str

    def call(
        self,
        method: str,
        path: str,
        *,
        params: dict[str, Any] | None = None,
        **kwargs: Any,
    ) -> httpx.Response:
        query = {"WsAccessKey": WS_ACCESS_KEY, "FileId": FILE_ID, **(params or {})}
        return self.client.request(method, path, params=query, **kwargs)

    def read(self, account_id: int) -> Account:
        response = self.call("GET", f"/Account/{account_id}")
        assert response.status_code == 200, response.text
        body: Account = response.json()
        return body

    def listing(self, **params: Any) -> list[Account]:
        response = self.call("GET", "/Accounts", params=params)
        assert response.status_code == 200, response.text
        accounts: list[Account] = response.json()["Accounts"]
        return accounts

    def everything(self, **params: Any) -> list[Account]:
        """Every account matching ``params``, page by page."""
        found: list[Account] = []
        page = 1
        while batch := self.listing(Page=page, PageSize=100, **params):
            found.extend(batch)
            page += 1
        return found

    def put(self, account_id: int, body: Account, **kwargs: Any) -> httpx.Response:
        return self.call("PUT", f"/Account/{account_id}", json=body, **kwargs)


def start(serve: Serve, **config: Any) -> Sandbox:
    server = serve(create_app(SandboxConfig(**config)))
    return Sandbox(httpx.Client(base_url=server.base_url, timeout=5), server.base_url)


def first(accounts: list[Account], **wanted: Any) -> Account:
    """The first account whose properties equal ``wanted``."""
    return next(a for a in accounts if all(a[k] == v for k, v in wanted.items()))


def detail_without_bank(accounts: list[Account]) -> Account:
    """An ordinary active detail account: no bank, not built in, not a header."""
    return first(accounts, AccountLevel="Detail", IsBankAccount=False, IsBuiltIn=False)


def unlinked(account: Account) -> Account:
    """The account as a client sends it back: without ``_links``."""
    return {k: v for k, v in account.items() if k != "_links"}
