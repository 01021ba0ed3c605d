"""Loaders over upstreams that read one record per call.

None of the four APIs reads many ids at once, so a loader's batch is one call
per distinct key, all sent together: the batch is one wave of the query's
critical path, and it takes one round trip only if no read waits for
another. What bounds the calls reaching an upstream is that upstream's own
``max_concurrency`` (its slots in ``upstreams.http``), counted across every
request of the process, and its pacing where it has a published rate. A
failed read becomes that key's value, which aiodataloader raises to that
key's callers only: one missing record never fails its neighbours.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Hashable
from typing import Any, TypeVar

from aiodataloader import DataLoader

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


def per_key_loader(read: Callable[[K], Awaitable[V]]) -> DataLoader[K, V]:
    """A loader whose batch is ``read(key)`` for each distinct key, all at once."""

    async def one(key: K) -> V | Exception:
        try:
            return await read(key)
        except Exception as error:  # this key's value, not the whole batch's
            return error

    async def load(keys: list[K]) -> list[Any]:
        return list(await asyncio.gather(*(one(key) for key in keys)))

    return DataLoader(load)
