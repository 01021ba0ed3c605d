"""The rules a full account update must pass; every broken rule is reported at once.

The docs give none; these are the contract's (``upstreams/saasu/__init__.py``)
plus a few that keep the ledger consistent: ``LedgerCode`` is unique (the
docs call it "a unique code"), a header with detail accounts under it stays a
Header, and a bank account that others name as ``ExchangeAccountId`` stays a
bank account. A property already reported as the wrong type is not judged again.
"""

from __future__ import annotations

import re

from upstreams.saasu.sandbox.account import (
    ACCOUNT_LEVELS,
    ACCOUNT_TYPES,
    BANK_FIELDS,
    Account,
    Value,
)
from upstreams.saasu.sandbox.body import Submitted
from upstreams.saasu.sandbox.ledger import Ledger
from upstreams.saasu.sandbox.problems import ModelState, note

MAX_NAME_LENGTH = 75
REQUIRED_FLAGS = ("IsActive", "IsBankAccount", "IncludeInForecaster")
_CURRENCY = re.compile(r"[A-Z]{3}")
_BSB = re.compile(r"\d{6}")


def validate(account_id: int, submitted: Submitted, current: Account, ledger: Ledger) -> ModelState:
    """Problems with ``submitted`` as the new state of ``current``, by property name."""
    rules = _Rules(account_id, submitted, current, ledger)
    rules.identity()
    rules.description()
    rules.classification()
    rules.references()
    rules.banking()
    return rules.problems


class _Rules:
    def __init__(
        self, account_id: int, submitted: Submitted, current: Account, ledger: Ledger
    ) -> None:
        self.id = account_id
        self.values = submitted.values
        self.mistyped = set(submitted.problems)
        self.current = current
        self.ledger = ledger
        self.problems: ModelState = {k: list(v) for k, v in submitted.problems.items()}
        self.level = self.get("AccountLevel") or "Detail"

    def get(self, name: str) -> Value:
        return self.values.get(name)

    def broken(self, name: str, message: str) -> None:
        if name not in self.mistyped:
            note(self.problems, name, message)

    def identity(self) -> None:
        """Which account, in which version; what the server alone decides."""
        body_id = self.get("Id")
        if body_id is not None and body_id != self.id:
            self.broken("Id", "Id must be the id of the account in the URL.")
        if not self.get("LastUpdatedId"):
            self.broken("LastUpdatedId", "LastUpdatedId is required: send the one last read.")
        built_in = self.get("IsBuiltIn")
        if built_in is not None and built_in != self.current.is_built_in:
            self.broken("IsBuiltIn", "IsBuiltIn is read-only and cannot be changed.")

    def description(self) -> None:
        name = self.get("Name")
        if not isinstance(name, str) or not name.strip():
            self.broken("Name", "Name is required.")
        elif len(name) > MAX_NAME_LENGTH:
            self.broken("Name", f"Name must be at most {MAX_NAME_LENGTH} characters.")
        currency = self.get("Currency")
        if not isinstance(currency, str) or not _CURRENCY.fullmatch(currency):
            self.broken("Currency", "Currency must be a three-letter upper-case code such as AUD.")
        ledger_code = self.get("LedgerCode")
        if isinstance(ledger_code, str) and ledger_code:
            owner = self.ledger.ledger_code_owner(ledger_code)
            if owner is not None and owner != self.id:
                self.broken("LedgerCode", "LedgerCode is already used by another account.")
        for flag in REQUIRED_FLAGS:
            if self.get(flag) is None:
                self.broken(flag, f"{flag} is required.")

    def classification(self) -> None:
        if self.get("AccountType") not in ACCOUNT_TYPES:
            self.broken("AccountType", f"AccountType must be one of {', '.join(ACCOUNT_TYPES)}.")
        if self.level not in ACCOUNT_LEVELS:
            self.broken("AccountLevel", "AccountLevel must be Header or Detail.")
        elif (
            self.level == "Detail"
            and self.current.account_level == "Header"
            and self.ledger.is_header_of_any(self.id)
        ):
            self.broken(
                "AccountLevel", "AccountLevel must stay Header while accounts are under it."
            )

    def references(self) -> None:
        header_id = self.get("HeaderAccountId")
        if isinstance(header_id, int):
            header = self.ledger.get(header_id)
            if self.level == "Header":
                self.broken("HeaderAccountId", "Only a Detail account can have a HeaderAccountId.")
            elif header is None or header.account_level != "Header" or header_id == self.id:
                self.broken(
                    "HeaderAccountId", "HeaderAccountId must be the id of a Header account."
                )
        exchange_id = self.get("ExchangeAccountId")
        if isinstance(exchange_id, int):
            exchange = self.ledger.get(exchange_id)
            if exchange is None or not exchange.is_bank_account or exchange_id == self.id:
                self.broken(
                    "ExchangeAccountId", "ExchangeAccountId must be the id of another bank account."
                )
        fee_id = self.get("MerchantFeeAccountId")
        if isinstance(fee_id, int) and (self.ledger.get(fee_id) is None or fee_id == self.id):
            self.broken(
                "MerchantFeeAccountId", "MerchantFeeAccountId must be the id of another account."
            )

    def banking(self) -> None:
        if self.get("IsBankAccount") is False:
            if self.current.is_bank_account and self.ledger.is_exchange_account_of_any(self.id):
                self.broken(
                    "IsBankAccount",
                    "IsBankAccount must stay true while others use it as ExchangeAccountId.",
                )
            for name in BANK_FIELDS:
                if self.get(name) not in (None, "", False):
                    self.broken(name, f"{name} can only be set on a bank account.")
        bsb = self.get("BSB")
        if isinstance(bsb, str) and bsb and not _BSB.fullmatch(bsb):
            self.broken("BSB", "BSB must be six digits.")
