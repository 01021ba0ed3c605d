"""Where idempotency keys live, as configuration chooses: memory (one process) or Redis.

``[idempotency] store = "redis"`` with ``[redis] url`` shares keys between
gateway processes; ``ttl_seconds`` is how long a settled key is remembered.
Real money needs a store that keeps its keys across a restart (Redis with its
append-only file on) unless ``allow_volatile`` says otherwise; on the
sandboxes, where no real money moves, any store will do unless it is set.
"""

from __future__ import annotations

import logging

from gateway.config import GatewayConfig
from gateway.stores.memory import MemoryKeyStore
from gateway.stores.redis import RedisKeyStore
from resolvers.idempotency import VOLATILE_RISK, Durability, Idempotency, IdempotencyStore
from upstreams.redis_client import StoreUnavailable

__all__ = ["MemoryKeyStore", "RedisKeyStore", "open_idempotency", "refuse_volatile"]

log = logging.getLogger(__name__)


def open_idempotency(config: GatewayConfig) -> Idempotency:
    """The configured key store; the caller closes ``.store`` when the gateway stops."""
    settings = config.section("idempotency")
    ttl = float(settings["ttl_seconds"])
    store: IdempotencyStore
    if settings["store"] == "redis":
        store = RedisKeyStore(
            config.section("redis")["url"],
            ttl_seconds=ttl,
            timeout_seconds=settings["store_timeout_seconds"],
        )
    else:
        store = MemoryKeyStore(ttl_seconds=ttl)
    allow_volatile = settings["allow_volatile"]
    return Idempotency(
        store,
        wait_seconds=settings["wait_seconds"],
        poll_seconds=settings["poll_seconds"],
        lease_seconds=settings["lease_seconds"],
        fence_wait_seconds=settings["fence_wait_seconds"],
        allow_volatile=not config.production if allow_volatile is None else allow_volatile,
        durability=Durability(every_seconds=settings["durability_check_seconds"]),
    )


async def refuse_volatile(config: GatewayConfig) -> str | None:
    """Why the gateway must not start with this key store, or None when it may.

    A store that loses its keys on a restart is refused for money unless
    ``allow_volatile`` accepts the risk (then a warning says so). A store that
    cannot be reached now is checked again before the first top-up.
    """
    keys = open_idempotency(config)
    try:
        try:
            durable = await keys.store.durable()
        except StoreUnavailable:
            log.warning(
                "the idempotency store could not be reached at start; its durability is "
                "checked before the first top-up, and no top-up is sent until it answers"
            )
            return None
    finally:
        await keys.store.aclose()
    if durable:
        return None
    if keys.allow_volatile:
        if config.production:
            log.warning("idempotency.allow_volatile is set: %s", VOLATILE_RISK)
        return None
    return (
        "idempotency store is volatile (in memory, or Redis without its append-only file): "
        f"{VOLATILE_RISK}. Turn Redis's append-only file on (appendonly yes; appendfsync "
        "always keeps even the last second), or set idempotency.allow_volatile = true to "
        "accept that risk"
    )
