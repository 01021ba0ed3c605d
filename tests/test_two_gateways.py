"""Two gateway processes on one Redis: the same top-up sent to both at once charges once.

The upstreams are sandboxes this test serves in threads; each gateway is a
real ``gateway serve`` process configured to use them and a real redis-server.
"""

from __future__ import annotations

import asyncio
import signal
import subprocess
import sys
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import pytest
from strawberry.relay import to_base64

from tests.configured import OPEN_DOOR, upstreams_toml
from upstreams.billing import sandbox as billing
from upstreams.invoicexpress import sandbox as invoicexpress
from upstreams.prepaid import sandbox as prepaid
from upstreams.prepaid.sandbox.seed_accounts import seed_accounts
from upstreams.saasu import sandbox as saasu
from upstreams.sandboxing import RunningServer, World, serve_in_thread

WORLD = World(billing_accounts=20)
TODAY = datetime.now(UTC).date()
ACCOUNT = next(
    a
    for a in seed_accounts(WORLD).values()
    if a.card and not a.card.expired(TODAY) and not a.card.issuer_declines
)
ADD_CREDIT = """
mutation ($input: AddCreditInput!) {
  addCredit(input: $input) {
    account { accountNumber balance { amount } }
    userErrors { code }
  }
}
"""


def _config(servers: dict[str, RunningServer], redis: str) -> str:
    urls = {name: server.base_url for name, server in servers.items()}
    return (
        f'[idempotency]\nstore = "redis"\n\n[redis]\nurl = "{redis}"\n\n'
        + OPEN_DOOR
        + upstreams_toml(urls)
    )


@pytest.fixture
def sandboxes() -> Iterator[dict[str, RunningServer]]:
    servers = {
        "prepaid": serve_in_thread(prepaid.create_app(prepaid.SandboxConfig(world=WORLD))),
        "billing": serve_in_thread(billing.create_app(billing.SandboxConfig(world=WORLD))),
        "saasu": serve_in_thread(saasu.create_app(saasu.SandboxConfig(world=WORLD))),
        "invoicexpress": serve_in_thread(
            invoicexpress.create_app(invoicexpress.SandboxConfig(world=WORLD))
        ),
    }
    yield servers
    for server in servers.values():
        server.stop()


@pytest.fixture
def gateways(
    sandboxes: dict[str, RunningServer], redis_url: str, tmp_path: Path
) -> Iterator[list[str]]:
    """The /graphql URLs of two gateway processes sharing one Redis."""
    config = tmp_path / "gateway.toml"
    config.write_text(_config(sandboxes, redis_url))
    processes: list[subprocess.Popen[str]] = []
    urls = []
    try:
        for _ in range(2):
            process = subprocess.Popen(
                [sys.executable, "-m", "gateway", "serve", "--config", str(config), "--port", "0"],
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,
                text=True,
            )
            processes.append(process)
            assert process.stdout is not None
            line = process.stdout.readline().split()
            assert line[:2] == ["GraphQL", "at"], line
            urls.append(line[2])
        yield urls
    finally:
        for process in processes:
            process.send_signal(signal.SIGTERM)
        for process in processes:
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def test_the_same_top_up_at_two_gateways_at_once_charges_once(
    gateways: list[str], sandboxes: dict[str, RunningServer]
) -> None:
    control = sandboxes["prepaid"].base_url
    request = {
        "query": ADD_CREDIT,
        "variables": {
            "input": {
                "prepaidAccountId": to_base64("PrepaidAccount", ACCOUNT.account_id),
                "amount": 35,
                "idempotencyKey": str(uuid.uuid4()),
            }
        },
    }
    # Hold each top-up a little, so the two copies are surely in flight together.
    httpx.patch(
        f"{control}/_sandbox/switches",
        json={"latency_ms": 300, "only_endpoints": ["AccountEditCreditAdd"]},
    ).raise_for_status()
    httpx.delete(f"{control}/_sandbox/calls").raise_for_status()

    async def at_once() -> list[dict[str, Any]]:
        async with httpx.AsyncClient(timeout=30) as client:
            answers = await asyncio.gather(*(client.post(url, json=request) for url in gateways))
        return [answer.json() for answer in answers]

    first, second = asyncio.run(at_once())
    assert "errors" not in first, first
    assert first["data"]["addCredit"]["userErrors"] == []
    assert first == second
    calls = httpx.get(f"{control}/_sandbox/calls").json()["endpoints"]
    assert calls.get("AccountEditCreditAdd") == 1, calls
    ledger = httpx.get(f"{control}/_sandbox/charges").json()
    assert [c["account_id"] for c in ledger["charges"]] == [ACCOUNT.account_id]
    # Later repeats, at either process, get the same answer without a call.
    httpx.delete(f"{control}/_sandbox/calls").raise_for_status()
    for url in gateways:
        assert httpx.post(url, json=request, timeout=30).json() == first
    assert httpx.get(f"{control}/_sandbox/calls").json()["endpoints"] == {}
