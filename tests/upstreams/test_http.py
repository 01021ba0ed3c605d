"""The shared transport: error mapping and pacing, against a served sandbox.

Each call here is sent as a write (``read=False``), so it is sent once and the
mapping of one attempt is what is seen; retries are in ``test_resilience.py``.
"""

from __future__ import annotations

import socket
import time

import httpx
import pytest
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from tests.conftest import Serve
from upstreams.client_settings import ClientSettings
from upstreams.errors import OverBudget, RateLimited, Unavailable, UpstreamError, UpstreamTimeout
from upstreams.http import UpstreamHTTP, parse_retry_after
from upstreams.pacing import Pacer
from upstreams.sandboxing import SandboxState, Switches, build_sandbox

OK = "GET /ok"


async def ok(request: Request) -> Response:
    return JSONResponse({"ok": True})


def transport(serve: Serve, switches: Switches, **settings: float) -> UpstreamHTTP:
    return UpstreamHTTP("billing", ClientSettings(base_url=served(serve, switches), **settings))  # type: ignore[arg-type]


async def calls(base: str) -> int:
    async with httpx.AsyncClient() as client:
        total: int = (await client.get(f"{base}/_sandbox/calls")).json()["total"]
        return total


def served(serve: Serve, switches: Switches) -> str:
    app = build_sandbox(SandboxState("t", switches), [Route("/ok", ok, methods=["GET", "POST"])])
    return serve(app).base_url


def assert_clean(exc: UpstreamError) -> None:
    assert "http://" not in str(exc)
    assert "127.0.0.1" not in str(exc)


async def test_answers_pass_through(serve: Serve) -> None:
    http = transport(serve, Switches())
    response = await http.send("GET", "/ok", endpoint=OK, read=False)
    assert response.json() == {"ok": True}
    await http.aclose()


async def test_5xx_is_unavailable(serve: Serve) -> None:
    http = transport(serve, Switches(error_rate=1.0))
    with pytest.raises(Unavailable) as caught:
        await http.send("GET", "/ok", endpoint=OK, read=False)
    assert caught.value.upstream == "billing"
    assert_clean(caught.value)
    await http.aclose()


async def test_429_is_rate_limited_with_retry_after(serve: Serve) -> None:
    http = transport(serve, Switches(throttle_rate=1.0, retry_after_seconds=4))
    with pytest.raises(RateLimited) as caught:
        await http.send("GET", "/ok", endpoint=OK, read=False)
    assert caught.value.retry_after == 4.0
    await http.aclose()


async def test_read_timeout_says_the_request_was_sent(serve: Serve) -> None:
    http = transport(serve, Switches(hang_rate=1.0, hang_seconds=2.0), read_timeout=0.2)
    with pytest.raises(UpstreamTimeout) as caught:
        await http.send("POST", "/ok", endpoint=OK, read=False)
    assert caught.value.request_sent is True
    assert_clean(caught.value)
    await http.aclose()


async def test_refused_connection_is_unavailable() -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    http = UpstreamHTTP("saasu", ClientSettings(base_url=f"http://127.0.0.1:{port}"))
    with pytest.raises(Unavailable) as caught:
        await http.send("GET", "/ok", endpoint=OK, read=False)
    assert_clean(caught.value)
    await http.aclose()


async def test_pacer_spaces_calls_to_its_rate() -> None:
    pacer = Pacer(rate=20.0, burst=1)
    started = time.perf_counter()
    for _ in range(5):
        await pacer.wait()
    assert time.perf_counter() - started >= 4 / 20 - 0.01


async def test_pacer_lets_a_burst_through_at_once() -> None:
    pacer = Pacer(rate=1.0, burst=3)
    started = time.perf_counter()
    for _ in range(3):
        await pacer.wait()
    assert time.perf_counter() - started < 0.5


async def test_a_read_with_no_turn_in_its_budget_is_refused_unsent_and_not_retried(
    serve: Serve,
) -> None:
    base = served(serve, Switches())
    settings = ClientSettings(base_url=base, rate_per_second=0.5, total_timeout=1.0)
    http = UpstreamHTTP("saasu", settings)
    await http.send("GET", "/ok", endpoint=OK, read=True)
    with pytest.raises(OverBudget) as refused:
        await http.send("GET", "/ok", endpoint=OK, read=True)
    assert refused.value.code == "RATE_LIMITED"
    assert 1.0 < (refused.value.retry_after or 0) <= 2.0  # the turn is 2 s after the first
    assert await calls(base) == 1
    await http.aclose()


async def test_past_the_daily_cap_calls_are_refused_unsent_until_the_day_turns(
    serve: Serve,
) -> None:
    base = served(serve, Switches())
    http = UpstreamHTTP("saasu", ClientSettings(base_url=base, daily_cap=2))
    for _ in range(2):
        await http.send("GET", "/ok", endpoint=OK, read=True)
    with pytest.raises(OverBudget) as refused:
        await http.send("GET", "/ok", endpoint=OK, read=True)
    assert 0 < (refused.value.retry_after or 0) <= 86400
    assert "00:00 UTC" in refused.value.message
    assert await calls(base) == 2
    await http.aclose()


def test_retry_after_parsing() -> None:
    assert parse_retry_after("3") == 3.0
    assert parse_retry_after(None) is None
    assert parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT") is None


async def test_errors_carry_no_url_or_query_credential(serve: Serve) -> None:
    http = transport(serve, Switches(hang_rate=1.0, hang_seconds=2.0), read_timeout=0.2)
    with pytest.raises(UpstreamTimeout) as caught:
        await http.send("GET", "/ok", endpoint=OK, read=False, params={"api_key": "secret-key-123"})
    assert caught.value.__cause__ is None
    assert caught.value.__suppress_context__ is True
    assert "secret-key-123" not in repr(caught.value)
    await http.aclose()
