"""Idempotency keys: at most one send per key, whichever gateway process gets the request.

A mutation that moves money claims its key in a store shared by every
gateway process before it calls the upstream. The claim is atomic (Redis
``SET NX``, or a dict under a lock in one process), so of two copies of a
request arriving at once, one sends and the other waits for its outcome.

A key's record is JSON with a ``state``:

- ``pending``: claimed, nothing sent yet;
- ``sending``: the request may be on its way (the record carries what is
  needed to settle the outcome without the process that sent it);
- ``done``: the first outcome, answered again to every repeat;
- ``unknown``: the answer was lost after sending; it is settled by proof,
  never by sending again and never by the passing of time.

Every record names its ``owner``, one attempt's random token, and a pending
or sending record holds a lease (``lease_until``): a claim whose owner died
is taken over once its lease has run out. Records compare as whole strings:
every change is a compare-and-swap, so two processes never both move a key
forward. Only ``done`` records expire (after the store's ``ttl_seconds``); a
record in flight or in doubt stays until it is settled.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import logging
import secrets
import time
from collections.abc import Awaitable
from dataclasses import dataclass, field
from typing import Any, Protocol, TypeVar

from resolvers.errors import GraphError
from upstreams.redis_client import StoreUnavailable

T = TypeVar("T")
log = logging.getLogger(__name__)

KEY_REUSED = (
    "This idempotency key was already used for a different request; "
    "use a new key for a new request."
)
IN_PROGRESS = (
    "A request with this idempotency key is still being processed; "
    "repeat it later with the same key to get its outcome."
)
STORE_DOWN = "The idempotency key could not be checked, so nothing was sent; try again later."
VOLATILE = (
    "The idempotency store does not keep keys across a restart, so nothing was sent: "
    "a retry after a restart could charge twice. Ask the operator to turn on persistence."
)
VOLATILE_RISK = (
    "keys would be lost when the store restarts, and a client retrying a top-up after "
    "that would be charged twice"
)


class IdempotencyStore(Protocol):
    """Where keys live: opaque string records.

    ``keep`` records never expire; the others expire the store's time to live
    after their last change.
    """

    async def claim(self, key: str, record: str, *, keep: bool = False) -> str | None:
        """Store ``record`` if ``key`` is free and return None, else return the key's record."""
        ...

    async def get(self, key: str) -> str | None: ...

    async def swap(self, key: str, old: str, new: str | None, *, keep: bool = False) -> bool:
        """Replace the record (delete it when ``new`` is None) only if it is still ``old``.

        True also when the record already is ``new``: a store client that
        resends a command after a lost connection must not turn a done swap
        into a failed one.
        """
        ...

    async def scan(self, prefix: str) -> list[tuple[str, str]]:
        """Every ``(key, record)`` whose key starts with ``prefix``."""
        ...

    async def durable(self) -> bool:
        """Whether a record written now survives a restart of the store."""
        ...

    async def aclose(self) -> None: ...


@dataclass(slots=True)
class Durability:
    """The store's last durability verdict, re-checked at most every ``every_seconds``."""

    every_seconds: float = 60.0
    durable: bool | None = None
    checked_at: float = 0.0


@dataclass(frozen=True, slots=True)
class Idempotency:
    """The shared store and how long to wait on it.

    ``wait_seconds`` bounds how long a duplicate waits for the first copy's
    outcome, polling every ``poll_seconds``. ``lease_seconds`` is how long a
    claim may go without an outcome before another request takes it to be
    abandoned (its process died) and settles it. ``fence_wait_seconds`` bounds
    how long a top-up waits while another top-up of the same account is in
    flight. ``allow_volatile`` lets money go through a store that loses its
    keys on a restart.
    """

    store: IdempotencyStore
    wait_seconds: float = 15.0
    poll_seconds: float = 0.05
    lease_seconds: float = 60.0
    fence_wait_seconds: float = 10.0
    allow_volatile: bool = False
    durability: Durability = field(default_factory=Durability)

    async def ensure_durable(self) -> None:
        """Refuse (``IDEMPOTENCY_STORE_VOLATILE``) to move money through a volatile store."""
        if self.allow_volatile:
            return
        known = self.durability
        now = time.monotonic()
        if known.durable is None or now - known.checked_at >= known.every_seconds:
            known.durable = await stored(self.store.durable())
            known.checked_at = now
        if not known.durable:
            log.error("the idempotency store is volatile: %s; nothing was sent", VOLATILE_RISK)
            raise GraphError("IDEMPOTENCY_STORE_VOLATILE", VOLATILE)


@dataclass(frozen=True, slots=True)
class Entry:
    """A key's record as read: ``raw`` is what a compare-and-swap must match."""

    key: str
    raw: str
    data: dict[str, Any]

    @property
    def state(self) -> str:
        return str(self.data["state"])

    @property
    def owner(self) -> str:
        return str(self.data.get("owner", ""))

    def lapsed(self, now: float | None = None) -> bool:
        """A pending or sending record whose owner has not finished within its lease."""
        if self.state not in ("pending", "sending"):
            return False
        return (now or time.time()) >= float(self.data.get("lease_until", 0))

    def moved(self, **changes: Any) -> Entry:
        """This record with ``changes``: the new side of a compare-and-swap."""
        return entry(self.key, {**self.data, **changes})


def fingerprint(*parts: object) -> str:
    """What makes two requests "the same": a digest of the request's meaningful values."""
    return hashlib.sha256(json.dumps(parts, default=str).encode()).hexdigest()


def encode(data: dict[str, Any]) -> str:
    return json.dumps(data, sort_keys=True, separators=(",", ":"))


def entry(key: str, data: dict[str, Any]) -> Entry:
    return Entry(key, encode(data), data)


def parse(key: str, raw: str) -> Entry:
    return Entry(key, raw, json.loads(raw))


def kept(state: str) -> bool:
    """Records that must not expire: anything not yet settled."""
    return state != "done"


async def claim(keys: Idempotency, key: str, print_: str, details: dict[str, Any]) -> Entry:
    """Claim ``key`` (a fresh ``pending`` entry of ours) or return its done or unknown entry.

    A duplicate still in flight is waited for, up to ``wait_seconds``
    (``IDEMPOTENCY_IN_PROGRESS`` after); one whose lease ran out is taken
    over: freed if nothing was sent, else returned as ``unknown``. The same
    key with another request's fingerprint is ``IDEMPOTENCY_KEY_REUSED``.
    ``details`` go into the record, for settling and for operators.
    """
    deadline = time.monotonic() + keys.wait_seconds
    owner = secrets.token_hex(16)
    while True:
        now = time.time()
        mine = entry(
            key,
            {
                **details,
                "fingerprint": print_,
                "state": "pending",
                "owner": owner,
                "at": now,
                "lease_until": now + keys.lease_seconds,
            },
        )
        found = await stored(keys.store.claim(key, mine.raw, keep=True))
        if found is None:
            return mine
        current = parse(key, found)
        if current.owner == owner:  # our own claim, answered again after a lost reply
            return current
        if current.data["fingerprint"] != print_:
            raise GraphError("IDEMPOTENCY_KEY_REUSED", KEY_REUSED)
        if current.state in ("done", "unknown"):
            return current
        if current.lapsed():
            taken = await take_over(keys, current)
            if taken is not None:
                return taken
            continue
        if time.monotonic() >= deadline:
            raise GraphError("IDEMPOTENCY_IN_PROGRESS", IN_PROGRESS)
        await asyncio.sleep(keys.poll_seconds)


async def take_over(keys: Idempotency, abandoned: Entry) -> Entry | None:
    """A claim whose owner never finished: free it if nothing was sent, else mark it unknown.

    Returns the ``unknown`` entry, or None when the key was freed or moved meanwhile.
    """
    if abandoned.state == "pending":
        await move(keys, abandoned, None)
        return None
    unknown = abandoned.moved(state="unknown", at=time.time())
    return unknown if await move(keys, abandoned, unknown) else None


async def move(keys: Idempotency, current: Entry, new: Entry | None) -> bool:
    """Replace ``current`` by ``new`` (None: free the key); false when another request moved it."""
    keep = new is not None and kept(new.state)
    return await stored(
        keys.store.swap(current.key, current.raw, None if new is None else new.raw, keep=keep)
    )


async def stored(call: Awaitable[T]) -> T:
    """Await a store call; a store that cannot answer means nothing may be sent."""
    try:
        return await call
    except StoreUnavailable as down:
        raise GraphError("IDEMPOTENCY_UNAVAILABLE", STORE_DOWN) from down
