"""Loaders over upstreams that read one record per call.

None of the four APIs reads many ids at once, so a loader's batch is one call
per distinct key, run together but no more than ``CONCURRENCY`` at a time so
one wide query cannot flood an upstream. A failed read becomes that key's
value, which aiodataloader raises to that key's callers only: one missing
record never fails its neighbours.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Hashable
from typing import Any, TypeVar

from aiodataloader import DataLoader

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")

CONCURRENCY = 8


def per_key_loader(read: Callable[[K], Awaitable[V]]) -> DataLoader[K, V]:
    """A loader whose batch is ``read(key)`` for each distinct key."""

    async def load(keys: list[K]) -> list[Any]:
        gate = asyncio.Semaphore(CONCURRENCY)

        async def one(key: K) -> V | Exception:
            async with gate:
                try:
                    return await read(key)
                except Exception as error:  # this key's value, not the whole batch's
                    return error

        return list(await asyncio.gather(*(one(key) for key in keys)))

    return DataLoader(load)
