"""The seeded plan that ties the four sandboxes' data together.

The billing API names a prepaid account through ``externalAccountIdentifier``;
both sandboxes must agree on which billing account has which prepaid account
without talking to each other, so both derive it from this plan.

Identifiers: billing accounts are ``1001 .. 1000 + billing_accounts``. A
billing account ``1000 + i`` that has a prepaid account (most do) has prepaid
``AccountId`` ``50000 + i`` and carries ``externalAccountIdentifier`` equal to
that id in decimal (``"50017"``). Prepaid accounts with no billing account
follow from ``50001 + billing_accounts``. Who the customer behind a billing
account is (and so behind its prepaid account) is ``customers.customer``.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class World:
    """Sizes and seed of the sandboxes' data; every sandbox takes the same one."""

    seed: int = 2026
    billing_accounts: int = 1000
    prepaid_share: float = 0.85
    unlinked_prepaid_accounts: int = 40
    min_invoices: int = 5000
    ledger_accounts: int = 220
    invoicing_accounts: int = 4

    def billing_ids(self) -> range:
        return range(1001, 1001 + self.billing_accounts)

    def prepaid_id_for_billing(self, billing_id: int) -> int | None:
        """The prepaid ``AccountId`` linked to a billing account, or ``None``."""
        index = billing_id - 1000
        if not 1 <= index <= self.billing_accounts:
            return None
        return (
            50000 + index
            if self._chance(f"prepaid-link-{billing_id}") < self.prepaid_share
            else None
        )

    def billing_id_for_prepaid(self, prepaid_id: int) -> int | None:
        """The billing account whose ``externalAccountIdentifier`` names this prepaid account."""
        billing_id = prepaid_id - 50000 + 1000
        return billing_id if self.prepaid_id_for_billing(billing_id) == prepaid_id else None

    def prepaid_ids(self) -> list[int]:
        """Every prepaid ``AccountId``: the linked ones, then the unlinked ones."""
        linked = [p for b in self.billing_ids() if (p := self.prepaid_id_for_billing(b))]
        first_unlinked = 50001 + self.billing_accounts
        return linked + list(range(first_unlinked, first_unlinked + self.unlinked_prepaid_accounts))

    def _chance(self, label: str) -> float:
        digest = hashlib.sha256(f"{self.seed}:{label}".encode()).digest()
        return int.from_bytes(digest[:8], "big") / 2**64
