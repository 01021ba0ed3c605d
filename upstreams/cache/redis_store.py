"""The store shared by every replica: Redis, with keys expiring on their own.

A Redis that is down or slow must not fail a read: every error counts as a
miss (or a no-op for writes and deletes) and is logged without the URL,
which may carry a password.
"""

from __future__ import annotations

import logging

from redis.exceptions import RedisError

from upstreams.redis_client import RedisClient

log = logging.getLogger(__name__)


class RedisCacheStore:
    """Cached reads in Redis at ``url``; ``timeout`` bounds every command."""

    def __init__(self, url: str, *, timeout: float = 0.5) -> None:
        self.client = RedisClient(url, timeout=timeout)

    async def get(self, key: str) -> bytes | None:
        try:
            value = await self.client.redis.get(key)
        except RedisError as error:
            log.warning("cache read failed: %s", type(error).__name__)
            return None
        return value if isinstance(value, bytes) else None

    async def set(self, key: str, value: bytes, ttl_seconds: float) -> None:
        try:
            await self.client.redis.set(key, value, px=max(1, int(ttl_seconds * 1000)))
        except RedisError as error:
            log.warning("cache write failed: %s", type(error).__name__)

    async def delete(self, *keys: str) -> None:
        if not keys:
            return
        try:
            await self.client.redis.delete(*keys)
        except RedisError as error:
            log.warning("cache invalidation failed: %s", type(error).__name__)

    async def aclose(self) -> None:
        await self.client.aclose()
