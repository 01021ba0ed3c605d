"""Incremental delivery: time to the first and to the last payload of a deferred query.

Each scenario is one of ``bench.scenarios`` with its slow part marked
``@defer`` or ``@stream``: the same upstream calls (checked against the whole
query's), answered in parts to a client that asks
(``multipart/mixed;deferSpec=20220824``). At 1 client with ``LATENCY_MS``
added to every upstream call, each request's time to its first payload and to
its last is measured against the critical path of each part: the dependent
round trips the first part needs, and those of the whole query.

The client is a raw keep-alive HTTP/1.1 connection, as in ``bench.load``: the
answer is chunked, and the gateway writes each part as one chunk, so the
first payload has arrived with the first chunk. ``python -m bench.incremental
[--quick]`` runs this scenario alone over its own sandboxes and gateway and
prints its figures.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import sys
import time
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import httpx

from bench import processes
from bench.scenarios import ACCOUNTS_50, INVOICES_100, Scenario

LATENCY_MS = 20.0
ACCEPT = "multipart/mixed;deferSpec=20220824, application/graphql-response+json"


@dataclass(frozen=True)
class Deferred:
    """A scenario's query with its slow part deferred or streamed."""

    name: str
    whole: Scenario
    query: str
    first_waves: int
    why: str
    # The query without its deferred or streamed part: what the first payload
    # holds, asked for whole (by ``bench.load``), so its time is the first
    # payload's reference.
    first_alone: str

    def body(self) -> dict[str, Any]:
        return {"query": self.query, "variables": self.whole.variables}


_BALANCES = "      ... @defer { invoicerAccount { name } prepaidAccount { balance { amount } } }\n"
_ACCOUNTS = """query AccountsDeferred {
  customerAccounts(first: 50) {
    edges { node {
      id identity name invoicerAccountId externalAccountIdentifier
      contacts { firstName lastName }
%s    } }
  }
}"""

ACCOUNTS_50_DEFERRED = Deferred(
    name="accounts_50_deferred",
    whole=ACCOUNTS_50,
    query=_ACCOUNTS % _BALANCES,
    first_waves=1,
    why="the page (Account/Paged/Detail) first; the invoicers' names and the prepaid "
    "balances, a wave after it, in the later parts",
    first_alone=_ACCOUNTS % "",
)

_INVOICES = """query InvoicesStreamed {
  invoices(first: %d) {
    edges%s {
      node { invoiceNumber prepaidAccountId total { amount } prepaidAccount { name } }
    }
  }
}"""

INVOICES_100_STREAMED = Deferred(
    name="invoices_100_streamed",
    whole=INVOICES_100,
    query=_INVOICES % (100, " @stream(initialCount: 10)"),
    first_waves=2,
    why="the first ten invoices need their accounts' names too (AccountInvoiceBrowse, then "
    "AccountRead): the first part waits for both waves, as the whole does",
    first_alone=_INVOICES % (10, ""),
)

DEFERRED = (ACCOUNTS_50_DEFERRED, INVOICES_100_STREAMED)


def _request(url: str, body: dict[str, Any]) -> bytes:
    parts = urlsplit(url)
    content = json.dumps(body).encode()
    head = (
        f"POST {parts.path} HTTP/1.1\r\nHost: {parts.netloc}\r\n"
        f"Content-Type: application/json\r\nAccept: {ACCEPT}\r\n"
        f"Content-Length: {len(content)}\r\n\r\n"
    )
    return head.encode() + content


async def _timings(url: str, body: dict[str, Any], requests: int, seconds: float) -> list[Any]:
    """(seconds to the first payload, seconds to the last) of each request, one at a time."""
    parts = urlsplit(url)
    reader, writer = await asyncio.open_connection(parts.hostname, parts.port)
    request = _request(url, body)
    out: list[tuple[float, float]] = []
    deadline = time.perf_counter() + seconds
    try:
        while len(out) < requests and time.perf_counter() < deadline:
            start = time.perf_counter()
            writer.write(request)
            head = await reader.readuntil(b"\r\n\r\n")
            if not head.startswith(b"HTTP/1.1 200") or b"multipart/mixed" not in head:
                raise RuntimeError(f"not an answer in parts: {head[:200]!r}")
            first = None
            while True:
                size = int((await reader.readuntil(b"\r\n")).strip(), 16)
                if size == 0:
                    await reader.readuntil(b"\r\n")
                    break
                await reader.readexactly(size + 2)
                if first is None:
                    first = time.perf_counter() - start
            assert first is not None
            out.append((first, time.perf_counter() - start))
    finally:
        writer.close()
    return out


def _p(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return round(ordered[min(len(ordered) - 1, int(share * len(ordered)))] * 1000, 2)


def measure(url: str, control: processes.Sandboxes, quick: bool) -> dict[str, Any]:
    """Every deferred scenario against the gateway at ``url``, with ``LATENCY_MS`` added."""
    requests, seconds = (5, 3.0) if quick else (100, 6.0)
    out: dict[str, Any] = {"latency_ms": LATENCY_MS}
    control.set_latency(LATENCY_MS)
    try:
        for scenario in DEFERRED:
            for _ in range(3):  # warm-up: sessions, tokens, documents, pools
                httpx.post(url, json=scenario.body(), headers={"accept": ACCEPT}, timeout=60)
            control.reset_calls()
            asyncio.run(_timings(url, scenario.body(), 1, 60))
            deferred_calls = control.calls()
            control.reset_calls()
            httpx.post(url, json=scenario.whole.body(), timeout=60)
            whole_calls = control.calls()
            timings = asyncio.run(_timings(url, scenario.body(), requests, seconds))
            alone = {"query": scenario.first_alone, "variables": scenario.whole.variables}
            httpx.post(url, json=alone, timeout=60)
            job = {"urls": [url], "body": alone, "concurrency": 1}
            reference = processes.load({**job, "requests": requests, "seconds": seconds})
            firsts = [first for first, _ in timings]
            lasts = [last for _, last in timings]
            out[scenario.name] = {
                "why": scenario.why,
                "calls_equal_whole": deferred_calls == whole_calls,
                "calls": deferred_calls,
                "requests": len(timings),
                "first_p50_ms": _p(firsts, 0.5),
                "first_p99_ms": _p(firsts, 0.99),
                "last_p50_ms": _p(lasts, 0.5),
                "last_p99_ms": _p(lasts, 0.99),
                "first_mean_ms": round(statistics.fmean(firsts) * 1000, 2),
                "first_critical_ms": scenario.first_waves * LATENCY_MS,
                "first_alone_p50_ms": _p(reference["latencies"], 0.5),
                "last_critical_ms": scenario.whole.waves * LATENCY_MS,
            }
            print(f"bench: incremental {scenario.name}: {out[scenario.name]}", file=sys.stderr)
    finally:
        control.set_latency(0)
    return out


def run(urls: dict[str, str], quick: bool) -> dict[str, Any]:
    """The deferred scenarios against a fresh gateway over the sandboxes at ``urls``."""
    with processes.gateways(urls) as gateways:
        return measure(gateways[0][1], processes.Sandboxes(urls), quick)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="bench.incremental", description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a few requests: a smoke test")
    args = parser.parse_args(argv)
    with processes.sandboxes() as urls:
        figures = run(urls, args.quick)
    print(json.dumps(figures, indent=2))


if __name__ == "__main__":
    main()
