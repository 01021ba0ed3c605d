"""Where idempotency keys are kept (``[idempotency]``), and for how long.

How a key is waited on and leased is ``resolvers.idempotency.Idempotency``'s
to declare; this is the store's part, which ``gateway/stores`` opens.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class IdempotencySettings:
    store: str = "memory"
    # A settled key is remembered this long after its last change: a day of repeats.
    ttl_seconds: float = 86400.0
    # Each Redis command waits at most this long.
    store_timeout_seconds: float = 2.0
    # Unset: allowed on the sandboxes, refused with real upstreams.
    allow_volatile: bool | None = None
