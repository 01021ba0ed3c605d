"""Write the benchmark's results: JSON (the data), markdown (the tables), PNG (the chart)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

HTTP_FLOOR_FACTOR = 2.0
ADDED_P50_MS = 1.0
CALL_FLOOR_FACTOR = 2.0
WARM_SHARE = 0.25
BIG_PAGE_FACTOR = 2.0
OPEN_LOOP_CPU_FACTOR = 4.0
FIRST_PAYLOAD_ADDED_MS = 5.0
FIRST_PAYLOAD = "accounts_50_deferred"
ONE_CALL = ("account_ten_fields", "mutation_set_recharge")
FAN_OUT = ("accounts_50", "invoices_100", "entities_100")
BIG_PAGE = "billing_page_50"
SMALL_QUERIES = {
    "typename": "`{ __typename }`",
    "ten_fields": "one account, ten fields, one upstream call",
    "ten_fields_cached": "one account, ten fields, from the warm read cache",
}


def _fmt(value: Any) -> str:
    return "-" if value is None else str(value)


def _ratio(figure: float, floor: float) -> str:
    return f"{figure / floor:.2f}x" if floor else "-"


def _cpu(results: dict[str, Any], name: str) -> float:
    """The gateway's CPU per request of a scenario at 1 client, no added latency."""
    value: float = results["runs"]["gateway@0ms"][name]["c1"]["cpu_ms_per_request"]
    return value


def targets(results: dict[str, Any]) -> list[dict[str, Any]]:
    """Each target of issue 23: a ratio of two figures from this run, and whether it holds."""
    runs, paths = results["runs"], results["critical_path"]
    floors = results["floors"]
    out: list[dict[str, Any]] = []
    for name in results["scenarios"]:
        calls = runs["gateway@0ms"][name]["calls"]
        out.append(
            {
                "target": f"{name}: upstream calls = minimum",
                "holds": calls["made"] == calls["minimal"],
                "figure": f"{calls['total']} made, {calls['minimal_total']} minimal",
            }
        )
    typename = results["small_queries"]["typename"]["cpu_ms_per_request"]
    starlette = floors["http"]["starlette"]["cpu_ms_per_request"]
    out.append(
        {
            "kind": "typename",
            "target": f"`{{ __typename }}`: CPU/request <= {HTTP_FLOOR_FACTOR:g}x "
            "the one-route Starlette floor",
            "holds": typename <= HTTP_FLOOR_FACTOR * starlette,
            "figure": f"{typename} ms vs {starlette} ms ({_ratio(typename, starlette)}; "
            f"bare ASGI {floors['http']['bare']['cpu_ms_per_request']} ms)",
        }
    )
    slow = runs[f"gateway@{results['latency_ms']:g}ms"]
    for name in ONE_CALL:
        gateway_p50, direct_p50 = slow[name]["c1"]["p50_ms"], results["direct"][name]["p50_ms"]
        added = round(gateway_p50 - direct_p50, 2)
        out.append(
            {
                "kind": "one_call",
                "target": f"{name}: p50 @1 added over the direct call <= {ADDED_P50_MS:g} ms "
                f"(+{results['latency_ms']:g} ms per call)",
                "holds": added <= ADDED_P50_MS,
                "figure": f"{added} ms ({gateway_p50} ms vs {direct_p50} ms direct)",
            }
        )
    for name in FAN_OUT:
        made = runs["gateway@0ms"][name]["calls"]["total"]
        per_call = _cpu(results, name) / made
        floor = floors["calls"][name]["cpu_ms_per_call"]
        out.append(
            {
                "kind": "fan_out",
                "target": f"{name}: CPU per upstream call <= {CALL_FLOOR_FACTOR:g}x the call floor",
                "holds": per_call <= CALL_FLOOR_FACTOR * floor,
                "figure": f"{per_call:.4f} ms vs {floor} ms ({_ratio(per_call, floor)}; "
                f"{_cpu(results, name)} ms over {made} calls)",
            }
        )
    warm = results["read_cache"]["accounts_50"]["c1"]["cpu_ms_per_request"]
    cold = _cpu(results, "accounts_50")
    out.append(
        {
            "kind": "warm",
            "target": f"accounts_50: warm read cache CPU <= {WARM_SHARE:.0%} of cold",
            "holds": warm <= WARM_SHARE * cold,
            "figure": f"{warm} ms vs {cold} ms ({warm / cold:.0%})",
        }
    )
    page = floors["calls"][BIG_PAGE]
    big = _cpu(results, BIG_PAGE)
    decode = page["decode_cpu_ms_per_request"]
    out.append(
        {
            "kind": "big_page",
            "target": f"{BIG_PAGE}: CPU/request <= {BIG_PAGE_FACTOR:g}x the call floor's "
            "call and decode of the same body",
            "holds": big <= BIG_PAGE_FACTOR * page["cpu_ms_per_request"],
            "figure": f"{big} ms vs {page['cpu_ms_per_request']} ms "
            f"({_ratio(big, page['cpu_ms_per_request'])}; the decode alone "
            f"{decode} ms, {_ratio(big, decode)}"
            f"; {page['body_bytes'] // 1024} KB)",
        }
    )
    for name, shares in results["open_loop"].items():
        half = shares["0.5"]
        allowed = paths[name]["ms"] + OPEN_LOOP_CPU_FACTOR * _cpu(results, name)
        out.append(
            {
                "kind": "open_loop",
                "target": f"{name}: open-loop p99 at 50% of capacity <= critical path + "
                f"{OPEN_LOOP_CPU_FACTOR:g}x CPU/request",
                "holds": half["p99_ms"] <= allowed,
                "figure": f"{half['p99_ms']} ms vs {allowed:.1f} ms at {half['rate']}/s",
            }
        )
    for name, point in (results.get("incremental") or {}).items():
        if not isinstance(point, dict):
            continue
        out.append(
            {
                "target": f"{name}: upstream calls = the whole query's",
                "holds": point["calls_equal_whole"],
                "figure": f"{sum(sum(e.values()) for e in point['calls'].values())} calls",
            }
        )
        if name == FIRST_PAYLOAD:
            out.append(_first_payload(name, point))
    return out


def _first_payload(name: str, point: dict[str, Any]) -> dict[str, Any]:
    """The first payload against its own upstream round trip, timed beside it in this run."""
    first, trip = point["first_p50_ms"], point["first_round_trip_p50_ms"]
    return {
        "kind": "first_payload",
        "target": f"{name}: first payload p50 <= one upstream round trip + "
        f"{FIRST_PAYLOAD_ADDED_MS:g} ms",
        "holds": first <= trip + FIRST_PAYLOAD_ADDED_MS,
        "figure": f"{first} ms vs {trip} ms (+{round(first - trip, 2)} ms; critical path "
        f"{point['first_critical_ms']:g} ms)",
    }


LEFT = {
    "typename": "Between the one-route Starlette app and the gateway's `{ __typename }` lie "
    "the gateway's one request layer (`gateway/each_request.py`: request id, access log, "
    "metrics), the in-flight bound and the protocol: the request's JSON read, auth, the "
    "persisted-query lookup, the document cache, the limits and graphql-core's execution. "
    "The ratio sits at the line, and runs fall either side of it: the same requests against "
    "the code before and after this session's changes, alternating, cost 0.207 and 0.20 to "
    "0.22 ms. The profile's largest part of what is left is the access log line's JSON "
    "formatting. "
    "Proposal: format the access log line from a fixed template rather than through the "
    "logging module's record, and keep each document's static limit figures with it.",
    "one_call": "The gateway's whole CPU per request sits on the critical path of a one-call "
    "query, and at 1 client with 20 ms between answers that CPU costs several times its "
    "figure under load: on this VM even the one-route Starlette floor costs severalfold more "
    "per request when its requests come 20 ms apart (measured one at a time, below), and the "
    "gateway serving the 50-account page with contacts spent 4.3 ms of CPU per request back "
    "to back against 6.1 ms when each waited 20 ms on its upstream (measured apart, 100 "
    "requests each). The gateway wakes twice per request (the client's request, the "
    "upstream's answer), the least a proxy can. What runs: the protocol and execution "
    "before the call, the transport around it (the aiohttp exchange, the budget and the "
    "breaker; no allowance step where no rate or cap is set), then the decode and the "
    "answer. Proposal: fewer event-loop lookups per call (each `get_running_loop()` is a "
    "system call on Python 3.11), each document's static limit figures kept with the "
    "document, and the access log line formatted from a fixed template after the last byte.",
    "fan_out": "Per upstream call the gateway pays the transport around the exchange (the "
    "aiohttp exchange, the budget, the breaker and the call watch), one DataLoader future per "
    "key, and the answer's read: for prepaid, one parse shared by the fault check and the "
    "envelope, the Relax NG validation the call floor pays too, and the record, about 70 us "
    "per AccountRead answer in all. graphql-core's completion of each record's fields is a "
    "small part (`fastpath/plain_executor.py`: plain fields without a resolve info, a "
    "list's selection collected once). What is left is spread thin. Proposal: trim the "
    "prepaid envelope read (about 12 us: children keyed into dictionaries, times parsed per "
    "answer) and record read (about 15 us), worth perhaps 3% of the request; the budget and "
    "breaker taken once per batch would save about 3 us a call.",
    "warm": "With the read cache warm, a hit serves the record its kept answer was decoded "
    "to when it was kept. What is left is what the cache cannot hold: the page "
    "(`Account/Paged/Detail`) is fetched on every request and read for the operation's "
    "selection (`upstreams/billing/projection.py`), and graphql-core executes the answer. "
    "Proposal: as for big_page, whose costs these are.",
    "big_page": "The page is read for the operation's selection "
    "(`upstreams/billing/projection.py`): msgspec types that name only the asked properties "
    "skip the rest of the answer, and what a field reads beyond them is read on first use. "
    "This query asks for most of each account and its contacts' points and addresses, so "
    "the read saves less here than on a list: measured apart on a 199 KB page, 2.03 ms "
    "against 2.54 ms for the whole page with every contact's parts read (0.39 against 0.96 "
    "ms for the 50-customer list's fields). The records are served without copying, "
    "`contacts` and the other detail-backed fields answer from the detail the page's "
    "accounts keep, and plain fields complete without graphql-core's resolve info. What "
    "the profile shows is left is the completion itself: `answer_fields` over 50 accounts, "
    "their contacts and the contacts' points, a view per record. Proposal: views made per "
    "list rather than per record, and a contact point shown without a view of its own.",
    "first_payload": "The first payload is the gateway's CPU laid on the page's round "
    "trip. The phase table below splits it by the gateway's own moments: the call itself "
    "is within a few tenths of a millisecond of the same call sent straight to the sandbox, "
    "and the rest is CPU before the call (about 0.8 ms: uvicorn's parse, the middleware, "
    "the executor's build and the resolver, no step a tenth of it) and after the answer "
    "(about 2.5 ms). After the answer, the page is read for the operation's selection "
    "(`upstreams/billing/projection.py`, about 0.4 ms on a 199 KB page against about 1 ms "
    "read whole), the resolver primes the loaders with its fifty accounts, and the first "
    "part is completed and written; `@defer`'s own work per deferred record (a delivery "
    "group, a map and a plan for each of the fifty) is about 0.3 ms in process "
    "(`bench/defer_cpu.py`). On this VM a request's CPU after a 20 ms wait costs about "
    "1.4 times its figure back to back. Proposal: loaders primed lazily from the page, "
    "`@defer`'s per-record plan made once per list, and a contact's view made without a "
    "per-record call.",
    "open_loop": "At half of capacity a request meets another on the one core about half "
    "the time, and "
    "the target's CPU per request is the figure at 1 client with no added latency, while "
    "under these arrivals, with 20 ms on each call, the fan-out, page and mutation requests"
    " cost 13 to 43% more (the open-loop table's own CPU column). The one-call scenarios' "
    "p99 is set by what the critical path does not count: the sandbox's own tail at that "
    "rate (the direct calls at the same arrivals, above) and arrivals that meet another "
    "request; with each request's executor freed by reference counting no collection pauses"
    " them any more. Proposal: judge each scenario against its CPU per request at the same "
    "arrivals and the one-call scenarios against the direct call's p99 at the same "
    "arrivals, which the critical path stands in for.",
}
"""What the profile shows is left where a target misses, and what to do about it."""


def summary(results: dict[str, Any]) -> str:
    """The README's performance table: the gateway against its floors, the baseline and the path."""
    latency = f"{results['latency_ms']:g}ms"
    floors = results["floors"]["calls"]
    lines = [
        "| scenario | upstream calls (naive) | CPU ms/request (call floor) | "
        f"p50 @1, +{latency}/call (critical path) | open-loop p50 / p99 at 50% of capacity | "
        "RPS @32, no added latency (naive) |",
        "|---|---|---|---|---|---|",
    ]
    for name, title in results["scenarios"].items():
        fast = results["runs"]["gateway@0ms"][name]
        naive = results["runs"]["naive@0ms"][name]
        slow = results["runs"][f"gateway@{latency}"][name]
        half = results["open_loop"][name]["0.5"]
        lines.append(
            f"| {title} | {fast['calls']['total']} ({naive['calls']['total']}) | "
            f"{fast['c1']['cpu_ms_per_request']} ({floors[name]['cpu_ms_per_request']}) | "
            f"{slow['c1']['p50_ms']} ms ({results['critical_path'][name]['ms']:g} ms) | "
            f"{half['p50_ms']} / {half['p99_ms']} ms at {half['rate']}/s | "
            f"{fast['c32']['rps']} ({naive['c32']['rps']}) |"
        )
    return "\n".join(lines) + "\n"


def targets_table(results: dict[str, Any]) -> str:
    """Every target with its figure and whether it holds."""
    lines = ["| target | figure | holds |", "|---|---|---|"]
    for t in targets(results):
        lines.append(f"| {t['target']} | {t['figure']} | {'yes' if t['holds'] else '**no**'} |")
    return "\n".join(lines) + "\n"


def readme_tables(results: dict[str, Any]) -> str:
    """What the README shows of a run: the summary, then the targets."""
    return f"{summary(results)}\n{targets_table(results)}"


def update_readme(readme: Path, table: str) -> None:
    """Replace the tables between the README's bench markers, if it has them."""
    start, end = "<!-- bench:start -->", "<!-- bench:end -->"
    text = readme.read_text()
    if start not in text or end not in text:
        return
    head, _, rest = text.partition(start)
    _, _, tail = rest.partition(end)
    readme.write_text(f"{head}{start}\n{table}{end}{tail}")


MEASURED_APART = (
    (
        "gateway/protocol/documents.py",
        "`TOKEN_BYTES`: one parsed token (token, node, location) held about 400 to 620 "
        "bytes under tracemalloc on graphql-core 3.3; the estimate is 600.",
    ),
    (
        "gateway/protocol/documents.py",
        "`OFF_LOOP_CHARS`: the costliest document under 1,000 characters found (90 same-"
        "named fields) took about 4 ms to parse and validate.",
    ),
    (
        "gateway/protocol/awaitable.py",
        "graphql-core asks whether a value is awaitable about 1,900 times for a 50-account answer.",
    ),
    (
        "gateway/collector.py",
        "With Python's default young-generation threshold (700 allocations), collections "
        "took about a third of the gateway's CPU under the benchmark's 32 clients.",
    ),
    (
        "upstreams/prepaid/decode/values.py",
        "`children`: keying an element's children by `tag` in one pass was about twice as"
        " fast as `iterchildren` with a tag filter.",
    ),
    (
        "upstreams/prepaid/decode/envelope.py",
        "`Reading`: one parse of an AccountRead answer for both the fault check and the "
        "envelope, the root-tag parser kept for bodies that do not parse, took the answer's "
        "decode (fault check, envelope, Account record) from 104 to 71.5 us; that parser left "
        "about 19 objects per answer for the cyclic collector.",
    ),
    (
        "upstreams/outgoing.py",
        "`form`: names and paths quoted once, unreserved values sent as they are, took shaping "
        "a prepaid GET from 6.56 to 3.35 us (`urlencode` was half of it). The per-call records "
        "(`Call`, `Outgoing`, `Pass`, `CallRecord`, prepaid's `Envelope` and `SessionContext`) "
        "are not frozen: a frozen dataclass's init of 7 fields took 0.93 us, a plain one's "
        "0.18 us.",
    ),
    (
        "upstreams/prepaid/decode/records.py",
        "`RecordReader`: an invoice's items read on first use took a 100-invoice page's "
        "decode (fault check, envelope, page) from 6.8 to 4.4 ms on a loaded machine.",
    ),
    (
        "upstreams/billing/projection.py",
        "A 50-account detail page (199 KB, the tests' world) read for the 50-customer "
        "list's fields: 0.39 ms, of which msgspec's decode 0.14 ms, against 0.96 ms read "
        "whole; for the big page's fields 2.03 ms against 2.54 ms read whole with every "
        "contact's parts (best of 25 rounds of 50). Making the list's records took about 2 us "
        "each with a `functools.partial` per record, about 1.5 us with a plain origin tuple.",
    ),
    (
        "resolvers/billing/page_reads.py",
        "Working out the 50-customer list's reads from its operation took about 37 us; it "
        "is done once per parsed operation.",
    ),
    (
        "bench/floor_app.py",
        "The one-route Starlette floor at 1 client: 0.15 ms of CPU per request back to back, "
        "0.55 ms with 20 ms between requests (a wake-up and cold caches per request on this VM).",
    ),
    (
        "gateway/graphiql/routes.py",
        "GraphiQL's assets, read once per process, weigh about 1.5 MB.",
    ),
)
"""Figures measured one at a time while tuning, that the modules named rely on: they are
not measured by ``./dev bench`` and are kept here, not in the modules' docstrings."""


PROFILES = {
    "profile": "accounts_50, read cache off",
    "profile_warm_cache": "accounts_50 from the warm read cache",
    "profile_big_page": "billing_page_50",
}


def markdown(results: dict[str, Any]) -> str:
    lines = ["# Benchmark results", ""]
    if results["quick"]:
        lines += [
            "**Quick mode: a smoke test, too few requests for the figures to mean much.**",
            "",
        ]
    lines += [
        f"Machine: {results['machine']['cpus']} CPUs, Python "
        f"{results['machine']['python']}; {results['machine']['note']}.",
        "",
    ]
    reference = results["machine"].get("reference_ms")
    if reference:
        lines += [
            f"Machine speed: a fixed pure-Python workload (`bench/calibrate.py`) took "
            f"{reference.get('start')} ms of CPU at the start of this run and "
            f"{reference.get('end')} ms at its end. This VM's speed drifts; compare the "
            "absolute figures of two runs only alongside it (lower is faster).",
            "",
        ]
    lines += ["## Summary", "", summary(results)]
    lines += ["## Targets", "", targets_table(results).rstrip("\n")]
    missing = {t["kind"] for t in targets(results) if not t["holds"] and "kind" in t}
    if missing:
        lines += ["", "## What is left where a target misses", ""]
        lines += [f"- **{kind}**: {LEFT[kind]}" for kind in LEFT if kind in missing]
    lines += ["", "## Upstream calls per query and critical path", ""]
    lines += [
        "| scenario | gateway calls | naive calls | minimal | dependent round trips (why) |",
        "|---|---|---|---|---|",
    ]
    for name, title in results["scenarios"].items():
        fast = results["runs"]["gateway@0ms"].get(name, {})
        naive = results["runs"]["naive@0ms"].get(name, {})
        path = results["critical_path"][name]
        lines.append(
            f"| {title} | {fast['calls']['total']} | {naive['calls']['total']} | "
            f"{fast['calls']['minimal_total']} | {path['waves']} ({path['why']}) |"
        )
    for key, run in results["runs"].items():
        latency = key.partition("@")[2]
        lines += ["", f"## {key} (added upstream latency {latency})", ""]
        lines += [
            "| scenario | critical path ms | p50 @1 | p99 @1 | p50 @32 | p99 @32 | RPS @1 | "
            "RPS @32 | CPU ms/req @1 | CPU ms/req @32 |",
            "|---|---|---|---|---|---|---|---|---|---|",
        ]
        for name in results["scenarios"]:
            entry = run.get(name, {})
            waves = results["critical_path"][name]["waves"]
            critical = waves * float(latency.removesuffix("ms"))
            one, many = entry["c1"], entry["c32"]
            lines.append(
                f"| {name} | {critical:g} | {one['p50_ms']} | {one['p99_ms']} | "
                f"{many['p50_ms']} | {many['p99_ms']} | {one['rps']} | {many['rps']} | "
                f"{_fmt(one['cpu_ms_per_request'])} | {_fmt(many['cpu_ms_per_request'])} |"
            )
        lines += ["", f"Peak memory (VmHWM): {run['_process']['peak_rss_mib']} MiB"]
    lines += ["", "## Floors, measured in this run", ""]
    lines += ["| HTTP floor (`{ __typename }`'s request, 1 client) | CPU ms/request | p50 ms |"]
    lines += ["|---|---|---|"]
    for kind, point in results["floors"]["http"].items():
        lines.append(f"| {kind} | {point['cpu_ms_per_request']} | {point['p50_ms']} |")
    lines += [
        "",
        "The call floor: each scenario's upstream requests as the gateway sent them "
        "(recorded), replayed at once on one aiohttp session on the gateway's CPU, each "
        "answer decoded as the adapters must (JSON with exact decimals; prepaid XML "
        "validated against its Relax NG schema).",
        "",
        "| scenario | calls | body KB | CPU ms/request | CPU ms/call | decode alone ms |",
        "|---|---|---|---|---|---|",
    ]
    for name, point in results["floors"]["calls"].items():
        lines.append(
            f"| {name} | {point['calls']} | {point['body_bytes'] // 1024} | "
            f"{point['cpu_ms_per_request']} | {point['cpu_ms_per_call']} | "
            f"{point['decode_cpu_ms_per_request']} |"
        )
    lines += ["", f"Direct calls at {results['latency_ms']:g} ms added, 1 client:", ""]
    lines += ["| scenario's call | p50 ms | p99 ms | requests |", "|---|---|---|---|"]
    for name, point in results["direct"].items():
        lines.append(f"| {name} | {point['p50_ms']} | {point['p99_ms']} | {point['requests']} |")
    lines += ["", f"## Open-loop load, one worker, {results['latency_ms']:g} ms added", ""]
    lines += [
        "Capacity: the scenario's RPS at 32 clients with no added latency, above. Arrivals "
        "on a fixed schedule; latency counted from each request's scheduled arrival.",
        "",
        "| scenario | share | rate/s | p50 ms | p99 ms | critical path ms | CPU ms/req | "
        "connections |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for name, shares in results["open_loop"].items():
        for share, point in shares.items():
            lines.append(
                f"| {name} | {float(share):.0%} | {point['rate']} | {point['p50_ms']} | "
                f"{point['p99_ms']} | {results['critical_path'][name]['ms']:g} | "
                f"{point['cpu_ms_per_request']} | {point['connections']} |"
            )
    lines += ["", "The one-call scenarios' call straight to the sandbox, same arrivals:", ""]
    lines += ["| call | rate/s | p50 ms | p99 ms |", "|---|---|---|---|"]
    for name, point in results.get("open_loop_direct", {}).items():
        lines.append(f"| {name} | {point['rate']} | {point['p50_ms']} | {point['p99_ms']} |")
    lines += ["", "## Small queries (1 client, document cached)", ""]
    lines += ["| query | CPU ms/request | p50 ms | RPS |", "|---|---|---|---|"]
    for key, title in SMALL_QUERIES.items():
        point = results["small_queries"][key]
        lines.append(
            f"| {title} | {point['cpu_ms_per_request']} | {point['p50_ms']} | {point['rps']} |"
        )
    warm = results["read_cache"]["accounts_50"]
    lines += ["", "## Read cache on (accounts_50, no added latency)", ""]
    lines += [
        f'`[cache] store = "memory"` at default TTLs, the query repeated: '
        f"{warm['warm_calls']} upstream calls per query once warm; at 1 client "
        f"{warm['c1']['cpu_ms_per_request']} ms CPU/request, at 32 clients "
        f"{warm['c32']['rps']} requests/s, p99 {warm['c32']['p99_ms']} ms, "
        f"{warm['c32']['cpu_ms_per_request']} ms CPU/request; the naive baseline right "
        f"after it: {warm['naive_c32']['rps']} requests/s."
    ]
    lines += ["", "## Workers (accounts_50, 32 clients, no added latency)", ""]
    lines += ["| workers | RPS | p50 ms | p99 ms | CPU ms/req |", "|---|---|---|---|---|"]
    for point in results["workers"]:
        lines.append(
            f"| {point['workers']} | {point['rps']} | {point['p50_ms']} | {point['p99_ms']} | "
            f"{point['cpu_ms_per_request']} |"
        )
    deferred = results.get("incremental")
    if deferred:
        lines += ["", "## Incremental delivery (@defer, @stream; 1 client)", ""]
        lines += [
            f"Added upstream latency {deferred['latency_ms']:g} ms. Critical paths: the first "
            "part's dependent round trips, and the whole query's. *Round trip*: the first "
            "part's own upstream calls sent straight to the sandbox, in turn with the "
            "gateway's requests (a first part of one wave). *Alone*: the first part's "
            "fields asked for without the deferred part, answered whole. *CPU*: the "
            "gateway's, per request, to the first payload's arrival, for the whole request, "
            "and for the first part alone (a mean over its run).",
            "",
            "| scenario | first p50 | first p99 | first critical | round trip p50 | alone p50 | "
            "last p50 | last p99 | last critical | calls = whole | CPU first p50 | "
            "CPU whole p50 | CPU alone |",
            "|---|---|---|---|---|---|---|---|---|---|---|---|---|",
        ]
        for name, point in deferred.items():
            if isinstance(point, dict):
                lines.append(
                    f"| {name} | {point['first_p50_ms']} | {point['first_p99_ms']} | "
                    f"{point['first_critical_ms']:g} | "
                    f"{_fmt(point.get('first_round_trip_p50_ms'))} | "
                    f"{point['first_alone_p50_ms']} | "
                    f"{point['last_p50_ms']} | {point['last_p99_ms']} | "
                    f"{point['last_critical_ms']:g} | {point['calls_equal_whole']} | "
                    f"{point['gateway_cpu_first_p50_ms']} | "
                    f"{_fmt(point['gateway_cpu_whole_p50_ms'])} | "
                    f"{point['gateway_cpu_alone_mean_ms']} |"
                )
        lines += _phase_lines(deferred)
    lines += ["", "## Measured one at a time (not by this run)", ""]
    lines += ["| where | figure |", "|---|---|"]
    lines += [f"| `{module}` | {figure} |" for module, figure in MEASURED_APART]
    for key, title in PROFILES.items():
        if results.get(key):
            lines += ["", f"## Profile (pyinstrument, gateway serving {title})", "", "```"]
            lines += results[key]
            lines += ["```"]
    return "\n".join(lines) + "\n"


PHASES = (
    ("to_gateway_ms", "to the gateway"),
    ("before_call_ms", "before the call"),
    ("call_over_round_trip_ms", "the call, over its round trip"),
    ("after_answer_ms", "after the answer"),
    ("to_client_ms", "to the client"),
)


def _phase_lines(deferred: dict[str, Any]) -> list[str]:
    """What each one-wave first payload adds to its round trip, phase by phase."""
    lines: list[str] = []
    for name, point in deferred.items():
        split = point.get("first_phases") if isinstance(point, dict) else None
        if not split:
            continue
        added = round(point["first_p50_ms"] - point["first_round_trip_p50_ms"], 2)
        lines += [
            "",
            f"First payload, phase by phase ({name}, median ms over {split['requests']} "
            "requests; the gateway's own moments, `bench.phases`): the first payload p50 is "
            f"{added} ms over its round trip p50; the phases' medians need not add up to it. "
            f"The gateway's CPU: {split['before_call_cpu_ms']} ms before the call, "
            f"{split['call_cpu_ms']} ms during it, {split['after_answer_cpu_ms']} ms after "
            "the answer.",
            "",
            "| " + " | ".join(title for _, title in PHASES) + " |",
            "|" + "---|" * len(PHASES),
            "| " + " | ".join(str(split[key]) for key, _ in PHASES) + " |",
        ]
    return lines


def chart(results: dict[str, Any], target: Path) -> None:
    """p50 at 1 client per scenario: gateway, naive, critical path, with added latency."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    key_fast = f"gateway@{results['latency_ms']:g}ms"
    key_naive = f"naive@{results['latency_ms']:g}ms"
    names = list(results["scenarios"])
    fig, (left, right) = plt.subplots(1, 2, figsize=(12, 4.5))
    xs = range(len(names))
    width = 0.27
    series = (
        ("gateway p50 @1", [results["runs"][key_fast][n]["c1"]["p50_ms"] for n in names]),
        ("naive p50 @1", [results["runs"][key_naive][n]["c1"]["p50_ms"] for n in names]),
        ("critical path", [results["critical_path"][n]["ms"] for n in names]),
    )
    for offset, (label, values) in enumerate(series):
        left.bar([x + (offset - 1) * width for x in xs], values, width, label=label)
    left.set_xticks(list(xs), names, rotation=20, fontsize=8)
    left.set_ylabel("ms")
    left.set_title(f"Latency with {results['latency_ms']:g} ms per upstream call")
    left.legend(fontsize=8)
    rps = (
        ("gateway", [results["runs"]["gateway@0ms"][n]["c32"]["rps"] for n in names]),
        ("naive", [results["runs"]["naive@0ms"][n]["c32"]["rps"] for n in names]),
    )
    for offset, (label, values) in enumerate(rps):
        right.bar([x + (offset - 0.5) * width for x in xs], values, width, label=label)
    right.set_xticks(list(xs), names, rotation=20, fontsize=8)
    right.set_ylabel("requests/s")
    right.set_title("Throughput, 32 clients, no added latency")
    right.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(target, dpi=90)
    plt.close(fig)


def write_reports(results: dict[str, Any], directory: Path) -> None:
    directory.mkdir(parents=True, exist_ok=True)
    results = {**results, "targets": targets(results)}
    (directory / "results.json").write_text(json.dumps(results, indent=2) + "\n")
    (directory / "results.md").write_text(markdown(results))
    chart(results, directory / "results.png")
