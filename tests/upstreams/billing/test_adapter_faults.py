"""The billing adapter under every sandbox switch: each fault becomes one shared error.

Faults are aimed at resource endpoints with ``only_endpoints`` where the
login must stay healthy. A write is never sent twice, whatever happens.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator

import pytest

from tests.conftest import Serve
from tests.upstreams.billing.adapter_kit import (
    LOGIN,
    Billing,
    assert_clean,
    every_account,
    key,
    shared,
    start,
)
from upstreams.billing.models import AccountInput, NoteInput
from upstreams.errors import (
    BadUpstreamResponse,
    RateLimited,
    Unavailable,
    UpstreamError,
    UpstreamTimeout,
)
from upstreams.sandboxing import Switches

GET_ACCOUNT = key("GET", "/Account/{id}")
ACCOUNTS_PAGE = key("GET", "/Account/Paged")
POST_ACCOUNT = key("POST", "/Account/")
POST_NOTE = key("POST", "/Account/{id}/Note")


@pytest.fixture(scope="module")
def sandbox() -> Iterator[Billing]:
    """One sandbox for the module; each test starts from its default switches."""
    with shared() as served:
        yield served


@pytest.fixture
async def billing(sandbox: Billing) -> Billing:
    await sandbox.reset()
    return sandbox


async def test_latency_is_only_slower(billing: Billing) -> None:
    await billing.switch(latency_ms=40, jitter_ms=20)
    async with billing.open() as adapter:
        account = await adapter.get_account(1001)
    assert account.identity == 1001


async def test_latency_past_the_read_timeout_is_a_timeout(billing: Billing) -> None:
    await billing.switch(latency_ms=400, only_endpoints=[GET_ACCOUNT])
    async with billing.open(read_timeout=0.2) as adapter:
        with pytest.raises(UpstreamTimeout) as caught:
            await adapter.get_account(1001)
    assert caught.value.request_sent is True
    assert_clean(caught.value)


async def test_server_errors_are_unavailable_and_a_write_is_sent_once(billing: Billing) -> None:
    await billing.switch(error_rate=1.0, only_endpoints=[GET_ACCOUNT, POST_NOTE])
    async with billing.open() as adapter:
        with pytest.raises(Unavailable) as read_error:
            await adapter.get_account(1001)
        with pytest.raises(Unavailable):
            await adapter.create_note(1001, NoteInput(subject="s", text="t"))
    assert_clean(read_error.value)
    calls = await billing.calls()
    assert calls[GET_ACCOUNT] == 1
    assert calls[POST_NOTE] == 1


async def test_hang_is_a_timeout_with_the_request_sent(billing: Billing) -> None:
    await billing.switch(hang_rate=1.0, hang_seconds=0.6, only_endpoints=[GET_ACCOUNT])
    async with billing.open(read_timeout=0.2) as adapter:
        with pytest.raises(UpstreamTimeout) as caught:
            await adapter.get_account(1001)
    assert caught.value.request_sent is True
    assert (await billing.calls())[GET_ACCOUNT] == 1


async def test_write_whose_answer_hangs_happened_once_and_is_not_resent(billing: Billing) -> None:
    async with billing.open() as adapter:
        seeded = await adapter.get_account(1001)
        before = {a.identity for a in await every_account(adapter)}
    await billing.switch(
        hang_rate=1.0, hang_seconds=0.6, hang_phase="after", only_endpoints=[POST_ACCOUNT]
    )
    async with billing.open(read_timeout=0.3) as adapter:
        with pytest.raises(UpstreamTimeout) as caught:
            await adapter.create_account(
                AccountInput(name="Outcome unknown", currency_id=seeded.currency_id)
            )
        assert caught.value.request_sent is True
        after = await every_account(adapter)
    created = [a for a in after if a.identity not in before]
    assert [a.name for a in created] == ["Outcome unknown"]  # it happened, exactly once
    assert (await billing.calls())[POST_ACCOUNT] == 1


async def test_throttle_is_rate_limited_with_retry_after(billing: Billing) -> None:
    await billing.switch(throttle_rate=1.0, retry_after_seconds=7, only_endpoints=[POST_NOTE])
    async with billing.open() as adapter:
        with pytest.raises(RateLimited) as caught:
            await adapter.create_note(1001, NoteInput(subject="s", text="t"))
    assert caught.value.retry_after == 7.0
    assert (await billing.calls())[POST_NOTE] == 1


@pytest.mark.parametrize("kind", ["truncate", "schema"])
async def test_malformed_answers_are_bad_upstream_responses(billing: Billing, kind: str) -> None:
    await billing.switch(
        malformed_rate=1.0,
        malformed_kind=kind,
        only_endpoints=[GET_ACCOUNT, ACCOUNTS_PAGE, key("GET", "/Account/{id}/Detail")],
    )
    async with billing.open() as adapter:
        for read in (
            adapter.get_account(1001),
            adapter.accounts_page(),
            adapter.get_account_detail(1001),
        ):
            with pytest.raises(BadUpstreamResponse) as caught:
                await read
            assert_clean(caught.value)


async def test_malformed_error_answer_is_a_bad_upstream_response(billing: Billing) -> None:
    await billing.switch(malformed_rate=1.0, malformed_kind="truncate", only_endpoints=[POST_NOTE])
    async with billing.open() as adapter:
        with pytest.raises(BadUpstreamResponse):
            await adapter.create_note(1001, NoteInput())  # a 400, cut in half


@pytest.mark.parametrize("kind", ["truncate", "schema"])
async def test_malformed_login_is_a_bad_upstream_response(billing: Billing, kind: str) -> None:
    await billing.switch(malformed_rate=1.0, malformed_kind=kind, only_endpoints=[LOGIN])
    async with billing.open() as adapter:
        with pytest.raises(BadUpstreamResponse) as caught:
            await every_account(adapter)
    assert_clean(caught.value)


async def test_login_faults_reach_the_caller(billing: Billing) -> None:
    await billing.switch(error_rate=1.0, only_endpoints=[LOGIN])
    async with billing.open() as adapter:
        with pytest.raises(Unavailable):
            await every_account(adapter)
    assert await billing.calls() == {LOGIN: 1}


async def burst(billing: Billing, calls: int, **client: float) -> list[object]:
    async with billing.open(**client) as adapter:
        await adapter.get_account(1001)  # log in first, so the burst is resource calls only
        return await asyncio.gather(
            *(adapter.get_account(1001 + i % 40) for i in range(calls)), return_exceptions=True
        )


async def test_rate_limit_without_pacing_is_rate_limited(serve: Serve) -> None:
    billing = start(serve, switches=Switches(rate_limit=True))
    results = await burst(billing, 120)  # the sandbox allows 20/s with bursts of 40
    errors = [r for r in results if isinstance(r, UpstreamError)]
    assert errors and all(isinstance(e, RateLimited) for e in errors)
    assert all(isinstance(e, RateLimited) and e.retry_after for e in errors)


async def test_rate_limit_with_pacing_never_sees_a_429(serve: Serve) -> None:
    billing = start(serve, switches=Switches(rate_limit=True))
    results = await burst(billing, 40, rate_per_second=18.0, burst=30)
    assert not [r for r in results if isinstance(r, BaseException)]
    assert (await billing.calls())[GET_ACCOUNT] == 41
