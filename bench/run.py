"""Run the benchmark: ``./dev bench`` (or ``python -m bench.run [--quick]``).

Every target of issue 23 is a ratio of two figures taken in this one run.
First the call floor: each scenario's upstream requests are recorded from
a gateway (``bench.recorded``) and replayed by ``bench.call_floor``. Then,
for the gateway and for the naive baseline (the same schema with every
loader unbatched and uncached and no document cache), each in a process of
its own over sandboxes in another process, with no added latency and with
``LATENCY_MS`` per upstream call, every scenario gets: its upstream calls
per query (checked against the minimum), latency p50/p99 at 1 and at 32
concurrent clients, requests per second, gateway CPU time per request, and
peak memory; the two take turns scenario by scenario. The critical path
(dependent round trips x added latency) is the reference latency. The
gateway is what ``gateway serve`` builds from its default configuration
(no read cache). Then: the one-call scenarios' calls sent straight to their
sandbox; the HTTP floor (a bare ASGI app and a one-route Starlette app
answering ``{ __typename }``'s request under the gateway's uvicorn
settings, ``bench.floor_app``) right before the small queries; the
in-memory read cache warm; the 1- and 2-worker curve; open-loop arrivals at
50% and 80% of each scenario's capacity; the deferred and streamed
scenarios (``bench.incremental``); and pyinstrument profiles of the
50-account scenario cold and warm and of the big page. Writes
bench/results.json, .md and .png.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import tempfile
from pathlib import Path
from typing import Any

import httpx

from bench import calibrate, incremental, processes, recorded
from bench.minimal import MINIMAL
from bench.scenarios import SCENARIOS, Scenario

HERE = Path(__file__).parent
LATENCY_MS = 20.0
CONCURRENCY = (1, 32)


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def _calls(scenario: Scenario, url: str, control: processes.Sandboxes) -> dict[str, Any]:
    """One query's upstream calls, and the minimum its answer allows."""
    control.reset_calls()
    body = httpx.post(url, json=scenario.body(), timeout=60).json()
    made = control.calls()
    if "errors" in body or body.get("data") is None:
        raise RuntimeError(f"{scenario.name} failed: {json.dumps(body)[:500]}")
    minimal = MINIMAL[scenario.name](body["data"])
    return {
        "made": made,
        "minimal": minimal,
        "total": sum(sum(e.values()) for e in made.values()),
        "minimal_total": sum(sum(e.values()) for e in minimal.values()),
    }


def _load_phase(
    body: dict[str, Any],
    gateways: list[tuple[processes.Child, str]],
    concurrency: int,
    budget: tuple[int, float],
) -> dict[str, Any]:
    """Load one request body at one concurrency; latency, RPS and the gateways' CPU per request."""
    cpu_before = sum(c.cpu_seconds() for c, _ in gateways)
    result = processes.load(
        {
            "urls": [url for _, url in gateways],
            "body": body,
            "concurrency": concurrency,
            "requests": budget[0],
            "seconds": budget[1],
        }
    )
    cpu = sum(c.cpu_seconds() for c, _ in gateways) - cpu_before
    latencies = result["latencies"]
    count = len(latencies)
    return {
        "requests": count,
        "failures": result["failures"],
        "p50_ms": round(_percentile(latencies, 0.50) * 1000, 2),
        "p99_ms": round(_percentile(latencies, 0.99) * 1000, 2),
        "mean_ms": round(statistics.fmean(latencies) * 1000, 2) if latencies else None,
        "rps": round(count / result["seconds"], 1),
        "cpu_ms_per_request": round(cpu * 1000 / count, 3) if count else None,
    }


def _budgets(quick: bool) -> dict[int, tuple[int, float]]:
    """Requests and seconds per load phase, by concurrency: bounded both ways."""
    if quick:
        return {1: (3, 2.0), 32: (4, 2.0)}
    # 32 clients of a fan-out query take seconds each: a short window would
    # count mostly the ramp-up and the tail.
    return {1: (100, 4.0), 32: (800, 10.0)}


def _modes(
    urls: dict[str, str], latency_ms: float, quick: bool
) -> dict[str, dict[str, dict[str, Any]]]:
    """Every scenario against a fresh gateway and a fresh naive baseline at one added latency.

    The two run scenario by scenario, one right after the other: this VM's
    speed drifts over minutes, and a ratio between two figures means most
    when both were taken under the same conditions. Both processes sit on
    the gateway's CPU; the one not under load is idle.
    """
    control = processes.Sandboxes(urls)
    out: dict[str, dict[str, dict[str, Any]]] = {"gateway": {}, "naive": {}}
    with (
        processes.gateways(urls) as gateway,
        processes.gateways(urls, naive=True) as naive,
    ):
        served = {"gateway": gateway, "naive": naive}
        control.set_latency(latency_ms)
        for scenario in SCENARIOS:
            for mode, gateways in served.items():
                out[mode][scenario.name] = _scenario(
                    scenario, gateways, control, mode, latency_ms, quick
                )
        for mode, gateways in served.items():
            out[mode]["_process"] = {"peak_rss_mib": round(gateways[0][0].peak_rss_mib(), 1)}
        control.set_latency(0)
    return out


def _scenario(
    scenario: Scenario,
    gateways: list[tuple[processes.Child, str]],
    control: processes.Sandboxes,
    mode: str,
    latency_ms: float,
    quick: bool,
) -> dict[str, Any]:
    """One scenario's calls and load phases against one process."""
    url = gateways[0][1]
    for _ in range(1 if quick else 3):  # warm-up: sessions, tokens, documents, pools
        httpx.post(url, json=scenario.body(), timeout=60)
    entry: dict[str, Any] = {"calls": _calls(scenario, url, control)}
    for concurrency, budget in _budgets(quick).items():
        phase = _load_phase(scenario.body(), gateways, concurrency, budget)
        entry[f"c{concurrency}"] = phase
        print(
            f"bench: {mode} +{latency_ms:g}ms {scenario.name} "
            f"c={concurrency}: {phase['requests']} req, p50 {phase['p50_ms']} ms, "
            f"{phase['rps']} rps, {phase['cpu_ms_per_request']} ms CPU/req",
            file=sys.stderr,
            flush=True,
        )
    return entry


TYPENAME = {"query": "{ __typename }"}


def _small_queries(urls: dict[str, str], quick: bool) -> dict[str, Any]:
    """The gateway's CPU per small query at 1 client, its document cached.

    ``typename``: ``{ __typename }``, no resolver at all. ``ten_fields``: the
    one-account query with its one upstream call. ``ten_fields_cached``: the
    same with the read cache on and warm, so no upstream call: what the
    gateway itself spends on the query.
    """
    scenario = next(s for s in SCENARIOS if s.name == "account_ten_fields")
    budget = (40, 2.0) if quick else (1500, 5.0)
    out: dict[str, Any] = {}
    with processes.gateways(urls) as gateways:
        for name, body in (("typename", TYPENAME), ("ten_fields", scenario.body())):
            for _ in range(3):
                httpx.post(gateways[0][1], json=body, timeout=60)
            out[name] = _load_phase(body, gateways, 1, budget)
    with processes.gateways(urls, read_cache=True) as gateways:
        for _ in range(3):
            httpx.post(gateways[0][1], json=scenario.body(), timeout=60)
        out["ten_fields_cached"] = _load_phase(scenario.body(), gateways, 1, budget)
    return out


def _read_cache(urls: dict[str, str], control: processes.Sandboxes, quick: bool) -> dict[str, Any]:
    """The 50-account scenario at 32 clients with the in-memory read cache at default TTLs.

    A repeated query is the read cache's best case: this says what it can
    give, next to the like-for-like figures (cache off) above.
    """
    scenario = next(s for s in SCENARIOS if s.name == "accounts_50")
    with (
        processes.gateways(urls, read_cache=True) as gateways,
        processes.gateways(urls, naive=True) as naive,
    ):
        for _, url in (*gateways, *naive):
            for _ in range(3):
                httpx.post(url, json=scenario.body(), timeout=60)
        control.reset_calls()
        httpx.post(gateways[0][1], json=scenario.body(), timeout=60)
        warm_calls = sum(sum(e.values()) for e in control.calls().values())
        one = _load_phase(scenario.body(), gateways, 1, _budgets(quick)[1])
        phase = _load_phase(scenario.body(), gateways, 32, _budgets(quick)[32])
        # The baseline again, right after: its figure from minutes earlier
        # would compare two machine speeds as much as two gateways.
        beside = _load_phase(scenario.body(), naive, 32, _budgets(quick)[32])
    return {"accounts_50": {"warm_calls": warm_calls, "c1": one, "c32": phase, "naive_c32": beside}}


ONE_CALL = ("account_ten_fields", "mutation_set_recharge")
OPEN_LOOP_SHARES = (0.5, 0.8)
OPEN_LOOP_REQUESTS = 150
OPEN_LOOP_SECONDS = (5.0, 20.0)


def _direct(
    calls: dict[str, list[recorded.Request]], control: processes.Sandboxes, quick: bool
) -> dict[str, Any]:
    """Each one-call scenario's recorded call sent straight to its sandbox, latency added."""
    requests, seconds = _budgets(quick)[1]
    out: dict[str, Any] = {}
    control.set_latency(LATENCY_MS)
    try:
        for name in ONE_CALL:
            job = recorded.direct_job(calls[name][0])
            result = processes.load(
                {**job, "concurrency": 1, "requests": requests, "seconds": seconds}
            )
            latencies = result["latencies"]
            out[name] = {
                "latency_ms": LATENCY_MS,
                "requests": len(latencies),
                "failures": result["failures"],
                "p50_ms": round(_percentile(latencies, 0.50) * 1000, 2),
                "p99_ms": round(_percentile(latencies, 0.99) * 1000, 2),
            }
    finally:
        control.set_latency(0)
    return out


def _http_floors(quick: bool) -> dict[str, Any]:
    """The HTTP floors (bare ASGI, one-route Starlette) answering ``{ __typename }``'s request.

    At 1 client, as the gateway's small query is measured right after them:
    the two figures of that target are taken side by side.
    """
    budget = (40, 2.0) if quick else (1500, 5.0)
    http: dict[str, Any] = {}
    for kind in ("bare", "starlette"):
        with processes.floor(kind) as apps:
            for _ in range(3):
                httpx.post(apps[0][1], json=TYPENAME, timeout=60)
            http[kind] = _load_phase(TYPENAME, apps, 1, budget)
    return http


def _call_floor(calls: dict[str, list[recorded.Request]], quick: bool) -> dict[str, Any]:
    """Each scenario's recorded calls made by the call floor on the gateway's CPU.

    Measured right before the gateway's own figures with no added latency.
    """
    budget = (40, 1.0) if quick else (1500, 4.0)
    return processes.call_floor({"calls": calls, "requests": budget[0], "seconds": budget[1]})


def _open_point(rate: float, result: dict[str, Any]) -> dict[str, Any]:
    latencies = result["latencies"]
    return {
        "rate": round(rate, 1),
        "requests": len(latencies),
        "failures": result["failures"],
        "connections": result["connections"],
        "p50_ms": round(_percentile(latencies, 0.50) * 1000, 2),
        "p99_ms": round(_percentile(latencies, 0.99) * 1000, 2),
    }


def _open_loop_direct(
    calls: dict[str, list[recorded.Request]],
    control: processes.Sandboxes,
    capacity: dict[str, float],
    quick: bool,
) -> dict[str, Any]:
    """Each one-call scenario's call straight to its sandbox at the gateway's 50% arrivals.

    The sandbox's own tail under those arrivals, beside the gateway's.
    """
    out: dict[str, Any] = {}
    control.set_latency(LATENCY_MS)
    try:
        for name in ONE_CALL:
            rate = max(1.0, OPEN_LOOP_SHARES[0] * capacity[name])
            job = {**recorded.direct_job(calls[name][0]), "rate": rate}
            out[name] = _open_point(rate, processes.load({**job, "seconds": 1 if quick else 5}))
    finally:
        control.set_latency(0)
    return out


def _open_loop(
    urls: dict[str, str], control: processes.Sandboxes, capacity: dict[str, float], quick: bool
) -> dict[str, Any]:
    """Each scenario at 50% and 80% of one worker's capacity, arrivals open-loop, latency added.

    Capacity is the scenario's requests per second at 32 clients with no
    added latency, measured earlier in this run. Each phase lasts long enough
    for ``OPEN_LOOP_REQUESTS`` arrivals (within ``OPEN_LOOP_SECONDS``), so a
    p99 is not simply the slowest of a few dozen.
    """
    out: dict[str, Any] = {}
    with processes.gateways(urls) as gateways:
        control.set_latency(LATENCY_MS)
        try:
            for scenario in SCENARIOS:
                for _ in range(3):
                    httpx.post(gateways[0][1], json=scenario.body(), timeout=60)
                for share in OPEN_LOOP_SHARES:
                    rate = max(1.0, share * capacity[scenario.name])
                    low, high = OPEN_LOOP_SECONDS
                    seconds = 1.0 if quick else min(high, max(low, OPEN_LOOP_REQUESTS / rate))
                    cpu_before = gateways[0][0].cpu_seconds()
                    result = processes.load(
                        {
                            "urls": [gateways[0][1]],
                            "body": scenario.body(),
                            "rate": rate,
                            "seconds": seconds,
                        }
                    )
                    cpu = gateways[0][0].cpu_seconds() - cpu_before
                    point = _open_point(rate, result)
                    point["cpu_ms_per_request"] = round(cpu * 1000 / max(1, point["requests"]), 3)
                    out.setdefault(scenario.name, {})[f"{share:g}"] = point
                    print(
                        f"bench: open loop {scenario.name} at {rate:.1f}/s: "
                        f"{out[scenario.name][f'{share:g}']}",
                        file=sys.stderr,
                        flush=True,
                    )
        finally:
            control.set_latency(0)
    return out


def _workers(urls: dict[str, str], quick: bool) -> list[dict[str, Any]]:
    """RPS of the 50-account scenario at 32 clients with 1 and 2 gateway processes."""
    scenario = next(s for s in SCENARIOS if s.name == "accounts_50")
    curve = []
    for count in (1, 2):
        with processes.gateways(urls, workers=count) as gateways:
            for _, url in gateways:
                for _ in range(3):
                    httpx.post(url, json=scenario.body(), timeout=60)
            phase = _load_phase(scenario.body(), gateways, 32, _budgets(quick)[32])
        curve.append({"workers": count, **phase})
    return curve


def _profile(urls: dict[str, str], name: str, read_cache: bool = False) -> list[str]:
    """pyinstrument's view of the gateway serving one scenario: its top lines."""
    scenario = next(s for s in SCENARIOS if s.name == name)
    with tempfile.TemporaryDirectory() as scratch:
        target = Path(scratch) / "profile.txt"
        args = ["--profile", str(target)]
        with processes.gateways(urls, read_cache=read_cache, extra=args) as gateways:
            for _ in range(3):
                httpx.post(gateways[0][1], json=scenario.body(), timeout=60)
            _load_phase(scenario.body(), gateways, 1, (10, 6.0))
        lines = target.read_text().splitlines() if target.exists() else []
    return lines[:60]


def critical_paths(latency_ms: float) -> dict[str, dict[str, Any]]:
    return {s.name: {"waves": s.waves, "why": s.why, "ms": s.waves * latency_ms} for s in SCENARIOS}


def run(quick: bool) -> dict[str, Any]:
    results: dict[str, Any] = {
        "quick": quick,
        "machine": {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "note": processes.placement(),
            "reference_ms": {"start": calibrate.reference_ms()},
        },
        "latency_ms": LATENCY_MS,
        "scenarios": {s.name: s.title for s in SCENARIOS},
        "critical_path": critical_paths(LATENCY_MS),
        "runs": {},
    }
    with processes.sandboxes() as urls:
        calls = recorded.capture(urls, SCENARIOS)
        results["floors"] = {"calls": _call_floor(calls, quick)}
        for latency in (0.0, LATENCY_MS):
            for mode, figures in _modes(urls, latency, quick).items():
                results["runs"][f"{mode}@{latency:g}ms"] = figures
        results["direct"] = _direct(calls, processes.Sandboxes(urls), quick)
        results["floors"]["http"] = _http_floors(quick)
        results["small_queries"] = _small_queries(urls, quick)
        results["read_cache"] = _read_cache(urls, processes.Sandboxes(urls), quick)
        results["workers"] = _workers(urls, quick)
        fast = results["runs"]["gateway@0ms"]
        capacity = {name: fast[name]["c32"]["rps"] for name in results["scenarios"]}
        results["open_loop"] = _open_loop(urls, processes.Sandboxes(urls), capacity, quick)
        results["open_loop_direct"] = _open_loop_direct(
            calls, processes.Sandboxes(urls), capacity, quick
        )
        results["incremental"] = incremental.run(urls, quick)
        if not quick:
            results["profile"] = _profile(urls, "accounts_50")
            results["profile_warm_cache"] = _profile(urls, "accounts_50", read_cache=True)
            results["profile_big_page"] = _profile(urls, "billing_page_50")
    results["machine"]["reference_ms"]["end"] = calibrate.reference_ms()
    return results


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="bench", description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a few requests: a smoke test")
    parser.add_argument("--out", type=Path, default=HERE, help="directory for results.*")
    args = parser.parse_args(argv)
    results = run(args.quick)
    from bench.report import readme_tables, update_readme, write_reports

    write_reports(results, args.out)
    if not args.quick and args.out == HERE:
        update_readme(HERE.parent / "README.md", readme_tables(results))
    print(f"bench: wrote {args.out}/results.json, results.md, results.png")


if __name__ == "__main__":
    main()
