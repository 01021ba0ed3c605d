"""Where idempotency keys live, as configuration chooses: memory (one process) or Redis.

``[idempotency] store = "redis"`` with ``[redis] url`` shares keys between
gateway processes; ``ttl_seconds`` is how long a key is remembered.
"""

from __future__ import annotations

from gateway.config import GatewayConfig
from gateway.stores.memory import MemoryStore
from gateway.stores.redis import RedisStore
from resolvers.idempotency import Idempotency, IdempotencyStore

__all__ = ["MemoryStore", "RedisStore", "open_idempotency"]


def open_idempotency(config: GatewayConfig) -> Idempotency:
    """The configured key store; the caller closes ``.store`` when the gateway stops."""
    settings = config.section("idempotency")
    ttl = float(settings["ttl_seconds"])
    store: IdempotencyStore
    if settings["store"] == "redis":
        store = RedisStore(config.section("redis")["url"], ttl_seconds=ttl)
    else:
        store = MemoryStore(ttl_seconds=ttl)
    return Idempotency(store)
