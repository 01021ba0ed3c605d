"""Proving whether a top-up whose answer was lost charged the card.

The prepaid API keeps no list of top-ups and has no idempotency token, so
the proof is built from two facts:

1. The top-up went out in a session of its own. Once the API confirms that
   session has ended, the request can no longer land, however long it was
   held on the way: the API refuses every call whose session is over.
2. While the top-up was in flight or in doubt, its account's fence kept
   every other top-up of ours away, so a change of the balance since the
   baseline read just before sending is not one of ours.

With the session ended, a balance of baseline + amount proves the charge,
and a balance and ``Modified`` both unchanged prove there was none. Anything
else (the session could not be ended, the account could not be read, the
balance moved some other way) proves nothing: the outcome stays unknown,
however much time passes, until a later try or an operator settles it.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from decimal import Decimal

from resolvers.idempotency import Entry, Idempotency, move
from resolvers.prepaid.fence import fence_for, lift
from resolvers.prepaid.outcomes import done
from resolvers.user_error_codes import UserErrorCode
from upstreams.errors import UpstreamError
from upstreams.prepaid import models
from upstreams.prepaid.adapter import PrepaidAdapter

log = logging.getLogger(__name__)

UNENDED = (
    "The top-up's outcome is still unknown: the prepaid API could not confirm that the "
    "lost request can no longer arrive. Repeat the request with the same idempotency key "
    "later; the gateway will not send it again until it knows."
)
UNREADABLE = (
    "The top-up's outcome is still unknown and the account could not be read to "
    "settle it. Repeat the request with the same idempotency key later."
)
TANGLED = (
    "The top-up's outcome is still unknown: the account's balance changed in another "
    "way since, so reading it cannot tell whether the card was charged. An operator "
    "must check the card's charges and settle it; until then no top-up of this "
    "account is sent."
)


@dataclass(frozen=True, slots=True)
class Proof:
    """What the API showed: ``charged`` True or False when proven, None when not."""

    charged: bool | None
    account: models.PrepaidAccount | None = None
    reason: str = ""


async def prove(prepaid: PrepaidAdapter, unknown: Entry) -> Proof:
    """End the top-up's session, then compare the balance with the baseline."""
    data = unknown.data
    try:
        await prepaid.end_session(data["session"])
    except UpstreamError:
        return Proof(None, reason=UNENDED)
    try:
        now = await prepaid.read_account(int(data["account_id"]), fresh=True)
    except UpstreamError:
        return Proof(None, reason=UNREADABLE)
    baseline = data["baseline"]
    before = Decimal(baseline["balance"])
    if now.balance == before + int(data["amount"]):
        return Proof(True, now)
    if now.balance == before and now.modified.isoformat() == baseline["modified"]:
        return Proof(False, now)
    return Proof(None, now, reason=TANGLED)


async def settle(prepaid: PrepaidAdapter, keys: Idempotency, unknown: Entry) -> Proof | None:
    """Prove ``unknown``'s outcome and record it; None when another request moved the key first.

    Charged: the key answers the account as read, from now on. Not charged:
    the key is freed, so the same request may be sent again. Either way the
    account's fence is lifted. Unproven: nothing changes.
    """
    proof = await prove(prepaid, unknown)
    if proof.charged is None:
        # Money in doubt: the caller was told OUTCOME_UNKNOWN, the account takes no top-up.
        log.error(
            "a top-up's outcome is in doubt: account %s, amount %s",
            unknown.data["account_id"],
            unknown.data["amount"],
        )
        return proof
    settled = done(unknown, proof.account, []) if proof.charged else None
    if not await move(keys, unknown, settled):
        return None
    await lift(keys, fence_for(unknown))
    log.info(
        "a top-up in doubt was settled by reading: account %s, %s",
        unknown.data["account_id"],
        "charged" if proof.charged else "not charged",
    )
    return proof


class NotSettled(Exception):
    """An operator's settlement that cannot be recorded; ``code`` says why."""

    def __init__(self, code: UserErrorCode, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


async def settle_by_operator(
    prepaid: PrepaidAdapter, keys: Idempotency, in_doubt: Entry, charged: bool, operator: str
) -> models.PrepaidAccount | None:
    """Record an operator's verdict on a top-up in doubt; the account after it when charged.

    "Not charged" still ends the top-up's session first, so the lost request
    cannot land after the key was freed; if the API cannot confirm that,
    nothing is recorded. Raises ``NotSettled``, or ``UpstreamError`` when the
    account cannot be read for a "charged" answer.
    """
    if in_doubt.state != "unknown":
        raise NotSettled(UserErrorCode.NOT_IN_DOUBT, "This top-up is not in doubt any more.")
    try:
        await prepaid.end_session(in_doubt.data["session"])
    except UpstreamError:
        if not charged:  # a charge seen on the card is one request landed: it cannot land again
            raise NotSettled(UserErrorCode.OUTCOME_UNKNOWN, UNENDED) from None
    account: models.PrepaidAccount | None = None
    settled = None
    if charged:
        account = await prepaid.read_account(int(in_doubt.data["account_id"]), fresh=True)
        settled = done(in_doubt, account, [])
    if not await move(keys, in_doubt, settled):
        raise NotSettled(
            UserErrorCode.NOT_IN_DOUBT, "This top-up was settled by another request meanwhile."
        )
    await lift(keys, fence_for(in_doubt))
    log.warning(
        "a top-up in doubt was settled by operator %s as %s: account %s, amount %s, record %s",
        operator,
        "charged" if charged else "not charged",
        in_doubt.data["account_id"],
        in_doubt.data["amount"],
        in_doubt.key,
    )
    return account
