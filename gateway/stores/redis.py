"""Idempotency keys in Redis, shared by every gateway process that uses the same server.

A claim is one ``SET NX EX`` and a compare-and-swap is a short Lua script, so
each is atomic on the server: of two processes claiming one key at once, one
wins. Every record expires ``ttl_seconds`` after its last change. Redis errors
become ``StoreUnavailable`` with a message that never names the server (its
URL may hold a password).
"""

from __future__ import annotations

from typing import Any

import redis.asyncio as aioredis
from redis.exceptions import RedisError

from resolvers.idempotency import StoreUnavailable

PREFIX = "gateway:idempotency:"

CLAIM = """
if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'EX', ARGV[2]) then return false end
return redis.call('GET', KEYS[1])
"""
SWAP = """
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
if ARGV[2] == '' then redis.call('DEL', KEYS[1])
else redis.call('SET', KEYS[1], ARGV[2], 'EX', ARGV[3]) end
return 1
"""
DOWN = "the idempotency store (Redis) could not be reached"


class RedisStore:
    """Records under ``gateway:idempotency:<key>``; ``url`` as redis-py takes it."""

    def __init__(self, url: str, ttl_seconds: float = 86400.0) -> None:
        self.ttl = max(1, round(ttl_seconds))
        self._redis: Any = aioredis.Redis.from_url(url, decode_responses=True)
        self._claim = self._redis.register_script(CLAIM)
        self._swap = self._redis.register_script(SWAP)

    async def claim(self, key: str, record: str) -> str | None:
        try:
            found = await self._claim(keys=[PREFIX + key], args=[record, self.ttl])
        except RedisError:
            raise StoreUnavailable(DOWN) from None
        return None if found is None else str(found)

    async def get(self, key: str) -> str | None:
        try:
            found = await self._redis.get(PREFIX + key)
        except RedisError:
            raise StoreUnavailable(DOWN) from None
        return None if found is None else str(found)

    async def swap(self, key: str, old: str, new: str | None) -> bool:
        try:
            done = await self._swap(keys=[PREFIX + key], args=[old, new or "", self.ttl])
        except RedisError:
            raise StoreUnavailable(DOWN) from None
        return bool(done)

    async def aclose(self) -> None:
        await self._redis.aclose()
