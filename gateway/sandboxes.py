"""Start the four upstream sandboxes in this process, on loopback.

With no upstream configured, ``gateway serve`` runs against these, so a fresh
machine needs nothing else. Each sandbox gets the same ``World`` so their data
link up (billing ``externalAccountIdentifier`` to prepaid ``AccountId``).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping, Set
from dataclasses import dataclass

from starlette.applications import Starlette

from gateway.config import UpstreamSettings
from upstreams.billing.adapter import BillingSettings
from upstreams.client_settings import ClientSettings
from upstreams.invoicexpress import adapter as invoicexpress_adapter
from upstreams.invoicexpress.adapter import InvoiceXpressSettings
from upstreams.prepaid.adapter import PrepaidSettings
from upstreams.saasu import adapter as saasu_adapter
from upstreams.saasu.adapter import SaasuSettings
from upstreams.sandboxing import RunningServer, Switches, World, start_server

UPSTREAMS = ("prepaid", "billing", "saasu", "invoicexpress")

INVOICING_ACCOUNT_ID = 11001
"""The InvoiceXpress sandbox's first seeded organisation: the graph's own invoicing account."""


def sandbox_factory(name: str) -> Callable[[World, Switches], Starlette]:
    """The sandbox app factory of one upstream, imported only when started.

    Every upstream package's ``sandbox`` offers ``create_app`` and ``SandboxConfig``.
    """
    if name in UPSTREAMS:
        sandbox = importlib.import_module(f"upstreams.{name}.sandbox")

        def create(world: World, switches: Switches) -> Starlette:
            app: Starlette = sandbox.create_app(
                sandbox.SandboxConfig(world=world, switches=switches)
            )
            return app

        return create
    raise ValueError(f"unknown upstream {name!r}; expected one of {', '.join(UPSTREAMS)}")


@dataclass
class Sandboxes:
    """The running sandboxes by upstream name."""

    servers: dict[str, RunningServer]

    def base_url(self, name: str) -> str:
        return self.servers[name].base_url

    async def aclose(self) -> None:
        for server in self.servers.values():
            await server.aclose()


async def start_sandboxes(
    *,
    host: str = "127.0.0.1",
    base_port: int = 0,
    world: World | None = None,
    switches: Mapping[str, Switches] | None = None,
) -> Sandboxes:
    """Start every sandbox on ports ``base_port + 1 ..`` in ``UPSTREAMS`` order (0: free ports)."""
    world = world or World()
    servers: dict[str, RunningServer] = {}
    try:
        for offset, name in enumerate(UPSTREAMS, start=1):
            app = sandbox_factory(name)(world, (switches or {}).get(name) or Switches())
            port = base_port + offset if base_port else 0
            servers[name] = await start_server(app, host, port)
    except BaseException:
        await Sandboxes(servers).aclose()
        raise
    return Sandboxes(servers)


def sandbox_settings(sandboxes: Sandboxes, switches: Mapping[str, Switches]) -> UpstreamSettings:
    """Adapter settings pointing at running sandboxes, with each sandbox's own credentials.

    Pacing follows the sandboxes: only where the vendor rate limit is switched
    on does an adapter pace itself to the vendor's published rate, and count
    its calls against the published daily cap.
    """
    return sandbox_settings_at(
        {name: sandboxes.base_url(name) for name in UPSTREAMS},
        {name for name in UPSTREAMS if name in switches and switches[name].rate_limit},
    )


def sandbox_settings_at(base_urls: Mapping[str, str], rate_limited: Set[str]) -> UpstreamSettings:
    """``sandbox_settings`` from the sandboxes' URLs: what a worker process gets."""
    from upstreams.billing import sandbox as billing
    from upstreams.invoicexpress import sandbox as invoicexpress
    from upstreams.prepaid import sandbox as prepaid
    from upstreams.saasu import sandbox as saasu

    def client(name: str, vendor_rate: float, daily_cap: int | None = None) -> ClientSettings:
        limited = name in rate_limited
        return ClientSettings(
            base_url=base_urls[name],
            rate_per_second=vendor_rate if limited else None,
            daily_cap=daily_cap if limited else None,
        )

    p, b, s, i = (
        prepaid.SandboxConfig(),
        billing.SandboxConfig(),
        saasu.SandboxConfig(),
        invoicexpress.SandboxConfig(),
    )
    return UpstreamSettings(
        prepaid=PrepaidSettings(
            client=client("prepaid", 10.0),
            username=p.username,
            password=p.password,
            session_idle_seconds=p.session_idle_seconds,
        ),
        billing=BillingSettings(
            client=client("billing", 20.0),
            username=b.username,
            password=b.password,
            client_id=b.client_id,
        ),
        saasu=SaasuSettings(
            client=client("saasu", saasu_adapter.RATE_PER_SECOND, saasu_adapter.DAILY_CAP),
            file_id=s.file_id,
            username=s.username,
            password=s.password,
        ),
        invoicexpress=InvoiceXpressSettings(
            client=client("invoicexpress", invoicexpress_adapter.RATE_PER_SECOND), api_key=i.api_key
        ),
        invoicing_account_id=INVOICING_ACCOUNT_ID,
    )
