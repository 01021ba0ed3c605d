"""Persisted documents in Redis, so every gateway instance knows every hash.

Every command is bounded by ``timeout``, and any Redis failure becomes
``StoreUnavailable``, whose message never names the server (its URL may hold a
password).
"""

from __future__ import annotations

import logging

from redis.exceptions import RedisError

from upstreams.redis_client import RedisClient, StoreUnavailable

LOG = logging.getLogger(__name__)
DOWN = "the persisted-document store (Redis) could not be reached"


class RedisDocumentStore:
    """Texts under ``prefix + key``; APQ entries expire after ``ttl_seconds`` unused."""

    def __init__(
        self,
        url: str,
        *,
        prefix: str = "gateway:persisted:",
        ttl_seconds: int | None = None,
        timeout: float = 1.0,
    ) -> None:
        self.prefix = prefix
        self.ttl_seconds = ttl_seconds
        self.client = RedisClient(url, timeout=timeout, decode_responses=True)

    async def get(self, key: str) -> str | None:
        try:
            text = await self.client.redis.get(self.prefix + key)
        except RedisError as error:
            raise _down("read", error) from None
        return text if isinstance(text, str) else None

    async def put(self, key: str, text: str) -> None:
        try:
            await self.client.redis.set(self.prefix + key, text, ex=self.ttl_seconds)
        except RedisError as error:
            raise _down("write", error) from None

    async def aclose(self) -> None:
        await self.client.aclose()


def _down(what: str, error: RedisError) -> StoreUnavailable:
    """Log the failure by its kind only (its message may name the server)."""
    LOG.warning("persisted document %s failed error=%s", what, type(error).__name__)
    return StoreUnavailable(DOWN)
