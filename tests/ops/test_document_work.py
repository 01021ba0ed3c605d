"""A document's work is bounded before it is spent, against a real ``gateway serve``.

Fragments that each spread the next twice make a kilobyte that expands to
millions of selections; walked per path, 23 levels held the event loop for
33 s, and ``/health`` with it. Now the expanded size is measured right after
the parse, so the refusal comes at once and the loop keeps answering.
"""

from __future__ import annotations

import statistics
import threading
import time
from typing import Any

import httpx

from tests.ops.conftest import ONE_PROCESS, GatewayStarter, Sandboxes, upstreams_toml

GRAPHQL_RESPONSE = "application/graphql-response+json"


def fragment_bomb(levels: int, tag: int) -> str:
    """``levels`` fragments, each spreading the next twice; ``tag`` makes the text new."""
    lines = [f"query Bomb{tag} {{ ...F1 }}"]
    lines += [f"fragment F{i} on Query {{ ...F{i + 1} ...F{i + 1} }}" for i in range(1, levels)]
    lines.append(f"fragment F{levels} on Query {{ __typename }}")
    return "\n".join(lines)


def test_fragment_bombs_are_refused_at_once_while_health_keeps_answering(
    sandboxes: Sandboxes, gateways: GatewayStarter, tmp_path: Any
) -> None:
    config = tmp_path / "gateway.toml"
    config.write_text(ONE_PROCESS + upstreams_toml(sandboxes))
    gateway = gateways(["--config", str(config), "--port", "0"])
    sandboxes.reset_calls()
    health: list[float] = []
    failures: list[str] = []
    done = threading.Event()

    def probe() -> None:
        with httpx.Client(timeout=60) as client:
            while not done.is_set() and len(health) < 5000:
                started = time.perf_counter()
                answer = client.get(f"{gateway.url}/health")
                health.append(time.perf_counter() - started)
                if answer.status_code != 200:
                    failures.append(f"/health {answer.status_code}")
                time.sleep(0.002)

    prober = threading.Thread(target=probe)
    prober.start()
    refusals: list[float] = []
    try:
        with httpx.Client(timeout=60) as client:
            # Each text is new, so each is parsed and measured, not found in a cache;
            # at least 20 of each, and on until /health has answered 20 times meanwhile.
            for tag in range(500):
                if tag >= 20 and len(health) >= 20:
                    break
                for levels in (23, 30):
                    started = time.perf_counter()
                    response = client.post(
                        f"{gateway.url}/graphql",
                        json={"query": fragment_bomb(levels, tag)},
                        headers={"accept": GRAPHQL_RESPONSE},
                    )
                    refusals.append(time.perf_counter() - started)
                    assert response.status_code == 400, response.text
                    [error] = response.json()["errors"]
                    assert error["extensions"] == {"code": "DOCUMENT_TOO_COMPLEX"}
    finally:
        done.set()
        prober.join(timeout=30)
    print(
        f"refusals: {len(refusals)}, median {statistics.median(refusals) * 1000:.1f} ms,"
        f" max {max(refusals) * 1000:.1f} ms; /health during them: {len(health)} answers,"
        f" median {statistics.median(health) * 1000:.1f} ms, max {max(health) * 1000:.1f} ms"
    )
    assert not failures
    # Before: 33 s per 23-level document, and /health as long. A wide margin
    # for a loaded CI machine, far from that failure.
    assert max(refusals) < 1.0
    assert len(health) >= 20
    assert max(health) < 1.0
    for name in sandboxes.servers:
        assert sandboxes.calls(name) == {}, name
