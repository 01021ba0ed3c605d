"""Prometheus metrics: requests by operation, upstream calls, loader batches, cache, breakers,
and the upstreams' calls of the day against their daily caps.

Each app gets its own registry, so two gateways in one process (tests) never
share counts. Under ``gateway serve --workers N`` the workers write their
counts to files in ``PROMETHEUS_MULTIPROC_DIR`` (prometheus_client's
multiprocess mode, set up by ``gateway.workers``), and a scrape that reaches
any one worker answers the sum over all of them.

The object is at once the upstream ``CallObserver``, the cache's
``CacheObserver`` and the loaders' ``BatchObserver``: the adapters report to
it without knowing Prometheus exists.
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import Awaitable, Callable, Iterable, Iterator, Mapping
from typing import Any

from prometheus_client import CollectorRegistry, Counter, Histogram
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.exposition import CONTENT_TYPE_LATEST, generate_latest
from prometheus_client.multiprocess import MultiProcessCollector
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import Scope

from gateway.operations import OperationLabels, ran
from upstreams.daily_cap import DailyCap
from upstreams.observe import CallRecord

MULTIPROCESS_DIR = "PROMETHEUS_MULTIPROC_DIR"
BREAKER_STATES = {"closed": 0, "half_open": 1, "half-open": 1, "open": 2}
BATCH_BUCKETS = (1, 2, 3, 5, 8, 13, 21, 34, 55, 100)
GRAPHQL_PATH = "/graphql"
TIMED = "timed"  # tells a pair's key in ``_series`` from a single series'


class GatewayMetrics:
    """The gateway's metrics and the observers that feed them."""

    def __init__(self, max_operation_names: int) -> None:
        self.registry = CollectorRegistry()
        self.labels = OperationLabels(max_operation_names)
        r = self.registry
        self.requests = Counter(
            "gateway_requests",
            "GraphQL operations served, by operation name and type and HTTP status.",
            ["operation", "type", "status"],
            registry=r,
        )
        self.request_seconds = Histogram(
            "gateway_request_seconds",
            "Time to answer an HTTP request to /graphql, by operation.",
            ["operation", "type"],
            registry=r,
        )
        self.upstream_calls = Counter(
            "gateway_upstream_calls",
            "Calls sent to upstreams, by upstream, endpoint and HTTP status (none: no answer).",
            ["upstream", "endpoint", "status"],
            registry=r,
        )
        self.upstream_errors = Counter(
            "gateway_upstream_errors",
            "Upstream calls that failed, by upstream, endpoint and error code.",
            ["upstream", "endpoint", "code"],
            registry=r,
        )
        self.upstream_seconds = Histogram(
            "gateway_upstream_call_seconds",
            "Time of one upstream call, by upstream and endpoint.",
            ["upstream", "endpoint"],
            registry=r,
        )
        self.batch_size = Histogram(
            "gateway_dataloader_batch_size",
            "Keys per dataloader batch, by loader.",
            ["loader"],
            buckets=BATCH_BUCKETS,
            registry=r,
        )
        self.cache = Counter(
            "gateway_cache_lookups",
            "Cross-request cache lookups of upstream reads, by result (hit or miss).",
            ["upstream", "endpoint", "result"],
            registry=r,
        )
        self.requests_shed = Counter(
            "gateway_requests_shed",
            "Requests to /graphql answered 503 OVERLOADED: server.max_in_flight were in flight.",
            registry=r,
        )
        self.breakers: Mapping[str, Any] = {}
        self.top_ups_in_doubt: Callable[[], Awaitable[int]] | None = None
        self.in_doubt_count: int | None = None
        self.daily_caps: Mapping[str, DailyCap] = {}
        self.daily_calls: dict[str, int] = {}
        self._register_live(r)
        # Each label set's series, looked up once: ``.labels()`` validates and locks
        # on every call. One entry per series the metrics themselves keep, so this
        # grows no further than they do.
        self._series: dict[tuple[Any, ...], Any] = {}

    def series(self, metric: Counter | Histogram, *values: str) -> Any:
        """``metric.labels(*values)``, remembered per metric and label values."""
        key = (id(metric), *values)
        child = self._series.get(key)
        if child is None:
            child = self._series[key] = metric.labels(*values)
        return child

    def timed(
        self, counter: Counter, histogram: Histogram, status: str, *values: str
    ) -> tuple[Any, Any]:
        """``counter``'s series for ``values`` and ``status`` and ``histogram``'s for ``values``:
        what one request or call counts and times, remembered together as ``series`` does."""
        key = (TIMED, id(counter), status, *values)
        pair = self._series.get(key)
        if pair is None:
            pair = self._series[key] = (counter.labels(*values, status), histogram.labels(*values))
        return pair

    # Observers

    def count_request(self, scope: Scope, status: int, seconds: float) -> None:
        """Count and time a request to ``/graphql`` by the operations it ran (a
        ``gateway.each_request`` report)."""
        if scope["path"] != GRAPHQL_PATH:
            return
        labels = self.labels
        code = str(status)
        for name, kind in ran(scope) or [(None, None)]:
            count, spent = self.timed(
                self.requests, self.request_seconds, code, labels.name(name), labels.kind(kind)
            )
            count.inc()
            spent.observe(seconds)

    def on_call(self, record: CallRecord) -> None:
        status = "none" if record.status is None else str(record.status)
        upstream, endpoint = record.upstream, record.endpoint
        count, spent = self.timed(
            self.upstream_calls, self.upstream_seconds, status, upstream, endpoint
        )
        count.inc()
        spent.observe(record.seconds)
        if record.error_code is not None:
            self.series(self.upstream_errors, upstream, endpoint, record.error_code).inc()

    def on_cache(self, upstream: str, endpoint: str, hit: bool) -> None:
        self.series(self.cache, upstream, endpoint, "hit" if hit else "miss").inc()

    def on_batch(self, loader: str, size: int) -> None:
        self.series(self.batch_size, loader).observe(size)

    def watch_breakers(self, https: Mapping[str, Any]) -> None:
        """Report the breaker of each upstream's HTTP client that has one (``.breaker``)."""
        self.breakers = https

    def watch_top_ups(self, count: Callable[[], Awaitable[int]]) -> None:
        """Report the top-ups in doubt that ``count`` finds in the shared key store."""
        self.top_ups_in_doubt = count

    def watch_daily_caps(self, caps: Mapping[str, DailyCap]) -> None:
        """Report each capped upstream's calls of the day, counted where the cap keeps them."""
        self.daily_caps = caps

    # HTTP

    async def endpoint(self, request: Request) -> Response:
        await asyncio.gather(self._count_in_doubt(), self._count_daily_calls())
        return Response(generate_latest(self._scraped()), media_type=CONTENT_TYPE_LATEST)

    async def _count_in_doubt(self) -> None:
        """Ask the shared store now: every replica's scrape then reports the same count."""
        if self.top_ups_in_doubt is None:
            return
        try:
            self.in_doubt_count = await self.top_ups_in_doubt()
        except Exception:  # a store that cannot answer leaves the gauge out, not the scrape
            self.in_doubt_count = None

    async def _count_daily_calls(self) -> None:
        """Read each day's count now: every replica's scrape then reports the shared count."""
        names = list(self.daily_caps)
        counts = await asyncio.gather(*(self.daily_caps[name].used() for name in names))
        self.daily_calls = dict(zip(names, counts, strict=True))

    def _scraped(self) -> CollectorRegistry:
        """This process's registry, or every worker's counts when workers share a directory."""
        if not os.environ.get(MULTIPROCESS_DIR):
            return self.registry
        merged = CollectorRegistry()
        MultiProcessCollector(merged)  # type: ignore[no-untyped-call]
        self._register_live(merged)  # live state: this worker's view
        return merged

    def _register_live(self, registry: CollectorRegistry) -> None:
        for family in (_breaker_states, _top_ups_in_doubt, _daily_calls, _daily_caps):
            registry.register(_AtScrape(self, family))


class _AtScrape:
    """A gauge family built from ``metrics`` when scraped: live state, not a count kept."""

    def __init__(
        self, metrics: GatewayMetrics, family: Callable[[GatewayMetrics], Metric | None]
    ) -> None:
        self.metrics = metrics
        self.family = family

    def collect(self) -> Iterable[Metric]:
        found = self.family(self.metrics)
        if found is not None:
            yield found

    def describe(self) -> Iterator[Metric]:
        return iter(())


def _breaker_states(metrics: GatewayMetrics) -> Metric:
    """Breaker state per upstream: 0 closed, 1 half-open, 2 open."""
    family = GaugeMetricFamily(
        "gateway_circuit_breaker_state",
        "Circuit breaker per upstream: 0 closed, 1 half-open, 2 open.",
        labels=["upstream"],
    )
    for upstream, http in metrics.breakers.items():
        value = _breaker_value(getattr(http, "breaker", None))
        if value is not None:
            family.add_metric([upstream], value)
    return family


def _top_ups_in_doubt(metrics: GatewayMetrics) -> Metric | None:
    """The top-ups in doubt, as counted in the shared store at this scrape."""
    if metrics.in_doubt_count is None:
        return None
    family = GaugeMetricFamily(
        "gateway_top_ups_in_doubt",
        "Top-ups whose outcome is unknown (the card may have been charged): "
        "list and settle them with topUpsInDoubt and settleTopUp.",
    )
    family.add_metric([], metrics.in_doubt_count)
    return family


def _daily_calls(metrics: GatewayMetrics) -> Metric:
    """Each capped upstream's calls of the day, as read at this scrape."""
    family = GaugeMetricFamily(
        "gateway_upstream_daily_calls",
        "Calls counted against the upstream's daily cap today (shared by every replica "
        "through Redis); at the cap its calls are refused with RATE_LIMITED, never sent.",
        labels=["upstream"],
    )
    for upstream, count in metrics.daily_calls.items():
        if upstream in metrics.daily_caps:
            family.add_metric([upstream], count)
    return family


def _daily_caps(metrics: GatewayMetrics) -> Metric:
    """Each capped upstream's cap of calls a day."""
    family = GaugeMetricFamily(
        "gateway_upstream_daily_cap",
        "The upstream's daily cap of calls (upstreams.<name>.daily_cap).",
        labels=["upstream"],
    )
    for upstream, cap in metrics.daily_caps.items():
        family.add_metric([upstream], cap.cap)
    return family


def _breaker_value(breaker: Any) -> float | None:
    if breaker is None:
        return None
    state = getattr(breaker, "state", None)
    state = getattr(state, "value", state)  # an Enum's value, or the plain state
    if isinstance(state, str):
        return float(BREAKER_STATES.get(state.lower(), -1))
    if isinstance(state, int | float):
        return float(state)
    return None
