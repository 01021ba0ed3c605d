"""Failing upstreams degrade cleanly: every sandbox switch, seen through the graph.

One query reads from all four upstreams. Each fault hits one upstream's read
endpoint; that upstream's field is null with its code, the other three
still answer, reads are retried (counted at the sandbox), writes never are,
and the answer comes within the configured budget. Budgets and timeouts are
small so no test waits more than about two seconds.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from strawberry.relay import to_base64

from gateway.config import UpstreamSettings
from tests.graph.conftest import WORLD, Graph, running_graph, with_clients

BUDGET = 1.5
"""Each upstream call's total time budget here, in seconds."""
SLACK = 1.5
"""Generous room for the healthy calls and a busy machine: a correctness bound, not a benchmark."""
RETRIES = 2

BILLING_ID = next(b for b in WORLD.billing_ids() if WORLD.prepaid_id_for_billing(b))
QUERY = """query ($id: Int!) {
  customerAccount(identity: $id) { name prepaidAccount { balance { amount } } }
  ledgerAccounts(first: 2) { edges { cursor } }
  invoicingAccount { name }
}"""

READS = {
    "prepaid": "AccountRead",
    "billing": "GET /Account/{id}",
    "saasu": "GET /Accounts",
    "invoicexpress": "GET /api/accounts/{account_id}/get.json",
}
"""The one read each upstream gets from QUERY."""
NULLED = {
    "prepaid": ["customerAccount", "prepaidAccount"],
    "billing": ["customerAccount"],
    "saasu": ["ledgerAccounts"],
    "invoicexpress": ["invoicingAccount"],
}
"""Where each upstream's failure shows in QUERY's answer."""


def fast(settings: UpstreamSettings) -> UpstreamSettings:
    return with_clients(
        settings,
        read_timeout=0.5,
        total_timeout=BUDGET,
        read_retries=RETRIES,
        retry_backoff_seconds=0.02,
        retry_backoff_max_seconds=0.05,
    )


def warmed(graph: Graph) -> Graph:
    """Log in and open sessions first, so the counts are the query's own."""
    body = graph.execute(QUERY, {"id": BILLING_ID})
    assert "errors" not in body, body
    return graph


@pytest.fixture(scope="module")
def degraded() -> Iterator[Graph]:
    with running_graph(fast) as graph:
        yield warmed(graph)


@pytest.fixture
def graph(degraded: Graph) -> Iterator[Graph]:
    degraded.reset_calls()
    try:
        yield degraded
    finally:
        degraded.reset_switches()


def timed(graph: Graph, query: str = QUERY) -> tuple[dict[str, Any], float]:
    started = time.perf_counter()
    body = graph.execute(query, {"id": BILLING_ID})
    return body, time.perf_counter() - started


def assert_only_failed(body: dict[str, Any], upstream: str, code: str) -> None:
    """``upstream``'s field is null with ``code``; every other upstream's field answered."""
    data = body["data"]
    path = NULLED[upstream]
    [error] = body["errors"]
    assert error["path"] == path
    assert error["extensions"]["code"] == code
    assert error["extensions"]["upstream"] == upstream
    assert "http" not in error["message"] and "Traceback" not in error["message"]
    if upstream == "billing":
        assert data["customerAccount"] is None
    else:
        assert data["customerAccount"]["name"]
        if upstream == "prepaid":
            assert data["customerAccount"]["prepaidAccount"] is None
        else:
            assert data["customerAccount"]["prepaidAccount"]["balance"]["amount"]
    assert (data["ledgerAccounts"] is None) == (upstream == "saasu")
    assert (data["invoicingAccount"] is None) == (upstream == "invoicexpress")


ALL_ATTEMPTS = 1 + RETRIES
FAULTS = [
    # (switches, code, calls of the read: an exact count, or a range for timing-bound ones)
    ({"error_rate": 1.0}, "UPSTREAM_UNAVAILABLE", (ALL_ATTEMPTS, ALL_ATTEMPTS)),
    ({"latency_ms": 800}, "UPSTREAM_TIMEOUT", (2, ALL_ATTEMPTS)),
    ({"latency_ms": 700, "jitter_ms": 300}, "UPSTREAM_TIMEOUT", (2, ALL_ATTEMPTS)),
    (
        {"hang_rate": 1.0, "hang_seconds": 3.0, "hang_phase": "before"},
        "UPSTREAM_TIMEOUT",
        (2, ALL_ATTEMPTS),
    ),
    (
        {"hang_rate": 1.0, "hang_seconds": 3.0, "hang_phase": "after"},
        "UPSTREAM_TIMEOUT",
        (2, ALL_ATTEMPTS),
    ),
    # Retry-After 5 s does not fit a 1.5 s budget: answered at once, carrying it.
    ({"throttle_rate": 1.0, "retry_after_seconds": 5}, "RATE_LIMITED", (1, 1)),
    # Retry-After 0: waited (not at all), and tried again like any failed read.
    (
        {"throttle_rate": 1.0, "retry_after_seconds": 0},
        "RATE_LIMITED",
        (ALL_ATTEMPTS, ALL_ATTEMPTS),
    ),
    # A broken body is an answer: the upstream is up, and asking again would not mend it.
    ({"malformed_rate": 1.0, "malformed_kind": "truncate"}, "BAD_UPSTREAM_RESPONSE", (1, 1)),
    ({"malformed_rate": 1.0, "malformed_kind": "schema"}, "BAD_UPSTREAM_RESPONSE", (1, 1)),
]


@pytest.mark.parametrize("upstream", list(READS))
@pytest.mark.parametrize(
    ("switches", "code", "calls"),
    FAULTS,
    ids=[
        "5xx",
        "slow",
        "slow-jitter",
        "hang-before",
        "hang-after",
        "throttle-long",
        "throttle-0",
        "truncate",
        "schema",
    ],
)
def test_a_failing_upstream_nulls_only_its_field_within_the_budget(
    graph: Graph,
    upstream: str,
    switches: dict[str, Any],
    code: str,
    calls: tuple[int, int],
) -> None:
    graph.switch(upstream, only_endpoints=[READS[upstream]], **switches)
    body, elapsed = timed(graph)
    assert_only_failed(body, upstream, code)
    if code == "RATE_LIMITED":
        assert body["errors"][0]["extensions"]["retryAfter"] == switches["retry_after_seconds"]
    assert elapsed <= BUDGET + SLACK
    low, high = calls
    assert low <= graph.calls(upstream)[READS[upstream]] <= high


def test_latency_and_jitter_only_slow_the_answer(graph: Graph) -> None:
    for upstream in READS:
        graph.switch(upstream, latency_ms=100, jitter_ms=100)
    body, elapsed = timed(graph)
    assert "errors" not in body, body
    assert elapsed <= BUDGET + SLACK
    assert {u: graph.calls(u) for u in READS} == {u: {e: 1} for u, e in READS.items()}


def test_vendor_rate_limit_is_waited_out_when_it_fits_the_budget(graph: Graph) -> None:
    """Saasu allows 1 call a second with bursts of 2: the third of three at once gets a 429
    with Retry-After 1, waits it (it fits the 1.5 s budget) and succeeds."""
    query = "{ ledgerAccounts(first: 2) { edges { cursor } } }"
    # No test before in this module switched the limit on, so its bucket holds its full burst.
    graph.switch("saasu", rate_limit=True)
    started = time.perf_counter()
    with ThreadPoolExecutor(3) as pool:
        bodies = list(pool.map(lambda _: graph.execute(query), range(3)))
    elapsed = time.perf_counter() - started
    assert all("errors" not in body for body in bodies), bodies
    assert elapsed <= BUDGET + SLACK
    assert graph.calls("saasu") == {"GET /Accounts": 4}
    assert faults(graph, "saasu") == {"rate_limit": 1}


def faults(graph: Graph, upstream: str) -> dict[str, int]:
    answer = graph.http.get(f"{graph.sandboxes[upstream]}/_sandbox/faults").json()
    return dict(answer["kinds"])


# Writes

MUTATIONS = {
    "billing": (
        "POST /Account/{id}/Note",
        'mutation { m: createNote(input: {customerAccountId: "%s", subject: "s", text: "t"}) {'
        " __typename } }",
    ),
    "prepaid": (
        "AccountEditRecharge",
        "mutation { m: setRecharge(input: {prepaidAccountId: "
        f'"{to_base64("PrepaidAccount", WORLD.prepaid_ids()[7])}",'
        " enabled: true, threshold: 10, level: 50}) { __typename } }",
    ),
}


@pytest.mark.parametrize("upstream", list(MUTATIONS))
@pytest.mark.parametrize(
    "switches",
    [
        {"error_rate": 1.0},
        {"throttle_rate": 1.0, "retry_after_seconds": 0},
        {"hang_rate": 1.0, "hang_seconds": 2.0, "hang_phase": "after"},
    ],
    ids=["5xx", "throttle-0", "hang-after"],
)
def test_a_failing_write_is_sent_once(
    graph: Graph, upstream: str, switches: dict[str, Any]
) -> None:
    endpoint, mutation = MUTATIONS[upstream]
    if upstream == "billing":
        account = graph.execute("{ customerAccount(identity: 1003) { id } }")
        mutation = mutation % account["data"]["customerAccount"]["id"]
        graph.reset_calls()
    graph.switch(upstream, only_endpoints=[endpoint], **switches)
    started = time.perf_counter()
    body = graph.execute(mutation)
    assert time.perf_counter() - started <= BUDGET + SLACK
    assert body["data"] == {"m": None}
    [error] = body["errors"]
    assert error["extensions"]["code"] in (
        "UPSTREAM_UNAVAILABLE",
        "UPSTREAM_TIMEOUT",
        "RATE_LIMITED",
        "OUTCOME_UNKNOWN",
    )
    assert graph.calls(upstream) == {endpoint: 1}


# Transient faults, on a gateway that retries reads patiently


def patient(settings: UpstreamSettings) -> UpstreamSettings:
    return with_clients(fast(settings), read_retries=8)


def test_retries_absorb_transient_faults_on_every_read() -> None:
    """A quarter of all calls fail with a 5xx; no answer shows it, and each injected
    fault cost exactly one more call (0.25 ** 9 per call makes a visible error a
    one-in-a-quarter-million event)."""
    with running_graph(patient) as graph:
        warmed(graph)
        for upstream in READS:
            graph.switch(upstream, error_rate=0.25)
        graph.reset_calls()
        bodies = [graph.execute(QUERY, {"id": BILLING_ID}) for _ in range(5)]
        assert all("errors" not in body for body in bodies), bodies
        injected = {u: faults(graph, u).get("error", 0) for u in READS}
        assert sum(injected.values()) > 0
        for upstream, endpoint in READS.items():
            assert graph.calls(upstream) == {endpoint: 5 + injected[upstream]}


# The circuit breaker, on a gateway of its own (the shared ones never trip)


def tripping(settings: UpstreamSettings) -> UpstreamSettings:
    return with_clients(
        fast(settings), read_retries=0, breaker_failures=3, breaker_reset_seconds=0.5
    )


def test_the_breaker_opens_then_a_probe_closes_it() -> None:
    with running_graph(tripping) as graph:
        warmed(graph)
        graph.switch("invoicexpress", error_rate=1.0)
        graph.reset_calls()
        for _ in range(3):
            body = graph.execute(QUERY, {"id": BILLING_ID})
            assert_only_failed(body, "invoicexpress", "UPSTREAM_UNAVAILABLE")
        body = graph.execute(QUERY, {"id": BILLING_ID})
        assert_only_failed(body, "invoicexpress", "UPSTREAM_UNAVAILABLE")
        assert "circuit is open" in body["errors"][0]["message"]
        assert graph.calls("invoicexpress") == {READS["invoicexpress"]: 3}  # not sent
        graph.reset_switches()
        time.sleep(0.6)  # past the cool-down: the next call is the probe
        body = graph.execute(QUERY, {"id": BILLING_ID})
        assert "errors" not in body, body
        assert graph.calls("invoicexpress") == {READS["invoicexpress"]: 4}


# One record that keeps failing fails alone


PREPAID_READ = "query ($id: Int!) { prepaidAccount(accountNumber: $id) { name } }"


def one_record_at_a_time(settings: UpstreamSettings) -> UpstreamSettings:
    return with_clients(
        fast(settings), read_retries=0, breaker_failures=3, breaker_reset_seconds=60
    )


def poison(graph: Graph, account_id: int) -> None:
    """Store a NUL in the account's contact straight at the API, as another client might."""
    api = f"{graph.sandboxes['prepaid']}/api"
    login = {"Username": "admin@sandbox.example", "Password": "sandbox-admin-password"}
    opened = graph.http.post(api, data={"Action": "SessionCreate", **login}).text
    session_id = opened.split("<SessionId>")[1].split("<")[0]
    contact = {
        "Name": "Mallory\x00",
        "Organization": "",
        "Address": "",
        "City": "Springfield",
        "State": "IL",
        "Zipcode": "62701",
        "CountryId": "1",
        "Phone": "",
        "Email": "mallory@example.com",
    }
    fields = {"Action": "AccountEditContact", "SessionId": session_id, "AccountId": str(account_id)}
    faulted = graph.http.post(api, data={**fields, **contact})
    assert faulted.status_code == 200 and b"Exception" in faulted.content  # stored, then faulted


def test_reading_a_poisoned_account_again_and_again_never_stops_other_prepaid_reads() -> None:
    poisoned, *healthy = WORLD.prepaid_ids()[:31]
    with running_graph(one_record_at_a_time) as graph:
        poison(graph, poisoned)
        assert "errors" not in graph.execute(PREPAID_READ, {"id": healthy[0]})  # session open
        graph.reset_calls()
        failed = []
        for account_id in healthy[:30]:
            body = graph.execute(PREPAID_READ, {"id": poisoned})
            [error] = body["errors"]
            failed.append((error["extensions"]["code"], "circuit is open" in error["message"]))
            body = graph.execute(PREPAID_READ, {"id": account_id})
            assert "errors" not in body, body
            assert body["data"]["prepaidAccount"]["name"]
        assert (
            failed == [("UPSTREAM_UNAVAILABLE", False)] * 3 + [("UPSTREAM_UNAVAILABLE", True)] * 27
        )
        assert graph.calls("prepaid") == {"AccountRead": 3 + 30}

        # A real outage still opens the whole upstream's circuit.
        graph.switch("prepaid", error_rate=1.0)
        graph.reset_calls()
        for account_id in healthy[:3]:
            [error] = graph.execute(PREPAID_READ, {"id": account_id})["errors"]
            assert "circuit" not in error["message"]
        [error] = graph.execute(PREPAID_READ, {"id": healthy[3]})["errors"]
        assert error["extensions"]["code"] == "UPSTREAM_UNAVAILABLE"
        assert "prepaid is failing; its circuit is open" in error["message"]
        assert graph.calls("prepaid") == {"AccountRead": 3}
