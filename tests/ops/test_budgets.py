"""Two gateway processes on one redis-server share Saasu's budgets: its rate and its daily cap;
a process that loses Redis keeps to its share.

The Saasu sandbox enforces the vendor's published limit (one call a second,
bursts of two) when its ``rate_limit`` switch is on, and logs when each call
arrived; what the gateways sent is read from that log, not from the gateways.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.configured import OPEN_DOOR
from tests.graph.conftest import WORLD
from tests.ops.conftest import GatewayProcess, GatewayStarter, Sandboxes, upstreams_toml
from tests.redis_server import RedisServer
from upstreams.saasu.sandbox.chart import seed_accounts

LEDGER = "query($id: Int!) { ledgerAccount(accountNumber: $id) { name } }"
LEDGER_IDS = [
    a.id for a in seed_accounts(WORLD) if a.account_level == "Detail" and not a.is_built_in
]
RATE = 1.0
"""Saasu's published rate, the gateway's default for it."""
JITTER = 0.25
"""How much earlier than its turn a call may arrive after the one before it: the one before
was woken late on a busy machine (the sandbox's burst of two tolerates it)."""
REQUEST_TIMEOUT = 3.0
DRIVE_SECONDS = 20.0


@pytest.fixture
def redis(tmp_path: Path) -> Iterator[RedisServer]:
    """A redis-server of this test alone: no day's count of another test in it."""
    server = RedisServer(tmp_path)
    yield server
    server.stop()


def config(tmp_path: Path, redis: RedisServer, sandboxes: Sandboxes, saasu: str = "") -> Path:
    """Both replicas' file: one Redis, ``budgets.replicas = 2``, Saasu's extra ``saasu`` keys."""
    path = tmp_path / "gateway.toml"
    tables = upstreams_toml(sandboxes).replace("[upstreams.saasu]\n", f"[upstreams.saasu]\n{saasu}")
    path.write_text(
        f'[redis]\nurl = "{redis.url}"\n\n[budgets]\nreplicas = 2\n\n'
        f"[limits]\nrequest_timeout = {REQUEST_TIMEOUT}\n\n"
        '[idempotency]\nstore = "redis"\n\n' + OPEN_DOOR + tables
    )
    return path


@dataclass
class Answer:
    gateway: int
    seconds: float
    body: dict[str, Any]

    @property
    def code(self) -> str | None:
        errors = self.body.get("errors")
        return str(errors[0]["extensions"]["code"]) if errors else None


async def drive(urls: list[str], seconds: float, per_gateway: int) -> list[Answer]:
    """``per_gateway`` clients at each gateway ask for ledger accounts for ``seconds``."""
    answers: list[Answer] = []
    stop = time.monotonic() + seconds

    async def client(http: httpx.AsyncClient, gateway: int, number: int) -> None:
        turn = number
        while time.monotonic() < stop:
            account = LEDGER_IDS[turn % len(LEDGER_IDS)]
            turn += per_gateway
            started = time.monotonic()
            response = await http.post(
                f"{urls[gateway]}/graphql", json={"query": LEDGER, "variables": {"id": account}}
            )
            answer = Answer(gateway, time.monotonic() - started, response.json())
            answers.append(answer)
            if answer.code is not None:
                await asyncio.sleep(0.2)  # a client that was refused asks again a little later

    async with httpx.AsyncClient(timeout=30) as http:
        await asyncio.gather(
            *(
                client(http, gateway, number)
                for gateway in range(len(urls))
                for number in range(per_gateway)
            )
        )
    return answers


def most_in_any_window(times: list[float], width: float) -> int:
    """The most calls that arrived within any ``width`` seconds (a window opening at a call)."""
    times = sorted(times)
    return max((sum(1 for t in times if start <= t < start + width) for start in times), default=0)


def test_two_replicas_keep_to_saasus_rate_and_refuse_in_time(
    sandboxes: Sandboxes, redis: RedisServer, gateways: GatewayStarter, tmp_path: Path
) -> None:
    path = config(tmp_path, redis, sandboxes)
    a = gateways(["--config", str(path), "--port", "0"])
    b = gateways(["--config", str(path), "--port", "0"])
    sandboxes.switch("saasu", rate_limit=True)
    sandboxes.reset_calls()
    try:
        answers = asyncio.run(drive([a.url, b.url], DRIVE_SECONDS, per_gateway=3))
        log = sandboxes.log("saasu")
    finally:
        sandboxes.switch("saasu", rate_limit=False)

    assert [call for call in log if call["limited"]] == []  # Saasu answered no call 429
    times = sorted(call["at"] for call in log)
    # One call a second: each arrived a second after the one before, give or take how late a
    # busy machine wakes a sleeping process ...
    gaps = [later - earlier for earlier, later in itertools.pairwise(times)]
    assert min(gaps) >= 1 / RATE - JITTER, gaps
    # ... so no window holds more than the rate allows, plus that one early arrival.
    for width in (1.0, 5.0, DRIVE_SECONDS):
        assert most_in_any_window(times, width) <= RATE * width + 1, (width, times)
    served = [answer for answer in answers if answer.code is None]
    refused = [answer for answer in answers if answer.code is not None]
    assert {answer.gateway for answer in served} == {0, 1}
    assert refused, "the clients asked for more than Saasu's rate: some must be refused"
    assert {answer.code for answer in refused} == {"RATE_LIMITED"}
    for answer in refused:
        error = answer.body["errors"][0]
        assert error["extensions"]["upstream"] == "saasu"
        assert 0 < error["extensions"]["retryAfter"] <= REQUEST_TIMEOUT + 2 / RATE
        assert answer.body["data"] == {"ledgerAccount": None}
    # Within the request's time budget: nobody queued past it (1 s for HTTP on a busy machine).
    assert max(answer.seconds for answer in answers) <= REQUEST_TIMEOUT + 1.0


def metric(gateway: GatewayProcess, name: str) -> float | None:
    text = httpx.get(f"{gateway.url}/metrics", timeout=10).text
    for line in text.splitlines():
        if line.startswith(f'{name}{{upstream="saasu"}}'):
            return float(line.rsplit(" ", 1)[1])
    return None


def log_lines(gateway: GatewayProcess) -> list[dict[str, Any]]:
    return [json.loads(line) for line in gateway.stop().splitlines() if line.startswith("{")]


def test_a_spent_daily_cap_refuses_at_the_gateway_and_sends_nothing(
    sandboxes: Sandboxes, redis: RedisServer, gateways: GatewayStarter, tmp_path: Path
) -> None:
    cap = 5
    path = config(tmp_path, redis, sandboxes, saasu=f"daily_cap = {cap}\nrate_per_second = 50\n")
    a = gateways(["--config", str(path), "--port", "0", "--log-format", "json"])
    b = gateways(["--config", str(path), "--port", "0", "--log-format", "json"])
    sandboxes.reset_calls()

    answers = [
        (gateway, gateway.execute(LEDGER, {"id": LEDGER_IDS[n]}))
        for n, gateway in enumerate([a, b] * 5)
    ]
    codes = [
        body["errors"][0]["extensions"]["code"] if "errors" in body else None for _, body in answers
    ]
    first_refused = codes.index("RATE_LIMITED")
    assert all(code is None for code in codes[:first_refused])
    assert all(code == "RATE_LIMITED" for code in codes[first_refused:]), codes
    assert sum(sandboxes.calls("saasu").values()) == cap  # the token and reads: the cap, no more
    later = len(sandboxes.log("saasu"))
    refused = b.execute(LEDGER, {"id": LEDGER_IDS[0]})
    assert len(sandboxes.log("saasu")) == later  # refused at the gateway: never sent
    extensions = refused["errors"][0]["extensions"]
    assert extensions["code"] == "RATE_LIMITED" and extensions["upstream"] == "saasu"
    assert 0 < extensions["retryAfter"] <= 86400
    assert "daily budget" in refused["errors"][0]["message"]

    for gateway in (a, b):  # each replica reads the one shared count
        assert metric(gateway, "gateway_upstream_daily_calls") == cap
        assert metric(gateway, "gateway_upstream_daily_cap") == cap
        ready = httpx.get(f"{gateway.url}/ready", timeout=10)
        assert ready.status_code == 200  # the other upstreams' fields still serve
        assert ready.json()["upstreams"]["saasu"] == "daily budget spent"
        assert ready.json()["upstreams"]["prepaid"] == "ok"

    lines = log_lines(a) + log_lines(b)
    warned = [line for line in lines if "80%" in line["message"]]
    assert len(warned) == 1 and warned[0]["level"] == "warning", warned
    assert "4 of its 5 calls" in warned[0]["message"]
    spent = [line for line in lines if "daily cap of 5 calls is spent" in line["message"]]
    assert 1 <= len(spent) <= 2  # once per process that refused


def test_with_redis_down_a_replica_keeps_to_its_share_and_says_so_once(
    sandboxes: Sandboxes, redis: RedisServer, gateways: GatewayStarter, tmp_path: Path
) -> None:
    path = config(tmp_path, redis, sandboxes)
    a = gateways(["--config", str(path), "--port", "0", "--log-format", "json"])
    assert "errors" not in a.execute(LEDGER, {"id": LEDGER_IDS[0]})
    redis.stop()
    sandboxes.reset_calls()

    answers = asyncio.run(drive([a.url], 8.0, per_gateway=3))
    times = sorted(call["at"] for call in sandboxes.log("saasu"))

    assert {answer.code for answer in answers} <= {None, "RATE_LIMITED"}
    assert any(answer.code is None for answer in answers)
    share = RATE / 2  # budgets.replicas = 2, one worker each
    gaps = [later - earlier for earlier, later in itertools.pairwise(times)]
    assert gaps and min(gaps) >= 1 / share - JITTER, gaps
    lost = [line for line in log_lines(a) if "could not be reached in Redis" in line["message"]]
    assert sorted(line["message"].split("'s shared ")[1].split(" could")[0] for line in lost) == [
        "daily count",
        "rate",
    ]
    assert "0.5 calls a second" in " ".join(line["message"] for line in lost)
    assert all(str(redis.port) not in line["message"] for line in lost)
