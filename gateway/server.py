"""Run the gateway: adapters from configuration (or the sandboxes), the app, uvicorn.

Everything runs in one event loop: with no upstream configured, the four
sandboxes start first on loopback and the adapters point at them.
"""

from __future__ import annotations

import asyncio
import contextlib
import signal
from collections.abc import Callable, Iterator, Mapping

import uvicorn

from gateway.app import create_app
from gateway.config import GatewayConfig, UpstreamSettings
from gateway.doorway import door
from gateway.sandboxes import UPSTREAMS, sandbox_settings, start_sandboxes
from gateway.stores import open_idempotency
from resolvers.context import Upstreams
from upstreams.billing.adapter import BillingAdapter
from upstreams.invoicexpress.adapter import InvoiceXpressAdapter
from upstreams.prepaid.adapter import PrepaidAdapter
from upstreams.saasu.adapter import SaasuAdapter
from upstreams.sandboxing import Switches, World


def build_upstreams(settings: UpstreamSettings) -> Upstreams:
    """One adapter (and so one connection pool) per upstream, shared by all requests."""
    return Upstreams(
        prepaid=PrepaidAdapter(settings.prepaid),
        billing=BillingAdapter(settings.billing),
        saasu=SaasuAdapter(settings.saasu),
        invoicexpress=InvoiceXpressAdapter(settings.invoicexpress),
        invoicing_account_id=settings.invoicing_account_id,
    )


async def close_upstreams(upstreams: Upstreams) -> None:
    for adapter in (upstreams.prepaid, upstreams.billing, upstreams.saasu, upstreams.invoicexpress):
        await adapter.aclose()


class _Server(uvicorn.Server):
    """uvicorn without its own signal handling: ``run`` decides when to stop."""

    @contextlib.contextmanager
    def capture_signals(self) -> Iterator[None]:
        yield


async def run(
    config: GatewayConfig,
    *,
    world: World | None = None,
    switches: Mapping[str, Switches] | None = None,
    sandbox_base_port: int = 0,
    announce: Callable[[str], None] = print,
) -> None:
    """Serve until SIGINT or SIGTERM, then drain and close everything."""
    switches = switches or {}
    entrance = door(config)
    sandboxes = None
    if config.upstreams is None:
        sandboxes = await start_sandboxes(
            base_port=sandbox_base_port, world=world, switches=switches
        )
        for name in UPSTREAMS:
            announce(f"sandbox {name:<14} {sandboxes.base_url(name)}")
        settings = sandbox_settings(sandboxes, switches)
    else:
        settings = config.upstreams
    upstreams = build_upstreams(settings)
    idempotency = open_idempotency(config)
    server = _Server(
        uvicorn.Config(
            create_app(
                upstreams,
                production=config.production,
                idempotency=idempotency,
                **entrance.app_options(),
            ),
            host=config.host,
            port=config.port,
            log_level="warning",
            lifespan="off",
            timeout_graceful_shutdown=10,
        )
    )
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    task = asyncio.create_task(server.serve())
    try:
        while not server.started and not task.done():  # noqa: ASYNC110 (uvicorn offers no event)
            await asyncio.sleep(0.01)
        if server.started:
            port = server.servers[0].sockets[0].getsockname()[1]
            announce(f"GraphQL at http://{config.host}:{port}/graphql")
            if entrance.auth.open:
                announce(
                    "auth: open - anyone who can reach this port may query and mutate the graph"
                )
            await asyncio.wait(
                [asyncio.ensure_future(stop.wait()), task], return_when=asyncio.FIRST_COMPLETED
            )
        server.should_exit = True
        await task
    finally:
        await idempotency.store.aclose()
        await close_upstreams(upstreams)
        if sandboxes is not None:
            await sandboxes.aclose()
