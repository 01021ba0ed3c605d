"""Load shedding: a bound on requests in flight, 503 at once beyond it, and abandoned work stops.

Against a real ``gateway serve`` on loopback: the excess is answered 503
``OVERLOADED`` with ``Retry-After`` at once and costs no upstream call while
``/health`` and ``/metrics`` stay fast; a read whose client left is
cancelled (no retry of its upstream call follows) and frees its slot, and
so is a deferred part whose client left after the first payload; a
top-up whose client left still finishes and records its outcome; and under
more offered load than one worker can serve, the answered requests keep
their latency bounded and the gateway recovers as soon as the load drops.
"""

from __future__ import annotations

import asyncio
import os
import socket
import time
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import orjson
import pytest
from strawberry.relay import to_base64

from tests.graph.conftest import WORLD
from tests.ops.conftest import (
    ACCOUNT_IDS,
    ADD_CREDIT,
    ONE_PROCESS,
    READ,
    Sandboxes,
    upstreams_toml,
)
from tests.ops.door_tools import (
    Answer,
    Served,
    exchange,
    get_bytes,
    percentile,
    post_bytes,
    read_answer,
    rss_mib,
    serve,
)
from upstreams.prepaid.sandbox.seed_accounts import seed_accounts

TYPENAME = "query Probe { __typename }"


@pytest.fixture
def started(sandboxes: Sandboxes) -> Iterator[list[Served]]:
    """Gateways a test starts, stopped after it; the sandboxes' switches are reset."""
    running: list[Served] = []
    yield running
    for gateway in running:
        gateway.stop()
    sandboxes.switch(
        "prepaid", latency_ms=0.0, hang_rate=0.0, hang_phase="before", only_endpoints=None
    )


def _gateway(
    sandboxes: Sandboxes,
    started: list[Served],
    tmp_path: Path,
    server: str,
    env: dict[str, str] | None = None,
) -> Served:
    config = tmp_path / "gateway.toml"
    config.write_text(ONE_PROCESS + upstreams_toml(sandboxes) + f"\n[server]\n{server}\n")
    gateway = serve(["--config", str(config), "--port", "0"], env={**os.environ, **(env or {})})
    started.append(gateway)
    return gateway


async def _timed(host: str, port: int, request: bytes) -> tuple[Answer, float]:
    """One request on a new connection: its answer and seconds taken."""
    reader, writer = await asyncio.open_connection(host, port)
    try:
        asked = time.perf_counter()
        answer = await exchange(reader, writer, request)
        return answer, time.perf_counter() - asked
    finally:
        writer.close()


def _until_calls(sandboxes: Sandboxes, endpoint: str, count: int) -> None:
    deadline = time.monotonic() + 10
    while sandboxes.calls("prepaid").get(endpoint, 0) < count:
        assert time.monotonic() < deadline, sandboxes.calls("prepaid")
        time.sleep(0.01)


async def _answered(host: str, port: int, request: bytes) -> tuple[Answer, float, float]:
    """One request on a new connection: its answer, seconds taken, and when it came."""
    answer, took = await _timed(host, port, request)
    return answer, took, time.perf_counter()


HELD_MS = 4000
"""How long the upstream holds each read that fills the bound: far longer than shedding,
/health and /metrics take, so an answer that waited for a slot comes after a held one."""


def test_beyond_the_bound_graphql_is_503_at_once_and_health_stays_fast(
    sandboxes: Sandboxes, started: list[Served], tmp_path: Path
) -> None:
    gateway = _gateway(sandboxes, started, tmp_path, "max_in_flight = 4")
    host, port = gateway.address
    read = post_bytes(READ, {"id": ACCOUNT_IDS[5]})
    assert asyncio.run(_timed(host, port, read))[0].status == 200  # session opened
    before = rss_mib(gateway.process.pid)
    sandboxes.reset_calls()
    sandboxes.switch("prepaid", latency_ms=HELD_MS)

    async def scenario() -> dict[str, Any]:
        held = [asyncio.create_task(_answered(host, port, read)) for _ in range(4)]
        await asyncio.to_thread(_until_calls, sandboxes, "AccountRead", 4)
        shed = await asyncio.gather(*(_answered(host, port, read) for _ in range(20)))
        health = [await _answered(host, port, get_bytes("/health")) for _ in range(10)]
        metrics = [await _answered(host, port, get_bytes("/metrics")) for _ in range(3)]
        calls_while_full = sandboxes.calls("prepaid")
        during = rss_mib(gateway.process.pid)
        answered = await asyncio.gather(*held)
        return {
            "shed": shed,
            "health": health,
            "metrics": metrics,
            "calls": calls_while_full,
            "answered": answered,
            "during": during,
        }

    seen = asyncio.run(scenario())
    after = rss_mib(gateway.process.pid)
    shed_ms = [took * 1000 for _, took, _ in seen["shed"]]
    health_ms = [took * 1000 for _, took, _ in seen["health"]]
    print(
        f"\n20 shed: p50 {percentile(shed_ms, 0.5):.1f} ms, max {max(shed_ms):.1f} ms; "
        f"/health while full: max {max(health_ms):.1f} ms; /metrics max "
        f"{max(t for _, t, _ in seen['metrics']) * 1000:.1f} ms; RSS before {before:.1f} "
        f"during {seen['during']:.1f} after {after:.1f} MiB"
    )
    for answer, _, _ in seen["shed"]:
        assert answer.status == 503
        assert answer.headers["retry-after"] == "1"
        [error] = orjson.loads(answer.body)["errors"]
        assert error["extensions"] == {"code": "OVERLOADED"}
    # Judged by order, not by time: every shed answer, and every /health and /metrics
    # answer after them, came while all four held reads were still pending. Had any of
    # them waited for a slot, a held read would have been answered first.
    first_held = min(at for _, _, at in seen["answered"])
    assert max(at for _, _, at in seen["shed"]) < first_held
    assert max(at for _, _, at in seen["health"] + seen["metrics"]) < first_held
    assert all(answer.status == 200 for answer, _, _ in seen["health"] + seen["metrics"])
    assert seen["calls"] == {"AccountRead": 4}  # the 20 shed made none
    assert all(answer.status == 200 for answer, _, _ in seen["answered"])
    scraped = httpx.get(f"{gateway.url}/metrics", timeout=10).text
    assert "gateway_requests_shed_total 20.0" in scraped
    assert after < before * 1.2
    gateway.stop()


def test_a_read_whose_client_left_is_cancelled_and_frees_its_slot(
    sandboxes: Sandboxes, started: list[Served], tmp_path: Path
) -> None:
    # Each AccountRead attempt times out after 1 s and is retried twice.
    env = {"GATEWAY_PREPAID_READ_TIMEOUT": "1", "GATEWAY_PREPAID_READ_RETRIES": "2"}
    gateway = _gateway(sandboxes, started, tmp_path, "max_in_flight = 1", env)
    host, port = gateway.address
    read = post_bytes(READ, {"id": ACCOUNT_IDS[6]})
    assert asyncio.run(_timed(host, port, read))[0].status == 200
    sandboxes.switch("prepaid", hang_rate=1.0, hang_seconds=1.5, only_endpoints=["AccountRead"])

    # The failure mode first: a client that waits sees all three attempts.
    sandboxes.reset_calls()
    waited, waited_s = asyncio.run(_timed(host, port, read))
    waited_calls = sandboxes.calls("prepaid").get("AccountRead", 0)

    # A client that leaves while the first attempt hangs.
    sandboxes.reset_calls()
    sock = socket.create_connection((host, port), timeout=10)
    sock.sendall(read)
    _until_calls(sandboxes, "AccountRead", 1)
    time.sleep(0.2)
    sock.close()
    left_at = time.monotonic()
    # Its slot is free at once: with a bound of 1 the next request is not shed.
    time.sleep(0.2)
    probe, probe_s = asyncio.run(_timed(host, port, post_bytes(TYPENAME)))
    time.sleep(max(0.0, left_at + 3.0 - time.monotonic()))  # past both retries' times
    left_calls = sandboxes.calls("prepaid").get("AccountRead", 0)
    print(
        f"\nwaiting client: {waited_calls} AccountRead calls, answered in {waited_s:.2f} s; "
        f"client that left: {left_calls} call; next request {probe.status} in "
        f"{probe_s * 1000:.1f} ms"
    )
    assert waited.status == 200 and waited_calls == 3
    assert left_calls == 1  # cancelled: its retries never ran
    assert probe.status == 200
    errors = gateway.stop()
    assert "Traceback" not in errors and "Exception in ASGI application" not in errors
    statuses = [
        line["status"]
        for line in map(orjson.loads, errors.splitlines())
        if line.get("logger") == "gateway.access" and line.get("path") == "/graphql"
    ]
    assert statuses == [200, 200, 499, 200]  # warm-up, waited, left (client closed), probe


DEFERRED_INVOICES = """query Deferred($id: Int!) { prepaidAccount(accountNumber: $id) {
  name ... @defer { invoices(first: 1) { totalCount } }
} }"""


def test_a_deferred_part_whose_client_left_is_cancelled(
    sandboxes: Sandboxes, started: list[Served], tmp_path: Path
) -> None:
    # Each AccountInvoiceBrowse attempt times out after 1 s and is retried twice.
    env = {"GATEWAY_PREPAID_READ_TIMEOUT": "1", "GATEWAY_PREPAID_READ_RETRIES": "2"}
    gateway = _gateway(sandboxes, started, tmp_path, "max_in_flight = 4", env)
    host, port = gateway.address
    ask = post_bytes(
        DEFERRED_INVOICES,
        {"id": ACCOUNT_IDS[7]},
        extra="Accept: multipart/mixed;deferSpec=20220824, application/json\r\n",
    )
    sandboxes.switch(
        "prepaid", hang_rate=1.0, hang_seconds=1.5, only_endpoints=["AccountInvoiceBrowse"]
    )
    sandboxes.reset_calls()
    sock = socket.create_connection((host, port), timeout=10)
    sock.sendall(ask)
    first = b""
    while b'"hasNext":true' not in first:  # the first part, sent before the deferred one
        chunk = sock.recv(65536)
        assert chunk, first
        first += chunk
    assert first.startswith(b"HTTP/1.1 200") and b"multipart/mixed" in first
    _until_calls(sandboxes, "AccountInvoiceBrowse", 1)
    sock.close()
    left_at = time.monotonic()
    time.sleep(max(0.0, left_at + 3.0 - time.monotonic()))  # past both retries' times
    assert sandboxes.calls("prepaid").get("AccountInvoiceBrowse", 0) == 1  # no retry ran
    errors = gateway.stop()
    assert "Traceback" not in errors and "Exception in ASGI application" not in errors


def test_a_top_up_whose_client_left_finishes_and_records_its_outcome(
    sandboxes: Sandboxes, started: list[Served], tmp_path: Path
) -> None:
    today = datetime.now(UTC).date()
    account = next(
        a.account_id
        for a in list(seed_accounts(WORLD).values())[len(ACCOUNT_IDS) // 2 :]
        if a.card and not a.card.expired(today) and not a.card.issuer_declines
    )
    gateway = _gateway(sandboxes, started, tmp_path, "max_in_flight = 4")
    host, port = gateway.address
    # The API charges at once; its answer is held 1.5 s, long after the client left.
    sandboxes.switch(
        "prepaid",
        hang_rate=1.0,
        hang_phase="after",
        hang_seconds=1.5,
        only_endpoints=["AccountEditCreditAdd"],
    )
    sandboxes.reset_calls()
    key = str(uuid.uuid4())
    variables = {
        "input": {
            "prepaidAccountId": to_base64("PrepaidAccount", account),
            "amount": 50,
            "idempotencyKey": key,
        }
    }
    sock = socket.create_connection((host, port), timeout=10)
    sock.sendall(post_bytes(ADD_CREDIT, variables))
    _until_calls(sandboxes, "AccountEditCreditAdd", 1)
    sock.close()
    time.sleep(2.5)  # the held answer arrives and the top-up records it
    sandboxes.switch("prepaid", hang_rate=0.0, only_endpoints=None)
    with socket.create_connection((host, port), timeout=10) as again:
        asked = time.monotonic()
        again.sendall(post_bytes(ADD_CREDIT, variables, extra="Connection: close\r\n"))
        status, answer = read_answer(again, 10)
        took = time.monotonic() - asked
    body = orjson.loads(answer.split(b"\r\n\r\n", 1)[1])
    ledger = sandboxes.http.get(f"{sandboxes.url('prepaid')}/_sandbox/charges").json()
    charges = [c for c in ledger["charges"] if c["account_id"] == account]
    print(f"\nrepeat of the abandoned top-up: {status} in {took * 1000:.0f} ms; {body}")
    assert status == 200 and "errors" not in body, body
    assert body["data"]["addCredit"]["userErrors"] == []
    assert len(charges) == 1  # charged once, and the repeat was answered from the record
    assert sandboxes.calls("prepaid").get("AccountEditCreditAdd") == 1
    assert took < 1.0  # recorded: no wait for an in-progress key, no proof needed
    gateway.stop()


LOAD_SECONDS = 10.0
RATE = 1600  # requests offered per second, whatever the answers: about twice what it serves
MAX_OUTSTANDING = 1000  # the client's own bound (its connections), far above the gateway's
BOUND = 16
DEADLINE = 1.0


async def _offer(host: str, port: int, stop_at: float) -> dict[str, list[float]]:
    """Open-loop load: ``RATE`` requests a second until ``stop_at``, each on an idle
    kept-alive connection or a new one, timed from its arrival.

    Arrivals do not wait for answers, so a server that queues builds a backlog,
    as the issue's clients did. At the end every connection is dropped at
    once: the requests still in flight are abandoned.
    """
    seen: dict[str, list[float]] = {"ok": [], "shed": [], "other": [], "health": []}
    awaiting: set[int] = set()  # turns whose request was written and whose answer was not read
    idle: list[tuple[asyncio.StreamReader, asyncio.StreamWriter]] = []
    writers: list[asyncio.StreamWriter] = []
    running: set[asyncio.Task[None]] = set()
    dropped = 0

    async def one(turn: int, arrived: float) -> None:
        if idle:
            reader, writer = idle.pop()
        else:
            reader, writer = await asyncio.open_connection(host, port)
            writers.append(writer)
        request = post_bytes(READ, {"id": ACCOUNT_IDS[turn % len(ACCOUNT_IDS)]})
        awaiting.add(turn)
        answer = await exchange(reader, writer, request)
        awaiting.discard(turn)
        took = time.perf_counter() - arrived
        kind = {200: "ok", 503: "shed"}.get(answer.status, "other")
        seen[kind].append(took)
        idle.append((reader, writer))

    async def health() -> None:
        reader, writer = await asyncio.open_connection(host, port)
        writers.append(writer)
        while time.monotonic() < stop_at:
            asked = time.perf_counter()
            answer = await exchange(reader, writer, get_bytes("/health"))
            assert answer.status == 200
            seen["health"].append(time.perf_counter() - asked)
            await asyncio.sleep(0.1)

    prober = asyncio.create_task(health())
    began = time.monotonic()
    offered = 0
    while (now := time.monotonic()) < stop_at:
        due = int((now - began) * RATE) - offered
        for _ in range(due):
            offered += 1
            if len(running) >= MAX_OUTSTANDING:
                dropped += 1
                continue
            task = asyncio.create_task(one(offered, time.perf_counter()))
            running.add(task)
            task.add_done_callback(running.discard)
        await asyncio.sleep(0.001)
    unanswered = len(awaiting)  # no task runs between here and the cancellation
    for task in [*running, prober]:
        task.cancel()
    await asyncio.gather(*running, prober, return_exceptions=True)
    for writer in writers:
        writer.transport.abort()  # the load drops at once; what was in flight is abandoned
    seen["dropped"] = [0.0] * dropped
    seen["offered"] = [0.0] * offered
    seen["unanswered"] = [0.0] * unanswered
    return seen


async def _probe(host: str, port: int, seconds: float) -> list[tuple[float, float]]:
    """Sequential reads for ``seconds``: (seconds since the start, latency) of each."""
    reader, writer = await asyncio.open_connection(host, port)
    began = time.monotonic()
    probes: list[tuple[float, float]] = []
    turn = 0
    try:
        while time.monotonic() - began < seconds:
            turn += 1
            asked = time.perf_counter()
            answer = await exchange(
                reader, writer, post_bytes(READ, {"id": ACCOUNT_IDS[turn % 50]})
            )
            assert answer.status == 200
            probes.append((time.monotonic() - began, time.perf_counter() - asked))
            await asyncio.sleep(0.02)
    finally:
        writer.close()
    return probes


def _account_reads(gateway: Served) -> int:
    calls = httpx.get(f"{gateway.sandbox_urls['prepaid']}/_sandbox/calls", timeout=10).json()
    return int(calls["endpoints"].get("AccountRead", 0))


def test_under_more_load_than_a_worker_serves_answers_stay_fast_and_recovery_is_quick(
    tmp_path: Path,
) -> None:
    config = tmp_path / "gateway.toml"
    config.write_text(
        f"[server]\nmax_in_flight = {BOUND}\n\n[limits]\nrequest_timeout = {DEADLINE}\n"
    )
    gateway = serve(["--config", str(config), "--port", "0", "--sandbox-base-port", "0"])
    try:
        host, port = gateway.address
        pid = gateway.process.pid
        asyncio.run(_probe(host, port, 1.0))  # warm: sessions, documents
        unloaded = [latency for _, latency in asyncio.run(_probe(host, port, 1.0))]
        rss_before = rss_mib(pid)
        reads_before = _account_reads(gateway)
        seen = asyncio.run(_offer(host, port, time.monotonic() + LOAD_SECONDS))
        dropped_at = time.monotonic()
        after = asyncio.run(_probe(host, port, 3.0))
        probe_started = time.monotonic() - dropped_at - after[-1][0] - after[-1][1]
        reads = _account_reads(gateway) - reads_before - len(after)
        rss_after = rss_mib(pid)
    finally:
        errors = gateway.stop()
    ok_ms = [t * 1000 for t in seen["ok"]]
    shed_ms = [t * 1000 for t in seen["shed"]]
    health_ms = [t * 1000 for t in seen["health"]]
    base = percentile(unloaded, 0.5) * 1000
    near = max(3 * base, base + 20)
    late = [lat * 1000 for at, lat in after if at + probe_started >= 2.0]
    recovered_at = next(
        (at for at, _ in after if all(lat * 1000 <= near for a, lat in after if a >= at)),
        float("inf"),
    )
    print(
        f"\nunloaded p50 {base:.1f} ms; {LOAD_SECONDS:.0f} s offered {RATE}/s "
        f"({len(seen['offered'])}, {len(seen['dropped'])} over the client's own bound) at a "
        f"bound of {BOUND}: {len(ok_ms)} answered ({len(ok_ms) / LOAD_SECONDS:.0f}/s) p50 "
        f"{percentile(ok_ms, 0.5):.1f} p99 {percentile(ok_ms, 0.99):.1f} max {max(ok_ms):.1f} ms; "
        f"{len(shed_ms)} shed p50 {percentile(shed_ms, 0.5):.1f} p99 "
        f"{percentile(shed_ms, 0.99):.1f} ms; /health p50 {percentile(health_ms, 0.5):.1f} "
        f"p99 {percentile(health_ms, 0.99):.1f} ms; {len(seen['other'])} other; "
        f"AccountRead calls {reads} for {len(ok_ms)} answers and {len(seen['unanswered'])} "
        f"abandoned; after the drop: first probe "
        f"{after[0][1] * 1000:.1f} ms, near unloaded (<= {near:.1f} ms) from "
        f"{recovered_at + probe_started:.2f} s, p50 from 2 s on {percentile(late, 0.5):.1f} ms; "
        f"RSS before {rss_before:.1f} after {rss_after:.1f} MiB"
    )
    assert not seen["other"] and not seen["dropped"]
    assert len(shed_ms) > len(ok_ms) / 10  # more was offered than the worker serves
    # Answered within the request deadline (queueing without bound took seconds).
    assert percentile(ok_ms, 0.99) < DEADLINE * 1000
    # The excess is refused at once: far below what waiting for a slot would take.
    assert percentile(shed_ms, 0.5) < 50 and percentile(shed_ms, 0.99) < 500
    assert percentile(health_ms, 0.99) < 500
    # Shed requests made no upstream call: every read beyond the answers belongs to a
    # request the client abandoned unanswered (in the gateway, or answered on the wire).
    unanswered = len(seen["unanswered"])
    assert len(ok_ms) <= reads <= len(ok_ms) + unanswered
    assert unanswered < len(shed_ms) / 10
    # Back near unloaded within 2 s of the drop (the backlog once took seconds to clear).
    assert percentile(late, 0.9) <= near, late
    assert rss_after < rss_before * 1.2  # queueing without bound: +60%, and growing
    assert "Traceback" not in errors
