"""An account the API keeps faulting on fails alone: the prepaid breaker stays closed.

The API reports an internal fault with its ``Exception`` document (HTTP 200);
the adapter counts it as a 5xx of the account it named, so reads of that
account are retried and then fail fast, while every other account reads on.
"""

from __future__ import annotations

import pytest

from tests.conftest import Serve
from tests.upstreams.prepaid.adapter_kit import WORLD, Sandbox, start
from upstreams.breaker import BreakerState
from upstreams.errors import CircuitOpen, Unavailable

FAULTY = WORLD.prepaid_ids()[-1]
HEALTHY = WORLD.prepaid_ids()[:10]


@pytest.fixture
def sandbox(serve: Serve) -> Sandbox:
    return start(serve, faulty_account_ids=frozenset({FAULTY}))


async def test_an_internal_fault_is_retried_like_a_5xx(sandbox: Sandbox) -> None:
    async with sandbox.adapter(read_retries=2, retry_backoff_seconds=0.001) as prepaid:
        await prepaid.read_account(HEALTHY[0])  # the session opens before calls are counted
        await sandbox.reset_calls()
        with pytest.raises(Unavailable) as caught:
            await prepaid.read_account(FAULTY)
    assert not isinstance(caught.value, CircuitOpen)
    assert "internal fault" in caught.value.message
    assert await sandbox.calls() == {"AccountRead": 3}


async def test_reading_a_faulty_account_again_and_again_never_stops_other_reads(
    sandbox: Sandbox,
) -> None:
    async with sandbox.adapter(breaker_failures=3, breaker_reset_seconds=60) as prepaid:
        await prepaid.read_account(HEALTHY[0])  # the session opens before calls are counted
        await sandbox.reset_calls()
        for turn in range(30):
            with pytest.raises(Unavailable):
                await prepaid.read_account(FAULTY)
            healthy = HEALTHY[turn % len(HEALTHY)]
            assert (await prepaid.read_account(healthy)).account_id == healthy
        assert prepaid.http.breaker.state is BreakerState.CLOSED
    # the faulty account's own circuit opened after 3 faults: its other reads were not sent
    assert await sandbox.calls() == {"AccountRead": 3 + 30}


async def test_an_outage_still_opens_the_prepaid_breaker(sandbox: Sandbox) -> None:
    async with sandbox.adapter(breaker_failures=3, breaker_reset_seconds=60) as prepaid:
        await prepaid.read_account(HEALTHY[0])  # the session opens before the outage
        await sandbox.switch(error_rate=1.0, only_endpoints=["AccountRead"])
        await sandbox.reset_calls()
        for account_id in HEALTHY[:3]:
            with pytest.raises(Unavailable) as caught:
                await prepaid.read_account(account_id)
            assert not isinstance(caught.value, CircuitOpen)
        assert prepaid.http.breaker.state is BreakerState.OPEN
        with pytest.raises(CircuitOpen):
            await prepaid.read_account(HEALTHY[3])
    assert await sandbox.calls() == {"AccountRead": 3}
