"""Choosing the key store: memory by default, Redis only with a URL to reach it."""

from __future__ import annotations

from pathlib import Path

import pytest

from gateway.config import ConfigError, load_config
from gateway.stores import MemoryKeyStore, RedisKeyStore, open_idempotency, refuse_volatile


def test_the_default_store_is_memory() -> None:
    assert isinstance(open_idempotency(load_config(None, {})).store, MemoryKeyStore)


def test_redis_without_a_url_names_redis_url(tmp_path: Path) -> None:
    config = tmp_path / "gateway.toml"
    config.write_text('[idempotency]\nstore = "redis"\n')
    with pytest.raises(ConfigError) as raised:
        load_config(config, {})
    assert raised.value.key == "redis.url"


async def test_redis_with_a_url_from_the_environment_is_redis() -> None:
    config = load_config(
        None, {"GATEWAY_IDEMPOTENCY_STORE": "redis", "GATEWAY_REDIS_URL": "redis://127.0.0.1:1/0"}
    )
    idempotency = open_idempotency(config)
    assert isinstance(idempotency.store, RedisKeyStore)
    await idempotency.store.aclose()


PRODUCTION = {"GATEWAY_MODE": "production"}


async def test_memory_is_refused_for_real_money_and_names_the_switch() -> None:
    refusal = await refuse_volatile(load_config(None, PRODUCTION))
    assert refusal is not None
    assert "idempotency.allow_volatile" in refusal and "charged twice" in refusal


async def test_memory_is_fine_on_the_sandboxes() -> None:
    assert await refuse_volatile(load_config(None, {})) is None


async def test_an_allowed_volatile_store_starts_with_a_warning(
    caplog: pytest.LogCaptureFixture,
) -> None:
    config = load_config(None, {**PRODUCTION, "GATEWAY_IDEMPOTENCY_ALLOW_VOLATILE": "true"})
    assert await refuse_volatile(config) is None
    assert any("allow_volatile is set" in r.getMessage() for r in caplog.records)


async def test_a_redis_with_its_append_only_file_is_accepted(redis_url: str) -> None:
    config = load_config(
        None, {**PRODUCTION, "GATEWAY_IDEMPOTENCY_STORE": "redis", "GATEWAY_REDIS_URL": redis_url}
    )
    assert await refuse_volatile(config) is None


async def test_an_unreachable_redis_is_checked_again_before_the_first_top_up(
    caplog: pytest.LogCaptureFixture,
) -> None:
    environ = {
        **PRODUCTION,
        "GATEWAY_IDEMPOTENCY_STORE": "redis",
        "GATEWAY_REDIS_URL": "redis://:secret@127.0.0.1:1/0",
        "GATEWAY_IDEMPOTENCY_STORE_TIMEOUT_SECONDS": "0.5",
    }
    assert await refuse_volatile(load_config(None, environ)) is None
    lines = [r.getMessage() for r in caplog.records]
    assert any("checked before the first top-up" in line for line in lines)
    assert not any("secret" in line or "127.0.0.1" in line for line in lines)


def test_the_waits_are_configuration_keys(tmp_path: Path) -> None:
    config = tmp_path / "gateway.toml"
    config.write_text(
        "[idempotency]\nwait_seconds = 3\nlease_seconds = 7.5\nfence_wait_seconds = 0\n"
    )
    keys = open_idempotency(load_config(config, {"GATEWAY_IDEMPOTENCY_POLL_SECONDS": "0.2"}))
    assert (keys.wait_seconds, keys.lease_seconds, keys.fence_wait_seconds) == (3, 7.5, 0)
    assert keys.poll_seconds == 0.2
    assert keys.allow_volatile  # the sandboxes: no real money
