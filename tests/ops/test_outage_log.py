"""An upstream outage speaks up in the log: at warning or error, once per outage.

A real ``gateway serve`` process over sandboxes this test serves; the faults
are the sandboxes' own switches, and the lines are read from the log the
process wrote.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from gateway.log_repeats import WINDOW
from tests.ops.conftest import ONE_PROCESS, Sandboxes, upstreams_toml
from tests.ops.door_tools import Served, serve

BILLING_READ = "{ customerAccount(identity: 1001) { name } }"
SERVER_ERROR = "upstream call failed: billing answered with a server error (HTTP 5xx)"


@pytest.fixture
def faults(sandboxes: Sandboxes) -> Iterator[Sandboxes]:
    """The sandboxes, their faults switched off again after the test."""
    yield sandboxes
    for name in sandboxes.servers:
        sandboxes.switch(name, error_rate=0.0)


def billing_read(identity: int) -> str:
    return f"{{ customerAccount(identity: {identity}) {{ name }} }}"


def query(url: str, document: str) -> dict[str, Any]:
    answer: dict[str, Any] = httpx.post(
        f"{url}/graphql", json={"query": document}, timeout=30
    ).json()
    return answer


def outage_lines(log: str) -> list[dict[str, Any]]:
    lines = [json.loads(line) for line in log.splitlines() if line.startswith("{")]
    return [line for line in lines if line["logger"] == "upstreams.outage"]


def _billing_without_retries(faults: Sandboxes, tmp_path: Path, **billing: str) -> Served:
    """A gateway over ``faults`` whose billing reads are not retried; ``billing`` keys too."""
    config = tmp_path / "gateway.toml"
    config.write_text(ONE_PROCESS + upstreams_toml(faults))
    env = {**os.environ, "GATEWAY_BILLING_READ_RETRIES": "0"}
    env.update({f"GATEWAY_BILLING_{key}": value for key, value in billing.items()})
    return serve(["--config", str(config), "--port", "0"], env=env)


def test_an_outage_is_one_warning_then_its_repeat_count(faults: Sandboxes, tmp_path: Path) -> None:
    # Each failing request is one failed call: no retry, and no circuit to cut the calls short.
    served = _billing_without_retries(faults, tmp_path, BREAKER_FAILURES="10000")
    try:
        assert "errors" not in query(served.url, BILLING_READ)  # signed in before the outage
        faults.switch("billing", error_rate=1.0)
        failing = 20
        for _ in range(failing):
            answer = query(served.url, BILLING_READ)
            assert answer["errors"][0]["extensions"]["code"] == "UPSTREAM_UNAVAILABLE"
        time.sleep(WINDOW + 0.5)
        query(served.url, BILLING_READ)
    finally:
        log = served.stop()
    written = [line for line in outage_lines(log) if line["message"] == SERVER_ERROR]
    assert len(written) == 2, written
    first, second = written
    assert first["level"] == second["level"] == "warning"
    assert "repeated" not in first
    assert second["repeated"] == failing - 1  # the 20 failures, then 1 after the window
    assert first["upstream"] == "billing"
    assert first["status"] in (500, 502, 503)
    assert first["code"] == "UPSTREAM_UNAVAILABLE"


def test_the_circuit_opening_is_an_error_and_its_closing_a_warning(
    faults: Sandboxes, tmp_path: Path
) -> None:
    served = _billing_without_retries(
        faults, tmp_path, BREAKER_FAILURES="2", BREAKER_RESET_SECONDS="0.5"
    )
    try:
        assert "errors" not in query(served.url, BILLING_READ)  # signed in before the outage
        faults.switch("billing", error_rate=1.0)
        # Two records failing open the upstream's circuit (one record alone opens only its
        # own); the calls after it are not sent.
        for identity in (1002, 1003, 1004, 1005):
            assert query(served.url, billing_read(identity))["errors"]
        faults.switch("billing", error_rate=0.0)
        time.sleep(0.6)  # past the reset: the next call is the probe
        assert "errors" not in query(served.url, billing_read(1006))
    finally:
        log = served.stop()
    circuit = [line for line in outage_lines(log) if "circuit" in line["message"]]
    assert [(line["level"], line["circuit"]) for line in circuit] == [
        ("error", "open"),
        ("warning", "closed"),
    ]
    assert circuit[0]["message"] == (
        "upstream billing keeps failing: its circuit opened, calls fail at once for 0.5 s"
    )
    assert circuit[1]["message"] == "upstream billing answers again: its circuit closed"
    failed = [line for line in outage_lines(log) if line["message"].startswith("upstream call")]
    assert len(failed) == 1  # the second failure's line was held back as a repeat
