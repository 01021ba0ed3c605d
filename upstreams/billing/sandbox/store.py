"""The sandbox's data: accounts by identity, and the counters that number new records."""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from upstreams.billing.sandbox.records import Account


class Store:
    """Accounts in ascending identity, with their children inside them.

    Each kind of record (``account``, ``contact``, ``note`` ...) has its own
    counter, so new identities never reuse a deleted one.
    """

    def __init__(self) -> None:
        self.accounts: dict[int, Account] = {}
        self._last: dict[str, int] = {}

    def new_id(self, kind: str) -> int:
        self._last[kind] = self._last.get(kind, 0) + 1
        return self._last[kind]

    def start_ids(self, kind: str, after: int) -> None:
        """Make the next ``new_id(kind)`` at least ``after + 1``."""
        self._last[kind] = max(self._last.get(kind, 0), after)

    def account(self, identity: int) -> Account | None:
        return self.accounts.get(identity)

    def add(self, account: Account) -> None:
        self.accounts[account.identity] = account

    def account_name(self, identity: int | None) -> str | None:
        account = None if identity is None else self.accounts.get(identity)
        return None if account is None else account.name

    def parent_id(self, account: Account) -> int | None:
        """The account one level up the invoicing tree; ``None`` for one that invoices itself."""
        invoicer = account.invoicer_account_id
        return None if invoicer == account.identity else invoicer

    def top_id(self, account: Account) -> int:
        """Follow ``invoicerAccountId`` up to the account that invoices itself."""
        current, seen = account, {account.identity}
        while (parent := self.parent_id(current)) is not None:
            above = self.accounts.get(parent)
            if above is None or above.identity in seen:
                return parent
            seen.add(above.identity)
            current = above
        return current.identity

    def looping(self, invoicers: Mapping[int, int]) -> list[int]:
        """Accounts of ``invoicers`` (id -> new invoicer id) whose invoicing chain would loop."""

        def invoicer_of(identity: int) -> int | None:
            if identity in invoicers:
                return invoicers[identity]
            account = self.accounts.get(identity)
            return None if account is None else account.invoicer_account_id

        loops: list[int] = []
        for start in invoicers:
            current, seen = start, {start}
            while (above := invoicer_of(current)) is not None and above != current:
                if above in seen:
                    loops.append(start)
                    break
                seen.add(above)
                current = above
        return loops

    def dependents(self, identity: int) -> Iterator[Account]:
        """Other accounts naming ``identity`` as invoicer, usage invoicer or tax setting account."""
        for account in self.accounts.values():
            if account.identity != identity and identity in (
                account.invoicer_account_id,
                account.usage_invoicer_account_id,
                account.tax_setting_account_id,
            ):
                yield account
