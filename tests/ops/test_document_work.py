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
from tests.ops.door_tools import rss_mib, settled_rss_mib

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
    before = rss_mib(gateway.process.pid)
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
    during = rss_mib(gateway.process.pid)
    after = settled_rss_mib(gateway.process.pid, before * 1.2)
    print(
        f"refusals: {len(refusals)}, median {statistics.median(refusals) * 1000:.1f} ms,"
        f" max {max(refusals) * 1000:.1f} ms; /health during them: {len(health)} answers,"
        f" median {statistics.median(health) * 1000:.1f} ms, max {max(health) * 1000:.1f} ms;"
        f" RSS MiB before {before:.1f}, at the end {during:.1f}, after {after:.1f}"
    )
    assert after <= before * 1.2
    assert not failures
    # Before: 33 s per 23-level document, and /health as long. A wide margin
    # for a loaded CI machine, far from that failure.
    assert max(refusals) < 1.0
    assert len(health) >= 20
    assert max(health) < 1.0
    for name in sandboxes.servers:
        assert sandboxes.calls(name) == {}, name


def largest_documents(tag: int) -> dict[str, str]:
    """The costliest texts a body may carry, by what they cost: lexing or validating."""
    return {
        # 0.9 MB the lexer walks a character at a time.
        "comment": f"query Comment{tag} {{ __typename }}\n#" + "c" * 900_000,
        "string": f'query Text{tag} {{ node(id: "{"x" * 900_000}") {{ id }} }}',
        # At the token limit: 4,990 same-named fields for the overlap rule to compare.
        "fields": f"query Fields{tag} {{ {' __typename' * 4_990} }}",
        # Past the token limit: the parse stops there.
        "tokens": f"query Tokens{tag} {{ {' __typename' * 20_000} }}",
    }


def test_the_largest_documents_leave_health_answering_within_50_ms(
    sandboxes: Sandboxes, gateways: GatewayStarter, tmp_path: Any
) -> None:
    """Before, each held the event loop while it was lexed and validated: 100 to 160 ms."""
    config = tmp_path / "gateway.toml"
    config.write_text(ONE_PROCESS + upstreams_toml(sandboxes))
    gateway = gateways(["--config", str(config), "--port", "0"])
    sandboxes.reset_calls()
    pid = gateway.process.pid
    before = rss_mib(pid)
    peak = before
    health: list[float] = []
    done = threading.Event()

    def probe() -> None:
        with httpx.Client(timeout=60) as client:
            while not done.is_set() and len(health) < 5000:
                started = time.perf_counter()
                assert client.get(f"{gateway.url}/health").status_code == 200
                health.append(time.perf_counter() - started)
                time.sleep(0.002)

    answers: dict[str, set[tuple[int, str | None]]] = {}
    took: list[float] = []
    with httpx.Client(timeout=60) as client:
        client.get(f"{gateway.url}/health")  # the prober's first answer is not a cold one
        prober = threading.Thread(target=probe)
        prober.start()
        try:
            for tag in range(8):
                for name, text in largest_documents(tag).items():
                    started = time.perf_counter()
                    response = client.post(
                        f"{gateway.url}/graphql",
                        json={"query": text},
                        headers={"accept": GRAPHQL_RESPONSE},
                    )
                    took.append(time.perf_counter() - started)
                    peak = max(peak, rss_mib(pid))
                    errors = response.json().get("errors") or [{}]
                    code = errors[0].get("extensions", {}).get("code")
                    answers.setdefault(name, set()).add((response.status_code, code))
        finally:
            done.set()
            prober.join(timeout=30)
    after = settled_rss_mib(pid, before * 1.2)
    ordered = sorted(health)
    p95 = ordered[int(len(ordered) * 0.95)]
    print(
        f"\n{len(took)} documents, answered in median {statistics.median(took) * 1000:.0f} ms,"
        f" max {max(took) * 1000:.0f} ms; /health meanwhile: {len(health)} answers, median"
        f" {statistics.median(health) * 1000:.1f} ms, p95 {p95 * 1000:.1f} ms,"
        f" max {ordered[-1] * 1000:.1f} ms; RSS MiB before {before:.1f}, peak {peak:.1f},"
        f" after {after:.1f}; answers {answers}"
    )
    assert answers == {
        "comment": {(200, None)},
        "string": {(200, "BAD_USER_INPUT")},  # no node has such an id
        "fields": {(400, "DOCUMENT_TOO_COMPLEX")},  # over the comparison budget
        "tokens": {(400, "MAX_TOKENS_EXCEEDED")},
    }
    # Each document takes 30 to 170 ms; /health must not wait for them.
    assert len(health) >= 50
    assert p95 < 0.05
    assert peak < before + 100  # 32 bodies of up to 0.9 MB went through
    assert after <= before * 1.2
    for name in sandboxes.servers:
        assert sandboxes.calls(name) == {}, name
