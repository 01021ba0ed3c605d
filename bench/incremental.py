"""Incremental delivery: time to the first and to the last payload of a deferred query.

Each scenario is one of ``bench.scenarios`` with its slow part marked
``@defer`` or ``@stream``: the same upstream calls (checked against the whole
query's), answered in parts to a client that asks
(``multipart/mixed;deferSpec=20220824``). At 1 client with ``LATENCY_MS``
added to every upstream call, each request's time to its first payload and to
its last is measured against the critical path of each part: the dependent
round trips the first part needs, and those of the whole query.

The critical path counts the added latency alone; an upstream round trip
also holds the sandbox's time to build its answer and to send it. So where
the first part is one wave, its own upstream requests (recorded from the
gateway, ``bench.recorded``) are also sent straight to the sandboxes, in
turn with the gateway's requests on the same client: the first payload is
judged against that round trip, measured under the same conditions, and
its time is split into phases by the gateway's own moments (``bench.phases``).

The client is a raw keep-alive HTTP/1.1 connection, as in ``bench.load``,
and runs where ``bench.load``'s do (``processes.as_load_generator``): the
answer is chunked, and the gateway writes each part as one chunk, so the
first payload has arrived with the first chunk.

The gateway's CPU is read from its process's CPU clock
(``processes.Child.cpu_ns``) as each request is sent, as its first payload
arrives (so it may hold the first moments of the later parts' work, which
starts once the first is written) and as the next request is sent (the whole
request, with what the gateway does after its last byte); the first part
asked for alone is read over its whole reference run, a mean per request.

``python -m bench.incremental [--quick]`` runs these scenarios alone over
their own sandboxes and gateway and prints their figures."""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx

from bench import load, phases, processes, recorded
from bench.scenarios import ACCOUNTS_50, INVOICES_100, Scenario

LATENCY_MS = 20.0
ACCEPT = "multipart/mixed;deferSpec=20220824, application/graphql-response+json"


@dataclass(frozen=True)
class Deferred:
    """A scenario's query with its slow part deferred or streamed."""

    name: str
    whole: Scenario
    query: str
    why: str
    # The query without its deferred or streamed part: what the first payload
    # holds, asked for whole (by ``bench.load``), so its time is the first
    # payload's reference, and its upstream calls are the first part's own.
    first_alone: Scenario

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
    why="the page (Account/Paged/Detail) first; the invoicers' names and the prepaid "
    "balances, a wave after it, in the later parts",
    first_alone=Scenario(
        name="accounts_50_deferred_first",
        title="50 billing accounts with contacts",
        query=_ACCOUNTS % "",
        waves=1,
        why="the page (Account/Paged/Detail) alone",
    ),
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
    why="the first ten invoices need their accounts' names too (AccountInvoiceBrowse, then "
    "AccountRead): the first part waits for both waves, as the whole does",
    first_alone=Scenario(
        name="invoices_100_streamed_first",
        title="10 invoices with account names",
        query=_INVOICES % (10, ""),
        waves=2,
        why="AccountInvoiceBrowse page -> AccountRead per distinct account",
    ),
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


async def _parts(
    reader: asyncio.StreamReader,
    writer: asyncio.StreamWriter,
    request: bytes,
    cpu: Callable[[], int],
) -> tuple[float, float, float, int, int]:
    """One request answered in parts.

    (the moment it is sent, seconds to the first payload, seconds to the
    last, the gateway's CPU clock in nanoseconds as it is sent and as the
    first payload arrives).
    """
    start, cpu_sent = time.perf_counter(), cpu()
    cpu_first = 0
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
            cpu_first = cpu()
    assert first is not None
    return start, first, time.perf_counter() - start, cpu_sent, cpu_first


class _Direct:
    """The first part's own upstream calls, sent straight to their sandboxes at once.

    The very requests the gateway sent (``bench.recorded``), each on a
    keep-alive connection of its own, as ``bench.run``'s direct calls are: one
    round of them is one upstream round trip, what the first payload cannot
    arrive before.
    """

    def __init__(self, calls: list[recorded.Request]) -> None:
        self.requests = [(call["url"], load._request(call["url"], {"raw": call})) for call in calls]
        self.connections: list[tuple[asyncio.StreamReader, asyncio.StreamWriter]] = []

    async def __aenter__(self) -> _Direct:
        for url, _ in self.requests:
            parts = urlsplit(url)
            self.connections.append(await asyncio.open_connection(parts.hostname, parts.port))
        return self

    async def __aexit__(self, *exc: object) -> None:
        for _, writer in self.connections:
            writer.close()

    async def round_trip(self) -> float:
        """Seconds from sending every call to the last answer's last byte."""
        start = time.perf_counter()
        answered = await asyncio.gather(
            *(
                load._exchange(reader, writer, request)
                for (reader, writer), (_, request) in zip(
                    self.connections, self.requests, strict=True
                )
            )
        )
        if not all(answered):
            raise RuntimeError("a direct call was not answered 200")
        return time.perf_counter() - start


@dataclass(frozen=True)
class _Timing:
    """One request in parts: seconds, and the gateway's CPU clock in nanoseconds."""

    # When it was sent (``time.perf_counter``), to lay beside the gateway's ``bench.phases``.
    sent_at: float
    first: float
    last: float
    # The first part's own upstream calls straight to the sandboxes (``None``: not timed).
    trip: float | None
    cpu_sent: int
    cpu_first: int


async def _timings(
    url: str,
    body: dict[str, Any],
    direct: list[recorded.Request],
    requests: int,
    seconds: float,
    cpu: Callable[[], int],
) -> list[_Timing]:
    """Each request's times and the gateway's CPU (``cpu``), one request at a time.

    The gateway's requests and the direct round trips take turns (which goes
    first alternates), so the VM's drift and the sandbox's state weigh on both
    alike. An empty ``direct`` times no round trip (``None``).
    """
    parts = urlsplit(url)
    reader, writer = await asyncio.open_connection(parts.hostname, parts.port)
    request = _request(url, body)
    out: list[_Timing] = []
    deadline = time.perf_counter() + seconds
    try:
        async with _Direct(direct) as straight:
            while len(out) < requests and time.perf_counter() < deadline:
                trip = await straight.round_trip() if direct and len(out) % 2 else None
                sent_at, first, last, cpu_sent, cpu_first = await _parts(
                    reader, writer, request, cpu
                )
                if direct and trip is None:
                    trip = await straight.round_trip()
                out.append(_Timing(sent_at, first, last, trip, cpu_sent, cpu_first))
    finally:
        writer.close()
    return out


def _p(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return round(ordered[min(len(ordered) - 1, int(share * len(ordered)))] * 1000, 2)


def measure(
    gateway: processes.Child,
    url: str,
    control: processes.Sandboxes,
    calls: dict[str, list[recorded.Request]],
    quick: bool,
    stamps: Path | None = None,
) -> dict[str, Any]:
    """Every deferred scenario against ``gateway`` at ``url``, with ``LATENCY_MS`` added.

    ``calls``: each first part's own upstream requests, by scenario, timed
    straight against the sandboxes beside the gateway when the first part
    is one wave (all of them at once make one round trip). ``stamps``: where
    the gateway writes its moments (``bench.phases``), to split such a first
    payload's time into phases.
    """
    requests, seconds = (5, 3.0) if quick else (100, 6.0)
    # The direct round trips take turns with the gateway's requests within one budget of
    # time: it is longer by about what they take, so the gateway's sample stays as large.
    turns = seconds + (1.0 if quick else 4.0)
    out: dict[str, Any] = {"latency_ms": LATENCY_MS}
    control.set_latency(LATENCY_MS)
    try:
        for scenario in DEFERRED:
            for _ in range(3):  # warm-up: sessions, tokens, documents, pools
                httpx.post(url, json=scenario.body(), headers={"accept": ACCEPT}, timeout=60)
            control.reset_calls()
            asyncio.run(_timings(url, scenario.body(), [], 1, 60, gateway.cpu_ns))
            deferred_calls = control.calls()
            control.reset_calls()
            httpx.post(url, json=scenario.whole.body(), timeout=60)
            whole_calls = control.calls()
            first_calls = calls[scenario.first_alone.name]
            direct = first_calls if scenario.first_alone.waves == 1 else []
            with processes.as_load_generator():
                timings = asyncio.run(
                    _timings(url, scenario.body(), direct, requests, turns, gateway.cpu_ns)
                )
            alone = scenario.first_alone.body()
            httpx.post(url, json=alone, timeout=60)
            job = {"urls": [url], "body": alone, "concurrency": 1}
            before = gateway.cpu_ns()
            reference = processes.load({**job, "requests": requests, "seconds": seconds})
            cpu_alone = (gateway.cpu_ns() - before) / max(1, len(reference["latencies"]))
            firsts = [timing.first for timing in timings]
            lasts = [timing.last for timing in timings]
            trips = [timing.trip for timing in timings if timing.trip is not None]
            split = None
            if stamps is not None and trips:
                client = [(one.sent_at, one.sent_at + one.first) for one in timings]
                split = phases.split(phases.read(stamps), client, trips)
            cpu_firsts = [(one.cpu_first - one.cpu_sent) / 1e9 for one in timings]
            # Each request's to the next's: with what the gateway does after its last byte.
            cpu_wholes = [(b.cpu_sent - a.cpu_sent) / 1e9 for a, b in pairwise(timings)]
            out[scenario.name] = {
                "why": scenario.why,
                "calls_equal_whole": deferred_calls == whole_calls,
                "calls": deferred_calls,
                "first_part_calls": len(first_calls),
                "requests": len(timings),
                "first_p50_ms": _p(firsts, 0.5),
                "first_p99_ms": _p(firsts, 0.99),
                "last_p50_ms": _p(lasts, 0.5),
                "last_p99_ms": _p(lasts, 0.99),
                "first_mean_ms": round(statistics.fmean(firsts) * 1000, 2),
                "first_critical_ms": scenario.first_alone.waves * LATENCY_MS,
                "first_round_trip_p50_ms": _p(trips, 0.5) if trips else None,
                "first_alone_p50_ms": _p(reference["latencies"], 0.5),
                "last_critical_ms": scenario.whole.waves * LATENCY_MS,
                "gateway_cpu_first_p50_ms": _p(cpu_firsts, 0.5),
                "gateway_cpu_whole_p50_ms": _p(cpu_wholes, 0.5) if cpu_wholes else None,
                # A mean: the reference run is timed by another process, as a whole.
                "gateway_cpu_alone_mean_ms": round(cpu_alone / 1e6, 2),
                "first_phases": split,
            }
            print(f"bench: incremental {scenario.name}: {out[scenario.name]}", file=sys.stderr)
    finally:
        control.set_latency(0)
    return out


def run(urls: dict[str, str], quick: bool) -> dict[str, Any]:
    """The deferred scenarios against a fresh gateway over the sandboxes at ``urls``.

    Each first part's upstream requests are recorded first, from a gateway of
    their own, as ``bench.run`` records the scenarios' (``bench.recorded``).
    """
    calls = recorded.capture(urls, [scenario.first_alone for scenario in DEFERRED])
    with tempfile.TemporaryDirectory() as scratch:
        stamps = Path(scratch) / "phases.jsonl"
        with processes.gateways(urls, extra=["--phases", str(stamps)]) as gateways:
            (gateway, url), *_ = gateways
            return measure(gateway, url, processes.Sandboxes(urls), calls, quick, stamps)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="bench.incremental", description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a few requests: a smoke test")
    args = parser.parse_args(argv)
    with processes.sandboxes() as urls:
        figures = run(urls, args.quick)
    print(json.dumps(figures, indent=2))


if __name__ == "__main__":
    main()
