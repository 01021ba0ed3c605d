"""``gateway serve`` as operated: workers, graceful shutdown on SIGTERM, JSON logs."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from typing import Any

import httpx

from tests.ops.conftest import (
    ACCOUNT_IDS,
    ONE_PROCESS,
    READ,
    GatewayStarter,
    Sandboxes,
    upstreams_toml,
)


def test_two_workers_both_answer(gateways: GatewayStarter, redis_url: str) -> None:
    from tests.redis_server import free_port

    port = free_port()
    gateway = gateways(
        ["--workers", "2", "--port", str(port), "--sandbox-base-port", "0"],
        {"GATEWAY_IDEMPOTENCY_STORE": "redis", "GATEWAY_REDIS_URL": redis_url},
    )
    pids: set[int] = set()
    for _ in range(200):  # bounded: the kernel spreads new connections over both workers
        with httpx.Client(timeout=10) as client:  # a new connection each time
            try:
                pids.add(client.get(f"{gateway.url}/health").json()["pid"])
            except httpx.TransportError:
                time.sleep(0.05)  # workers still starting
        if len(pids) == 2:
            break
    assert len(pids) == 2
    body = gateway.execute(READ, {"id": ACCOUNT_IDS[1]})
    assert body["data"]["prepaidAccount"]["name"], body
    # Each request on a new connection, so the workers share them; any scrape
    # must still count them all, whichever worker answers it.
    for _ in range(20):
        with httpx.Client(timeout=10) as client:
            client.post(f"{gateway.url}/graphql", json={"query": "query Counted { __typename }"})
    for _ in range(6):
        with httpx.Client(timeout=10) as client:
            scraped = client.get(f"{gateway.url}/metrics").text
        counted = [
            line
            for line in scraped.splitlines()
            if line.startswith("gateway_requests_total{") and 'operation="Counted"' in line
        ]
        assert sum(float(line.rsplit(" ", 1)[1]) for line in counted) == 20, counted
    gateway.stop()
    assert gateway.process.returncode == 0


def test_several_workers_refuse_to_keep_idempotency_keys_in_memory() -> None:
    # Two workers with keys each in its own memory could both charge one top-up.
    completed = subprocess.run(
        [sys.executable, "-m", "gateway", "serve", "--workers", "2", "--port", "0"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert completed.returncode == 2
    assert "idempotency.store must be redis" in completed.stderr


def test_sigterm_lets_the_request_in_flight_finish(
    sandboxes: Sandboxes, gateways: GatewayStarter, tmp_path: Any
) -> None:
    config = tmp_path / "gateway.toml"
    config.write_text(ONE_PROCESS + upstreams_toml(sandboxes))
    gateway = gateways(["--config", str(config), "--port", "0"])
    assert gateway.execute(READ, {"id": ACCOUNT_IDS[2]})["data"]["prepaidAccount"]
    sandboxes.reset_calls()
    sandboxes.switch("prepaid", latency_ms=1500)
    answer: dict[str, Any] = {}

    def ask() -> None:
        response = httpx.post(
            f"{gateway.url}/graphql",
            json={"query": READ, "variables": {"id": ACCOUNT_IDS[2]}},
            timeout=30,
        )
        answer["status"] = response.status_code
        answer["body"] = response.json()

    caller = threading.Thread(target=ask)
    try:
        caller.start()
        for _ in range(200):  # the sandbox counts a call before its latency: it is in flight
            if sandboxes.calls("prepaid").get("AccountRead"):
                break
            time.sleep(0.01)
        assert sandboxes.calls("prepaid") == {"AccountRead": 1}
        gateway.process.send_signal(signal.SIGTERM)
        caller.join(timeout=30)
    finally:
        sandboxes.switch("prepaid", latency_ms=0)
    assert answer["status"] == 200
    assert answer["body"]["data"]["prepaidAccount"]["name"]
    gateway.process.wait(timeout=30)
    assert gateway.process.returncode == 0


def test_logs_are_json_lines_with_request_id_and_operation_and_no_secret(
    sandboxes: Sandboxes, gateways: GatewayStarter, tmp_path: Any
) -> None:
    config = tmp_path / "gateway.toml"
    config.write_text(ONE_PROCESS + upstreams_toml(sandboxes))
    gateway = gateways(["--config", str(config), "--port", "0"])
    response = httpx.post(
        f"{gateway.url}/graphql",
        json={"query": READ, "variables": {"id": ACCOUNT_IDS[3]}},
        headers={"X-Request-Id": "req-42"},
    )
    assert response.headers["x-request-id"] == "req-42"
    assert "server" not in response.headers  # no advertising the server software
    odd = httpx.get(f"{gateway.url}/health", headers={"X-Request-Id": "bad id <x>"})
    generated = odd.headers["x-request-id"]
    assert generated != "bad id <x>" and len(generated) == 32
    settings = sandboxes.settings()
    errors = tmp_path / "stderr"
    errors.write_text(gateway.stop())
    lines = [json.loads(line) for line in errors.read_text().splitlines() if line.strip()]
    access = [line for line in lines if line["logger"] == "gateway.access"]
    graphql = next(line for line in access if line["path"] == "/graphql")
    assert graphql["request_id"] == "req-42"
    assert graphql["operations"] == [{"name": "Balance", "type": "query"}]
    assert graphql["status"] == 200
    assert {"ts", "level", "message", "duration_ms"} <= graphql.keys()
    assert any(line["request_id"] == generated for line in access)
    text = errors.read_text()
    for secret in (settings.prepaid.password, settings.billing.password):
        assert secret not in text


def test_a_persisted_store_that_is_down_is_a_503_and_a_log_line_without_a_trace(
    sandboxes: Sandboxes, gateways: GatewayStarter, tmp_path: Any
) -> None:
    """The persisted-document Redis is down: the client gets a code, the log no traceback."""
    config = tmp_path / "gateway.toml"
    config.write_text(ONE_PROCESS + upstreams_toml(sandboxes))
    down = "redis://:not-a-real-secret@127.0.0.1:1/0"  # port 1: nothing listens
    gateway = gateways(
        ["--config", str(config), "--port", "0"],
        env={**os.environ, "GATEWAY_PERSISTED_STORE": "redis", "GATEWAY_REDIS_URL": down},
    )
    for _ in range(5):  # five clients meet the same outage
        response = httpx.post(
            f"{gateway.url}/graphql",
            json={"extensions": {"persistedQuery": {"version": 1, "sha256Hash": "ab" * 32}}},
            headers={"accept": "application/graphql-response+json"},
        )
        assert response.status_code == 503
    assert response.headers["content-type"].startswith("application/graphql-response+json")
    [error] = response.json()["errors"]
    assert error["extensions"] == {"code": "PERSISTED_QUERY_STORE_UNAVAILABLE"}
    errors = gateway.stop()
    lines = [json.loads(line) for line in errors.splitlines() if line.strip()]  # all JSON
    # One warning for the outage, not one per request: the repeats within 10 s wait.
    [failure] = [line for line in lines if line["logger"] == "gateway.persisted_redis"]
    assert failure["level"] == "warning" and "ConnectionError" in failure["message"]
    assert len([line for line in lines if line["logger"] == "gateway.access"]) == 5
    for leak in ("Traceback", "127.0.0.1:1", "not-a-real-secret", ".py"):
        assert leak not in errors, leak
        assert leak not in response.text, leak
