"""An answer in parts is one request: its limits, deadline, log line and metrics.

The later parts run under the deadline the request was given, the access
log and the request metrics count the request once, with its operation,
after its last part, and the limits refuse a document whatever it defers.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator

import pytest
from starlette.middleware import Middleware

from gateway.access_log import log_request
from gateway.each_request import EachRequest
from gateway.limits import LimitSettings
from gateway.metrics import GatewayMetrics
from tests.graph.conftest import Graph, open_sessions, running_graph
from tests.incremental.multipart import ACCEPT, incremental, merged
from tests.incremental.test_defer_stream import FIFTY_DEFERRED

METRICS = GatewayMetrics(max_operation_names=10)
DEADLINE = 1.0


@pytest.fixture(scope="module")
def graph() -> Iterator[Graph]:
    """A gateway with its access log and metrics, a short deadline and a shallow depth limit."""
    with running_graph(
        limits=LimitSettings(request_timeout=DEADLINE, max_depth=6),
        middleware=[Middleware(EachRequest, reports=[METRICS.count_request, log_request])],
    ) as running:
        open_sessions(running)
        yield running


def access_lines(caplog: pytest.LogCaptureFixture) -> list[logging.LogRecord]:
    return [
        record
        for record in caplog.records
        if record.name == "gateway.access" and record.getMessage() == "POST /graphql 200"
    ]


def access_lines_once_served(caplog: pytest.LogCaptureFixture) -> list[logging.LogRecord]:
    """The access lines, once the request's line is written (or a few seconds have passed).

    The line is written when the app returns, just after it sent the answer's
    last byte: a client that has read the whole answer may look before it is.
    """
    for _ in range(500):
        lines = access_lines(caplog)
        if lines:
            return lines
        time.sleep(0.01)
    return access_lines(caplog)


def test_deferred_reads_past_the_deadline_fail_in_their_part_only(graph: Graph) -> None:
    graph.switch("prepaid", only_endpoints=["AccountRead"], latency_ms=DEADLINE * 2500)
    with incremental(graph.http, graph.url, FIFTY_DEFERRED) as (_, payloads):
        first, *rest = list(payloads)
    assert "errors" not in first
    assert len(first["data"]["customerAccounts"]["edges"]) == 50
    errors = [
        error
        for payload in rest
        for part in payload["incremental"]
        for error in part.get("errors", [])
    ]
    assert errors and {tuple(error["path"][-1:]) for error in errors} == {("prepaidAccount",)}
    answer = merged([first, *rest])
    assert all(
        edge["node"]["prepaidAccount"] is None
        for edge in answer["data"]["customerAccounts"]["edges"]
    )


def test_the_access_log_and_the_metrics_count_one_request_after_its_last_part(
    graph: Graph, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="gateway.access")
    counted = METRICS.series(METRICS.requests, "FiftyAccountsDeferred", "query", "200")
    before = counted._value.get()
    graph.switch("prepaid", only_endpoints=["AccountRead"], latency_ms=300)
    with incremental(graph.http, graph.url, FIFTY_DEFERRED) as (_, payloads):
        next(payloads)
        # The first part is out; the request is not over until the last.
        assert access_lines(caplog) == []
        assert list(payloads)[-1]["hasNext"] is False
    (line,) = access_lines_once_served(caplog)
    fields = line.__dict__["fields"]
    assert fields["operations"] == [{"name": "FiftyAccountsDeferred", "type": "query"}]
    assert counted._value.get() == before + 1


def test_the_depth_limit_refuses_a_deferred_fragment_too_deep(graph: Graph) -> None:
    query = """{ customerAccounts(first: 1) { edges { node { ... @defer {
      prepaidAccount { invoices(first: 1) { edges { node { total { amount } } } } }
    } } } } }"""
    response = graph.http.post(graph.url, json={"query": query}, headers={"accept": ACCEPT})
    assert response.status_code == 400
    assert response.headers["content-type"].startswith("application/graphql-response+json")
    (error,) = response.json()["errors"]
    assert error["extensions"]["code"] == "MAX_DEPTH_EXCEEDED"
