"""The Redis key store against a real redis-server: claims and swaps are atomic on the server."""

from __future__ import annotations

import asyncio
import uuid

import pytest

from gateway.stores import RedisStore
from resolvers.idempotency import StoreUnavailable


async def test_of_many_claims_at_once_exactly_one_wins(redis_url: str) -> None:
    stores = [RedisStore(redis_url, ttl_seconds=60) for _ in range(4)]
    key = str(uuid.uuid4())
    try:
        found = await asyncio.gather(*(s.claim(key, f"claim {i}") for i, s in enumerate(stores)))
        winners = [i for i, record in enumerate(found) if record is None]
        assert len(winners) == 1
        assert all(record == f"claim {winners[0]}" for record in found if record is not None)
    finally:
        for store in stores:
            await store.aclose()


async def test_swap_changes_only_the_record_it_was_given(redis_url: str) -> None:
    store = RedisStore(redis_url, ttl_seconds=60)
    key = str(uuid.uuid4())
    try:
        assert await store.claim(key, "pending") is None
        assert not await store.swap(key, "something else", "done")
        assert await store.get(key) == "pending"
        assert await store.swap(key, "pending", "done")
        assert await store.get(key) == "done"
        assert await store.swap(key, "done", None)
        assert await store.get(key) is None
        assert await store.claim(key, "again") is None
    finally:
        await store.aclose()


async def test_an_unreachable_redis_is_store_unavailable_without_its_url() -> None:
    store = RedisStore("redis://:secret@127.0.0.1:1/0", ttl_seconds=60)
    try:
        with pytest.raises(StoreUnavailable) as raised:
            await store.claim("k", "pending")
        assert "secret" not in str(raised.value) and "127.0.0.1" not in str(raised.value)
    finally:
        await store.aclose()
