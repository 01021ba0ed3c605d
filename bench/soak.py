"""Soak: the gateway on its sandboxes at a fixed rate with injected faults, for a minute.

Run it with ``./dev soak`` (or ``python -m bench.soak --help``). It starts
``gateway serve`` with ``error_rate`` on every sandbox, sends mixed queries
at a fixed rate, samples the gateway's resident memory every second, and
then checks two things (memory sampled every second, or 30 times in a shorter run):

- no error beyond the injected ones: every GraphQL error is one an injected
  5xx can cause (UPSTREAM_UNAVAILABLE), there are no more of them than faults
  the sandboxes served, and no request failed outright;
- memory stays flat: the mean RSS of the last third of the run (after
  warm-up) is at most ``--max-growth`` above the mean of the first third.

The figures go to ``--out`` (``bench/soak-results.json``, committed as the
last figure); the exit status is 0 only when both checks pass.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from statistics import quantiles
from typing import Any

import httpx

from bench.process import Gateway, start_gateway
from bench.rss import flatness, rss_bytes
from bench.soak_load import QUERIES, Tally, run_load

INJECTABLE_CODES = {"UPSTREAM_UNAVAILABLE"}
"""What an injected 5xx may become at the client, after the read's retries ran out."""


async def sample_memory(pid: int, samples: list[tuple[float, int]], every: float = 1.0) -> None:
    start = time.perf_counter()
    while True:
        samples.append((time.perf_counter() - start, rss_bytes(pid)))
        await asyncio.sleep(every)


async def sandbox_counts(gateway: Gateway) -> dict[str, dict[str, Any]]:
    counts: dict[str, dict[str, Any]] = {}
    async with httpx.AsyncClient(timeout=10) as control:
        for name, url in gateway.sandboxes.items():
            calls = (await control.get(f"{url}/_sandbox/calls")).json()
            faults = (await control.get(f"{url}/_sandbox/faults")).json()
            counts[name] = {"calls": calls["total"], "faults": faults["kinds"]}
    return counts


async def warm_up(gateway: Gateway) -> None:
    """One request logs in everywhere; then the counts start from zero."""
    async with httpx.AsyncClient(timeout=30) as control:
        query, variables = QUERIES[0]
        await control.post(gateway.url, json={"query": query, "variables": variables})
        for url in gateway.sandboxes.values():
            await control.delete(f"{url}/_sandbox/calls")


async def soak(args: argparse.Namespace) -> dict[str, Any]:
    gateway = start_gateway([f"error_rate={args.error_rate}"])
    try:
        await warm_up(gateway)
        samples: list[tuple[float, int]] = []
        every = min(1.0, args.seconds / 30)  # a short run still gets enough samples to judge
        sampler = asyncio.create_task(sample_memory(gateway.process.pid, samples, every))
        started = time.perf_counter()
        tally = await run_load(gateway.url, seconds=args.seconds, rate=args.rate)
        elapsed = time.perf_counter() - started
        sampler.cancel()
        counts = await sandbox_counts(gateway)
    finally:
        exit_code = gateway.stop()
    return report(args, tally, elapsed, counts, samples, exit_code)


def report(
    args: argparse.Namespace,
    tally: Tally,
    elapsed: float,
    counts: dict[str, dict[str, Any]],
    samples: list[tuple[float, int]],
    gateway_exit: int,
) -> dict[str, Any]:
    injected = sum(sum(c["faults"].values()) for c in counts.values())
    unexpected = {c: n for c, n in tally.error_codes.items() if c not in INJECTABLE_CODES}
    memory = flatness(samples, args.warmup, args.max_growth)
    errors_ok = not unexpected and tally.failed_requests == 0 and tally.graphql_errors <= injected
    cuts = quantiles(tally.seconds, n=100) if len(tally.seconds) >= 2 else [0.0] * 99
    return {
        "parameters": {
            "seconds": args.seconds,
            "rate_per_second": args.rate,
            "error_rate": args.error_rate,
            "warmup_seconds": args.warmup,
            "max_memory_growth": args.max_growth,
        },
        "requests": {
            "sent": tally.sent,
            "answered": tally.answered,
            "failed": tally.failed_requests,
            "achieved_rate_per_second": round(tally.sent / elapsed, 1),
            "latency_p50_ms": round(cuts[49] * 1000, 1),
            "latency_p99_ms": round(cuts[98] * 1000, 1),
        },
        "upstreams": counts,
        "injected_faults": injected,
        "graphql_errors": dict(tally.error_codes),
        "graphql_errors_total": tally.graphql_errors,
        "unexpected_errors": unexpected,
        "memory": {
            "samples": len(samples),
            "early_mean_mb": round(memory.early_mb, 1),
            "late_mean_mb": round(memory.late_mb, 1),
            "growth": round(memory.growth, 4),
        },
        "gateway_exit_code": gateway_exit,
        "verdict": {
            "errors_within_injected": errors_ok,
            "memory_flat": memory.flat,
            "passed": errors_ok and memory.flat and gateway_exit == 0,
        },
    }


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="soak", description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=60.0, help="how long to send (60)")
    parser.add_argument("--rate", type=float, default=40.0, help="requests a second (40)")
    parser.add_argument("--error-rate", type=float, default=0.05, help="5xx share (0.05)")
    parser.add_argument("--warmup", type=float, default=10.0, help="memory not judged (10 s)")
    parser.add_argument(
        "--max-growth", type=float, default=0.10, help="allowed RSS growth, a share (0.10)"
    )
    parser.add_argument(
        "--out", type=Path, default=Path("bench/soak-results.json"), help="where to write figures"
    )
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    results = asyncio.run(soak(args))
    args.out.write_text(json.dumps(results, indent=2) + "\n")
    print(json.dumps(results, indent=2))
    return 0 if results["verdict"]["passed"] else 1


if __name__ == "__main__":
    sys.exit(main())
