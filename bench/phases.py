"""Where a one-wave first payload's time goes: the gateway's moments beside the client's.

A gateway started with ``--phases PATH`` (``bench.gateway_process``) notes,
per request, four moments and its process's CPU clock at each: the
request's first bytes read, its first upstream call sent and answered, and
its first body bytes handed to the transport; one JSON line per request.
The bench's own process wraps the gateway's classes for this, as
``--record`` does: the gateway's code is not changed, and a stamp costs a
clock read or two. Requests are told apart by order alone, so the stamps
mean something at one client only (``bench.incremental``'s).

``split`` lays them beside the client's own send and first-payload times
(``time.perf_counter`` reads CLOCK_MONOTONIC, one clock for every process
on Linux): the way to the gateway, the gateway's work before its call, the
call against the same call sent straight to the sandbox, the gateway's work
after the answer, and the way back to the client. What the first payload
adds to its round trip is their sum, less the round trip.
"""

from __future__ import annotations

import json
import statistics
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from fastpath.uvicorn_door import GuardedHttpToolsProtocol
from upstreams.aiohttp_engine import AiohttpEngine

# Request lines start with a method; anything else read is the rest of a request.
METHODS = (b"GET ", b"POST ", b"OPTIONS ")
MOMENTS = ("read", "sent", "answered", "written")


def stamp_into(target: Path) -> None:
    """Wrap the gateway's protocol, engine and response cycle to write each request's moments."""
    from uvicorn.protocols.http.httptools_impl import RequestResponseCycle

    now: dict[str, float] = {}

    def note(moment: str) -> None:
        now[moment] = time.perf_counter()
        now[f"cpu_{moment}"] = time.process_time()

    received = GuardedHttpToolsProtocol.data_received

    def data_received(protocol: GuardedHttpToolsProtocol, data: bytes) -> None:
        if data.startswith(METHODS):
            now.clear()
            note("read")
        received(protocol, data)

    send = AiohttpEngine.send

    async def engine_send(engine: AiohttpEngine, call: Any) -> Any:
        first = "read" in now and "sent" not in now
        if first:
            note("sent")
        answer = await send(engine, call)
        if first:
            note("answered")
        return answer

    respond = RequestResponseCycle.send

    async def cycle_send(cycle: RequestResponseCycle, message: Any) -> None:
        first = message["type"] == "http.response.body" and message.get("body")
        first = first and "read" in now and "written" not in now
        if first:
            note("written")
        await respond(cycle, message)
        if first:  # written down once the part is out, not on its way
            with target.open("a") as out:
                out.write(json.dumps(now) + "\n")

    GuardedHttpToolsProtocol.data_received = data_received  # type: ignore[method-assign,assignment]
    AiohttpEngine.send = engine_send  # type: ignore[method-assign,assignment]
    RequestResponseCycle.send = cycle_send  # type: ignore[method-assign,assignment]


def read(source: Path) -> list[dict[str, float]]:
    """The stamps written so far, one dictionary per request."""
    if not source.exists():
        return []
    return [json.loads(line) for line in source.read_text().splitlines() if line]


def split(
    stamps: Sequence[dict[str, float]],
    client: Sequence[tuple[float, float]],
    trips: Sequence[float],
) -> dict[str, Any] | None:
    """Median milliseconds of each phase, from ``client``'s (sent, first payload) moments.

    Each client request is matched to the stamps of the request the gateway
    read between its sending and its first payload; ``trips`` are the same
    call's round trips sent straight to the sandbox. ``None`` when no
    request was matched with every moment.
    """
    rows: list[dict[str, float]] = []
    for sent_at, first_at in client:
        for stamp in stamps:
            if all(m in stamp for m in MOMENTS) and sent_at <= stamp["read"] <= first_at:
                rows.append({**stamp, "client_sent": sent_at, "client_first": first_at})
                break
    if not rows or not trips:
        return None

    def wall(start: str, end: str) -> float:
        return _ms(statistics.median(row[end] - row[start] for row in rows))

    def cpu(start: str, end: str) -> float:
        return _ms(statistics.median(row[f"cpu_{end}"] - row[f"cpu_{start}"] for row in rows))

    call = wall("sent", "answered")
    return {
        "requests": len(rows),
        "to_gateway_ms": wall("client_sent", "read"),
        "before_call_ms": wall("read", "sent"),
        "before_call_cpu_ms": cpu("read", "sent"),
        "call_ms": call,
        "call_over_round_trip_ms": round(call - _ms(statistics.median(trips)), 2),
        "call_cpu_ms": cpu("sent", "answered"),
        "after_answer_ms": wall("answered", "written"),
        "after_answer_cpu_ms": cpu("answered", "written"),
        "to_client_ms": wall("written", "client_first"),
    }


def _ms(seconds: float) -> float:
    return round(seconds * 1000, 2)
