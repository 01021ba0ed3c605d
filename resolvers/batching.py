"""Loaders over upstreams that read one record per call.

None of the four APIs reads many ids at once, so a loader's batch is one key:
each distinct key's read starts as it is first asked for, in the order the
keys are asked for, and settles that key's callers as soon as its own answer
arrives. A key asked for by the first items of a streamed list is then not
held up by the reads of the items after it, and the upstream's slots go to
the first items first. The loader's per-request cache still makes a key read
once, however often it is asked for. What bounds the calls reaching an
upstream is that upstream's own ``max_concurrency`` (its slots in
``upstreams.http``), counted across every request of the process, and its
pacing where it has a published rate. A failed read becomes that key's
value, which aiodataloader raises to that key's callers only, and stays in
the cache like an answer: a missing record is not asked for twice.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Hashable
from typing import Any, TypeVar

from aiodataloader import DataLoader

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


def per_key_loader(read: Callable[[K], Awaitable[V]]) -> DataLoader[K, V]:
    """A loader that reads each distinct key with ``read(key)``, settling each on its own."""

    async def load(keys: list[K]) -> list[Any]:
        (key,) = keys  # batch=False: aiodataloader dispatches each key alone, at once
        try:
            return [await read(key)]
        except Exception as error:  # this key's value, so it is cached as an answer is
            return [error]

    return DataLoader(load, batch=False)
