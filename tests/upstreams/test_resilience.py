"""The transport's resilience against a served sandbox: retries, budget, breaker, cap.

Every call goes over real HTTP to a sandbox on loopback; the sandbox's call
count says how many attempts were really sent. Budgets and timeouts are a
fraction of a second so the whole module stays quick.
"""

from __future__ import annotations

import asyncio
import dataclasses
import time
from collections.abc import Iterator
from typing import Any

import pytest
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from tests.conftest import Serve
from upstreams.breaker import BreakerState, CircuitBreaker
from upstreams.client_settings import ClientSettings
from upstreams.endpoints import endpoint_name
from upstreams.errors import (
    CircuitOpen,
    RateLimited,
    Unavailable,
    UpstreamTimeout,
)
from upstreams.http import UpstreamHTTP
from upstreams.observe import CallRecord
from upstreams.sandboxing import SandboxState, Switches, build_sandbox

SLACK = 1.0
"""Generous room over a budget for scheduling on a busy machine; a bound, not a benchmark."""


class Script:
    """Answers of a flaky endpoint, in order; after the script runs out, 200."""

    def __init__(self, *answers: tuple[int, dict[str, str]]) -> None:
        self.answers = list(answers)

    async def answer(self, request: Request) -> Response:
        if self.answers:
            status, headers = self.answers.pop(0)
            return JSONResponse({"status": status}, status_code=status, headers=headers)
        return JSONResponse({"ok": True, "trace": request.headers.get("x-trace")})


class Served:
    def __init__(self, serve: Serve, switches: Switches, script: Script) -> None:
        self.state = SandboxState("t", switches)
        routes = [
            Route("/ok", _ok, methods=["GET", "POST"]),
            Route("/flaky", script.answer, methods=["GET", "POST"]),
        ]
        self.base_url = serve(build_sandbox(self.state, routes)).base_url
        self.records: list[CallRecord] = []

    def http(self, **settings: Any) -> UpstreamHTTP:
        return UpstreamHTTP(
            "billing", ClientSettings(base_url=self.base_url, **settings), observers=[self]
        )

    def on_call(self, record: CallRecord) -> None:
        self.records.append(record)

    def calls(self, endpoint: str = "GET /ok") -> int:
        return self.state.calls().get(endpoint, 0)


def state(http: UpstreamHTTP) -> BreakerState:
    """The breaker's state, read afresh (it moves with time, not only with calls)."""
    return http.breaker.state


async def _ok(request: Request) -> Response:
    return JSONResponse({"ok": True})


@pytest.fixture
def quick() -> Iterator[dict[str, float]]:
    """Short backoff, so retries cost milliseconds."""
    yield {"retry_backoff_seconds": 0.01, "retry_backoff_max_seconds": 0.02}


def served(serve: Serve, *answers: tuple[int, dict[str, str]], **switches: Any) -> Served:
    return Served(serve, Switches(**switches), Script(*answers))


async def test_a_failing_read_is_sent_once_plus_its_retries(
    serve: Serve, quick: dict[str, float]
) -> None:
    sandbox = served(serve, error_rate=1.0)
    http = sandbox.http(read_retries=2, **quick)
    with pytest.raises(Unavailable):
        await http.send("GET", "/ok", endpoint="GET /ok", read=True)
    await http.aclose()
    assert sandbox.calls() == 3
    assert [(r.attempt, r.error_code) for r in sandbox.records] == [
        (1, "UPSTREAM_UNAVAILABLE"),
        (2, "UPSTREAM_UNAVAILABLE"),
        (3, "UPSTREAM_UNAVAILABLE"),
    ]


async def test_a_transient_fault_on_a_read_is_absorbed(
    serve: Serve, quick: dict[str, float]
) -> None:
    sandbox = served(serve, (503, {}), (502, {}))
    http = sandbox.http(read_retries=2, **quick)
    response = await http.send("GET", "/flaky", endpoint="GET /flaky", read=True)
    await http.aclose()
    assert response.json()["ok"] is True
    assert sandbox.calls("GET /flaky") == 3
    assert [(r.endpoint, r.status, r.attempt) for r in sandbox.records] == [
        ("GET /flaky", 503, 1),
        ("GET /flaky", 502, 2),
        ("GET /flaky", 200, 3),
    ]


@pytest.mark.parametrize(
    "switches",
    [
        {"error_rate": 1.0},
        {"throttle_rate": 1.0, "retry_after_seconds": 0},
        {"hang_rate": 1.0, "hang_seconds": 1.0, "hang_phase": "after"},
    ],
    ids=["5xx", "429", "hang-after"],
)
async def test_a_write_is_sent_once_whatever_happens(
    serve: Serve, quick: dict[str, float], switches: dict[str, Any]
) -> None:
    sandbox = served(serve, **switches)
    http = sandbox.http(read_retries=3, read_timeout=0.2, **quick)
    with pytest.raises((Unavailable, RateLimited, UpstreamTimeout)):
        await http.send("POST", "/ok", endpoint="POST /ok", read=False)
    await http.aclose()
    assert sandbox.calls("POST /ok") == 1


async def test_retry_after_is_waited_when_it_fits_the_budget(serve: Serve) -> None:
    sandbox = served(serve, (429, {"Retry-After": "1"}))
    http = sandbox.http(total_timeout=3.0)
    response = await http.send("GET", "/flaky", endpoint="GET /flaky", read=True)
    await http.aclose()
    assert response.status_code == 200
    assert [r.status for r in sandbox.records] == [429, 200]


async def test_retry_after_beyond_the_budget_fails_at_once_carrying_it(serve: Serve) -> None:
    sandbox = served(serve, (429, {"Retry-After": "5"}))
    http = sandbox.http(total_timeout=2.0)
    started = time.perf_counter()
    with pytest.raises(RateLimited) as caught:
        await http.send("GET", "/flaky", endpoint="GET /flaky", read=True)
    await http.aclose()
    assert time.perf_counter() - started <= 2.0 + SLACK
    assert caught.value.retry_after == 5.0
    assert sandbox.calls("GET /flaky") == 1


@pytest.mark.parametrize("phase", ["before", "after"])
async def test_the_budget_bounds_a_hanging_read_with_its_retries(
    serve: Serve, quick: dict[str, float], phase: str
) -> None:
    sandbox = served(serve, hang_rate=1.0, hang_seconds=3.0, hang_phase=phase)
    http = sandbox.http(read_timeout=0.3, total_timeout=0.8, read_retries=5, **quick)
    started = time.perf_counter()
    with pytest.raises(UpstreamTimeout) as caught:
        await http.send("GET", "/ok", endpoint="GET /ok", read=True)
    elapsed = time.perf_counter() - started
    await http.aclose()
    assert elapsed <= 0.8 + SLACK
    assert caught.value.request_sent is True
    assert 2 <= sandbox.calls() <= 3  # 0.3 s attempts in a 0.8 s budget: two, maybe a third cut


async def test_the_breaker_opens_fails_fast_then_probes(serve: Serve) -> None:
    sandbox = served(serve, error_rate=1.0)
    http = sandbox.http(read_retries=0, breaker_failures=2, breaker_reset_seconds=0.3)
    for _ in range(2):
        with pytest.raises(Unavailable):
            await http.send("GET", "/ok", endpoint="GET /ok", read=True)
    assert state(http) is BreakerState.OPEN
    with pytest.raises(CircuitOpen) as caught:
        await http.send("GET", "/ok", endpoint="GET /ok", read=True)
    assert "circuit is open" in caught.value.message
    assert caught.value.code == "UPSTREAM_UNAVAILABLE"
    assert sandbox.calls() == 2  # the third was never sent
    await asyncio.sleep(0.35)
    assert state(http) is BreakerState.HALF_OPEN
    with pytest.raises(Unavailable):  # the probe fails: open again
        await http.send("GET", "/ok", endpoint="GET /ok", read=True)
    assert state(http) is BreakerState.OPEN
    assert sandbox.calls() == 3
    sandbox.state.switches.update({"error_rate": 0.0})
    await asyncio.sleep(0.35)
    response = await http.send("GET", "/ok", endpoint="GET /ok", read=True)
    assert response.status_code == 200
    assert state(http) is BreakerState.CLOSED
    await http.aclose()


async def test_client_errors_and_throttling_never_open_the_breaker(serve: Serve) -> None:
    sandbox = served(serve, *[(404, {})] * 3, throttle_rate=0.0)
    http = sandbox.http(read_retries=0, breaker_failures=1)
    for _ in range(3):
        response = await http.send("GET", "/flaky", endpoint="GET /flaky", read=True)
        assert response.status_code == 404
    sandbox.state.switches.update({"throttle_rate": 1.0, "retry_after_seconds": 0})
    with pytest.raises(RateLimited):
        await http.send("GET", "/ok", endpoint="GET /ok", read=True)
    assert state(http) is BreakerState.CLOSED
    await http.aclose()


async def test_calls_past_the_concurrency_cap_wait_within_their_budget(serve: Serve) -> None:
    sandbox = served(serve, latency_ms=600)
    http = sandbox.http(max_concurrency=1, total_timeout=2.0, read_retries=0)
    first = asyncio.create_task(http.send("POST", "/ok", endpoint="POST /ok", read=False))
    await asyncio.sleep(0.05)
    # A caller with a shorter budget than the first call's answer takes.
    http.settings = dataclasses.replace(http.settings, total_timeout=0.2)
    with pytest.raises(UpstreamTimeout) as caught:
        await http.send("POST", "/ok", endpoint="POST /ok", read=False)
    assert caught.value.request_sent is False
    assert "no free slot" in caught.value.message
    assert sandbox.calls("POST /ok") == 1  # only the first was sent
    assert (await first).status_code == 200
    await http.aclose()
    assert state(http) is BreakerState.CLOSED


async def test_a_broken_observer_does_not_break_the_call(serve: Serve) -> None:
    class Broken:
        def on_call(self, record: CallRecord) -> None:
            raise RuntimeError("observer bug")

    sandbox = served(serve)
    http = UpstreamHTTP("billing", ClientSettings(base_url=sandbox.base_url), observers=[Broken()])
    response = await http.send("GET", "/ok", endpoint="GET /ok", read=True)
    await http.aclose()
    assert response.status_code == 200


async def test_header_sources_add_headers_to_every_call(serve: Serve) -> None:
    sandbox = served(serve)
    http = UpstreamHTTP(
        "billing",
        ClientSettings(base_url=sandbox.base_url),
        header_sources=[lambda: {"X-Trace": "00-abc-01"}],
    )
    response = await http.send("GET", "/flaky", endpoint="GET /flaky", read=True)
    await http.aclose()
    assert response.json()["trace"] == "00-abc-01"


def test_breaker_lets_one_probe_through_at_a_time() -> None:
    now = [0.0]
    breaker = CircuitBreaker(failures=1, reset_seconds=10, clock=lambda: now[0])
    ticket = breaker.admit()
    assert ticket is not None
    breaker.failed(ticket)
    assert breaker.admit() is None
    now[0] = 10.0
    probe = breaker.admit()
    assert probe is not None and probe.probe
    assert breaker.admit() is None  # a second caller while the probe is out
    breaker.released(probe)  # the probe never reached the network: no verdict
    again = breaker.admit()
    assert again is not None and again.probe
    breaker.succeeded(again)
    assert breaker.state is BreakerState.CLOSED


def test_endpoint_names_hide_ids_and_queries() -> None:
    assert endpoint_name("GET", "/Account/1001/Note/7") == "GET /Account/{id}/Note/{id}"
    assert endpoint_name("PUT", "/api/accounts/42/update") == "PUT /api/accounts/{id}/update"
    assert endpoint_name("GET", "/Accounts?WsAccessKey=k") == "GET /Accounts"
