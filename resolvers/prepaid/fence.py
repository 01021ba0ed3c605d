"""One top-up per account at a time, across every gateway process: the account's fence.

Reading the balance can tell whether a lost top-up was charged only if
nothing else of ours moved the balance meanwhile. So before a top-up is
sent, it takes its account's fence in the shared key store, and it keeps the
fence until its outcome is proven: while a top-up is in flight or in doubt,
no other top-up of that account is sent, by any process.

The fence record names its holder (the key's store name and the attempt's
owner token). A fence whose holder is settled (done, freed, or another
attempt of the same key) is stale and is lifted by whoever finds it.
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass

from resolvers.idempotency import Entry, Idempotency, encode, parse, stored

PREFIX = "topup-fence:"


@dataclass(frozen=True, slots=True)
class Fence:
    """An account's fence as held by one attempt of one key."""

    account_id: int
    raw: str

    @property
    def key(self) -> str:
        return f"{PREFIX}{self.account_id}"


@dataclass(frozen=True, slots=True)
class Blocked:
    """The fence is held by ``holder``: in flight (``in_doubt`` false) or in doubt."""

    holder: Entry
    in_doubt: bool


def fence_for(attempt: Entry) -> Fence:
    """The fence of the account ``attempt`` tops up, as that attempt holds it."""
    account_id = int(attempt.data["account_id"])
    return Fence(account_id, encode({"holder": attempt.key, "owner": attempt.owner}))


async def take(keys: Idempotency, fence: Fence) -> Blocked | None:
    """Take ``fence`` (None), or say who holds it; a stale fence is lifted on the way."""
    while True:
        found = await stored(keys.store.claim(fence.key, fence.raw, keep=True))
        if found is None or found == fence.raw:
            return None
        holder = await _holder(keys, found)
        if holder is None:
            await stored(keys.store.swap(fence.key, found, None))
            continue
        return Blocked(holder, in_doubt=holder.state == "unknown" or holder.lapsed())


async def wait_for(keys: Idempotency, fence: Fence, deadline: float) -> Blocked | None:
    """Take ``fence``, waiting while its holder is in flight, until ``deadline`` (monotonic)."""
    while True:
        blocked = await take(keys, fence)
        if blocked is None or blocked.in_doubt or time.monotonic() >= deadline:
            return blocked
        await asyncio.sleep(keys.poll_seconds)


async def lift(keys: Idempotency, fence: Fence) -> None:
    """Release ``fence`` if this attempt still holds it."""
    await stored(keys.store.swap(fence.key, fence.raw, None))


async def holders(keys: Idempotency) -> list[Entry]:
    """The records of every top-up that holds a fence now: those in flight or in doubt."""
    found = []
    for _, raw in await stored(keys.store.scan(PREFIX)):
        holder = await _holder(keys, raw)
        if holder is not None:
            found.append(holder)
    return found


async def _holder(keys: Idempotency, raw: str) -> Entry | None:
    """The record of the attempt a fence names, or None when that attempt is settled."""
    named = parse("", raw).data
    record = await stored(keys.store.get(named["holder"]))
    if record is None:
        return None
    holder = parse(named["holder"], record)
    if holder.owner != named["owner"] or holder.state == "done":
        return None
    return holder


async def in_doubt(keys: Idempotency) -> list[Entry]:
    """Top-ups whose outcome is unknown, or whose sender died with them in flight; oldest first.

    A claim that lapsed before sending (``pending``) moved no money and is not listed.
    """
    found = [
        one
        for one in await holders(keys)
        if one.state == "unknown" or (one.state == "sending" and one.lapsed())
    ]
    return sorted(found, key=lambda one: float(one.data["at"]))


async def count_in_doubt(keys: Idempotency) -> int:
    return len(await in_doubt(keys))
