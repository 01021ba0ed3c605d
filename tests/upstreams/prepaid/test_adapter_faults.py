"""The prepaid adapter under each of the sandbox's fault switches.

What matters most: a top-up is sent once whatever happens to its answer, and
the ledger proves how many times the card was charged.
"""

from __future__ import annotations

import asyncio
from decimal import Decimal
from typing import Any

import pytest

from tests.conftest import Serve
from tests.upstreams.prepaid.adapter_kit import WORLD, Sandbox, chargeable, start, top_up
from upstreams.errors import BadUpstreamResponse, RateLimited, Unavailable, UpstreamTimeout
from upstreams.prepaid.models import PrepaidAccount

ACCOUNT = WORLD.prepaid_ids()[0]


async def a_chargeable_account(sandbox: Sandbox) -> PrepaidAccount:
    async with sandbox.adapter() as prepaid:
        accounts = await asyncio.gather(*map(prepaid.read_account, WORLD.prepaid_ids()[:10]))
    return next(account for account in accounts if chargeable(account))


async def test_latency_slows_but_does_not_break(serve: Serve) -> None:
    sandbox = start(serve, switches={"latency_ms": 40, "jitter_ms": 20})
    async with sandbox.adapter() as prepaid:
        account = await prepaid.read_account(ACCOUNT)
    assert account.account_id == ACCOUNT


async def test_server_errors_are_unavailable_and_a_top_up_is_not_resent(serve: Serve) -> None:
    sandbox = start(serve)
    account = await a_chargeable_account(sandbox)
    await sandbox.switch(error_rate=1.0, only_endpoints=["AccountRead", "AccountEditCreditAdd"])
    await sandbox.reset_calls()
    async with sandbox.adapter() as prepaid:
        with pytest.raises(Unavailable):
            await prepaid.read_account(ACCOUNT)
        with pytest.raises(Unavailable):
            await top_up(prepaid, account.account_id, 10)
    assert await sandbox.calls() == {
        "SessionCreate": 2,  # the shared session and the top-up's own
        "AccountRead": 1,
        "AccountEditCreditAdd": 1,
    }
    assert await sandbox.charges() == 0


async def test_a_hang_before_the_api_is_a_timeout_after_sending(serve: Serve) -> None:
    switches = {"hang_rate": 1.0, "hang_seconds": 1.0, "only_endpoints": ["AccountRead"]}
    sandbox = start(serve, switches=switches)
    async with sandbox.adapter(read_timeout=0.3) as prepaid:
        with pytest.raises(UpstreamTimeout) as caught:
            await prepaid.read_account(ACCOUNT)
    assert caught.value.request_sent is True
    assert await sandbox.calls() == {"SessionCreate": 1, "AccountRead": 1}


async def test_a_top_up_whose_answer_hangs_charged_once_and_is_not_resent(serve: Serve) -> None:
    sandbox = start(serve)
    account = await a_chargeable_account(sandbox)
    await sandbox.switch(
        hang_rate=1.0,
        hang_seconds=1.0,
        hang_phase="after",
        only_endpoints=["AccountEditCreditAdd"],
    )
    await sandbox.reset_calls()
    async with sandbox.adapter(read_timeout=0.3) as prepaid:
        with pytest.raises(UpstreamTimeout) as caught:
            await top_up(prepaid, account.account_id, 30)
        settled = await prepaid.read_account(account.account_id)
    assert caught.value.request_sent is True
    [charge] = await sandbox.charge_list()
    assert (charge["account_id"], Decimal(charge["amount"])) == (account.account_id, Decimal(30))
    assert settled.balance == account.balance + Decimal(30)
    assert (await sandbox.calls())["AccountEditCreditAdd"] == 1


async def test_throttling_is_rate_limited_with_retry_after(serve: Serve) -> None:
    sandbox = start(serve, switches={"throttle_rate": 1.0, "retry_after_seconds": 7})
    async with sandbox.adapter() as prepaid:
        with pytest.raises(RateLimited) as caught:
            await prepaid.read_account(ACCOUNT)
    assert caught.value.retry_after == 7.0
    assert await sandbox.calls() == {"SessionCreate": 1}


@pytest.mark.parametrize("kind", ["truncate", "schema"])
@pytest.mark.parametrize("action", ["SessionCreate", "AccountRead"])
async def test_a_damaged_answer_is_a_bad_upstream_response(
    serve: Serve, kind: str, action: str
) -> None:
    switches = {"malformed_rate": 1.0, "malformed_kind": kind, "only_endpoints": [action]}
    sandbox = start(serve, switches=switches)
    async with sandbox.adapter() as prepaid:
        with pytest.raises(BadUpstreamResponse) as caught:
            await prepaid.read_account(ACCOUNT)
    assert sandbox.base_url not in str(caught.value)
    assert (await sandbox.calls()).get("AccountRead", 0) == (action == "AccountRead")


async def test_a_damaged_invoice_page_is_a_bad_upstream_response(serve: Serve) -> None:
    switches = {"malformed_rate": 1.0, "malformed_kind": "schema"}
    sandbox = start(serve, switches={**switches, "only_endpoints": ["AccountInvoiceBrowse"]})
    async with sandbox.adapter() as prepaid:
        with pytest.raises(BadUpstreamResponse):
            await prepaid.browse_invoices()


async def test_a_top_up_with_a_damaged_answer_charged_once_and_is_not_resent(
    serve: Serve,
) -> None:
    sandbox = start(serve)
    account = await a_chargeable_account(sandbox)
    await sandbox.switch(malformed_rate=1.0, only_endpoints=["AccountEditCreditAdd"])
    await sandbox.reset_calls()
    async with sandbox.adapter() as prepaid:
        with pytest.raises(BadUpstreamResponse):
            await top_up(prepaid, account.account_id, 10)
    assert await sandbox.charges() == 1
    assert await sandbox.calls() == {"SessionCreate": 1, "AccountEditCreditAdd": 1}


async def burst(sandbox: Sandbox, calls: int, **client: Any) -> list[Any]:
    async with sandbox.adapter(**client) as prepaid:
        return list(
            await asyncio.gather(
                *(prepaid.read_account(ACCOUNT) for _ in range(calls)), return_exceptions=True
            )
        )


async def test_the_vendor_limit_refuses_an_unpaced_burst(serve: Serve) -> None:
    sandbox = start(serve, switches={"rate_limit": True})
    results = await burst(sandbox, 30)
    assert any(isinstance(result, RateLimited) for result in results)


async def test_pacing_under_the_vendor_limit_is_never_refused(serve: Serve) -> None:
    """The sandbox allows 10 calls/s with bursts of 20; 25 calls paced at 9.5/s, bursts of 12."""
    sandbox = start(serve, switches={"rate_limit": True})
    results = await burst(sandbox, 24, rate_per_second=9.5, burst=12)
    assert [result for result in results if isinstance(result, BaseException)] == []
    assert (await sandbox.calls())["AccountRead"] == 24


async def test_an_answer_other_than_http_200_is_a_bad_upstream_response(serve: Serve) -> None:
    sandbox = start(serve)
    wrong = Sandbox(f"{sandbox.base_url}/elsewhere", sandbox.world)  # the sandbox answers 404
    async with wrong.adapter() as prepaid:
        with pytest.raises(BadUpstreamResponse) as caught:
            await prepaid.read_account(ACCOUNT)
    assert "404" in caught.value.message
    assert sandbox.base_url not in caught.value.message
