"""One process's pacer: turns at the rate, in arrival order, refused at once past a budget."""

from __future__ import annotations

import asyncio

import pytest

from upstreams.pacing import NoTurn, Pacer


class Clock:
    """A clock that moves only when told, so turns are computed, not timed."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_turns_come_one_interval_apart_after_the_burst() -> None:
    clock = Clock()
    pacer = Pacer(rate=2.0, burst=2, clock=clock)
    delays = [pacer.reserve() for _ in range(4)]
    assert delays == [0.0, 0.0, 0.5, 1.0]
    clock.now += 10
    assert pacer.reserve() == 0.0  # an idle pacer is whole again


def test_a_turn_past_the_time_left_is_refused_at_once_and_takes_nothing() -> None:
    clock = Clock()
    pacer = Pacer(rate=1.0, burst=1, clock=clock)
    assert pacer.reserve(within=5.0) == 0.0
    with pytest.raises(NoTurn) as refused:
        pacer.reserve(within=0.5)
    assert refused.value.retry_after == pytest.approx(1.0)
    # The refused caller reserved nothing: the next one gets that same turn.
    assert pacer.reserve(within=2.0) == pytest.approx(1.0)
    assert pacer.reserve(within=5.0) == pytest.approx(2.0)


def test_no_rate_never_waits_nor_refuses() -> None:
    pacer = Pacer(None)
    assert not pacer.paces
    assert [pacer.reserve(within=0.0) for _ in range(3)] == [0.0, 0.0, 0.0]


async def test_waiters_go_in_the_order_they_asked() -> None:
    pacer = Pacer(rate=50.0, burst=1)
    gone: list[int] = []

    async def caller(number: int) -> None:
        await pacer.wait()
        gone.append(number)

    await asyncio.gather(*(caller(n) for n in range(8)))
    assert gone == list(range(8))
