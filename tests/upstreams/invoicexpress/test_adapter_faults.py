"""The InvoiceXpress adapter under each sandbox switch: slow, failing, hanging, throttled."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from tests.conftest import Serve
from tests.upstreams.invoicexpress.adapter_support import (
    FIRST_ID,
    adapter,
    assert_hides_key,
    calls,
    formats,
    sandbox,
)
from upstreams.errors import BadUpstreamResponse, RateLimited, Unavailable, UpstreamTimeout
from upstreams.invoicexpress.adapter import BURST, Format
from upstreams.invoicexpress.models import AccountUpdate


async def set_switches(base_url: str, **changes: Any) -> None:
    async with httpx.AsyncClient(base_url=base_url) as client:
        (await client.patch("/_sandbox/switches", json=changes)).raise_for_status()


@formats
async def test_latency_only_slows_the_answer(serve: Serve, fmt: Format) -> None:
    base_url = sandbox(serve)
    async with adapter(base_url, fmt) as upstream:
        quick = await upstream.get_account(FIRST_ID)
        await set_switches(base_url, latency_ms=40, jitter_ms=20)
        assert await upstream.get_account(FIRST_ID) == quick
        change = await upstream.update_account(FIRST_ID, AccountUpdate(city="Tomar"))
    assert change.city == "Tomar"


@formats
async def test_server_errors_are_unavailable_and_never_retried(serve: Serve, fmt: Format) -> None:
    base_url = sandbox(serve, error_rate=1.0)
    async with adapter(base_url, fmt) as upstream:
        with pytest.raises(Unavailable) as reading:
            await upstream.get_account(FIRST_ID)
        with pytest.raises(Unavailable) as updating:
            await upstream.update_account(FIRST_ID, AccountUpdate(city="Tomar"))
    assert await calls(base_url) == 2
    assert_hides_key(reading.value)
    assert_hides_key(updating.value)


@formats
async def test_a_hang_is_a_timeout_after_sending(serve: Serve, fmt: Format) -> None:
    base_url = sandbox(serve, hang_rate=1.0, hang_seconds=0.6)
    async with adapter(base_url, fmt, read_timeout=0.2) as upstream:
        with pytest.raises(UpstreamTimeout) as caught:
            await upstream.get_account(FIRST_ID)
    assert caught.value.request_sent is True
    assert_hides_key(caught.value)


@formats
async def test_an_update_whose_answer_hangs_is_settled_by_reading(
    serve: Serve, fmt: Format
) -> None:
    base_url = sandbox(serve, hang_rate=1.0, hang_seconds=0.6, hang_phase="after")
    async with adapter(base_url, fmt, read_timeout=0.2) as upstream:
        with pytest.raises(UpstreamTimeout) as caught:
            await upstream.update_account(FIRST_ID, AccountUpdate(city="Sintra"))
        assert caught.value.request_sent is True
        assert_hides_key(caught.value)
        assert await calls(base_url) == 1
        await set_switches(base_url, hang_rate=0.0)
        assert (await upstream.get_account(FIRST_ID)).city == "Sintra"


@formats
async def test_throttling_is_rate_limited_with_retry_after(serve: Serve, fmt: Format) -> None:
    base_url = sandbox(serve, throttle_rate=1.0, retry_after_seconds=7)
    async with adapter(base_url, fmt) as upstream:
        with pytest.raises(RateLimited) as caught:
            await upstream.update_account(FIRST_ID, AccountUpdate(city="Tomar"))
    assert caught.value.retry_after == 7.0
    assert await calls(base_url) == 1
    assert_hides_key(caught.value)


@formats
@pytest.mark.parametrize("kind", ["truncate", "schema"])
async def test_a_damaged_body_is_a_bad_upstream_response(
    serve: Serve, fmt: Format, kind: str
) -> None:
    base_url = sandbox(serve, malformed_rate=1.0, malformed_kind=kind)
    async with adapter(base_url, fmt) as upstream:
        with pytest.raises(BadUpstreamResponse) as reading:
            await upstream.get_account(FIRST_ID)
        with pytest.raises(BadUpstreamResponse) as updating:
            await upstream.update_account(FIRST_ID, AccountUpdate(city="Tomar"))
    assert_hides_key(reading.value)
    assert_hides_key(updating.value)


@formats
async def test_a_damaged_refusal_is_a_bad_upstream_response(serve: Serve, fmt: Format) -> None:
    base_url = sandbox(serve, malformed_rate=1.0, malformed_kind="schema")
    async with adapter(base_url, fmt) as upstream:
        with pytest.raises(BadUpstreamResponse):
            await upstream.update_account(FIRST_ID, AccountUpdate(postal_code="1500555"))


@formats
async def test_pacing_keeps_under_the_rate_limit(serve: Serve, fmt: Format) -> None:
    base_url = sandbox(serve, rate_limit=True)
    count = BURST + 1
    async with adapter(base_url, fmt, pace=True) as upstream:
        for _ in range(count):
            await upstream.get_account(FIRST_ID)
    assert await calls(base_url) == count


@formats
async def test_without_pacing_the_rate_limit_is_met(serve: Serve, fmt: Format) -> None:
    base_url = sandbox(serve, rate_limit=True)
    async with adapter(base_url, fmt) as upstream:
        with pytest.raises(RateLimited) as caught:
            for _ in range(BURST + 1):
                await upstream.get_account(FIRST_ID)
    assert caught.value.retry_after is not None
