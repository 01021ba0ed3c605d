"""The one way this project talks to Redis, for every store kept there.

Idempotency keys, persisted documents and cached reads each keep their own
rules for a failure (refuse, or answer as a miss), but they connect alike: a
client made on first use, inside the event loop that serves requests (redis-py's
asyncio connections belong to the loop that opened them), with every command
bounded by one timeout. It lives at the lowest layer that keeps a store in
Redis (the read cache), so every layer above may use it.
"""

from __future__ import annotations

import redis.asyncio as aioredis


class StoreUnavailable(Exception):
    """A shared store could not be reached; the message is safe to show (no URL)."""


class RedisClient:
    """One Redis server at ``url`` (as redis-py takes it); ``timeout`` bounds every command.

    ``decode_responses`` answers text instead of bytes.
    """

    def __init__(self, url: str, *, timeout: float, decode_responses: bool = False) -> None:
        self.url = url
        self.timeout = timeout
        self.decode_responses = decode_responses
        self._redis: aioredis.Redis | None = None

    @property
    def redis(self) -> aioredis.Redis:
        """redis-py's client, made on first use."""
        if self._redis is None:
            self._redis = aioredis.Redis.from_url(
                self.url,
                decode_responses=self.decode_responses,
                socket_timeout=self.timeout,
                socket_connect_timeout=self.timeout,
            )
        return self._redis

    async def aclose(self) -> None:
        redis, self._redis = self._redis, None
        if redis is not None:
            await redis.aclose()
