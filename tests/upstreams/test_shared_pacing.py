"""The rate shared through a real redis-server: one turn for all, and each process's share
when Redis cannot answer."""

from __future__ import annotations

import asyncio
import itertools
import logging
import uuid

import pytest

from tests.redis_server import free_port
from upstreams.pacing import NoTurn
from upstreams.redis_client import RedisClient
from upstreams.shared_pacing import SharedPacer


def pacer(
    url: str, key: str, rate: float, burst: int = 1, processes: int = 2, retry: float = 5.0
) -> SharedPacer:
    """A pacer with its own Redis connection, as another process would have."""
    return SharedPacer(
        "saasu",
        RedisClient(url, timeout=0.25),
        key,
        rate,
        burst,
        processes=processes,
        retry_seconds=retry,
    )


async def close(*pacers: SharedPacer) -> None:
    for each in pacers:
        await each.redis.aclose()


async def test_a_turn_taken_by_one_process_is_gone_for_the_other(redis_url: str) -> None:
    key = f"test:pace:{uuid.uuid4()}"
    a, b = pacer(redis_url, key, rate=1.0), pacer(redis_url, key, rate=1.0)
    try:
        await a.wait(within=5.0)
        with pytest.raises(NoTurn) as refused:
            await b.wait(within=0.5)
        assert 0.5 <= refused.value.retry_after <= 1.0
        with pytest.raises(NoTurn):
            await a.wait(within=0.5)  # the same for the process that took it
    finally:
        await close(a, b)


async def test_processes_share_one_rate_in_the_order_they_asked(redis_url: str) -> None:
    key = f"test:pace:{uuid.uuid4()}"
    pacers = [pacer(redis_url, key, rate=20.0) for _ in range(2)]
    loop = asyncio.get_running_loop()
    gone: list[tuple[int, float]] = []

    async def caller(number: int) -> None:
        await pacers[number % 2].wait()
        gone.append((number, loop.time()))

    try:
        for number in range(10):
            # One after another, alternating processes: each asks before the turn before it went.
            task = asyncio.ensure_future(caller(number))
            await asyncio.sleep(0.02)  # well inside the 0.05 s between turns
        await task
        await asyncio.sleep(0.1)
    finally:
        await close(*pacers)
    assert [number for number, _ in gone] == list(range(10))
    spans = [later - earlier for (_, earlier), (_, later) in itertools.pairwise(gone)]
    assert all(span >= 0.05 - 0.01 for span in spans), spans


async def test_without_redis_each_process_keeps_its_share_and_says_so_once(
    caplog: pytest.LogCaptureFixture,
) -> None:
    down = f"redis://127.0.0.1:{free_port()}/0"
    alone = pacer(down, "test:pace:down", rate=4.0, burst=1, processes=2, retry=0.0)
    try:
        with caplog.at_level(logging.WARNING, logger="upstreams"):
            await alone.wait(within=5.0)
            with pytest.raises(NoTurn) as refused:
                await alone.wait(within=0.3)  # its share is 2 a second: the next turn is 0.5 s off
            await alone.wait(within=5.0)  # asked Redis again (no pause): still down
    finally:
        await close(alone)
    assert refused.value.retry_after == pytest.approx(0.5, abs=0.05)
    said = [r for r in caplog.records if "could not be reached" in r.getMessage()]
    assert len(said) == 1
    assert "2 calls a second" in said[0].getMessage()
    assert "127.0.0.1" not in said[0].getMessage()
