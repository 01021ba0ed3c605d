"""Run the gateway: adapters from configuration (or the sandboxes), the app, uvicorn.

Everything runs in one event loop: with no upstream configured, the four
sandboxes start first on loopback and the adapters point at them.
"""

from __future__ import annotations

import asyncio
import signal
from collections.abc import Callable, Coroutine, Mapping
from typing import Any

import uvicorn
from starlette.types import ASGIApp

from fastpath.uvicorn_server import QuietServer
from gateway.adapters import build_upstreams, close_upstreams  # re-exported for callers
from gateway.collector import tune_collector
from gateway.config import GatewayConfig
from gateway.http_protocol import guarded_protocol
from gateway.reclaim import start_reclaimer
from gateway.sandboxes import UPSTREAMS, sandbox_settings, start_sandboxes
from gateway.server_limits import ServerLimits, server_limits
from gateway.wiring import build_gateway
from upstreams.sandboxing import Switches, World

__all__ = ["build_upstreams", "close_upstreams", "run"]


def run_on_fast_loop(main: Coroutine[Any, Any, None]) -> None:
    """Run ``main`` on uvloop: its event loop costs less CPU per request than asyncio's."""
    import uvloop

    with asyncio.Runner(loop_factory=uvloop.new_event_loop) as runner:
        runner.run(main)


def uvicorn_config(
    app: ASGIApp,
    host: str,
    port: int,
    *,
    shutdown_timeout: int = 10,
    limits: ServerLimits | None = None,
) -> uvicorn.Config:
    """How the gateway serves: httptools' C parser for HTTP/1.1 (cheaper than h11).

    Under the connection bounds of ``limits`` (``gateway.http_protocol``); no
    WebSocket upgrade, since no route takes one.

    No ``Server`` header: it would tell every caller which server software (and
    so which known flaws) to try, and costs a header on every answer. No
    logging setup of uvicorn's own (``log_config=None``): its loggers write
    through the gateway's handler, whose lines carry no stack trace.

    No rewriting of the client's address and scheme from ``X-Forwarded-*``
    headers (``proxy_headers``): nothing in the gateway reads either, so it
    would be a layer of work on every request for nothing.

    The event loop is the caller's (``run_on_fast_loop``), so uvicorn sets none up.
    """
    return uvicorn.Config(
        app,
        host=host,
        port=port,
        loop="none",
        http=guarded_protocol(limits or ServerLimits()),
        ws="none",
        log_level="warning",
        access_log=False,
        lifespan="off",
        server_header=False,
        proxy_headers=False,
        log_config=None,
        timeout_graceful_shutdown=shutdown_timeout,
    )


async def run(
    config: GatewayConfig,
    *,
    world: World | None = None,
    switches: Mapping[str, Switches] | None = None,
    sandbox_base_port: int = 0,
    announce: Callable[[str], None] = print,
    limits: ServerLimits | None = None,
) -> None:
    """Serve until SIGINT or SIGTERM, then drain and close everything."""
    if limits is None:
        limits = server_limits(config, sandboxes_here=config.upstreams is None)
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
    gateway = build_gateway(config, settings)
    server_section = config.section("server")
    tune_collector(server_section["gc_young_threshold"])
    reclaimer = start_reclaimer(
        server_section["reclaim_interval"], server_section["reclaim_growth"]
    )
    # Signals are run's: it stops the server, then drains and closes.
    server = QuietServer(
        uvicorn_config(
            gateway.app,
            config.host,
            config.port,
            shutdown_timeout=config.section("server")["shutdown_timeout"],
            limits=limits,
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
            if gateway.door.auth.open:
                announce(
                    "auth: open - anyone who can reach this port may query and mutate the graph"
                )
            await asyncio.wait(
                [asyncio.ensure_future(stop.wait()), task], return_when=asyncio.FIRST_COMPLETED
            )
        server.should_exit = True
        await task
    finally:
        if reclaimer is not None:
            reclaimer.stop()
        await gateway.aclose()
        if sandboxes is not None:
            await sandboxes.aclose()
