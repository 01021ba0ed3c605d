"""Metrics, readiness, the memory cache and tracing of one gateway served in a thread."""

from __future__ import annotations

import socket
import time
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from prometheus_client.parser import text_string_to_metric_families
from starlette.types import ASGIApp, Receive, Scope, Send
from strawberry.relay import to_base64

from gateway.config import load_config
from gateway.operations import ANONYMOUS, OTHER, OperationLabels
from gateway.sandboxes import UPSTREAMS, sandbox_settings_at
from gateway.wiring import build_gateway
from tests.ops.conftest import ACCOUNT_IDS, ADD_CREDIT, READ, Sandboxes
from upstreams.sandboxing import RunningServer, serve_in_thread


@dataclass
class Running:
    url: str
    exporter: InMemorySpanExporter
    http: httpx.Client

    def execute(self, query: str, variables: dict[str, Any] | None = None) -> dict[str, Any]:
        body: dict[str, Any] = self.http.post(
            f"{self.url}/graphql", json={"query": query, "variables": variables}
        ).json()
        return body

    def metric(self, name: str, **labels: str) -> float:
        """The sample ``name`` with exactly these labels (0 when absent)."""
        text = self.http.get(f"{self.url}/metrics").text
        for family in text_string_to_metric_families(text):
            for sample in family.samples:
                if sample.name == name and sample.labels == labels:
                    return float(sample.value)
        return 0.0


class HeaderRecorder:
    """Test wiring around the prepaid sandbox: keeps the traceparent each call carried."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self.traceparents: list[str] = []

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and not scope["path"].startswith("/_sandbox"):
            headers = dict(scope["headers"])
            self.traceparents.append(headers.get(b"traceparent", b"").decode())
        await self.app(scope, receive, send)


@pytest.fixture(scope="module")
def recorder(sandboxes: Sandboxes) -> Iterator[tuple[HeaderRecorder, RunningServer]]:
    """A second prepaid sandbox behind the recorder, sharing nothing with the first."""
    from tests.graph.conftest import WORLD
    from upstreams.prepaid import sandbox as prepaid

    recording = HeaderRecorder(prepaid.create_app(prepaid.SandboxConfig(world=WORLD)))
    server = serve_in_thread(recording)
    yield recording, server
    server.stop()


@pytest.fixture(scope="module")
def running(
    sandboxes: Sandboxes, recorder: tuple[HeaderRecorder, RunningServer]
) -> Iterator[Running]:
    config = load_config(None, {"GATEWAY_CACHE_STORE": "memory", "GATEWAY_METRICS_ENABLED": "1"})
    urls = {name: sandboxes.url(name) for name in UPSTREAMS}
    urls["prepaid"] = recorder[1].base_url
    exporter = InMemorySpanExporter()
    provider = TracerProvider()
    provider.add_span_processor(SimpleSpanProcessor(exporter))
    gateway = build_gateway(config, sandbox_settings_at(urls, set()), tracer_provider=provider)
    server = serve_in_thread(gateway.app)
    with httpx.Client(timeout=30) as http:
        yield Running(server.base_url, exporter, http)
    server.stop()


def prepaid_calls(recorder: tuple[HeaderRecorder, RunningServer]) -> dict[str, int]:
    answer = httpx.get(f"{recorder[1].base_url}/_sandbox/calls").json()
    return dict(answer["endpoints"])


def reset(recorder: tuple[HeaderRecorder, RunningServer]) -> None:
    httpx.delete(f"{recorder[1].base_url}/_sandbox/calls")


def test_cache_answers_the_second_read_and_a_top_up_invalidates_it(
    running: Running, recorder: tuple[HeaderRecorder, RunningServer]
) -> None:
    account = ACCOUNT_IDS[4]
    running.execute(READ, {"id": account})  # opens the session, fills the cache
    reset(recorder)
    again = running.execute(READ, {"id": account})
    assert "errors" not in again, again
    assert prepaid_calls(recorder) == {}
    running.execute(
        ADD_CREDIT,
        {
            "input": {
                "prepaidAccountId": to_base64("PrepaidAccount", account),
                "amount": 10,
                "idempotencyKey": "ops-cache-top-up",
            }
        },
    )
    after = running.execute(READ, {"id": account})
    # The top-up reads the balance fresh before charging (to settle a lost
    # answer), and the write drops the cached read, so the next read is sent.
    assert prepaid_calls(recorder) == {
        "AccountEditCreditAdd": 1,
        "AccountRead": 2,
        "SessionCreate": 1,  # the top-up's own session, ended once it is answered
        "SessionDestroy": 1,
    }
    assert after["data"]["prepaidAccount"]["balance"] != again["data"]["prepaidAccount"]["balance"]
    assert (
        running.metric(
            "gateway_cache_lookups_total", upstream="prepaid", endpoint="AccountRead", result="hit"
        )
        >= 1
    )


def test_metrics_count_requests_by_operation_and_upstream_calls_by_endpoint(
    running: Running,
) -> None:
    account = ACCOUNT_IDS[5]
    before_requests = running.metric(
        "gateway_requests_total", operation="Balance", type="query", status="200"
    )
    before_calls = running.metric(
        "gateway_upstream_calls_total", upstream="prepaid", endpoint="AccountRead", status="200"
    )
    before_batches = running.metric(
        "gateway_dataloader_batch_size_count", loader="prepaid_accounts"
    )
    running.execute(READ, {"id": account})
    assert (
        running.metric("gateway_requests_total", operation="Balance", type="query", status="200")
        == before_requests + 1
    )
    assert (
        running.metric(
            "gateway_upstream_calls_total", upstream="prepaid", endpoint="AccountRead", status="200"
        )
        == before_calls + 1
    )
    assert (
        running.metric("gateway_dataloader_batch_size_count", loader="prepaid_accounts")
        == before_batches + 1
    )


def test_unnamed_and_unknown_operation_names_collapse() -> None:
    labels = OperationLabels(limit=2)
    assert [labels.name(n) for n in ("A", "B", "C", "A", None, "x" * 65, "a-b")] == [
        "A",
        "B",
        OTHER,
        "A",
        ANONYMOUS,
        OTHER,
        OTHER,
    ]


def test_an_anonymous_operation_is_counted_as_anonymous(running: Running) -> None:
    labels = {"operation": "anonymous", "type": "query", "status": "200"}
    before = running.metric("gateway_requests_total", **labels)
    running.execute("{ __typename }")
    assert running.metric("gateway_requests_total", **labels) == before + 1


def test_upstream_errors_are_counted_by_endpoint_and_code(
    running: Running, recorder: tuple[HeaderRecorder, RunningServer]
) -> None:
    running.execute(READ, {"id": ACCOUNT_IDS[8]})  # the session is open before the fault
    labels = {"upstream": "prepaid", "endpoint": "AccountRead", "code": "UPSTREAM_UNAVAILABLE"}
    before = running.metric("gateway_upstream_errors_total", **labels)
    switches = f"{recorder[1].base_url}/_sandbox/switches"
    httpx.patch(switches, json={"error_rate": 1.0}).raise_for_status()
    try:
        body = running.execute(READ, {"id": ACCOUNT_IDS[7]})
    finally:
        httpx.patch(switches, json={"error_rate": 0.0}).raise_for_status()
    assert body["errors"][0]["extensions"]["code"] == "UPSTREAM_UNAVAILABLE"
    # Every attempt is an upstream call: the read and its two retries all failed.
    assert running.metric("gateway_upstream_errors_total", **labels) == before + 3


def test_a_span_per_request_and_per_upstream_call_with_traceparent_sent(
    running: Running, recorder: tuple[HeaderRecorder, RunningServer]
) -> None:
    running.exporter.clear()
    recorder[0].traceparents.clear()
    running.execute(READ, {"id": ACCOUNT_IDS[6]})
    for _ in range(100):  # the server span ends just after the response is sent
        spans = running.exporter.get_finished_spans()
        if any(s.name == "GraphQL Balance" for s in spans):
            break
        time.sleep(0.01)
    server = [s for s in spans if s.name == "GraphQL Balance"]
    clients = [s for s in spans if s.name == "prepaid AccountRead"]
    assert len(server) == 1 and len(clients) == 1
    trace_id = server[0].context.trace_id
    assert clients[0].context.trace_id == trace_id
    assert clients[0].parent is not None
    assert clients[0].parent.span_id == server[0].context.span_id
    # Every span of this trace is the request's or an upstream call's (the session may
    # open first): none per field. Each call carried its own span as the traceparent's
    # parent. (A previous test's server span, such as a scrape's, may end after the clear.)
    traced = [s for s in spans if s.context.trace_id == trace_id]
    calls = [s for s in traced if s.kind.name == "CLIENT"]
    assert len(traced) == len(calls) + 1, [(s.name, s.kind.name) for s in traced]
    assert recorder[0].traceparents == [
        f"00-{trace_id:032x}-{span.context.span_id:016x}-{int(span.context.trace_flags):02x}"
        for span in calls
    ]


def test_ready_names_the_unreachable_upstream_without_its_url(
    sandboxes: Sandboxes,
) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        closed = f"http://127.0.0.1:{sock.getsockname()[1]}"  # bound, never listening
        urls = {name: sandboxes.url(name) for name in UPSTREAMS}
        urls["saasu"] = closed
        gateway = build_gateway(load_config(None, {}), sandbox_settings_at(urls, set()))
        server = serve_in_thread(gateway.app)
        try:
            assert httpx.get(f"{server.base_url}/health").status_code == 200
            response = httpx.get(f"{server.base_url}/ready")
        finally:
            server.stop()
    assert response.status_code == 503
    assert response.json()["upstreams"] == {
        "prepaid": "ok",
        "billing": "ok",
        "saasu": "unreachable",
        "invoicexpress": "ok",
    }
    assert closed.split("//")[1] not in response.text


def test_ready_when_every_upstream_answers(running: Running) -> None:
    response = running.http.get(f"{running.url}/ready")
    assert response.status_code == 200
    assert response.json()["status"] == "ready"
