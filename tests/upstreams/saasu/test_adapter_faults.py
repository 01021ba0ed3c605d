"""Every sandbox switch, seen through the Saasu adapter: what a client gets, never a retry."""

from __future__ import annotations

import dataclasses

import pytest

from tests.conftest import Serve
from tests.upstreams.saasu.test_adapter import assert_clean, connect, editable_account, start
from upstreams.errors import BadUpstreamResponse, RateLimited, Unavailable, UpstreamTimeout
from upstreams.saasu.codec import Format
from upstreams.saasu.models import LedgerAccountUpdate
from upstreams.sandboxing import Switches

FORMATS: list[Format] = ["json", "xml"]


def total(calls: dict[str, int]) -> int:
    return sum(calls.values())


async def test_latency_within_the_timeout_still_answers(serve: Serve) -> None:
    sandbox = start(serve, switches=Switches(latency_ms=50, jitter_ms=20))
    async with connect(sandbox, read_timeout=5.0) as adapter:
        page = await adapter.list_accounts(page_size=2)
    assert len(page.items) == 2


async def test_latency_past_the_timeout_is_a_timeout(serve: Serve) -> None:
    sandbox = start(serve, switches=Switches(latency_ms=600))
    async with connect(sandbox, read_timeout=0.1) as adapter:
        with pytest.raises(UpstreamTimeout):
            await adapter.get_account(1)


async def test_server_errors_are_unavailable_and_not_retried(serve: Serve) -> None:
    sandbox = start(serve)
    async with connect(sandbox) as adapter:
        account = await editable_account(adapter, sandbox)
        await sandbox.switch(error_rate=1.0)
        with pytest.raises(Unavailable) as caught:
            await adapter.get_account(account.id)
        assert_clean(caught.value)
        update = dataclasses.replace(LedgerAccountUpdate.from_account(account), name="Failed")
        with pytest.raises(Unavailable):
            await adapter.update_account(account.id, update)
    calls = await sandbox.calls()
    assert sum(n for key, n in calls.items() if key.startswith("PUT ")) == 1
    assert calls.get("GET /Account/{id}") == 2  # the read before the switch, and one after


async def test_a_hung_update_is_a_timeout_with_the_request_sent(serve: Serve) -> None:
    sandbox = start(serve)
    async with connect(sandbox, read_timeout=0.3) as adapter:
        account = await editable_account(adapter, sandbox)
        await sandbox.switch(hang_rate=1.0, hang_seconds=1.0, hang_phase="after")
        update = dataclasses.replace(LedgerAccountUpdate.from_account(account), name="Hung")
        with pytest.raises(UpstreamTimeout) as caught:
            await adapter.update_account(account.id, update)
        assert caught.value.request_sent is True
        calls = await sandbox.calls()
        assert sum(n for key, n in calls.items() if key.startswith("PUT ")) == 1  # never again
        await sandbox.switch(hang_rate=0.0)
        # The outcome was unknown to the caller; a read settles it (the sandbox applied it).
        assert (await adapter.get_account(account.id)).name == "Hung"


async def test_throttling_is_rate_limited_with_retry_after(serve: Serve) -> None:
    sandbox = start(serve, switches=Switches(throttle_rate=1.0, retry_after_seconds=7))
    async with connect(sandbox) as adapter:
        with pytest.raises(RateLimited) as caught:
            await adapter.list_accounts()
    assert caught.value.retry_after == 7.0
    assert total(await sandbox.calls()) == 1


@pytest.mark.parametrize("format", FORMATS)
@pytest.mark.parametrize("kind", ["truncate", "schema"])
async def test_malformed_bodies_are_bad_upstream_responses(
    serve: Serve, format: Format, kind: str
) -> None:
    sandbox = start(serve)
    async with connect(sandbox, format=format) as adapter:
        account = await editable_account(adapter, sandbox)
        await sandbox.switch(malformed_rate=1.0, malformed_kind=kind)
        with pytest.raises(BadUpstreamResponse) as caught:
            await adapter.get_account(account.id)
        assert_clean(caught.value)
        with pytest.raises(BadUpstreamResponse):
            await adapter.list_accounts(page_size=3)
        update = dataclasses.replace(LedgerAccountUpdate.from_account(account), name="Applied")
        with pytest.raises(BadUpstreamResponse) as caught:
            await adapter.update_account(account.id, update)
        assert "read the account" in caught.value.message
        await sandbox.switch(malformed_rate=0.0)
        assert (await adapter.get_account(account.id)).name == "Applied"


async def test_paced_at_the_published_rate_no_call_is_refused(serve: Serve) -> None:
    sandbox = start(serve, switches=Switches(rate_limit=True))
    async with connect(sandbox, rate_per_second=1.0) as adapter:
        account_id = (await adapter.list_accounts(page_size=1)).items[0].id
        for _ in range(2):  # three calls in all: one more than the sandbox's burst of 2
            await adapter.get_account(account_id)
    assert total(await sandbox.calls()) == 3


async def test_unpaced_bursts_past_the_limit_are_rate_limited(serve: Serve) -> None:
    sandbox = start(serve, switches=Switches(rate_limit=True))
    async with connect(sandbox) as adapter:
        account_id = (await adapter.list_accounts(page_size=1)).items[0].id
        with pytest.raises(RateLimited) as caught:
            for _ in range(3):
                await adapter.get_account(account_id)
    assert caught.value.retry_after is not None and caught.value.retry_after > 0


async def test_the_daily_cap_is_rate_limited_for_hours(serve: Serve) -> None:
    sandbox = start(serve, switches=Switches(rate_limit=True), daily_cap=1)
    async with connect(sandbox) as adapter:
        account_id = (await adapter.list_accounts(page_size=1)).items[0].id
        with pytest.raises(RateLimited) as caught:
            await adapter.get_account(account_id)
    assert caught.value.retry_after is not None and caught.value.retry_after > 3600
