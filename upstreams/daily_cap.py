"""An upstream account's calls of the day, counted against its daily cap.

Saasu blocks a file for a day once its daily cap is exceeded, so every call
the gateway sends (retries and calls answered 429 included) is counted first,
and once the day's calls are spent the gateway refuses the rest itself
(``DaySpent``) until the day turns, at ``reset`` (``HH:MM``, UTC). The count
lives in Redis when there is one, so every process of every replica spends
one budget: taking a call is one Lua script that counts it only while calls
are left. A call counted but then not sent (no turn within its time) is
given back.

At 80% of the cap a warning is written, once a day: by the first process
whose call reached that count (Redis remembers it was given). When the cap
is spent, each process says so once a day.

When Redis cannot answer, a process keeps to its share of the cap (the cap
divided by the processes configured to share it), counting every call it
made that day, until Redis answers again (``upstreams.shared_or_alone``).
"""

from __future__ import annotations

import logging
import math
import time
from collections.abc import Callable
from typing import Any

from redis.exceptions import RedisError

from upstreams.redis_client import RedisClient
from upstreams.shared_or_alone import SharedOrAlone

log = logging.getLogger(__name__)

DAY = 86400
WARN_AT = 0.8

TAKE = """
local count = tonumber(redis.call('GET', KEYS[1]) or '0')
if count >= tonumber(ARGV[1]) then return {-1, 0} end
count = redis.call('INCR', KEYS[1])
if count == 1 then redis.call('EXPIRE', KEYS[1], ARGV[2]) end
if count < tonumber(ARGV[3]) then return {count, 0} end
local first = redis.call('SET', KEYS[2], '1', 'NX', 'EX', ARGV[2])
return {count, first and 1 or 0}
"""
"""KEYS: the day's count, and whether its warning was given. ARGV: the cap, seconds the
count is kept, and the count that warns. Answers the count with this call (-1 when the cap
is spent: nothing counted) and 1 when this call is the first to reach the warning."""

GIVE_BACK = """
if tonumber(redis.call('GET', KEYS[1]) or '0') > 0 then redis.call('DECR', KEYS[1]) end
"""


class DaySpent(Exception):
    """The day's calls are spent; the day turns in ``retry_after`` seconds."""

    def __init__(self, retry_after: float, reset: str) -> None:
        super().__init__(f"spent until {reset} UTC")
        self.retry_after = retry_after
        self.reset = reset


def reset_offset(reset: str) -> int:
    """Seconds after midnight UTC of ``HH:MM``; ``ValueError`` for anything else."""
    hours, sep, minutes = reset.partition(":")
    if not (sep and len(hours) == 2 and len(minutes) == 2 and (hours + minutes).isdigit()):
        raise ValueError("must be a time of day HH:MM (UTC)")
    if int(hours) > 23 or int(minutes) > 59:
        raise ValueError("must be a time of day HH:MM (UTC)")
    return int(hours) * 3600 + int(minutes) * 60


class DailyCap:
    """``cap`` calls a day of one upstream account, the day turning at ``reset`` UTC.

    ``redis`` shares the count under ``key`` (``None``: this process alone
    keeps its share). ``wall`` is the clock of days (seconds since the epoch).
    """

    def __init__(
        self,
        upstream: str,
        cap: int,
        reset: str,
        *,
        redis: RedisClient | None,
        key: str,
        processes: int,
        wall: Callable[[], float] = time.time,
        retry_seconds: float = 5.0,
    ) -> None:
        self.upstream = upstream
        self.cap = cap
        self.reset = reset
        self.key = key
        self.share = max(1, cap // processes)
        self.state = SharedOrAlone(
            upstream, "daily count", f"{self.share} calls today", retry_seconds
        )
        self._offset = reset_offset(reset)
        self._redis = redis
        self._wall = wall
        self._scripts: tuple[Any, Any] | None = None
        self._own_day = -1
        self._own_count = 0
        self._said_spent_on = -1
        self._warned_on = -1

    async def take(self) -> None:
        """Count one call about to be sent; ``DaySpent`` (nothing counted) if none is left."""
        day = self._day()
        self._own_tally(day)
        taken: tuple[int, int, bool] | None = None
        if self._shared():
            try:
                taken = await self._take_shared(day)
            except (RedisError, OSError) as error:
                self.state.failed(error)
        count, limit, warn = taken if taken is not None else self._take_own(day)
        if count < 0:
            self._spent(day)
            raise DaySpent(self._until_turn(), self.reset)
        self._own_count += 1
        if warn:
            log.warning(
                "%s has spent %d of its %d calls today (%d%%); once all are spent its calls "
                "are refused until %s UTC",
                self.upstream,
                count,
                limit,
                round(100 * WARN_AT),
                self.reset,
                extra={"fields": {"upstream": self.upstream, "calls": count, "cap": limit}},
            )

    async def give_back(self) -> None:
        """Uncount a call ``take`` counted that was not sent after all."""
        self._own_count = max(0, self._own_count - 1)
        if not self._shared():
            return
        try:
            await self._script(1)(keys=[self._day_key(self._day())])
        except (RedisError, OSError) as error:
            self.state.failed(error)

    async def used(self) -> int:
        """Calls counted today: in Redis, or by this process when it keeps its share alone."""
        day = self._day()
        self._own_tally(day)
        if self._shared():
            try:
                found = await self._redis_client().redis.get(self._day_key(day))
                return int(found or 0)
            except (RedisError, OSError) as error:
                self.state.failed(error)
        return self._own_count

    async def spent(self) -> bool:
        """Whether today's calls are all spent (this process's share when it is alone)."""
        used = await self.used()
        return used >= (self.cap if self._shared() else self.share)

    def _shared(self) -> bool:
        return self._redis is not None and self.state.shared()

    def _redis_client(self) -> RedisClient:
        assert self._redis is not None
        return self._redis

    def _script(self, which: int) -> Any:
        if self._scripts is None:
            redis = self._redis_client().redis
            self._scripts = (redis.register_script(TAKE), redis.register_script(GIVE_BACK))
        return self._scripts[which]

    async def _take_shared(self, day: int) -> tuple[int, int, bool]:
        """The count with this call, the cap, and whether this call is the first to warn."""
        keep = int(self._until_turn()) + 3600
        key = self._day_key(day)
        count, first = await self._script(0)(
            keys=[key, f"{key}:warned"], args=[self.cap, keep, math.ceil(WARN_AT * self.cap)]
        )
        self.state.answered()
        return int(count), self.cap, bool(int(first))

    def _take_own(self, day: int) -> tuple[int, int, bool]:
        """``_take_shared`` for this process's share alone."""
        if self._own_count >= self.share:
            return -1, self.share, False
        count = self._own_count + 1
        warn = count >= math.ceil(WARN_AT * self.share) and self._warned_on != day
        if warn:
            self._warned_on = day
        return count, self.share, warn

    def _spent(self, day: int) -> None:
        if self._said_spent_on == day:
            return
        self._said_spent_on = day
        log.error(
            "%s's daily cap of %d calls is spent: its calls are refused, never sent, until %s UTC",
            self.upstream,
            self.cap,
            self.reset,
            extra={"fields": {"upstream": self.upstream, "cap": self.cap}},
        )

    def _own_tally(self, day: int) -> None:
        if day != self._own_day:
            self._own_day, self._own_count = day, 0

    def _day(self) -> int:
        return int((self._wall() - self._offset) // DAY)

    def _day_key(self, day: int) -> str:
        return f"{self.key}:day:{day}"

    def _until_turn(self) -> float:
        now = self._wall()
        return (self._day() + 1) * DAY + self._offset - now
