"""A failure that follows one record opens that record's circuit, never the upstream's.

The breakers' rules on a fake clock first, then the transport over a served
sandbox whose record 13 always answers 500: reading it again and again never
stops reads of other records, while an outage of every record still opens
the upstream's circuit (``test_resilience`` keeps the breaker's own tests).
"""

from __future__ import annotations

from typing import Any

import pytest
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from tests.conftest import Serve
from upstreams.breaker import BreakerState
from upstreams.breakers import Pass, Scope, UpstreamBreakers
from upstreams.client_settings import ClientSettings
from upstreams.errors import CircuitOpen, Unavailable
from upstreams.http import UpstreamHTTP
from upstreams.sandboxing import SandboxState, Switches, build_sandbox

POISONED = 13


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def granted(breakers: UpstreamBreakers, key: tuple[str, str] | None) -> Pass:
    ticket = breakers.admit(key)
    assert isinstance(ticket, Pass), ticket
    return ticket


def state(breakers: UpstreamBreakers) -> BreakerState:
    """The upstream's state, read afresh (a property mypy would otherwise keep narrowed)."""
    return breakers.state


def record(number: int) -> tuple[str, str]:
    return ("GET /records/{id}", str(number))


def test_one_record_failing_opens_its_own_circuit_only() -> None:
    breakers = UpstreamBreakers(failures=3, reset_seconds=10, clock=Clock())
    for _ in range(3):
        breakers.failed(granted(breakers, record(POISONED)))
    assert breakers.admit(record(POISONED)) is Scope.RECORD
    assert state(breakers) is BreakerState.CLOSED
    breakers.succeeded(granted(breakers, record(1)))
    breakers.succeeded(granted(breakers, None))


def test_failures_spread_over_records_open_the_upstream() -> None:
    breakers = UpstreamBreakers(failures=3, reset_seconds=10, clock=Clock())
    for number in (1, 2):
        breakers.failed(granted(breakers, record(number)))
        breakers.failed(granted(breakers, record(number)))  # a repeat counts once
    assert state(breakers) is BreakerState.CLOSED
    breakers.failed(granted(breakers, record(3)))
    assert state(breakers) is BreakerState.OPEN
    assert breakers.admit(None) is Scope.UPSTREAM
    assert breakers.admit(record(4)) is Scope.UPSTREAM


def test_calls_naming_no_record_count_every_time() -> None:
    breakers = UpstreamBreakers(failures=2, reset_seconds=10, clock=Clock())
    breakers.failed(granted(breakers, None))
    breakers.failed(granted(breakers, None))
    assert state(breakers) is BreakerState.OPEN


def test_a_success_between_failures_starts_a_new_run() -> None:
    breakers = UpstreamBreakers(failures=2, reset_seconds=10, clock=Clock())
    for number in range(10):
        breakers.failed(granted(breakers, None if number % 2 else record(number)))
        breakers.succeeded(granted(breakers, record(100 + number)))
    assert state(breakers) is BreakerState.CLOSED


def test_a_record_probe_after_the_cool_down_closes_its_circuit() -> None:
    clock = Clock()
    breakers = UpstreamBreakers(failures=2, reset_seconds=5, clock=clock)
    for _ in range(2):
        breakers.failed(granted(breakers, record(POISONED)))
    assert breakers.record_state(record(POISONED)) is BreakerState.OPEN
    clock.now = 5.0
    probe = granted(breakers, record(POISONED))
    assert breakers.admit(record(POISONED)) is Scope.RECORD  # one probe at a time
    breakers.succeeded(probe)
    assert breakers.record_state(record(POISONED)) is BreakerState.CLOSED
    assert breakers.held_records() == 0


def test_the_records_remembered_are_bounded() -> None:
    breakers = UpstreamBreakers(failures=1_000, reset_seconds=10, clock=Clock(), max_records=50)
    for number in range(5_000):
        breakers.failed(granted(breakers, record(number)))
        breakers.succeeded(granted(breakers, None))
    assert breakers.held_records() == 50


class Records:
    """A sandbox of records: ``/records/13`` always fails with a 500, the rest answer."""

    def __init__(self, serve: Serve) -> None:
        self.state = SandboxState("records", Switches())
        routes = [Route("/records/{number:int}", self.answer, methods=["GET"])]
        self.base_url = serve(build_sandbox(self.state, routes)).base_url

    async def answer(self, request: Request) -> Response:
        number = request.path_params["number"]
        if number == POISONED:
            return JSONResponse({"fault": "cannot write this record"}, status_code=500)
        return JSONResponse({"number": number})

    def http(self, **settings: Any) -> UpstreamHTTP:
        return UpstreamHTTP("billing", ClientSettings(base_url=self.base_url, **settings))


async def read(http: UpstreamHTTP, number: int) -> Any:
    path = f"/records/{number}"
    response = await http.send(
        "GET", path, endpoint="GET /records/{id}", read=True, record=str(number)
    )
    return response.json()


async def test_reading_a_failing_record_again_and_again_never_stops_other_reads(
    serve: Serve,
) -> None:
    records = Records(serve)
    http = records.http(
        read_retries=2,
        retry_backoff_seconds=0.001,
        retry_backoff_max_seconds=0.002,
        breaker_failures=3,
        breaker_reset_seconds=60,
    )
    refused = []
    for number in range(30):
        with pytest.raises(Unavailable) as caught:
            await read(http, POISONED)
        refused.append(isinstance(caught.value, CircuitOpen))
        assert await read(http, 100 + number) == {"number": 100 + number}
        assert await read(http, 100 + number + 1) == {"number": 100 + number + 1}
    await http.aclose()
    assert http.breaker.state is BreakerState.CLOSED
    assert refused == [False] + [True] * 29  # the record's circuit opened after its 3 failures
    assert records.state.calls() == {"GET /records/{number:int}": 3 + 60}


async def test_an_outage_of_every_record_still_opens_the_upstream(serve: Serve) -> None:
    records = Records(serve)
    records.state.switches.update({"error_rate": 1.0})
    http = records.http(read_retries=0, breaker_failures=3, breaker_reset_seconds=60)
    for number in range(3):
        with pytest.raises(Unavailable) as caught:
            await read(http, number)
        assert not isinstance(caught.value, CircuitOpen)
    assert http.breaker.state is BreakerState.OPEN
    with pytest.raises(CircuitOpen) as refused:
        await read(http, 99)
    assert "its circuit is open" in refused.value.message
    await http.aclose()
    assert records.state.calls() == {"GET /records/{number:int}": 3}
