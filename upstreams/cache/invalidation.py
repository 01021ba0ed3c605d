"""A record's cached reads dropped once a write to it ends, whatever its outcome.

A write whose answer was lost may still have landed, so the reads it could
have changed go in every case, not only after a success.
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator, Sequence

from upstreams.cache.read_cache import ReadCache


@contextlib.asynccontextmanager
async def dropped_after(
    cache: ReadCache | None, upstream: str, *reads: tuple[str, Sequence[str]]
) -> AsyncIterator[None]:
    """Around a write: then drop each ``(endpoint, args)`` of ``reads`` from ``cache``."""
    try:
        yield
    finally:
        if cache is not None:
            await cache.invalidate(upstream, *reads)
