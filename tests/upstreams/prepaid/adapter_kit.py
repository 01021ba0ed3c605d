"""What the prepaid adapter tests share: a served sandbox, adapters on it, its control routes.

No tests here. The sandbox is the real one, over HTTP on loopback; the
control routes (``/_sandbox/...``) are read with a plain httpx client, never
through the adapter under test.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import httpx

from tests.conftest import Serve
from upstreams.client_settings import ClientSettings
from upstreams.prepaid.adapter import PrepaidAdapter, PrepaidSettings
from upstreams.prepaid.models import PrepaidAccount
from upstreams.prepaid.sandbox import SandboxConfig, create_app
from upstreams.sandboxing import Switches, World

ADMIN = ("admin@sandbox.example", "sandbox-admin-password")
VIEWER = ("viewer@sandbox.example", "sandbox-viewer-password")

WORLD = World(billing_accounts=40, unlinked_prepaid_accounts=4, min_invoices=200)
"""Small, so each sandbox starts fast; the ids still follow ``World.prepaid_ids()``."""


@dataclass
class Sandbox:
    """A served sandbox: where it is and how to read its control routes."""

    base_url: str
    world: World

    def adapter(
        self,
        *,
        user: tuple[str, str] = ADMIN,
        idle: float = 1800.0,
        margin: float = 60.0,
        **client: Any,
    ) -> PrepaidAdapter:
        """An adapter on this sandbox; ``client`` holds ``ClientSettings`` fields."""
        settings = PrepaidSettings(
            # one attempt per call: retries are tested in tests/upstreams/test_resilience.py
            client=ClientSettings(base_url=self.base_url, **{"read_retries": 0, **client}),
            username=user[0],
            password=user[1],
            session_idle_seconds=idle,
            renew_margin_seconds=margin,
        )
        return PrepaidAdapter(settings)

    async def control(self, method: str, path: str, body: Any = None) -> Any:
        async with httpx.AsyncClient(base_url=self.base_url) as client:
            response = await client.request(method, f"/_sandbox/{path}", json=body)
            response.raise_for_status()
            return response.json() if response.content else None

    async def calls(self) -> dict[str, int]:
        """Calls per ``Action`` since the last reset."""
        counted: dict[str, int] = (await self.control("GET", "calls"))["endpoints"]
        return counted

    async def reset_calls(self) -> None:
        await self.control("DELETE", "calls")

    async def charges(self) -> int:
        """How many charges the sandbox's card ledger holds."""
        count: int = (await self.control("GET", "charges"))["count"]
        return count

    async def charge_list(self) -> list[dict[str, Any]]:
        """The ledger's charges (``account_id``, ``amount`` as a dollar string, ...)."""
        charges: list[dict[str, Any]] = (await self.control("GET", "charges"))["charges"]
        return charges

    async def switch(self, **changes: Any) -> None:
        await self.control("PATCH", "switches", changes)

    async def raw(self, **params: str) -> bytes:
        """One call to ``/api`` with exactly ``params``, bypassing the adapter."""
        async with httpx.AsyncClient(base_url=self.base_url) as client:
            return (await client.get("/api", params=params)).content


def start(serve: Serve, *, world: World = WORLD, **config: Any) -> Sandbox:
    """Serve a sandbox with ``config`` (``SandboxConfig`` fields; ``switches`` may be a dict)."""
    switches = config.pop("switches", None)
    if isinstance(switches, dict):
        switches = Switches(**switches)
    app = create_app(SandboxConfig(world=world, switches=switches or Switches(), **config))
    return Sandbox(serve(app).base_url, world)


async def top_up(prepaid: PrepaidAdapter, account_id: int, amount: int) -> PrepaidAccount:
    """``add_credit`` in a session started for it alone, as every top-up must go."""
    return await prepaid.add_credit(account_id, amount, await prepaid.start_session())


def chargeable(account: PrepaidAccount) -> bool:
    """Whether the account has a card on file that has not expired."""
    card = account.credit_card
    if card is None:
        return False
    today = datetime.now(UTC).date()
    return (card.expiration_year, card.expiration_month) >= (today.year, today.month)
