"""Every charge the sandbox made to a card on file, in order: history, never reset.

Tests and benchmarks read it (``GET /_sandbox/charges``) to prove a top-up
charged the card exactly once per call the API received.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from upstreams.prepaid.sandbox.records import Charge


class Ledger:
    def __init__(self) -> None:
        self._charges: list[Charge] = []

    def charge(self, account_id: int, amount_cents: int, last_four: str, now: datetime) -> Charge:
        entry = Charge(f"ch-{len(self._charges) + 1:08d}", account_id, amount_cents, last_four, now)
        self._charges.append(entry)
        return entry

    def charges(self, account_id: int | None = None) -> list[Charge]:
        return [c for c in self._charges if account_id is None or c.account_id == account_id]

    def to_json(self) -> dict[str, Any]:
        """``{"count": n, "charges": [...]}`` with amounts as dollar strings."""
        return {
            "count": len(self._charges),
            "charges": [
                {
                    "charge_id": c.charge_id,
                    "account_id": c.account_id,
                    "amount": f"{c.amount_cents // 100}.{c.amount_cents % 100:02d}",
                    "currency": "USD",
                    "card_last_four": c.card_last_four,
                    "time": c.time.isoformat(timespec="seconds"),
                }
                for c in self._charges
            ],
        }
