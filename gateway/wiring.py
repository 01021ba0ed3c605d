"""Assemble a serving gateway: adapters with cache and observers, the app, its ops routes.

``create_app`` stays the GraphQL app alone; this adds what operating it
needs (``/health``, ``/ready``, ``/metrics``, request ids, access logs,
spans) from the configuration. Both ``gateway serve`` and each worker of
``gateway serve --workers N`` build their gateway here.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.routing import Route
from starlette.types import ASGIApp

from gateway.access_log import log_request
from gateway.adapters import build_upstreams, close_upstreams
from gateway.app import create_app
from gateway.cache_setup import build_cache
from gateway.config import GatewayConfig, UpstreamSettings
from gateway.doorway import Door, door
from gateway.each_request import EachRequest, Report
from gateway.health import Readiness, health
from gateway.in_flight import InFlight
from gateway.metrics import GatewayMetrics
from gateway.stores import open_idempotency
from gateway.tracing import ServerSpans, Tracing, build_provider
from resolvers.context import Upstreams
from resolvers.idempotency import Idempotency
from resolvers.prepaid.fence import count_in_doubt
from upstreams.allowances import Allowances, AllowanceSettings
from upstreams.cache import ReadCache
from upstreams.observe import CallWatch

NAMES = ("prepaid", "billing", "saasu", "invoicexpress")


@dataclass
class Gateway:
    """A built gateway; ``aclose`` closes its pools and cache."""

    app: ASGIApp
    upstreams: Upstreams
    cache: ReadCache | None
    metrics: GatewayMetrics | None
    idempotency: Idempotency
    door: Door
    allowances: Allowances

    async def aclose(self) -> None:
        await close_upstreams(self.upstreams)
        await self.allowances.aclose()
        await self.idempotency.store.aclose()
        await self.door.persisted.aclose()
        if self.cache is not None:
            await self.cache.aclose()


def build_gateway(
    config: GatewayConfig, settings: UpstreamSettings, *, tracer_provider: Any = None
) -> Gateway:
    """The app over ``settings``; ``tracer_provider`` overrides the configured one (tests)."""
    metrics_on = config.section("metrics")["enabled"]
    metrics = (
        GatewayMetrics(config.section("metrics")["max_operation_names"]) if metrics_on else None
    )
    cache = build_cache(config, [metrics] if metrics else [])
    tracing = _tracing(config, tracer_provider)
    watch = CallWatch(observers=(metrics,) if metrics is not None else (), tracer=tracing)
    allowances = _allowances(config)
    upstreams = build_upstreams(
        settings, cache=cache, batches=metrics, watch=watch, allowances=allowances
    )
    https = {name: getattr(upstreams, name).http for name in NAMES}
    caps = {name: http.daily_cap for name, http in https.items() if http.daily_cap is not None}
    idempotency = open_idempotency(config)
    entrance = door(config)
    health_section = config.section("health")
    readiness = Readiness(
        {name: http.settings.base_url for name, http in https.items()},
        timeout=health_section["probe_timeout"],
        interval=health_section["probe_interval"],
        daily_caps=caps,
    )
    routes = [Route("/health", health), Route("/ready", readiness.endpoint)]
    # Metrics before the log line, which may block on a slow stderr.
    reports: list[Report] = [] if metrics is None else [metrics.count_request]
    reports.append(log_request)
    # Outermost first: a request shed under overload costs as little as can be.
    middleware = [
        Middleware(
            InFlight,
            limit=config.section("server")["max_in_flight"],
            on_shed=metrics.requests_shed.inc if metrics is not None else None,
        ),
        Middleware(EachRequest, reports=reports),
    ]
    if tracing is not None:
        middleware.append(Middleware(ServerSpans, tracing=tracing))
    if metrics is not None:
        metrics.watch_breakers(https)
        metrics.watch_daily_caps(caps)
        metrics.watch_top_ups(lambda: count_in_doubt(idempotency))
        routes.append(Route("/metrics", metrics.endpoint))

    @asynccontextmanager
    async def lifespan(_: Starlette) -> AsyncIterator[None]:
        """Close pools and cache when a worker shuts down (after draining requests)."""
        yield
        await gateway.aclose()

    app = create_app(
        upstreams,
        production=config.production,
        idempotency=idempotency,
        routes=routes,
        middleware=middleware,
        lifespan=lifespan,
        **entrance.app_options(),
    )
    gateway = Gateway(app, upstreams, cache, metrics, idempotency, entrance, allowances)
    return gateway


def _allowances(config: GatewayConfig) -> Allowances:
    """Rates and daily caps shared in Redis when there is one; each worker keeps its share
    while Redis cannot answer (or with no Redis at all)."""
    section = config.section("budgets")
    return Allowances(
        config.section("redis")["url"],
        settings=AllowanceSettings(
            replicas=section["replicas"], store_timeout_seconds=section["store_timeout_seconds"]
        ),
        workers=config.section("server")["workers"],
    )


def _tracing(config: GatewayConfig, provider: Any) -> Tracing | None:
    section = config.section("tracing")
    if provider is None and not section["enabled"]:
        return None
    if provider is None:
        provider = build_provider(section["service_name"], section["exporter"])
    return Tracing(provider)
