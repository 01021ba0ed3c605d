"""Send GraphQL queries at a fixed rate and tally what came back.

The rate is open-loop: request ``i`` starts at ``i / rate`` seconds whatever
the earlier ones are doing, so a slow gateway meets the same load, not a
politely slowed one.
"""

from __future__ import annotations

import asyncio
import random
import time
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import httpx

from upstreams.sandboxing import World

WORLD = World()
LINKED = next(b for b in WORLD.billing_ids() if WORLD.prepaid_id_for_billing(b))
"""A billing account with a prepaid account, in the sandboxes' default world."""

QUERIES: list[tuple[str, dict[str, Any]]] = [
    (
        "query ($id: Int!) { customerAccount(identity: $id) { name"
        " prepaidAccount { balance { amount } } } ledgerAccounts(first: 2) { edges { cursor } }"
        " invoicingAccount { name } }",
        {"id": LINKED},
    ),
    (
        "{ customerAccounts(first: 10) { edges { node { name"
        " prepaidAccount { balance { amount } } } } } }",
        {},
    ),
    ("{ invoices(first: 20) { edges { node { invoiceNumber total { amount } } } } }", {}),
    ("{ ledgerAccounts(first: 5) { edges { node { name } } } }", {}),
    (
        "query ($id: Int!) { prepaidAccount(accountNumber: $id) { name } }",
        {"id": WORLD.prepaid_ids()[0]},
    ),
    (
        "query ($id: Int!) { customerAccount(identity: $id) { name notes(first: 3) {"
        " edges { node { subject } } } } }",
        {"id": LINKED + 1},
    ),
]


@dataclass
class Tally:
    """What the load saw: answers, GraphQL errors by code, and failed requests."""

    sent: int = 0
    answered: int = 0
    failed_requests: int = 0
    error_codes: Counter[str] = field(default_factory=Counter)
    seconds: list[float] = field(default_factory=list)

    @property
    def graphql_errors(self) -> int:
        return sum(self.error_codes.values())

    def take(self, body: dict[str, Any], seconds: float) -> None:
        self.answered += 1
        self.seconds.append(seconds)
        for error in body.get("errors") or []:
            self.error_codes[str((error.get("extensions") or {}).get("code"))] += 1


async def run_load(
    url: str,
    *,
    seconds: float,
    rate: float,
    seed: int = 1,
) -> Tally:
    """``rate`` requests a second for ``seconds``, chosen from ``QUERIES`` by a seeded die."""
    rng = random.Random(seed)
    tally = Tally()
    limits = httpx.Limits(max_connections=200, max_keepalive_connections=200)
    async with httpx.AsyncClient(timeout=60, limits=limits) as client:

        async def one(query: str, variables: dict[str, Any]) -> None:
            started = time.perf_counter()
            try:
                response = await client.post(url, json={"query": query, "variables": variables})
                body = response.json()
            except (httpx.HTTPError, ValueError):
                tally.failed_requests += 1
                return
            if response.status_code != 200 or not isinstance(body, dict):
                tally.failed_requests += 1
                return
            tally.take(body, time.perf_counter() - started)

        tasks: list[asyncio.Task[None]] = []
        start = time.perf_counter()
        for index in range(int(seconds * rate)):
            wait = start + index / rate - time.perf_counter()
            if wait > 0:
                await asyncio.sleep(wait)
            query, variables = rng.choice(QUERIES)
            tasks.append(asyncio.create_task(one(query, variables)))
            tally.sent += 1
        await asyncio.gather(*tasks)
    return tally
