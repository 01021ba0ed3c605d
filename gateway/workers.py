"""``gateway serve --workers N``: N uvicorn worker processes on one port.

The parent starts the sandboxes (when no upstream is configured) once, then
hands each worker what it cannot read from the configuration itself: the
configuration file's path and the sandboxes' URLs, through environment
variables outside the ``GATEWAY_*`` namespace (which the configuration
checks strictly). Each worker builds its own gateway (adapters, pools,
cache client) in ``worker_app``, the factory uvicorn calls in the child.
uvicorn's supervisor turns SIGTERM into a graceful stop of every worker.
The workers count metrics in files of one directory, so ``/metrics`` on any
worker answers for all.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Callable, Mapping
from pathlib import Path

import uvicorn
from starlette.types import ASGIApp

from gateway.collector import tune_collector
from gateway.config import GatewayConfig, load_config
from gateway.config_keys import env_name
from gateway.http_protocol import guarded_protocol
from gateway.logging_json import configure_logging
from gateway.metrics import MULTIPROCESS_DIR
from gateway.reclaim import start_reclaimer
from gateway.redaction import config_secrets
from gateway.sandboxes import UPSTREAMS, sandbox_factory, sandbox_settings_at
from gateway.server_limits import ServerLimits, server_limits
from gateway.wiring import build_gateway
from upstreams.sandboxing import RunningServer, Switches, World, serve_in_thread

CONFIG_PATH = "GW_WORKER_CONFIG_PATH"
SANDBOXES = "GW_WORKER_SANDBOXES"
WORKERS = env_name("server", "workers")


def worker_app() -> ASGIApp:
    """The app of one worker process, from the parent's hand-over variables."""
    path = os.environ.get(CONFIG_PATH)
    config = load_config(Path(path) if path else None, os.environ)
    logging_section = config.section("logging")
    configure_logging(logging_section["level"], logging_section["format"], config_secrets(config))
    if config.upstreams is not None:
        settings = config.upstreams
    else:
        handed = json.loads(os.environ[SANDBOXES])
        settings = sandbox_settings_at(handed["urls"], set(handed["rate_limited"]))
    app = build_gateway(config, settings).app
    server_section = config.section("server")
    tune_collector(server_section["gc_young_threshold"])
    # Lives as long as the worker process (a daemon thread).
    start_reclaimer(server_section["reclaim_interval"], server_section["reclaim_growth"])
    return app


def run_workers(
    config: GatewayConfig,
    config_path: Path | None,
    workers: int,
    *,
    world: World,
    switches: Mapping[str, Switches],
    sandbox_base_port: int = 0,
    announce: Callable[[str], None] = print,
    limits: ServerLimits | None = None,
) -> None:
    """Serve with ``workers`` processes until SIGINT or SIGTERM (blocking).

    Each worker gets the connection bounds of ``limits`` with the protocol
    class uvicorn pickles for it; the sandboxes run here, not in the workers.
    """
    if limits is None:
        limits = server_limits(config, sandboxes_here=False)
    servers: dict[str, RunningServer] = {}
    workers_before = os.environ.get(WORKERS)
    # The workers' metric files, so one scrape answers for all of them. An
    # operator's own directory is kept; ours lives as long as the workers.
    metrics_dir = None
    if not os.environ.get(MULTIPROCESS_DIR):
        metrics_dir = tempfile.TemporaryDirectory(prefix="gateway-metrics-")
        os.environ[MULTIPROCESS_DIR] = metrics_dir.name
    try:
        if config.upstreams is None:
            for offset, name in enumerate(UPSTREAMS, start=1):
                app = sandbox_factory(name)(world, switches.get(name) or Switches())
                port = sandbox_base_port + offset if sandbox_base_port else 0
                servers[name] = serve_in_thread(app, "127.0.0.1", port)
                announce(f"sandbox {name:<14} {servers[name].base_url}")
            os.environ[SANDBOXES] = json.dumps(
                {
                    "urls": {name: server.base_url for name, server in servers.items()},
                    "rate_limited": [n for n, s in switches.items() if s.rate_limit],
                }
            )
        if config_path is not None:
            os.environ[CONFIG_PATH] = str(config_path.resolve())
        # Each worker keeps its share of the upstreams' rates and caps by this count.
        os.environ[WORKERS] = str(workers)
        announce(f"GraphQL at http://{config.host}:{config.port}/graphql ({workers} workers)")
        uvicorn.run(
            "gateway.workers:worker_app",
            factory=True,
            host=config.host,
            port=config.port,
            workers=workers,
            loop="uvloop",
            http=guarded_protocol(limits),
            ws="none",
            log_level="warning",
            # uvicorn's own handlers would print tracebacks: its loggers go
            # through the gateway's JSON lines instead (``configure_logging``).
            log_config=None,
            access_log=False,
            server_header=False,
            proxy_headers=False,  # as gateway.server.uvicorn_config says why
            lifespan="on",
            timeout_graceful_shutdown=config.section("server")["shutdown_timeout"],
        )
    finally:
        for server in servers.values():
            server.stop()
        if workers_before is None:
            os.environ.pop(WORKERS, None)
        else:
            os.environ[WORKERS] = workers_before
        if metrics_dir is not None:
            del os.environ[MULTIPROCESS_DIR]
            metrics_dir.cleanup()
