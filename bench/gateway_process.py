"""The gateway under test in a process of its own (``python -m bench.gateway_process``).

Argument: a JSON object of sandbox base URLs; ``--naive`` serves the naive
baseline (every loader unbatched and uncached, no document cache). Otherwise
it serves what ``gateway serve`` builds from its default configuration
(``build_gateway``: access log, request ids, metrics, JSON logging at info to
stderr) with the same uvicorn settings; ``--read-cache`` adds the in-memory
read cache at its default TTLs (``[cache] store = "memory"``); ``--record
PATH`` appends each upstream request it sends to PATH as a JSON line (what
``bench.recorded`` replays for the call floor); ``--phases PATH`` appends
each request's moments to PATH (``bench.phases``). Prints ``GraphQL at <url>``
and serves until stdin closes.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Awaitable, Callable
from functools import partial
from pathlib import Path
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.routing import Route
from starlette.types import ASGIApp

from bench import phases
from bench.serving import serve_until_stdin_closes
from fastpath.core_schema import core_schema
from gateway.collector import tune_collector
from gateway.config import GatewayConfig, load_config
from gateway.logging_json import configure_logging
from gateway.protocol.documents import DocumentCache
from gateway.protocol.endpoint import GraphQLEndpoint
from gateway.protocol.execution import Executor
from gateway.redaction import config_secrets
from gateway.sandboxes import Sandboxes, sandbox_settings
from gateway.server import build_upstreams, close_upstreams, run_on_fast_loop
from gateway.wiring import Gateway, build_gateway
from resolvers.context import GraphContext, Upstreams
from resolvers.schema import schema
from upstreams.aiohttp_engine import AiohttpEngine
from upstreams.answer import Answer
from upstreams.outgoing import Call


class _Remote(Sandboxes):
    """Sandboxes running in another process, known by their URLs only."""

    def __init__(self, urls: dict[str, str]) -> None:
        super().__init__({})
        self.urls = urls

    def base_url(self, name: str) -> str:
        return self.urls[name]


def naive_app(upstreams: Upstreams) -> Starlette:
    """The baseline: the same schema with direct per-field adapter calls and no caches."""
    documents = DocumentCache(core_schema(schema), size=0, max_bytes=0)
    executor = Executor(schema, documents)

    def context(request: Request) -> GraphContext:
        return GraphContext(upstreams, naive=True)

    return Starlette(routes=[Route("/graphql", GraphQLEndpoint(executor, context))])


def served(config: GatewayConfig, urls: dict[str, str]) -> Gateway:
    """What ``gateway serve`` builds over these sandboxes, logging as it does."""
    logging_section = config.section("logging")
    configure_logging(logging_section["level"], logging_section["format"], config_secrets(config))
    return build_gateway(config, sandbox_settings(_Remote(urls), {}))


async def _serve(urls: dict[str, str], naive: bool, read_cache: bool) -> None:
    config = load_config(None, {"GATEWAY_CACHE_STORE": "memory"} if read_cache else {})
    app: ASGIApp
    if naive:
        upstreams = build_upstreams(sandbox_settings(_Remote(urls), {}))
        app = naive_app(upstreams)
        close: Callable[[], Awaitable[None]] = partial(close_upstreams, upstreams)
    else:
        gateway = served(config, urls)
        app, close = gateway.app, gateway.aclose
    # The process setting serve makes, for the baseline too: it is not a loader or a cache.
    tune_collector(config.section("server")["gc_young_threshold"])
    await serve_until_stdin_closes(app, "GraphQL")
    await close()


def record_into(target: Path) -> None:
    """Append every upstream request this process sends to ``target``, one JSON line each.

    The bench's own process, never the gateway's code: the engine is wrapped here.
    """
    send = AiohttpEngine.send

    async def recording(engine: AiohttpEngine, call: Call) -> Answer:
        outgoing = engine.shaper.shape(call)
        line = {
            "method": outgoing.method,
            "url": outgoing.url,
            "headers": outgoing.headers,
            "body": (outgoing.body or b"").decode("utf-8"),
        }
        with target.open("a") as out:
            out.write(json.dumps(line) + "\n")
        return await send(engine, call)

    AiohttpEngine.send = recording  # type: ignore[method-assign,assignment]


def main(argv: list[str]) -> None:
    urls: dict[str, Any] = json.loads(argv[0])
    if "--record" in argv:
        record_into(Path(argv[argv.index("--record") + 1]))
    if "--phases" in argv:
        phases.stamp_into(Path(argv[argv.index("--phases") + 1]))
    serve = _serve(urls, "--naive" in argv[1:], "--read-cache" in argv[1:])
    if "--profile" not in argv:
        run_on_fast_loop(serve)
        return
    from pyinstrument import Profiler

    profiler = Profiler(interval=0.0005, async_mode="disabled")
    profiler.start()
    try:
        run_on_fast_loop(serve)
    finally:
        profiler.stop()
        target = Path(argv[argv.index("--profile") + 1])
        target.write_text(profiler.output_text(unicode=False, color=False, show_all=False))


if __name__ == "__main__":
    main(sys.argv[1:])
