"""The call floor: a bare client loop making a scenario's upstream calls and decoding them.

``python -m bench.call_floor`` reads a job on stdin (``calls``: recorded
requests by scenario, from ``bench.recorded``; ``requests`` and ``seconds``
per scenario) and writes its figures on stdout. Per scenario it sends all of
the scenario's calls at once on one shared aiohttp session, as many times as
the budget allows, and decodes each answer as the adapters must: JSON with
exact decimals; prepaid XML parsed and validated against its action's Relax
NG schema. No GraphQL, no loaders, no resilience layer. Its CPU per request
is what those calls cost at the least; the decode alone is measured apart,
over the same bodies, without the exchange.
"""

from __future__ import annotations

import asyncio
import json
import sys
import time
from decimal import Decimal
from typing import Any
from urllib.parse import parse_qs, urlsplit

import aiohttp
from lxml import etree
from yarl import URL

from gateway.server import run_on_fast_loop
from upstreams.prepaid.decode.envelope import PARSER
from upstreams.prepaid.schemas import schema


def _action(request: dict[str, Any]) -> str | None:
    """The prepaid action a request names, ``None`` for the JSON upstreams."""
    fields = parse_qs(urlsplit(request["url"]).query) | parse_qs(request["body"])
    actions = fields.get("Action")
    return actions[0] if actions else None


def decode(action: str | None, body: bytes) -> Any:
    """An answer read as its adapter must: exact decimals, or XML valid against its schema."""
    if action is None:
        return json.loads(body, parse_float=Decimal)
    root = etree.fromstring(body, PARSER)
    if not schema(action).validate(root):
        raise RuntimeError(f"{action} answer not valid against its schema")
    return root


async def _exchange(session: aiohttp.ClientSession, request: dict[str, Any]) -> bytes:
    body = request["body"].encode() or None
    async with session.request(
        request["method"],
        URL(request["url"], encoded=True),
        headers=[tuple(pair) for pair in request["headers"]],
        data=body,
        allow_redirects=False,
    ) as answer:
        content = await answer.read()
        if answer.status >= 300:
            raise RuntimeError(f"{request['method']} answered {answer.status}")
        return content


async def _one(session: aiohttp.ClientSession, request: dict[str, Any], action: str | None) -> int:
    content = await _exchange(session, request)
    decode(action, content)
    return len(content)


async def _scenario(
    session: aiohttp.ClientSession, calls: list[dict[str, Any]], budget: tuple[int, float]
) -> dict[str, Any]:
    actions = [_action(request) for request in calls]
    for _ in range(2):  # warm-up: connections, schemas
        await asyncio.gather(*(_one(session, r, a) for r, a in zip(calls, actions, strict=True)))
    bodies = [await _exchange(session, r) for r in calls]
    count, deadline = 0, time.perf_counter() + budget[1]
    cpu = time.process_time()
    while count < budget[0] and time.perf_counter() < deadline:
        await asyncio.gather(*(_one(session, r, a) for r, a in zip(calls, actions, strict=True)))
        count += 1
    cpu = time.process_time() - cpu
    decode_cpu = time.process_time()
    for _ in range(count):
        for action, body in zip(actions, bodies, strict=True):
            decode(action, body)
    decode_cpu = time.process_time() - decode_cpu
    return {
        "requests": count,
        "calls": len(calls),
        "body_bytes": sum(len(b) for b in bodies),
        "cpu_ms_per_request": round(cpu * 1000 / count, 3),
        "cpu_ms_per_call": round(cpu * 1000 / count / len(calls), 4),
        "decode_cpu_ms_per_request": round(decode_cpu * 1000 / count, 3),
    }


async def run(job: dict[str, Any]) -> dict[str, Any]:
    budget = (int(job["requests"]), float(job["seconds"]))
    connector = aiohttp.TCPConnector(limit=0, limit_per_host=0)
    async with aiohttp.ClientSession(
        connector=connector,
        cookie_jar=aiohttp.DummyCookieJar(),
        auto_decompress=False,
        skip_auto_headers=("User-Agent", "Accept", "Accept-Encoding", "Content-Type"),
    ) as session:
        return {
            name: await _scenario(session, calls, budget)
            for name, calls in job["calls"].items()
            if calls
        }


async def _main() -> None:
    job = json.load(sys.stdin)
    json.dump(await run(job), sys.stdout)


def main() -> None:
    """On the gateway's own event loop, so the loop's cost per call is the same on both sides."""
    run_on_fast_loop(_main())


if __name__ == "__main__":
    main()
