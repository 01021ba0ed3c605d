"""The cross-request cache the configuration asks for: off, in memory, or in Redis."""

from __future__ import annotations

from collections.abc import Iterable

from gateway.config import GatewayConfig
from gateway.config_keys import ConfigError
from upstreams.cache import MemoryStore, ReadCache
from upstreams.cache.stores import CacheStore
from upstreams.observe import CacheObserver

TTL_KEYS = {
    "AccountRead": "ttl_account_read",
    "AccountInvoiceRead": "ttl_account_invoice_read",
}
"""The cacheable endpoints and the ``[cache]`` key holding each one's TTL in seconds."""


def build_cache(config: GatewayConfig, observers: Iterable[CacheObserver] = ()) -> ReadCache | None:
    """``None`` when ``cache.store`` is off."""
    section = config.section("cache")
    store: CacheStore
    if section["store"] == "off":
        return None
    if section["store"] == "memory":
        store = MemoryStore(section["max_entries"])
    else:
        url = config.section("redis")["url"]
        if url is None:
            raise ConfigError(
                "cache.store",
                "is redis but redis.url is not set: set redis.url (GATEWAY_REDIS_URL) "
                "or choose memory",
            )
        from upstreams.cache.redis_store import RedisStore

        store = RedisStore(url)
    ttls = {endpoint: section[key] for endpoint, key in TTL_KEYS.items()}
    return ReadCache(store, ttls, observers)
