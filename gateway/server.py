"""Run the gateway: adapters from configuration (or the sandboxes), the app, uvicorn.

Everything runs in one event loop: with no upstream configured, the four
sandboxes start first on loopback and the adapters point at them.
"""

from __future__ import annotations

import asyncio
import contextlib
import signal
from collections.abc import Callable, Coroutine, Iterator, Mapping
from typing import Any

import uvicorn
from starlette.applications import Starlette

from gateway.app import create_app
from gateway.config import GatewayConfig, UpstreamSettings
from gateway.sandboxes import UPSTREAMS, sandbox_settings, start_sandboxes
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


def run_on_fast_loop(main: Coroutine[Any, Any, None]) -> None:
    """Run ``main`` on uvloop: its event loop costs less CPU per request than asyncio's."""
    import uvloop

    with asyncio.Runner(loop_factory=uvloop.new_event_loop) as runner:
        runner.run(main)


def uvicorn_config(app: Starlette, host: str, port: int) -> uvicorn.Config:
    """How the gateway serves: httptools' C parser for HTTP/1.1 (cheaper than h11).

    The event loop is the caller's (``run_on_fast_loop``), so uvicorn sets none up.
    """
    return uvicorn.Config(
        app,
        host=host,
        port=port,
        loop="none",
        http="httptools",
        log_level="warning",
        access_log=False,
        lifespan="off",
        timeout_graceful_shutdown=10,
    )


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
    server = _Server(
        uvicorn_config(
            create_app(upstreams, production=config.production), config.host, config.port
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
            await asyncio.wait(
                [asyncio.ensure_future(stop.wait()), task], return_when=asyncio.FIRST_COMPLETED
            )
        server.should_exit = True
        await task
    finally:
        await close_upstreams(upstreams)
        if sandboxes is not None:
            await sandboxes.aclose()
