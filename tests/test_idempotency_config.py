"""Choosing the key store: memory by default, Redis only with a URL to reach it."""

from __future__ import annotations

from pathlib import Path

import pytest

from gateway.config import ConfigError, load_config
from gateway.stores import MemoryStore, RedisStore, open_idempotency


def test_the_default_store_is_memory() -> None:
    assert isinstance(open_idempotency(load_config(None, {})).store, MemoryStore)


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
    assert isinstance(idempotency.store, RedisStore)
    await idempotency.store.aclose()
