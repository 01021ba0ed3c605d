"""One rate per upstream account for every gateway process on one Redis.

Each process paced alone would send its own share of calls: four workers
would send Saasu four calls a second against its one. So the turn is
reserved in Redis, by one Lua script that reads the server's clock, takes
the next free moment and moves it on, atomically: callers of every process
are served in the order their reservations reach Redis, and each sleeps in
its own process until its turn (no polling). A caller whose turn would come
only after its time budget ends takes none and learns so at once.

When Redis cannot answer, each process paces alone at its share of the rate
(the rate divided by the processes configured to share it, replicas times
workers) until Redis answers again (``upstreams.shared_or_alone``).
"""

from __future__ import annotations

import asyncio
from typing import Any

from redis.exceptions import RedisError

from upstreams.pacing import NoTurn, Pacer
from upstreams.redis_client import RedisClient
from upstreams.shared_or_alone import SharedOrAlone

RESERVE = """
local clock = redis.call('TIME')
local now = tonumber(clock[1]) * 1000000 + tonumber(clock[2])
local free_at = tonumber(redis.call('GET', KEYS[1])) or now
if free_at < now then free_at = now end
local delay = free_at - tonumber(ARGV[2]) - now
if delay < 0 then delay = 0 end
if delay >= tonumber(ARGV[3]) then return {0, delay} end
local after = free_at + tonumber(ARGV[1])
redis.call('SET', KEYS[1], string.format('%d', after), 'PX', math.ceil((after - now) / 1000) + 1000)
return {1, delay}
"""
"""KEYS[1]: when the next call may go, in microseconds of Redis's clock. ARGV: the
interval between calls, the burst's allowance ((burst - 1) intervals) and the
longest the caller may wait, all in microseconds. Answers {taken, delay}."""

MICROS = 1_000_000
FOREVER = 10**15


class SharedPacer:
    """``rate`` calls a second, ``burst`` at once, for every process pacing ``key`` in Redis."""

    def __init__(
        self,
        upstream: str,
        redis: RedisClient,
        key: str,
        rate: float,
        burst: int,
        *,
        processes: int,
        retry_seconds: float = 5.0,
    ) -> None:
        self.upstream = upstream
        self.key = key
        self.rate = rate
        self.burst = burst
        self.own = Pacer(rate / processes, max(1, burst // processes))
        self.redis = redis
        self.state = SharedOrAlone(
            upstream, "rate", f"{self.own.rate:g} calls a second", retry_seconds
        )
        self._script: Any = None

    @property
    def paces(self) -> bool:
        return True

    async def wait(self, within: float | None = None) -> None:
        if not self.state.shared():
            await self.own.wait(within)
            return
        try:
            delay = await self._reserve(within)
        except (RedisError, OSError) as error:
            self.state.failed(error)
            await self.own.wait(within)
            return
        self.state.answered()
        if delay > 0:
            await asyncio.sleep(delay)

    async def _reserve(self, within: float | None) -> float:
        """Seconds until the turn taken in Redis; ``NoTurn`` (none taken) past ``within``."""
        if self._script is None:
            self._script = self.redis.redis.register_script(RESERVE)
        interval = round(MICROS / self.rate)
        limit = FOREVER if within is None else round(within * MICROS)
        taken, delay = await self._script(
            keys=[self.key], args=[interval, (self.burst - 1) * interval, limit]
        )
        if not int(taken):
            raise NoTurn(int(delay) / MICROS)
        return int(delay) / MICROS
