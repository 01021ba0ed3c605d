"""Idempotency keys: at most one send per key, whichever gateway process gets the request.

A mutation that moves money claims its key in a store shared by every
gateway process before it calls the upstream. The claim is atomic (Redis
``SET NX``, or a dict under a lock in one process), so of two copies of a
request arriving at once, one sends and the other waits for its outcome.

A key's record is JSON with a ``state``:

- ``pending``: claimed, nothing sent yet;
- ``sending``: the request may be on its way (the record carries what the
  caller needs to settle the outcome by reading);
- ``done``: the first outcome, answered again to every repeat;
- ``unknown``: the answer was lost after sending; a repeat settles it by
  reading, never by sending again.

A failure that certainly moved nothing deletes the record, so the client may
try again with the same key. Records compare as whole strings: every change
is a compare-and-swap, so two processes never both move a key forward.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import time
from collections.abc import Awaitable
from dataclasses import dataclass
from typing import Any, Protocol, TypeVar

from resolvers.errors import GraphError

T = TypeVar("T")

KEY_REUSED = (
    "This idempotency key was already used for a different request; "
    "use a new key for a new request."
)
IN_PROGRESS = (
    "A request with this idempotency key is still being processed; "
    "repeat it later with the same key to get its outcome."
)
STORE_DOWN = "The idempotency key could not be checked, so nothing was sent; try again later."


class StoreUnavailable(Exception):
    """The key store could not be reached; the message is safe to show (no URL)."""


class IdempotencyStore(Protocol):
    """Where keys live: the records are opaque strings, each with the store's time to live."""

    async def claim(self, key: str, record: str) -> str | None:
        """Store ``record`` if ``key`` is free and return None, else return the key's record."""
        ...

    async def get(self, key: str) -> str | None: ...

    async def swap(self, key: str, old: str, new: str | None) -> bool:
        """Replace the record (delete it when ``new`` is None) only if it is still ``old``."""
        ...

    async def aclose(self) -> None: ...


@dataclass(frozen=True, slots=True)
class Idempotency:
    """The shared store and how long to wait on it.

    ``wait_seconds`` bounds how long a duplicate waits for the first copy's
    outcome. ``settle_after_seconds`` is how long after sending a read that
    shows no change may conclude "not charged": a request held somewhere on
    the way could still land before that. ``stale_after_seconds`` is when a
    claim whose owner never finished (a process that died) stops blocking.
    """

    store: IdempotencyStore
    wait_seconds: float = 15.0
    poll_seconds: float = 0.05
    settle_after_seconds: float = 60.0
    stale_after_seconds: float = 300.0


@dataclass(frozen=True, slots=True)
class Entry:
    """A key's record as read: ``raw`` is what a compare-and-swap must match."""

    key: str
    raw: str
    data: dict[str, Any]

    @property
    def state(self) -> str:
        return str(self.data["state"])


def fingerprint(*parts: object) -> str:
    """What makes two requests "the same": a digest of the request's meaningful values."""
    return hashlib.sha256(json.dumps(parts, default=str).encode()).hexdigest()


def encode(data: dict[str, Any]) -> str:
    return json.dumps(data, sort_keys=True, separators=(",", ":"))


def entry(key: str, data: dict[str, Any]) -> Entry:
    return Entry(key, encode(data), data)


async def claim(keys: Idempotency, key: str, print_: str) -> Entry:
    """Claim ``key`` (an entry in state ``pending``) or return its finished or unknown entry.

    A duplicate still in flight is waited for, up to ``wait_seconds``
    (``IDEMPOTENCY_IN_PROGRESS`` after); the same key with another request's
    fingerprint is ``IDEMPOTENCY_KEY_REUSED``.
    """
    deadline = time.monotonic() + keys.wait_seconds
    while True:
        mine = entry(key, {"fingerprint": print_, "state": "pending", "at": time.time()})
        found = await _store(keys.store.claim(key, mine.raw))
        if found is None:
            return mine
        current = Entry(key, found, json.loads(found))
        if current.data["fingerprint"] != print_:
            raise GraphError("IDEMPOTENCY_KEY_REUSED", KEY_REUSED)
        if current.state in ("done", "unknown"):
            return current
        if time.time() - float(current.data["at"]) > keys.stale_after_seconds:
            await _abandon(keys, current)
            continue
        if time.monotonic() >= deadline:
            raise GraphError("IDEMPOTENCY_IN_PROGRESS", IN_PROGRESS)
        await asyncio.sleep(keys.poll_seconds)


async def move(keys: Idempotency, current: Entry, new: Entry | None) -> bool:
    """Replace ``current`` by ``new`` (None: free the key); false when another request moved it."""
    return await _store(keys.store.swap(current.key, current.raw, None if new is None else new.raw))


async def _abandon(keys: Idempotency, stale: Entry) -> None:
    """A claim its owner never finished: free it if nothing was sent, else mark it unknown."""
    if stale.state == "pending":
        await move(keys, stale, None)
    else:
        await move(keys, stale, entry(stale.key, {**stale.data, "state": "unknown"}))


async def _store(call: Awaitable[T]) -> T:
    """Await a store call; a store that cannot answer means nothing may be sent."""
    try:
        return await call
    except StoreUnavailable as down:
        raise GraphError("IDEMPOTENCY_UNAVAILABLE", STORE_DOWN) from down
