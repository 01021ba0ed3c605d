"""The file's chart of accounts: look-ups, filtered listing and versioned updates."""

from __future__ import annotations

import threading
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace

from upstreams.saasu.sandbox.account import Account, Value
from upstreams.saasu.sandbox.stamps import encode_version, now_ticks


class StaleVersion(Exception):
    """The update named a ``LastUpdatedId`` that is not the account's latest."""


@dataclass(frozen=True, slots=True)
class AccountFilter:
    """The ``GET Accounts`` filters; ``None`` means "any"."""

    is_active: bool | None = None
    is_bank_account: bool | None = None
    account_type: str | None = None
    include_built_in: bool = True
    header_account_id: int | None = None
    account_level: str | None = None

    def admits(self, account: Account) -> bool:
        return (
            (self.is_active is None or account.is_active == self.is_active)
            and (self.is_bank_account is None or account.is_bank_account == self.is_bank_account)
            and (self.account_type is None or account.account_type == self.account_type)
            and (self.include_built_in or not account.is_built_in)
            and (
                self.header_account_id is None
                or account.header_account_id == self.header_account_id
            )
            and (self.account_level is None or account.account_level == self.account_level)
        )


class Ledger:
    """Accounts by id. Every update takes a new row version from one counter, as a database does."""

    def __init__(self, accounts: Iterable[Account]) -> None:
        self._accounts = {account.id: account for account in accounts}
        self._ids = sorted(self._accounts)
        self._version = max((a.row_version for a in self._accounts.values()), default=0)
        self._lock = threading.Lock()

    def get(self, account_id: int) -> Account | None:
        return self._accounts.get(account_id)

    def select(self, account_filter: AccountFilter) -> list[Account]:
        """The matching accounts, ordered by ``Id``."""
        return [a for i in self._ids if account_filter.admits(a := self._accounts[i])]

    def is_header_of_any(self, account_id: int) -> bool:
        return any(a.header_account_id == account_id for a in self._accounts.values())

    def is_exchange_account_of_any(self, account_id: int) -> bool:
        return any(a.exchange_account_id == account_id for a in self._accounts.values())

    def ledger_code_owner(self, ledger_code: str) -> int | None:
        for account in self._accounts.values():
            if account.ledger_code == ledger_code:
                return account.id
        return None

    def update(
        self, account_id: int, changes: Mapping[str, Value], last_updated_id: str
    ) -> Account:
        """Apply ``changes`` (attribute names) if ``last_updated_id`` is the latest.

        Raises ``KeyError`` for an unknown account and ``StaleVersion`` when
        another update came first; then the account is left as it was.
        """
        with self._lock:
            current = self._accounts[account_id]
            if encode_version(current.row_version) != last_updated_id:
                raise StaleVersion
            self._version += 1
            updated = replace(
                current,
                **changes,  # type: ignore[arg-type]
                row_version=self._version,
                last_modified=max(now_ticks(), current.last_modified + 1),
            )
            self._accounts[account_id] = updated
            return updated
