"""One upstream's connection and resilience settings, as configuration gives them.

Its own module because both ``upstreams.http`` and the engine under it read
it: the engine must not import the layer above it to learn its limits.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class ClientSettings:
    """Connection and resilience settings of one upstream, read from configuration.

    ``total_timeout`` bounds a whole call: queueing, every attempt and every
    wait between them. ``read_retries`` more attempts are made for reads only.
    ``daily_cap`` calls a day at most are sent (``None``: no cap), the day
    turning at ``daily_reset`` (``HH:MM``, UTC). An answer whose body, read or
    decompressed, passes ``max_answer_bytes`` is refused: one misbehaving
    upstream (or a gzip bomb) must not hold unbounded memory for one call.
    """

    base_url: str
    connect_timeout: float = 3.0
    read_timeout: float = 10.0
    write_timeout: float = 10.0
    pool_timeout: float = 3.0
    max_connections: int = 100
    max_keepalive_connections: int = 20
    keepalive_expiry: float = 30.0
    rate_per_second: float | None = None
    burst: int = 1
    total_timeout: float = 15.0
    read_retries: int = 2
    retry_backoff_seconds: float = 0.1
    retry_backoff_max_seconds: float = 2.0
    breaker_failures: int = 5
    breaker_reset_seconds: float = 30.0
    max_concurrency: int = 100
    daily_cap: int | None = None
    daily_reset: str = "00:00"
    max_answer_bytes: int = 32 * 1024 * 1024
