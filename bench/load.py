"""The load generator: a lean HTTP/1.1 keep-alive client on raw asyncio streams.

It runs in its own process (``python -m bench.load``, a JSON job on stdin, a
JSON result on stdout) so its CPU is never counted as the gateway's, on a CPU
other than the gateway's where there are two (``bench.processes``). Raw
streams rather than httpx: a client that spends less per request disturbs the
measurement less. Each of ``concurrency`` connections sends its requests one
after another; the job stops at ``requests`` or ``seconds``. A job POSTs a
GraphQL ``body``, or sends ``GET`` of a path with ``headers`` (an upstream
call made straight to a sandbox).
"""

from __future__ import annotations

import asyncio
import json
import sys
import time
from typing import Any
from urllib.parse import urlsplit


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
            writer.write(request)
            head = await reader.readuntil(b"\r\n\r\n")
            length = 0
            for line in head.split(b"\r\n")[1:]:
                name, _, value = line.partition(b":")
                if name.strip().lower() == b"content-length":
                    length = int(value)
            await reader.readexactly(length)
            out.append(time.perf_counter() - start)
            if not head.startswith(b"HTTP/1.1 200"):
                failures += 1
    finally:
        writer.close()
    return failures


def _request(url: str, job: dict[str, Any]) -> bytes:
    """The bytes of one request: a GraphQL POST of ``body``, or ``get`` with its ``headers``."""
    parts = urlsplit(url)
    if "get" in job:
        lines = [f"GET {job['get']} HTTP/1.1", f"Host: {parts.netloc}"]
        lines += [f"{name}: {value}" for name, value in job.get("headers", {}).items()]
        return ("\r\n".join(lines) + "\r\n\r\n").encode()
    body = json.dumps(job["body"]).encode()
    head = (
        f"POST {parts.path} HTTP/1.1\r\nHost: {parts.netloc}\r\n"
        "Content-Type: application/json\r\nAccept: application/json\r\n"
        f"Content-Length: {len(body)}\r\n\r\n"
    )
    return head.encode() + body


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


def main() -> None:
    job = json.load(sys.stdin)
    json.dump(asyncio.run(run(job)), sys.stdout)


if __name__ == "__main__":
    main()
