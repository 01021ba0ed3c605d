"""Tracing as operated: ``gateway serve`` exports its spans over OTLP/HTTP to a collector.

The in-process tests read spans from memory; these run the configured
exporter itself, against a collector on loopback, as production would.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from opentelemetry.proto.trace.v1.trace_pb2 import Span as WireSpan

from tests.ops.conftest import (
    ACCOUNT_IDS,
    ONE_PROCESS,
    READ,
    GatewayStarter,
    Sandboxes,
    upstreams_toml,
)
from tests.ops.otlp_collector import Collector
from tests.redis_server import free_port

TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736"
CALLER_SPAN = "00f067aa0ba902b7"


@pytest.fixture
def collector() -> Iterator[Collector]:
    running = Collector()
    yield running
    running.close()


def tracing_env(endpoint: str, **more: str) -> dict[str, str]:
    return {
        **os.environ,
        "GATEWAY_TRACING_ENABLED": "true",
        "GATEWAY_TRACING_SERVICE_NAME": "graph-gateway-under-test",
        "OTEL_EXPORTER_OTLP_ENDPOINT": endpoint,
        **more,
    }


def ask(url: str, account: int) -> dict[str, Any]:
    response = httpx.post(
        f"{url}/graphql",
        json={"query": READ, "variables": {"id": account}},
        headers={"traceparent": f"00-{TRACE_ID}-{CALLER_SPAN}-01"},
        timeout=30,
    )
    body: dict[str, Any] = response.json()
    assert body["data"]["prepaidAccount"]["name"], body
    return body


def test_spans_reach_the_collector_in_the_callers_trace_and_none_is_lost_at_shutdown(
    sandboxes: Sandboxes, gateways: GatewayStarter, collector: Collector, tmp_path: Any
) -> None:
    config = tmp_path / "gateway.toml"
    config.write_text(ONE_PROCESS + upstreams_toml(sandboxes))
    # The batch processor's default 5 s schedule: these spans are still queued at
    # SIGTERM, so they arrive only if shutting down flushes them.
    gateway = gateways(["--config", str(config), "--port", "0"], tracing_env(collector.endpoint))
    ask(gateway.url, ACCOUNT_IDS[4])
    assert collector.spans == []
    gateway.stop()
    assert gateway.process.returncode == 0

    spans = collector.spans
    assert {span.service for span in spans} == {"graph-gateway-under-test"}
    servers = [span for span in spans if span.kind == WireSpan.SPAN_KIND_SERVER]
    assert [span.name for span in servers] == ["GraphQL Balance"]
    server = servers[0]
    # The gateway's span continues the caller's trace, under the caller's span.
    assert (server.trace_id, server.parent_span_id) == (TRACE_ID, CALLER_SPAN)
    assert server.attributes["http.status_code"] == 200
    assert server.attributes["graphql.operation.name"] == ["Balance"]
    clients = [span for span in spans if span.kind == WireSpan.SPAN_KIND_CLIENT]
    assert "prepaid AccountRead" in {span.name for span in clients}
    for span in clients:
        assert (span.trace_id, span.parent_span_id) == (TRACE_ID, server.span_id)
    assert len(spans) == len(clients) + 1  # no span per field
    # What leaves for the collector names endpoints, never an upstream's URL or secret.
    exported = b"".join(collector.bodies)
    settings = sandboxes.settings()
    for private in (
        sandboxes.url("prepaid"),
        settings.prepaid.password,
        settings.billing.password,
        settings.invoicexpress.api_key,
    ):
        assert private.encode() not in exported


def test_a_collector_that_is_down_costs_no_answer_and_its_address_stays_out_of_the_log(
    sandboxes: Sandboxes, gateways: GatewayStarter, tmp_path: Any
) -> None:
    port = free_port()  # nothing listens there
    config = tmp_path / "gateway.toml"
    config.write_text(ONE_PROCESS + upstreams_toml(sandboxes))
    gateway = gateways(
        ["--config", str(config), "--port", "0"],
        # Export every 50 ms, and give each batch 2 s of retries (the default 10 s
        # is also how long a stop waits for the batch in flight).
        tracing_env(
            f"http://127.0.0.1:{port}", OTEL_BSP_SCHEDULE_DELAY="50", OTEL_EXPORTER_OTLP_TIMEOUT="2"
        ),
    )
    ask(gateway.url, ACCOUNT_IDS[5])
    time.sleep(1.0)  # bounded: the exporter's first attempt fails at once, then it backs off
    ask(gateway.url, ACCOUNT_IDS[6])
    errors = gateway.stop()
    assert gateway.process.returncode == 0
    lines = [json.loads(line) for line in errors.splitlines() if line.strip()]
    exporter = [line for line in lines if line["logger"].startswith("opentelemetry")]
    assert exporter, "the failed export was not logged"
    assert str(port) not in errors
    assert "/v1/traces" not in errors
    assert "Traceback" not in errors
