"""The load generator: a lean HTTP/1.1 keep-alive client on raw asyncio streams.

It runs in its own process (``python -m bench.load``, a JSON job on stdin, a
JSON result on stdout) so its CPU is never counted as the gateway's, on a CPU
other than the gateway's where there are two (``bench.processes``). Raw
streams rather than httpx: a client that spends less per request disturbs the
measurement less. Each of ``concurrency`` connections sends its requests one
after another; the job stops at ``requests`` or ``seconds``. A job POSTs a
GraphQL ``body``, or sends ``raw``, a request recorded by ``bench.recorded``
(an upstream call made straight to a sandbox).

With ``rate`` the load is open-loop instead: requests arrive at ``rate`` per
second on a fixed schedule for ``seconds``, whether or not earlier answers
came, each on an idle keep-alive connection (a new one when none is idle).
A latency is counted from the request's scheduled arrival, so a queue at the
gateway shows in it rather than slowing the arrivals down.
"""

from __future__ import annotations

import asyncio
import json
import sys
import time
from typing import Any
from urllib.parse import urlsplit


async def _exchange(
    reader: asyncio.StreamReader, writer: asyncio.StreamWriter, request: bytes
) -> bool:
    """One request and its answer on a keep-alive connection; whether the status was 200."""
    writer.write(request)
    head = await reader.readuntil(b"\r\n\r\n")
    length = 0
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            length = int(value)
    await reader.readexactly(length)
    return head.startswith(b"HTTP/1.1 200")


async def _connection(
    host: str, port: int, request: bytes, quota: list[int], deadline: float, out: list[float]
) -> int:
    """Send requests on one keep-alive connection; record each latency; count non-200s."""
    reader, writer = await asyncio.open_connection(host, port)
    failures = 0
    try:
        while quota[0] > 0 and time.perf_counter() < deadline:
            quota[0] -= 1
            start = time.perf_counter()
            ok = await _exchange(reader, writer, request)
            out.append(time.perf_counter() - start)
            failures += not ok
    finally:
        writer.close()
    return failures


def _request(url: str, job: dict[str, Any]) -> bytes:
    """The bytes of one request: a GraphQL POST of ``body``, or a recorded ``raw`` request."""
    parts = urlsplit(url)
    if "raw" in job:
        raw = job["raw"]
        target = parts.path + (f"?{parts.query}" if parts.query else "")
        lines = [f"{raw['method']} {target} HTTP/1.1", f"Host: {parts.netloc}"]
        lines += [f"{name}: {value}" for name, value in raw["headers"] if name.lower() != "host"]
        body: str = raw["body"]
        return ("\r\n".join(lines) + "\r\n\r\n" + body).encode()
    payload = json.dumps(job["body"]).encode()
    head = (
        f"POST {parts.path} HTTP/1.1\r\nHost: {parts.netloc}\r\n"
        "Content-Type: application/json\r\nAccept: application/json\r\n"
        f"Content-Length: {len(payload)}\r\n\r\n"
    )
    return head.encode() + payload


async def run(job: dict[str, Any]) -> dict[str, Any]:
    """Run one job: ``urls`` (round robin per connection), ``body``, ``requests``, ..."""
    targets = []
    for url in job["urls"]:
        parts = urlsplit(url)
        targets.append((parts.hostname or "127.0.0.1", parts.port or 80, _request(url, job)))
    quota = [int(job["requests"])]
    latencies: list[float] = []
    started = time.perf_counter()
    deadline = started + float(job.get("seconds", 30))
    failures = await asyncio.gather(
        *(
            _connection(*targets[i % len(targets)], quota, deadline, latencies)
            for i in range(int(job["concurrency"]))
        )
    )
    elapsed = time.perf_counter() - started
    return {"latencies": latencies, "seconds": elapsed, "failures": sum(failures)}


STALE_SECONDS = 2.0
"""An idle connection older than this is closed, not reused: the server closes its
keep-alive connections after a few idle seconds (uvicorn: 5), and a request sent on
one it already closed would fail."""


async def open_loop(job: dict[str, Any]) -> dict[str, Any]:
    """Arrivals at ``rate`` per second for ``seconds``, to the first of ``urls``."""
    parts = urlsplit(job["urls"][0])
    host, port = parts.hostname or "127.0.0.1", parts.port or 80
    request = _request(job["urls"][0], job)
    idle: list[tuple[asyncio.StreamReader, asyncio.StreamWriter, float]] = []
    latencies: list[float] = []
    failures = [0]
    interval = 1.0 / float(job["rate"])
    total = int(float(job["seconds"]) * float(job["rate"]))

    async def connection() -> tuple[asyncio.StreamReader, asyncio.StreamWriter]:
        while idle:
            reader, writer, since = idle.pop()
            if time.perf_counter() - since < STALE_SECONDS:
                return reader, writer
            writer.close()
        return await asyncio.open_connection(host, port)

    async def arrive(scheduled: float) -> None:
        reader, writer = await connection()
        ok = await _exchange(reader, writer, request)
        latencies.append(time.perf_counter() - scheduled)
        failures[0] += not ok
        idle.append((reader, writer, time.perf_counter()))

    started = time.perf_counter()
    tasks = []
    for index in range(total):
        scheduled = started + index * interval
        delay = scheduled - time.perf_counter()
        if delay > 0:
            await asyncio.sleep(delay)
        tasks.append(asyncio.create_task(arrive(scheduled)))
    await asyncio.gather(*tasks)
    elapsed = time.perf_counter() - started
    for _, writer, _ in idle:
        writer.close()
    return {
        "latencies": latencies,
        "seconds": elapsed,
        "failures": failures[0],
        "connections": len(idle),
    }


def main() -> None:
    job = json.load(sys.stdin)
    json.dump(asyncio.run(open_loop(job) if "rate" in job else run(job)), sys.stdout)


if __name__ == "__main__":
    main()
