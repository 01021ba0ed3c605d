"""One GraphQL request's deadline bounds the upstream calls made for it, one after another.

Each upstream call has its own budget, but a field that needs a record read
after another (a billing account, then its prepaid account) spends two. The
request's deadline caps the sum: here each call may take 10 s, yet the answer
comes when the request's second runs out, with what was ready by then.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import pytest

from gateway.config import UpstreamSettings
from gateway.limits import LimitSettings
from tests.graph.conftest import WORLD, Graph, running_graph, with_clients

REQUEST_TIMEOUT = 1.0
SLACK = 1.0
"""Room for a busy machine: a correctness bound, not a benchmark."""

BILLING_ID = next(b for b in WORLD.billing_ids() if WORLD.prepaid_id_for_billing(b))
CHAIN = """query ($id: Int!) {
  customerAccount(identity: $id) { name prepaidAccount { balance { amount } } }
}"""


def patient(settings: UpstreamSettings) -> UpstreamSettings:
    """Calls that would each wait far longer than the request may."""
    return with_clients(settings, read_timeout=10.0, total_timeout=10.0, read_retries=0)


@pytest.fixture(scope="module")
def graph() -> Iterator[Graph]:
    with running_graph(patient, limits=LimitSettings(request_timeout=REQUEST_TIMEOUT)) as running:
        yield running


def timed(graph: Graph, query: str, variables: dict[str, int]) -> tuple[dict[str, Any], float]:
    started = time.perf_counter()
    body = graph.execute(query, variables)
    return body, time.perf_counter() - started


def test_the_second_of_two_dependent_calls_gets_only_what_is_left(graph: Graph) -> None:
    graph.execute(CHAIN, {"id": BILLING_ID})  # logins and sessions open before timing
    graph.reset_calls()
    graph.switch("billing", latency_ms=600)
    graph.switch("prepaid", latency_ms=3000)
    try:
        body, elapsed = timed(graph, CHAIN, {"id": BILLING_ID})
    finally:
        graph.reset_switches()
    assert body["data"]["customerAccount"]["name"]
    assert body["data"]["customerAccount"]["prepaidAccount"] is None
    [error] = body["errors"]
    assert error["path"] == ["customerAccount", "prepaidAccount"]
    assert error["extensions"]["code"] == "UPSTREAM_TIMEOUT"
    assert elapsed < REQUEST_TIMEOUT + SLACK


def test_a_call_due_after_the_deadline_is_never_sent(graph: Graph) -> None:
    graph.execute(CHAIN, {"id": BILLING_ID})
    graph.switch("billing", latency_ms=1500)
    graph.reset_calls()
    try:
        body, elapsed = timed(graph, CHAIN, {"id": BILLING_ID})
    finally:
        graph.reset_switches()
    assert body["data"] == {"customerAccount": None}
    assert body["errors"][0]["extensions"]["code"] == "UPSTREAM_TIMEOUT"
    # The billing read ran out of time, so the prepaid read it leads to never went out.
    assert graph.calls("prepaid") == {}
    assert elapsed < REQUEST_TIMEOUT + SLACK
