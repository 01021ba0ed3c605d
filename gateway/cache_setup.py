"""The cross-request cache the configuration asks for: off, in memory, or in Redis."""

from __future__ import annotations

from collections.abc import Iterable

from gateway.config import GatewayConfig
from upstreams.cache import CacheStore, MemoryCacheStore, ReadCache
from upstreams.observe import CacheObserver

TTL_KEYS = {
    ("prepaid", "AccountRead"): "ttl_account_read",
    ("prepaid", "AccountInvoiceRead"): "ttl_account_invoice_read",
    ("billing", "GET /Account/{id}"): "ttl_billing_account_read",
    ("billing", "GET /Account/{id}/Detail"): "ttl_billing_account_detail_read",
    ("saasu", "GET /Account/{id}"): "ttl_saasu_account_read",
    ("invoicexpress", "GET /api/accounts/{id}/get"): "ttl_invoicexpress_account_read",
}
"""The cacheable (upstream, endpoint) pairs and the ``[cache]`` key holding each one's TTL."""


def build_cache(config: GatewayConfig, observers: Iterable[CacheObserver] = ()) -> ReadCache | None:
    """``None`` when ``cache.store`` is off."""
    section = config.section("cache")
    store: CacheStore
    if section["store"] == "off":
        return None
    if section["store"] == "memory":
        store = MemoryCacheStore(section["max_entries"], section["max_bytes"])
    else:
        from upstreams.cache.redis_store import RedisCacheStore

        # load_config has refused a redis store without redis.url.
        store = RedisCacheStore(config.section("redis")["url"])
    ttls = {read: section[key] for read, key in TTL_KEYS.items()}
    return ReadCache(store, ttls, observers)
