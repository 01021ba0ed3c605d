"""``addCredit`` under an idempotency key: the card is charged at most once per key.

The prepaid API has no idempotency token, so the gateway keeps one (see
``resolvers.idempotency``). Before sending, it reads the account (the
baseline: balance and ``Modified``); when the answer to the top-up is lost,
that baseline is what lets a later repeat settle the outcome by reading the
account again, never by sending again:

- balance = baseline + amount: charged; the repeat answers success;
- balance and ``Modified`` unchanged, and at least ``settle_after_seconds``
  since sending: not charged; the key is freed and the repeat sends once;
- anything else: still ``OUTCOME_UNKNOWN``.

What reading cannot tell: the API keeps no list of top-ups, so a concurrent
change of exactly ``+amount`` (another top-up of the same amount, an auto
recharge) while ours failed reads as "charged" (the customer then lacks
credit, never pays twice); and a request held somewhere for longer than
``settle_after_seconds`` that lands after the key was freed would charge a
second time. Any other concurrent change (usage, a contact edit) keeps the
outcome unknown: a person must look at the card's charges.
"""

from __future__ import annotations

import logging
import time
from decimal import Decimal
from typing import Any

from resolvers.context import GraphContext
from resolvers.errors import GraphError, UserError, user_errors
from resolvers.idempotency import Entry, Idempotency, claim, entry, fingerprint, move
from resolvers.prepaid.snapshots import account_from_json, account_to_json
from upstreams.errors import (
    BadUpstreamResponse,
    InvalidInput,
    NotFound,
    Unavailable,
    UpstreamError,
    UpstreamTimeout,
)
from upstreams.prepaid import models

log = logging.getLogger(__name__)

Outcome = tuple[models.PrepaidAccount | None, list[UserError]]

FIELDS = {"AccountId": "accountId", "Amount": "amount"}

OUTCOME_UNKNOWN = (
    "The prepaid API did not confirm the top-up: the card may have been charged. "
    "Repeat the request with the same idempotency key to learn the outcome; "
    "the gateway finds it out by reading the account and never charges twice."
)
NOT_YET = (
    "The top-up's outcome is still unknown: the account shows no charge yet, but the "
    "request may still arrive. Repeat it with the same idempotency key later."
)
TANGLED = (
    "The top-up's outcome is still unknown: the account's balance changed in another "
    "way since, so reading it cannot tell whether the card was charged. Check the "
    "card's charges before topping up again."
)
UNREADABLE = (
    "The top-up's outcome is still unknown and the account could not be read to "
    "settle it. Repeat the request with the same idempotency key later."
)
NOT_SET_UP = "Top-ups are not available: the gateway has no idempotency store."


async def top_up(context: GraphContext, key: str, account_id: int, amount: int) -> Outcome:
    """Charge ``amount`` once for ``key``; a repeat gets the first outcome."""
    if context.idempotency is None:
        raise GraphError("INTERNAL", NOT_SET_UP)
    keys = context.idempotency
    name = f"addCredit:{key}"
    print_ = fingerprint("addCredit", account_id, amount)
    while True:
        current = await claim(keys, name, print_)
        if current.state == "pending":
            return await _send(context, keys, current, account_id, amount)
        if current.state == "done":
            return _answer(current.data)
        settled = await _settle(context, keys, current, account_id, amount)
        if settled is not None:
            return settled


async def _send(
    context: GraphContext, keys: Idempotency, pending: Entry, account_id: int, amount: int
) -> Outcome:
    prepaid = context.upstreams.prepaid
    try:
        before = await prepaid.read_account(account_id)
    except NotFound as missing:
        await _free(keys, pending)
        return None, [
            UserError(field=["input", "accountId"], message=missing.message, code="NOT_FOUND")
        ]
    except BaseException:
        await _free(keys, pending)
        raise
    sending = entry(
        pending.key,
        {
            **pending.data,
            "state": "sending",
            "at": time.time(),
            "baseline": {"balance": str(before.balance), "modified": before.modified.isoformat()},
        },
    )
    if not await move(keys, pending, sending):  # judged stale by another request: not ours now
        raise GraphError("IDEMPOTENCY_IN_PROGRESS", "The idempotency key was taken over.")
    try:
        model = await prepaid.add_credit(account_id, amount)
    except InvalidInput as refused:
        return await _finish(keys, sending, None, user_errors(refused, FIELDS))
    except NotFound as missing:
        errors = [
            UserError(field=["input", "accountId"], message=missing.message, code="NOT_FOUND")
        ]
        return await _finish(keys, sending, None, errors)
    except (UpstreamTimeout, Unavailable, BadUpstreamResponse) as lost:
        if isinstance(lost, UpstreamTimeout | Unavailable) and not lost.request_sent:
            await _free(keys, sending)  # never reached the API: nothing was charged
            raise
        await _mark_unknown(keys, sending)
        raise GraphError("OUTCOME_UNKNOWN", OUTCOME_UNKNOWN) from lost
    except UpstreamError:
        await _free(keys, sending)  # refused before acting: 429, credentials, rights
        raise
    except BaseException:
        await _mark_unknown(keys, sending)  # cancelled or a bug while the call was out
        raise
    return await _finish(keys, sending, model, [])


async def _settle(
    context: GraphContext, keys: Idempotency, unknown: Entry, account_id: int, amount: int
) -> Outcome | None:
    """Settle a lost top-up by reading the account; None when the key was freed (send again)."""
    baseline = unknown.data["baseline"]
    try:
        now = await context.upstreams.prepaid.read_account(account_id)
    except UpstreamError as failed:
        raise GraphError("OUTCOME_UNKNOWN", UNREADABLE) from failed
    before = Decimal(baseline["balance"])
    if now.balance == before + amount:
        await _move_quietly(keys, unknown, _done(unknown, now, []))
        return now, []
    untouched = now.balance == before and now.modified.isoformat() == baseline["modified"]
    if not untouched:
        raise GraphError("OUTCOME_UNKNOWN", TANGLED)
    if time.time() < float(unknown.data["at"]) + keys.settle_after_seconds:
        raise GraphError("OUTCOME_UNKNOWN", NOT_YET)
    await move(keys, unknown, None)  # not charged: free the key; whoever claims it sends once
    return None


async def _finish(
    keys: Idempotency,
    sending: Entry,
    account: models.PrepaidAccount | None,
    errors: list[UserError],
) -> Outcome:
    """Keep the first outcome for repeats; a store failure must not hide a charge."""
    await _move_quietly(keys, sending, _done(sending, account, errors))
    return account, errors


def _done(current: Entry, account: models.PrepaidAccount | None, errors: list[UserError]) -> Entry:
    return entry(
        current.key,
        {
            "fingerprint": current.data["fingerprint"],
            "state": "done",
            "at": time.time(),
            "account": None if account is None else account_to_json(account),
            "errors": [{"field": e.field, "message": e.message, "code": e.code} for e in errors],
        },
    )


def _answer(data: dict[str, Any]) -> Outcome:
    account = data["account"]
    errors = [
        UserError(field=e["field"], message=e["message"], code=e["code"]) for e in data["errors"]
    ]
    return (None if account is None else account_from_json(account)), errors


async def _mark_unknown(keys: Idempotency, sending: Entry) -> None:
    await _move_quietly(keys, sending, entry(sending.key, {**sending.data, "state": "unknown"}))


async def _free(keys: Idempotency, claimed: Entry) -> None:
    """Nothing was charged: free the key so the same request can be sent again."""
    await _move_quietly(keys, claimed, None)


async def _move_quietly(keys: Idempotency, current: Entry, new: Entry | None) -> None:
    """Move a key after the call; if the store is down, the claim goes stale, settled later."""
    try:
        await move(keys, current, new)
    except GraphError:
        log.warning("the idempotency store could not record a top-up's outcome")
