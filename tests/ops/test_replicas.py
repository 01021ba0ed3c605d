"""Two gateway processes on one Redis share the read cache, its invalidation, and APQ."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import httpx
from strawberry.relay import to_base64

from tests.configured import OPEN_DOOR
from tests.ops.conftest import (
    ACCOUNT_IDS,
    ADD_CREDIT,
    READ,
    GatewayProcess,
    GatewayStarter,
    Sandboxes,
    upstreams_toml,
)

ACCOUNT = ACCOUNT_IDS[0]


SHARED_KEYS = '\n[idempotency]\nstore = "redis"\n\n' + OPEN_DOOR
"""Replicas share their idempotency keys, in a Redis that keeps them (append-only file)."""


def test_two_gateways_share_the_cache_and_a_mutation_invalidates_it(
    sandboxes: Sandboxes, redis_url: str, gateways: GatewayStarter, tmp_path: Path
) -> None:
    config = tmp_path / "gateway.toml"
    config.write_text(
        f'[cache]\nstore = "redis"\nttl_account_read = 300\n\n[redis]\nurl = "{redis_url}"\n'
        + SHARED_KEYS
        + upstreams_toml(sandboxes)
    )
    a = gateways(["--config", str(config), "--port", "0"])
    b = gateways(["--config", str(config), "--port", "0"])
    sandboxes.reset_calls()

    first = a.execute(READ, {"id": ACCOUNT})
    assert "errors" not in first, first
    assert sandboxes.calls("prepaid").get("AccountRead") == 1

    sandboxes.reset_calls()
    second = b.execute(READ, {"id": ACCOUNT})
    assert second == first
    assert sandboxes.calls("prepaid").get("AccountRead", 0) == 0

    topped = b.execute(
        ADD_CREDIT,
        {
            "input": {
                "prepaidAccountId": to_base64("PrepaidAccount", ACCOUNT),
                "amount": 10,
                "idempotencyKey": "ops-replica-top-up",
            }
        },
    )
    assert topped["data"]["addCredit"]["userErrors"] == [], topped
    sandboxes.reset_calls()
    third = a.execute(READ, {"id": ACCOUNT})
    assert sandboxes.calls("prepaid").get("AccountRead") == 1
    assert (
        third["data"]["prepaidAccount"]["balance"]
        == (topped["data"]["addCredit"]["account"]["balance"])
    )


BILLING_READ = "query($id: Int!) { customerAccount(identity: $id) { displayName } }"
BILLING_PATCH = """mutation($input: UpdateAccountInput!) { updateAccount(input: $input) {
    account { name } userErrors { code } } }"""


def billing_reads(sandboxes: Sandboxes) -> int:
    return sandboxes.calls("billing").get("GET /Account/{id}", 0)


def test_two_gateways_share_a_billing_read_and_a_patch_invalidates_it(
    sandboxes: Sandboxes, redis_url: str, gateways: GatewayStarter, tmp_path: Path
) -> None:
    config = tmp_path / "gateway.toml"
    config.write_text(
        '[cache]\nstore = "redis"\nttl_billing_account_read = 300\n\n'
        f'[redis]\nurl = "{redis_url}"\n' + SHARED_KEYS + upstreams_toml(sandboxes)
    )
    a = gateways(["--config", str(config), "--port", "0"])
    b = gateways(["--config", str(config), "--port", "0"])
    account = 1960
    sandboxes.reset_calls()

    first = a.execute(BILLING_READ, {"id": account})
    assert "errors" not in first, first
    assert billing_reads(sandboxes) == 1
    sandboxes.reset_calls()
    assert b.execute(BILLING_READ, {"id": account}) == first
    assert billing_reads(sandboxes) == 0

    patched = b.execute(
        BILLING_PATCH,
        {
            "input": {
                "customer": {
                    "id": to_base64("CustomerAccount", account),
                    "displayName": "Shared and dropped",
                }
            }
        },
    )
    assert patched["data"]["updateAccount"]["userErrors"] == [], patched
    sandboxes.reset_calls()
    third = a.execute(BILLING_READ, {"id": account})
    assert third["data"]["customerAccount"]["displayName"] == "Shared and dropped"
    assert billing_reads(sandboxes) == 1


def test_a_query_persisted_through_one_gateway_runs_by_hash_on_the_other(
    sandboxes: Sandboxes, redis_url: str, gateways: GatewayStarter, tmp_path: Path
) -> None:
    config = tmp_path / "gateway.toml"
    config.write_text(
        f'[persisted]\nmode = "apq"\nstore = "redis"\n\n[redis]\nurl = "{redis_url}"\n'
        + SHARED_KEYS
        + upstreams_toml(sandboxes)
    )
    a = gateways(["--config", str(config), "--port", "0"])
    b = gateways(["--config", str(config), "--port", "0"])
    query = "query Replicated($id: Int!) { prepaidAccount(accountNumber: $id) { accountNumber } }"
    digest = hashlib.sha256(query.encode()).hexdigest()
    extensions = {"persistedQuery": {"version": 1, "sha256Hash": digest}}
    variables = {"id": ACCOUNT_IDS[3]}

    def ask(gateway: GatewayProcess, body: dict[str, Any]) -> dict[str, Any]:
        response = httpx.post(f"{gateway.url}/graphql", json=body, timeout=30)
        answer: dict[str, Any] = response.json()
        return answer

    unknown = ask(b, {"extensions": extensions, "variables": variables})
    assert unknown["errors"][0]["extensions"]["code"] == "PERSISTED_QUERY_NOT_FOUND"
    registered = ask(a, {"query": query, "extensions": extensions, "variables": variables})
    assert registered["data"]["prepaidAccount"]["accountNumber"] == ACCOUNT_IDS[3], registered
    by_hash = ask(b, {"extensions": extensions, "variables": variables})
    assert by_hash == registered
