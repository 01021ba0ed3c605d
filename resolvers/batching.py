"""Loaders over upstreams that read one record per call.

None of the four APIs reads many ids at once, so a loader's batch is one call
per distinct key, run together but no more than ``CONCURRENCY`` at a time so
one wide query cannot flood an upstream. A failed read becomes that key's
value, which aiodataloader raises to that key's callers only: one missing
record never fails its neighbours.
"""

from __future__ import annotations

import asyncio
import weakref
from collections.abc import Awaitable, Callable, Hashable
from typing import Any, TypeVar

from aiodataloader import DataLoader

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")

CONCURRENCY = 8

IN_FLIGHT = 64
"""Loader reads in flight at once across all requests of an event loop.

Kept below an upstream pool's 100 connections: beyond it httpx queues
requests, and its pool rescans every queued request against every
connection on each change, so CPU per call grows with the queue (the
benchmark saw a 50-account query cost 6x its 1-client CPU at 32 clients).
"""

_shared: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, asyncio.Semaphore] = (
    weakref.WeakKeyDictionary()
)


def _shared_gate() -> asyncio.Semaphore:
    loop = asyncio.get_running_loop()
    gate = _shared.get(loop)
    if gate is None:
        gate = _shared[loop] = asyncio.Semaphore(IN_FLIGHT)
    return gate


def per_key_loader(read: Callable[[K], Awaitable[V]]) -> DataLoader[K, V]:
    """A loader whose batch is ``read(key)`` for each distinct key."""

    async def load(keys: list[K]) -> list[Any]:
        gate, shared = asyncio.Semaphore(CONCURRENCY), _shared_gate()

        async def one(key: K) -> V | Exception:
            async with gate, shared:
                try:
                    return await read(key)
                except Exception as error:  # this key's value, not the whole batch's
                    return error

        return list(await asyncio.gather(*(one(key) for key in keys)))

    return DataLoader(load)
