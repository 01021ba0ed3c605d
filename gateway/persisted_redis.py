"""Persisted documents in Redis, so every gateway instance knows every hash.

The client is made on first use, inside the event loop that serves requests:
redis-py's asyncio connections belong to the loop that opened them.
"""

from __future__ import annotations

import redis.asyncio as redis


class RedisDocumentStore:
    """Texts under ``prefix + key``; APQ entries expire after ``ttl_seconds`` unused."""

    def __init__(
        self, url: str, *, prefix: str = "gateway:persisted:", ttl_seconds: int | None = None
    ) -> None:
        self.url = url
        self.prefix = prefix
        self.ttl_seconds = ttl_seconds
        self._client: redis.Redis | None = None

    @property
    def client(self) -> redis.Redis:
        if self._client is None:
            self._client = redis.Redis.from_url(self.url, decode_responses=True)
        return self._client

    async def get(self, key: str) -> str | None:
        text = await self.client.get(self.prefix + key)
        return text if isinstance(text, str) else None

    async def put(self, key: str, text: str) -> None:
        await self.client.set(self.prefix + key, text, ex=self.ttl_seconds)

    async def aclose(self) -> None:
        if self._client is not None:
            await self._client.aclose()
            self._client = None
