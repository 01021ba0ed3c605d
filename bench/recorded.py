"""Each scenario's upstream requests, as the gateway sends them, recorded to be replayed.

A gateway started with ``--record`` (``bench.gateway_process``) writes every
request it sends; after two warm-up queries (sessions and tokens made), one
more query's lines are that scenario's calls: the very bytes the call floor
(``bench.call_floor``) and the direct one-call reference send again.
"""

from __future__ import annotations

import json
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import httpx

from bench import processes
from bench.scenarios import Scenario

Request = dict[str, Any]


def capture(urls: dict[str, str], scenarios: Iterable[Scenario]) -> dict[str, list[Request]]:
    """Each scenario's upstream requests (method, url, headers, body), in the order sent."""
    out: dict[str, list[Request]] = {}
    with tempfile.TemporaryDirectory() as scratch:
        target = Path(scratch) / "calls.jsonl"
        with processes.gateways(urls, extra=["--record", str(target)]) as gateways:
            url = gateways[0][1]
            for scenario in scenarios:
                for _ in range(2):
                    httpx.post(url, json=scenario.body(), timeout=60).raise_for_status()
                target.write_text("")
                httpx.post(url, json=scenario.body(), timeout=60).raise_for_status()
                out[scenario.name] = [json.loads(line) for line in target.read_text().splitlines()]
    return out


def direct_job(request: Request) -> dict[str, Any]:
    """A ``bench.load`` job sending one recorded request straight to its upstream."""
    return {"urls": [request["url"]], "raw": request}
