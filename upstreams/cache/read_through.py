"""One read answered from the cache when it can be, else sent and then kept.

Shared by the adapters so that each caches the same way: only an answer that
decoded cleanly is kept (an error or a broken body never is), and what is
kept is the upstream's body, which for these reads holds no credential.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from typing import TypeVar

from upstreams.cache.read_cache import ReadCache

T = TypeVar("T")

Fetch = Callable[[], Awaitable[tuple[bytes, str | None]]]
"""Sends the read; returns its body and its Cache-Control (or raises)."""


async def read_through(
    cache: ReadCache | None,
    upstream: str,
    endpoint: str,
    args: Sequence[str],
    fetch: Fetch,
    decode: Callable[[bytes], T],
) -> T:
    """``decode`` of the cached body, or of a fresh one that is then kept."""
    if cache is not None:
        cached = await cache.get_decoded(upstream, endpoint, args, decode)
        if cached is not None:
            return cached
    body, cache_control = await fetch()
    value = decode(body)
    if cache is not None:
        await cache.put(upstream, endpoint, args, body, cache_control, decoded=value)
    return value
