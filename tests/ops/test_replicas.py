"""Two gateway processes on one Redis share the read cache and its invalidation."""

from __future__ import annotations

from pathlib import Path

from tests.ops.conftest import (
    ACCOUNT_IDS,
    ADD_CREDIT,
    READ,
    GatewayStarter,
    Sandboxes,
    upstreams_toml,
)

ACCOUNT = ACCOUNT_IDS[0]


def test_two_gateways_share_the_cache_and_a_mutation_invalidates_it(
    sandboxes: Sandboxes, redis_url: str, gateways: GatewayStarter, tmp_path: Path
) -> None:
    config = tmp_path / "gateway.toml"
    config.write_text(
        f'[cache]\nstore = "redis"\nttl_account_read = 300\n\n[redis]\nurl = "{redis_url}"\n'
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
        {"input": {"accountId": ACCOUNT, "amount": 10, "idempotencyKey": "ops-replica-top-up"}},
    )
    assert topped["data"]["addCredit"]["userErrors"] == [], topped
    sandboxes.reset_calls()
    third = a.execute(READ, {"id": ACCOUNT})
    assert sandboxes.calls("prepaid").get("AccountRead") == 1
    assert (
        third["data"]["prepaidAccount"]["balance"]
        == (topped["data"]["addCredit"]["account"]["balance"])
    )
