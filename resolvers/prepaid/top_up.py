"""``addCredit`` under an idempotency key: the card is charged at most once per key.

The prepaid API has no idempotency token, so the gateway keeps one (see
``resolvers.idempotency``), scoped to the caller when callers are
authenticated. A top-up is sent like this:

1. claim the key (a repeat of a settled key gets the first answer);
2. take the account's fence (``fence.py``): no other top-up of the account
   is in flight or in doubt, in any process;
3. read the account (the baseline) and open a session for this top-up alone;
4. record all of that in the key, then send, once, never retried.

When the answer is lost after the request may have been sent, the key and
the fence stay, and ``settle.py`` proves the outcome at once if it can (end
the session, read the balance); otherwise the caller gets ``OUTCOME_UNKNOWN``
and any later repeat, from any process, tries the proof again. A failure
that certainly charged nothing frees the key and the fence.
"""

from __future__ import annotations

import hashlib
import json
import logging
import time
from collections.abc import Awaitable
from typing import Any

from resolvers.context import GraphContext
from resolvers.errors import GraphError, UserError, user_errors
from resolvers.idempotency import Entry, Idempotency, claim, fingerprint, move, take_over
from resolvers.prepaid.fence import Fence, fence_for, lift, wait_for
from resolvers.prepaid.inputs import FIELDS, missing_account
from resolvers.prepaid.outcomes import Outcome, answer, done
from resolvers.prepaid.settle import settle
from upstreams.errors import (
    BadUpstreamResponse,
    InvalidInput,
    NotFound,
    Unavailable,
    UpstreamError,
    UpstreamTimeout,
)
from upstreams.prepaid import models
from upstreams.prepaid.errors import SessionEnded

log = logging.getLogger(__name__)

PREFIX = "addCredit:"

OUTCOME_UNKNOWN = (
    "The prepaid API did not confirm the top-up and the gateway could not yet prove "
    "whether the card was charged. Repeat the request with the same idempotency key to "
    "learn the outcome: the gateway proves it by reading, and never charges twice."
)
NOT_CHARGED = (
    "The prepaid API did not complete the top-up, and the gateway made sure it was not "
    "charged. Repeat the request with the same idempotency key to send it again."
)
IN_DOUBT = (
    "Another top-up of this account has an unknown outcome, so no top-up of this account "
    "is sent until that one is settled (repeat its request with its idempotency key, or "
    "ask an operator). Nothing was charged for this request; try it again later."
)
BUSY = (
    "Another top-up of this account is still being processed; nothing was charged for "
    "this request. Try it again in a few seconds with the same idempotency key."
)
TAKEN_OVER = (
    "This top-up took too long and another request took it over; repeat it with the "
    "same idempotency key to learn its outcome."
)
NOT_SET_UP = "Top-ups are not available: the gateway has no idempotency store."


def store_key(caller: str | None, key: str) -> str:
    """The store's name for a caller's key: the same key from another caller is another key."""
    digest = hashlib.sha256(json.dumps([caller, key]).encode()).hexdigest()
    return PREFIX + digest


async def top_up(context: GraphContext, key: str, account_id: int, amount: int) -> Outcome:
    """Charge ``amount`` once for ``key``; a repeat gets the first outcome."""
    if context.idempotency is None:
        raise GraphError("INTERNAL", NOT_SET_UP)
    keys = context.idempotency
    await keys.ensure_durable()
    name = store_key(context.caller, key)
    print_ = fingerprint("addCredit", account_id, amount)
    details = {"key": key, "caller": context.caller, "account_id": account_id, "amount": amount}
    while True:
        current = await claim(keys, name, print_, details)
        if current.state == "pending":
            return await _send(context, keys, current)
        if current.state == "done":
            return answer(current.data)
        proof = await settle(context.upstreams.prepaid, keys, current)
        if proof is None or proof.charged is False:
            continue  # moved by another request, or proven not charged: claim again
        if proof.charged:
            return proof.account, []
        raise GraphError("OUTCOME_UNKNOWN", proof.reason)


async def _send(context: GraphContext, keys: Idempotency, pending: Entry) -> Outcome:
    prepaid = context.upstreams.prepaid
    account_id, amount = int(pending.data["account_id"]), int(pending.data["amount"])
    fence = fence_for(pending)
    try:
        await _take_fence(context, keys, fence)
    except BaseException:
        await _quietly(move(keys, pending, None))
        raise
    try:
        before = await prepaid.read_account(account_id, fresh=True)
        session = await prepaid.start_session()
    except NotFound as missing:
        await _free(keys, pending)
        return None, [missing_account(missing)]
    except BaseException:
        await _free(keys, pending)
        raise
    sending = pending.moved(
        state="sending",
        at=time.time(),
        lease_until=time.time() + keys.lease_seconds,
        session=session.session_id,
        baseline={"balance": str(before.balance), "modified": before.modified.isoformat()},
    )
    if not await move(keys, pending, sending):  # judged abandoned by another request
        await _quietly(lift(keys, fence))
        await _end_quietly(context, session.session_id)
        raise GraphError("IDEMPOTENCY_IN_PROGRESS", TAKEN_OVER)
    try:
        model = await prepaid.add_credit(account_id, amount, session)
    except InvalidInput as refused:
        return await _finish(context, keys, sending, None, user_errors(refused, FIELDS))
    except NotFound as missing:
        return await _finish(context, keys, sending, None, [missing_account(missing)])
    except (UpstreamTimeout, Unavailable, BadUpstreamResponse) as lost:
        if isinstance(lost, UpstreamTimeout | Unavailable) and not lost.request_sent:
            # Never reached the API, or the API refused it for its ended session.
            freed = await _free(keys, sending)
            await _end_quietly(context, session.session_id)
            if isinstance(lost, SessionEnded):
                message = NOT_CHARGED if freed else TAKEN_OVER
                raise GraphError("UPSTREAM_UNAVAILABLE", message) from lost
            raise
        return await _lost(context, keys, sending, lost)
    except UpstreamError:
        await _free(keys, sending)  # refused before acting: 429, credentials, rights
        await _end_quietly(context, session.session_id)
        raise
    except BaseException:
        await _mark_unknown(keys, sending)  # cancelled or a bug while the call was out
        raise
    return await _finish(context, keys, sending, model, [])


async def _take_fence(context: GraphContext, keys: Idempotency, fence: Fence) -> None:
    """Take the account's fence; settle a top-up in doubt that holds it, once, if we can."""
    deadline = time.monotonic() + keys.fence_wait_seconds
    tried: set[str] = set()
    while True:
        blocked = await wait_for(keys, fence, deadline)
        if blocked is None:
            return
        holder = blocked.holder
        if not blocked.in_doubt:
            raise GraphError("TOP_UP_IN_PROGRESS", BUSY)
        if holder.key in tried:
            raise GraphError("TOP_UP_IN_DOUBT", IN_DOUBT)
        tried.add(holder.key)
        if holder.state != "unknown":  # its process died while sending: in doubt now
            taken = await take_over(keys, holder)
            if taken is None:
                continue
            holder = taken
        await settle(context.upstreams.prepaid, keys, holder)


async def _lost(
    context: GraphContext, keys: Idempotency, sending: Entry, lost: UpstreamError
) -> Outcome:
    """The answer was lost after sending: prove the outcome now if the API lets us."""
    log.warning(
        "a top-up's answer was lost after it was sent (%s): account %s, amount %s; "
        "its outcome is unknown until proven",
        lost.code,
        sending.data["account_id"],
        sending.data["amount"],
    )
    unknown = sending.moved(state="unknown", at=time.time())
    if not await _quietly(move(keys, sending, unknown)):
        raise GraphError("OUTCOME_UNKNOWN", OUTCOME_UNKNOWN) from lost
    proof = await settle(context.upstreams.prepaid, keys, unknown)
    if proof is None:
        raise GraphError("IDEMPOTENCY_IN_PROGRESS", TAKEN_OVER) from lost
    if proof.charged:
        return proof.account, []
    if proof.charged is False:
        raise GraphError(lost.code, NOT_CHARGED) from lost
    raise GraphError("OUTCOME_UNKNOWN", OUTCOME_UNKNOWN) from lost


async def _finish(
    context: GraphContext,
    keys: Idempotency,
    sending: Entry,
    account: models.PrepaidAccount | None,
    errors: list[UserError],
) -> Outcome:
    """Keep the first outcome for repeats, lift the fence, end the top-up's session.

    If the store cannot record it, the claim's lease runs out and whoever
    finds it proves the outcome by reading: a store failure never hides a charge.
    """
    if await _quietly(move(keys, sending, done(sending, account, errors))):
        await _quietly(lift(keys, fence_for(sending)))
    await _end_quietly(context, str(sending.data["session"]))
    return account, errors


async def _mark_unknown(keys: Idempotency, sending: Entry) -> None:
    log.warning(
        "a top-up stopped while its call was out: account %s, amount %s; its outcome is unknown",
        sending.data["account_id"],
        sending.data["amount"],
    )
    await _quietly(move(keys, sending, sending.moved(state="unknown", at=time.time())))


async def _free(keys: Idempotency, claimed: Entry) -> bool:
    """Nothing was charged: free the key and the fence, so the request can be sent again.

    False when the key had moved on (another request took it over): then it is theirs.
    """
    if not await _quietly(move(keys, claimed, None)):
        return False
    await _quietly(lift(keys, fence_for(claimed)))
    return True


async def _end_quietly(context: GraphContext, session_id: str) -> None:
    """End a top-up's session once its outcome is known; the API would end it when idle."""
    try:
        await context.upstreams.prepaid.end_session(session_id)
    except UpstreamError:
        log.info("a settled top-up's session could not be ended; it will end when idle")


async def _quietly(call: Awaitable[Any]) -> bool:
    """Await a store call after the money call; if the store is down, the lease settles it."""
    try:
        result = await call
    except GraphError:
        log.warning("the idempotency store could not record a top-up's progress")
        return False
    return result is not False
