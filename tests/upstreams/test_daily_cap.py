"""The day's count of calls: alone, shared through a real redis-server, and without Redis."""

from __future__ import annotations

import asyncio
import logging
import uuid

import pytest

from tests.redis_server import free_port
from upstreams.daily_cap import DailyCap, DaySpent, reset_offset
from upstreams.redis_client import RedisClient

NOON = 1_767_225_600.0 + 12 * 3600  # 2026-01-01 12:00 UTC


class Wall:
    """Seconds since the epoch, moved by hand."""

    def __init__(self, now: float = NOON) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


def cap(
    limit: int,
    *,
    url: str | None = None,
    key: str = "test:calls",
    reset: str = "00:00",
    processes: int = 1,
    wall: Wall | None = None,
) -> DailyCap:
    return DailyCap(
        "saasu",
        limit,
        reset,
        redis=RedisClient(url, timeout=0.25) if url else None,
        key=key,
        processes=processes,
        wall=wall or Wall(),
        retry_seconds=0.0,
    )


def test_a_reset_is_a_time_of_day() -> None:
    assert reset_offset("00:00") == 0
    assert reset_offset("13:30") == 13 * 3600 + 30 * 60
    for bad in ("24:00", "7:00", "12:60", "noon", "12-00", ""):
        with pytest.raises(ValueError):
            reset_offset(bad)


async def test_the_cap_refuses_until_the_day_turns_and_says_so_once(
    caplog: pytest.LogCaptureFixture,
) -> None:
    wall = Wall()
    alone = cap(5, wall=wall, reset="06:00")
    with caplog.at_level(logging.WARNING, logger="upstreams"):
        for _ in range(5):
            await alone.take()
        for _ in range(3):
            with pytest.raises(DaySpent) as refused:
                await alone.take()
    assert refused.value.retry_after == pytest.approx(18 * 3600)  # noon to 06:00 UTC
    assert await alone.used() == 5 and await alone.spent()
    messages = [record.getMessage() for record in caplog.records]
    assert [m for m in messages if "4 of its 5 calls today (80%)" in m] == [messages[0]]
    assert len([m for m in messages if "is spent" in m]) == 1
    wall.now += 18 * 3600  # 06:00: a new day
    await alone.take()
    assert await alone.used() == 1 and not await alone.spent()


async def test_a_call_given_back_is_not_counted() -> None:
    alone = cap(2)
    await alone.take()
    await alone.give_back()
    await alone.take()
    await alone.take()
    with pytest.raises(DaySpent):
        await alone.take()


async def test_processes_spend_one_count_in_redis(redis_url: str) -> None:
    key = f"test:calls:{uuid.uuid4()}"
    caps = [cap(7, url=redis_url, key=key, processes=2) for _ in range(2)]
    results = await asyncio.gather(*(caps[n % 2].take() for n in range(12)), return_exceptions=True)
    assert sum(result is None for result in results) == 7
    assert all(isinstance(r, DaySpent) for r in results if r is not None)
    assert [await each.used() for each in caps] == [7, 7]
    assert all([await each.spent() for each in caps])
    await caps[0].give_back()
    await caps[1].take()
    with pytest.raises(DaySpent):
        await caps[0].take()


async def test_without_redis_a_process_keeps_its_share_and_says_so_once(
    caplog: pytest.LogCaptureFixture,
) -> None:
    down = f"redis://127.0.0.1:{free_port()}/0"
    alone = cap(9, url=down, processes=3)
    with caplog.at_level(logging.WARNING, logger="upstreams"):
        for _ in range(3):
            await alone.take()
        with pytest.raises(DaySpent):
            await alone.take()
    assert await alone.used() == 3
    said = [r.getMessage() for r in caplog.records if "could not be reached" in r.getMessage()]
    assert len(said) == 1 and "3 calls today" in said[0]


async def test_the_warning_is_given_once_however_many_processes_reach_it(
    redis_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    key = f"test:calls:{uuid.uuid4()}"
    a, b = (cap(5, url=redis_url, key=key, processes=2) for _ in range(2))
    with caplog.at_level(logging.WARNING, logger="upstreams"):
        for each in (a, b, a, b):  # the fourth call reaches 80% of 5
            await each.take()
        await b.give_back()
        await a.take()  # the fourth again, from the other process
        await b.take()
    warned = [r for r in caplog.records if "(80%)" in r.getMessage()]
    assert len(warned) == 1 and "4 of its 5 calls" in warned[0].getMessage()
