"""Idempotency keys in Redis, shared by every gateway process that uses the same server.

A claim is one ``SET NX`` and a compare-and-swap is a short Lua script, so
each is atomic on the server: of two processes claiming one key at once, one
wins. Settled records expire ``ttl_seconds`` after their last change; records
in flight or in doubt are kept (no expiry) until they are settled.

A command that meets a dropped connection (Redis restarted since the pool
last used it) is sent once more on a new one. Each script answers the same
when run twice, in case the first did run: a claim finds our own record (the
caller knows it by its owner token), and a swap whose record already is the
new one reports success.

Durability is Redis's append-only file: ``durable`` asks the server whether
it is on (``INFO persistence``). Without it, a restart forgets every key.

Redis errors become ``StoreUnavailable`` with a message that never names the
server (its URL may hold a password); every command waits at most
``timeout_seconds``.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import RedisError

from upstreams.redis_client import RedisClient, StoreUnavailable

PREFIX = "gateway:idempotency:"

CLAIM = """
local set
if ARGV[2] == '0' then set = redis.call('SET', KEYS[1], ARGV[1], 'NX')
else set = redis.call('SET', KEYS[1], ARGV[1], 'NX', 'EX', ARGV[2]) end
if set then return false end
return redis.call('GET', KEYS[1])
"""
SWAP = """
local current = redis.call('GET', KEYS[1])
if current ~= ARGV[1] then
  if ARGV[2] == '' then return current == false and 1 or 0 end
  return current == ARGV[2] and 1 or 0
end
if ARGV[2] == '' then redis.call('DEL', KEYS[1])
elseif ARGV[3] == '0' then redis.call('SET', KEYS[1], ARGV[2])
else redis.call('SET', KEYS[1], ARGV[2], 'EX', ARGV[3]) end
return 1
"""
DOWN = "the idempotency store (Redis) could not be reached"
T = TypeVar("T")


class RedisKeyStore:
    """Records under ``gateway:idempotency:<key>``; ``url`` as redis-py takes it."""

    def __init__(self, url: str, *, ttl_seconds: float, timeout_seconds: float) -> None:
        self.ttl = max(1, round(ttl_seconds))
        self.client = RedisClient(url, timeout=timeout_seconds, decode_responses=True)
        self._redis: Any = self.client.redis
        self._claim = self._redis.register_script(CLAIM)
        self._swap = self._redis.register_script(SWAP)

    async def claim(self, key: str, record: str, *, keep: bool = False) -> str | None:
        found = await self._run(
            lambda: self._claim(keys=[PREFIX + key], args=[record, self._ttl(keep)])
        )
        return None if found is None else str(found)

    async def get(self, key: str) -> str | None:
        found = await self._run(lambda: self._redis.get(PREFIX + key))
        return None if found is None else str(found)

    async def swap(self, key: str, old: str, new: str | None, *, keep: bool = False) -> bool:
        done = await self._run(
            lambda: self._swap(keys=[PREFIX + key], args=[old, new or "", self._ttl(keep)])
        )
        return bool(done)

    async def scan(self, prefix: str) -> list[tuple[str, str]]:
        async def scanned() -> list[tuple[str, Any]]:
            names = [name async for name in self._redis.scan_iter(PREFIX + prefix + "*", count=500)]
            records = await self._redis.mget(names) if names else []
            return list(zip(names, records, strict=True))

        pairs = await self._run(scanned)
        return [(name.removeprefix(PREFIX), str(record)) for name, record in pairs if record]

    async def durable(self) -> bool:
        """Whether the append-only file is on: then a restart keeps every acknowledged key."""
        info = await self._run(lambda: self._redis.info("persistence"))
        return bool(int(info.get("aof_enabled", 0)))

    async def aclose(self) -> None:
        await self.client.aclose()

    def _ttl(self, keep: bool) -> int:
        return 0 if keep else self.ttl

    async def _run(self, command: Callable[[], Awaitable[T]]) -> T:
        """Run ``command``, once more after a dropped connection; any failure: unavailable."""
        try:
            try:
                return await command()
            except RedisConnectionError:
                return await command()
        except RedisError:
            raise StoreUnavailable(DOWN) from None
