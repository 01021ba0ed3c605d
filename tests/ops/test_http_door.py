"""The HTTP door holds below GraphQL: heads, bodies and connections are bounded.

Each test drives a real ``gateway serve`` on loopback with raw sockets, the
shapes issue 17 measured: heads that never end or never stop growing, a body
that stops, connections that say nothing, more connections than the process
has files. Each asserts the answer, its time, the upstream calls (none for
anything refused) and the gateway's resident memory before, during and after.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import orjson
import pytest

from tests.ops.conftest import ACCOUNT_IDS, ONE_PROCESS, READ, Sandboxes, upstreams_toml
from tests.ops.door_tools import (
    Served,
    closed_within,
    get_bytes,
    limit_files,
    post_bytes,
    read_answer,
    read_one,
    rss_mib,
    serve,
    still_open,
)
from tests.redis_server import free_port

MIB = 1024 * 1024


@pytest.fixture
def started() -> Iterator[list[Served]]:
    """Gateways a test starts; each is stopped after it, whatever happened."""
    running: list[Served] = []
    yield running
    for gateway in running:
        gateway.stop()


def _gateway(
    sandboxes: Sandboxes,
    started: list[Served],
    tmp_path: Path,
    server: str = "",
    *,
    nofile: int | None = None,
) -> Served:
    """A gateway over the test's sandboxes with ``server`` as its ``[server]`` table."""
    config = tmp_path / "gateway.toml"
    config.write_text(ONE_PROCESS + upstreams_toml(sandboxes) + f"\n[server]\n{server}\n")
    gateway = serve(["--config", str(config), "--port", "0"], nofile=nofile)
    started.append(gateway)
    return gateway


def _read_ok(gateway: Served) -> None:
    with socket.create_connection(gateway.address, timeout=10) as sock:
        sock.sendall(post_bytes(READ, {"id": ACCOUNT_IDS[4]}, extra="Connection: close\r\n"))
        status, answer = read_answer(sock, 10)
    assert status == 200 and b'"prepaidAccount":{"name"' in answer, answer[:300]


def _no_leak(errors: str) -> None:
    for leak in ("Traceback", "sandbox-admin-password", "sandbox-billing-password"):
        assert leak not in errors, leak


async def _endless_head(host: str, port: int, size: int, seconds: float) -> tuple[int, str]:
    """Send up to ``size`` bytes of a head that never ends; what was sent and what came back."""
    reader, writer = await asyncio.open_connection(host, port)
    chunk = b"a" * 65536
    sent = 0
    outcome = "sent all"
    try:
        writer.write(b"POST /graphql HTTP/1.1\r\nHost: gateway\r\nX-Fill: ")
        deadline = time.monotonic() + seconds
        while sent < size and time.monotonic() < deadline:
            writer.write(chunk)
            await writer.drain()
            sent += len(chunk)
    except OSError:
        outcome = "cut off"
    try:
        answer = await asyncio.wait_for(reader.read(200), 5)
        if answer.startswith(b"HTTP/1.1 431 "):
            outcome = "431"
    except (OSError, TimeoutError):
        pass
    writer.transport.abort()
    return sent, outcome


async def _flood(
    host: str, port: int, pid: int, connections: int, size: int, seconds: float
) -> tuple[list[tuple[int, str]], list[float]]:
    samples: list[float] = []

    async def sample() -> None:
        while True:
            samples.append(rss_mib(pid))
            await asyncio.sleep(0.1)

    sampler = asyncio.create_task(sample())
    try:
        results = await asyncio.gather(
            *(_endless_head(host, port, size, seconds) for _ in range(connections))
        )
    finally:
        sampler.cancel()
    return list(results), samples


def test_a_head_over_the_cap_is_refused_431_and_never_buffered(
    sandboxes: Sandboxes, started: list[Served], tmp_path: Path
) -> None:
    gateway = _gateway(sandboxes, started, tmp_path)  # the default cap: 64 KiB
    host, port = gateway.address
    _read_ok(gateway)  # warm: the first answer builds what later ones reuse
    pid = gateway.process.pid
    before = rss_mib(pid)
    sandboxes.reset_calls()

    # 40 connections, each sending up to 20 MB of headers that never end.
    started_at = time.monotonic()
    results, during = asyncio.run(_flood(host, port, pid, 40, 20 * MIB, 10))
    flood_seconds = time.monotonic() - started_at
    time.sleep(1)
    after = rss_mib(pid)
    outcomes = [outcome for _, outcome in results]
    print(
        f"\nheaders flood: RSS before {before:.1f} MiB, during max {max(during):.1f} MiB, "
        f"after {after:.1f} MiB; {flood_seconds:.1f} s; outcomes "
        f"{ {o: outcomes.count(o) for o in set(outcomes)} }; "
        f"sent per connection max {max(s for s, _ in results) / MIB:.1f} MiB"
    )
    assert set(outcomes) <= {"431", "cut off"}, outcomes  # never a head taken in whole
    assert outcomes.count("431") >= 30, outcomes  # answered, where the client listened
    assert max(during) < before + 40, (before, max(during))  # unbounded: +750 MiB
    assert after < before * 1.2, (before, after)

    # One 20 MB header block on an otherwise finished request: refused, no upstream call.
    with socket.create_connection((host, port), timeout=10) as sock:
        big = "X-Big: " + "b" * (20 * MIB) + "\r\n"
        asked = time.monotonic()
        with contextlib.suppress(OSError):  # cut off after the cap: also a refusal
            sock.sendall(post_bytes(READ, {"id": ACCOUNT_IDS[4]}, extra=big))
        status, answer = read_answer(sock, 5)
        took = time.monotonic() - asked
    print(f"20 MB head on a whole request: {status} in {took * 1000:.0f} ms")
    assert status in (431, None), answer[:200]
    if status == 431:
        assert b'"code":"REQUEST_HEADERS_TOO_LARGE"' in answer
    assert sandboxes.calls("prepaid") == {}
    assert sandboxes.calls("billing") == {}
    _read_ok(gateway)  # the door still serves
    _no_leak(gateway.stop())


def test_a_head_or_body_that_stalls_is_408_and_silent_connections_are_closed(
    sandboxes: Sandboxes, started: list[Served], tmp_path: Path
) -> None:
    bounds = "header_timeout = 1\nbody_timeout = 1\nidle_timeout = 1\n"
    gateway = _gateway(sandboxes, started, tmp_path, bounds)
    _read_ok(gateway)
    pid = gateway.process.pid
    before = rss_mib(pid)
    sandboxes.reset_calls()
    stop = threading.Event()

    # A head trickled one line every 0.25 s: 408 once it has taken 1 s.
    trickler = socket.create_connection(gateway.address, timeout=10)
    trickled_at = time.monotonic()
    trickler.sendall(b"POST /graphql HTTP/1.1\r\nHost: gateway\r\n")

    def trickle() -> None:
        while not stop.wait(0.25):
            try:
                trickler.sendall(b"X-Slow: 1\r\n")
            except OSError:
                return

    thread = threading.Thread(target=trickle)
    thread.start()
    # A body announced as 1000 bytes, 9 sent, then silence.
    slow = socket.create_connection(gateway.address, timeout=10)
    slow.sendall(
        b"POST /graphql HTTP/1.1\r\nHost: gateway\r\nContent-Type: application/json\r\n"
        b"Content-Length: 1000\r\n\r\n" + b'{"query":'
    )
    slowed_at = time.monotonic()
    # 50 connections that never send a byte.
    silent = [socket.create_connection(gateway.address, timeout=10) for _ in range(50)]
    silent_at = time.monotonic()
    during = rss_mib(pid)
    try:
        trickle_closed, trickle_answer = closed_within(trickler, 8)
        trickle_took = time.monotonic() - trickled_at
        slow_closed, slow_answer = closed_within(slow, 8)
        slow_took = time.monotonic() - slowed_at
        silent_closed = [closed_within(sock, 8) for sock in silent]
        silent_took = time.monotonic() - silent_at
    finally:
        stop.set()
        thread.join(timeout=5)
        for sock in [trickler, slow, *silent]:
            sock.close()
    # Between two requests a kept-alive connection is closed after the same second.
    with socket.create_connection(gateway.address, timeout=10) as kept:
        idle_at = time.monotonic()  # the answer comes within milliseconds
        kept.sendall(get_bytes("/health"))
        kept_closed, _ = closed_within(kept, 8)
        kept_took = time.monotonic() - idle_at
    after = rss_mib(pid)
    print(
        f"\ntrickled head closed after {trickle_took:.2f} s ({trickle_answer[:12]!r}); "
        f"slow body after {slow_took:.2f} s ({slow_answer[:12]!r}); 50 silent after "
        f"{silent_took:.2f} s; kept-alive idle after {kept_took:.2f} s; "
        f"RSS before {before:.1f} during {during:.1f} after {after:.1f} MiB"
    )
    assert trickle_closed and trickle_answer.startswith(b"HTTP/1.1 408 ")
    assert b'"code":"REQUEST_TIMEOUT"' in trickle_answer
    assert slow_closed and slow_answer.startswith(b"HTTP/1.1 408 ")
    assert all(closed and answer == b"" for closed, answer in silent_closed)
    assert kept_closed
    # The bound is 1 s each; held forever is the failure, so 6 s is a wide margin.
    for took in (trickle_took, slow_took, silent_took, kept_took):
        assert 0.8 < took < 6, took
    assert sandboxes.calls("prepaid") == {}  # the slow body never reached GraphQL
    assert after < before * 1.2
    _no_leak(gateway.stop())


def test_at_the_connection_cap_the_oldest_idle_is_closed_and_a_real_request_is_served(
    sandboxes: Sandboxes, started: list[Served], tmp_path: Path
) -> None:
    # Timeouts far away: here only the cap may close anything.
    bounds = "max_connections = 40\nidle_timeout = 60\nheader_timeout = 60\n"
    gateway = _gateway(sandboxes, started, tmp_path, bounds)
    _read_ok(gateway)
    pid = gateway.process.pid
    before = rss_mib(pid)
    sandboxes.reset_calls()
    flood: list[socket.socket] = []
    try:
        for index in range(100):
            sock = socket.create_connection(gateway.address, timeout=10)
            if 30 <= index < 40:  # some trickle a head: idle too, as far as the cap goes
                sock.sendall(b"POST /graphql HTTP/1.1\r\nHost: gateway\r\n")
            flood.append(sock)
            time.sleep(0.002)  # accepted in order
        during = rss_mib(pid)
        asked = time.monotonic()
        _read_ok(gateway)
        took = time.monotonic() - asked
        time.sleep(0.3)
        open_now = [still_open(sock) for sock in flood]
    finally:
        for sock in flood:
            sock.close()
    after = rss_mib(pid)
    print(
        f"\n100 silent connections at a cap of 40: {sum(open_now)} still open, the real "
        f"request answered in {took * 1000:.0f} ms; RSS before {before:.1f} during "
        f"{during:.1f} after {after:.1f} MiB"
    )
    assert not any(open_now[:60])  # the oldest went first
    assert all(open_now[-30:])  # the newest stay
    assert sum(open_now) <= 39  # with the real request's: 40
    assert sandboxes.calls("prepaid") == {"AccountRead": 1}
    assert after < before * 1.2
    _no_leak(gateway.stop())


def test_silent_connections_beyond_the_file_limit_lock_nobody_out(
    sandboxes: Sandboxes, started: list[Served], tmp_path: Path
) -> None:
    """The issue's lock-out: more silent connections than the process has files."""
    gateway = _gateway(
        sandboxes, started, tmp_path, "idle_timeout = 60\nheader_timeout = 60\n", nofile=600
    )
    pid = gateway.process.pid
    flood: list[socket.socket] = []
    try:
        for _ in range(700):
            flood.append(socket.create_connection(gateway.address, timeout=10))
        time.sleep(0.5)
        descriptors = len(os.listdir(f"/proc/{pid}/fd"))
        asked = time.monotonic()
        _read_ok(gateway)
        took = time.monotonic() - asked
        held = sum(still_open(sock) for sock in flood)
    finally:
        for sock in flood:
            sock.close()
    # 600 files, 400 kept for the upstream pools and 64 for the process: 136 clients.
    print(
        f"\n700 silent connections under a limit of 600 files: the gateway holds {held} "
        f"({descriptors} descriptors); a real request answered in {took * 1000:.0f} ms"
    )
    assert held <= 136
    assert descriptors < 600
    _no_leak(gateway.stop())


def test_a_connection_cap_above_the_file_limit_is_refused_at_start(
    sandboxes: Sandboxes, tmp_path: Path
) -> None:
    config = tmp_path / "gateway.toml"
    config.write_text(
        ONE_PROCESS + upstreams_toml(sandboxes) + "\n[server]\nmax_connections = 1000\n"
    )
    completed = subprocess.run(
        [sys.executable, "-m", "gateway", "serve", "--config", str(config), "--port", "0"],
        capture_output=True,
        text=True,
        timeout=60,
        preexec_fn=limit_files(600),
    )
    assert completed.returncode == 2
    assert "server.max_connections must be at most 136" in completed.stderr, completed.stderr


def test_every_worker_of_serve_workers_holds_the_same_bounds(
    sandboxes: Sandboxes, started: list[Served], tmp_path: Path, redis_url: str
) -> None:
    """``--workers N``: uvicorn builds each worker's protocol from the pickled bounds."""
    env = {
        **os.environ,
        "GATEWAY_IDEMPOTENCY_STORE": "redis",
        "GATEWAY_REDIS_URL": redis_url,
        "GATEWAY_SERVER_MAX_HEADER_BYTES": "4096",
        "GATEWAY_SERVER_IDLE_TIMEOUT": "1",
    }
    gateway = serve(
        ["--workers", "2", "--port", str(free_port()), "--sandbox-base-port", "0"], env=env
    )
    started.append(gateway)
    refused_by: set[int] = set()
    deadline = time.monotonic() + 30  # the kernel hands new connections to either worker,
    while len(refused_by) < 2 and time.monotonic() < deadline:  # once both have started
        time.sleep(0.02)
        try:
            sock = socket.create_connection(gateway.address, timeout=10)
        except OSError:
            continue
        with sock:
            sock.sendall(get_bytes("/health"))
            status, body = read_one(sock)
            if status != 200:
                continue
            pid = orjson.loads(body)["pid"]
            # The same connection, so the same worker: an 8 KiB head over its 4 KiB cap.
            sock.sendall(b"GET /health HTTP/1.1\r\nX-Big: " + b"c" * 8192 + b"\r\n\r\n")
            refusal, _ = read_answer(sock, 5)
            assert refusal == 431, refusal
            refused_by.add(pid)
    silent = socket.create_connection(gateway.address, timeout=10)
    began = time.monotonic()
    closed, _ = closed_within(silent, 8)
    took = time.monotonic() - began
    silent.close()
    print(
        f"\nworkers {sorted(refused_by)} each refused an 8 KiB head; silent closed in {took:.2f} s"
    )
    assert len(refused_by) == 2
    assert closed and 0.8 < took < 6
    _no_leak(gateway.stop())
