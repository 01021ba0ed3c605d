"""The Redis key store against a real redis-server: claims and swaps are atomic on the server."""

from __future__ import annotations

import asyncio
import signal
import uuid
from pathlib import Path

import pytest
import redis.asyncio as aioredis

from gateway.idempotency_settings import IdempotencySettings
from gateway.stores import RedisKeyStore
from gateway.stores.redis import PREFIX
from tests.redis_server import RedisServer
from upstreams.redis_client import StoreUnavailable

TIMEOUT = IdempotencySettings().store_timeout_seconds


async def test_of_many_claims_at_once_exactly_one_wins(redis_url: str) -> None:
    stores = [RedisKeyStore(redis_url, ttl_seconds=60, timeout_seconds=TIMEOUT) for _ in range(4)]
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
    store = RedisKeyStore(redis_url, ttl_seconds=60, timeout_seconds=TIMEOUT)
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
    store = RedisKeyStore("redis://:secret@127.0.0.1:1/0", ttl_seconds=60, timeout_seconds=TIMEOUT)
    try:
        with pytest.raises(StoreUnavailable) as raised:
            await store.claim("k", "pending")
        assert "secret" not in str(raised.value) and "127.0.0.1" not in str(raised.value)
    finally:
        await store.aclose()


async def test_kept_records_never_expire_and_settled_ones_do(redis_url: str) -> None:
    """In flight or in doubt: kept until settled. Settled: the store's time to live."""
    store = RedisKeyStore(redis_url, ttl_seconds=60, timeout_seconds=TIMEOUT)
    probe = aioredis.Redis.from_url(redis_url)
    key = str(uuid.uuid4())
    try:
        assert await store.claim(key, "pending", keep=True) is None
        assert await probe.ttl(PREFIX + key) == -1
        assert await store.swap(key, "pending", "unknown", keep=True)
        assert await probe.ttl(PREFIX + key) == -1
        assert await store.swap(key, "unknown", "done")
        assert 0 < await probe.ttl(PREFIX + key) <= 60
    finally:
        await probe.aclose()
        await store.aclose()


async def test_a_swap_run_twice_reports_success_both_times(redis_url: str) -> None:
    """A command resent after a dropped connection may already have run: it still succeeded."""
    store = RedisKeyStore(redis_url, ttl_seconds=60, timeout_seconds=TIMEOUT)
    key = str(uuid.uuid4())
    try:
        assert await store.claim(key, "pending") is None
        assert await store.swap(key, "pending", "sending")
        assert await store.swap(key, "pending", "sending")
        assert await store.swap(key, "sending", None)
        assert await store.swap(key, "sending", None)
        assert not await store.swap(key, "pending", "other")
    finally:
        await store.aclose()


async def test_scan_finds_every_record_under_a_prefix(redis_url: str) -> None:
    store = RedisKeyStore(redis_url, ttl_seconds=60, timeout_seconds=TIMEOUT)
    prefix = f"scan-{uuid.uuid4()}:"
    try:
        for i in range(3):
            assert await store.claim(f"{prefix}{i}", f"record {i}", keep=True) is None
        assert await store.claim(f"other-{uuid.uuid4()}", "not this one") is None
        assert sorted(await store.scan(prefix)) == [
            (f"{prefix}{i}", f"record {i}") for i in range(3)
        ]
    finally:
        await store.aclose()


async def test_durable_follows_the_append_only_file(tmp_path: Path) -> None:
    """Only a server that writes its append-only file keeps keys across a restart."""
    for persistent in (True, False):
        workdir = tmp_path / str(persistent)
        workdir.mkdir()
        server = RedisServer(workdir, persistent=persistent)
        store = RedisKeyStore(server.url, ttl_seconds=60, timeout_seconds=TIMEOUT)
        try:
            assert await store.durable() is persistent
        finally:
            await store.aclose()
            server.stop()


@pytest.mark.parametrize("how", [signal.SIGTERM, signal.SIGKILL], ids=["sigterm", "kill-9"])
async def test_a_record_survives_a_restart_and_the_store_reconnects(
    tmp_path: Path, how: signal.Signals
) -> None:
    server = RedisServer(tmp_path, fsync="always")
    store = RedisKeyStore(server.url, ttl_seconds=60, timeout_seconds=TIMEOUT)
    try:
        assert await store.claim("k", "unknown", keep=True) is None
        server.restart(how)
        assert await store.get("k") == "unknown"  # the pooled connection died with the server
    finally:
        await store.aclose()
        server.stop()
