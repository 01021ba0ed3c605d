"""Mutations of the prepaid Web API: contact, credit top-up, auto recharge.

Each input is checked first (``resolvers.prepaid.inputs``), so a bad input
costs the API nothing. What the API refuses (``InvalidInput``, a declined card,
``NotFound``) also becomes ``userErrors``; an upstream failure is a GraphQL
error and the payload is null (payloads are nullable so that the mutations
sent before it in the same document keep their answers).

``addCredit`` charges the card on file, at most once per idempotency key
(``resolvers.prepaid.top_up``): a repeated key gets the first outcome, from
whichever gateway process, and the call is never retried. When the answer is
lost after the request may have been sent (a read timeout, an answer too
broken to read, or a 5xx, which the API itself never answers, so it came from
something in front of the API that may have forwarded the call) the gateway
proves the outcome if it can (``resolvers.prepaid.settle``) and otherwise
fails with ``OUTCOME_UNKNOWN``; repeating the same key tries the proof again,
never the charge. A failure that certainly charged nothing passes through as
it is and frees the key: a connection that was never made or a timeout before
sending (``request_sent`` false), and a 429.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Annotated

import strawberry

from resolvers.context import Info
from resolvers.errors import GraphError, UserError, user_errors
from resolvers.payloads import REFUSALS, payload_of
from resolvers.prepaid.inputs import (
    FIELDS,
    AddCreditInput,
    ReplacePrepaidContactInput,
    SetRechargeInput,
    missing_account,
)
from resolvers.prepaid.loaders import prepaid_accounts
from resolvers.prepaid.top_up import top_up
from resolvers.prepaid.types import PrepaidAccount
from upstreams.errors import InvalidInput, NotFound
from upstreams.prepaid import models
from upstreams.prepaid.adapter import PrepaidAdapter


@strawberry.type(description="The outcome of a prepaid account's change.")
class PrepaidAccountPayload:
    account: PrepaidAccount | None = strawberry.field(
        description="The account after the change; null when the input was refused."
    )
    user_errors: list[UserError] = strawberry.field(description=REFUSALS)


ReplacePrepaidContactPayload = payload_of("replacePrepaidContact", PrepaidAccountPayload)
SetRechargePayload = payload_of("setRecharge", PrepaidAccountPayload)


@strawberry.type(description="The outcome of addCredit.")
class AddCreditPayload:
    account: PrepaidAccount | None = strawberry.field(
        description="The account after the top-up, with its new balance; null when refused "
        "(then nothing was charged)."
    )
    user_errors: list[UserError] = strawberry.field(
        description="Why the top-up was refused (e.g. DECLINED: the card on file is missing, "
        "expired or declined); empty on success."
    )


async def _write(
    info: Info,
    payload: type[PrepaidAccountPayload],
    input: ReplacePrepaidContactInput | SetRechargeInput,
    send: Callable[[PrepaidAdapter, int], Awaitable[models.PrepaidAccount]],
) -> PrepaidAccountPayload:
    """Check ``input``, then send its one write; refusals become user errors.

    The account the write answers primes the account loader, so the payload
    shows it without a second read.
    """
    problems = input.problems()
    number = input.account_number
    if problems or number is None:
        return payload(account=None, user_errors=problems)
    try:
        model = await send(info.context.upstreams.prepaid, number)
    except InvalidInput as refused:
        return payload(account=None, user_errors=user_errors(refused, FIELDS))
    except NotFound as missing:
        return payload(account=None, user_errors=[missing_account(missing)])
    info.context.loader(prepaid_accounts).clear(number).prime(number, model)
    return payload(account=PrepaidAccount.from_model(model), user_errors=[])


@strawberry.type
class PrepaidMutation:
    """Root mutation fields of the prepaid Web API."""

    @strawberry.mutation(  # type: ignore[untyped-decorator]
        graphql_type=ReplacePrepaidContactPayload | None,
        description="Replace the Contact record associated with a prepaid account "
        "(AccountEditContact); every field is replaced.",
    )
    async def replace_prepaid_contact(
        self,
        info: Info,
        input: Annotated[
            ReplacePrepaidContactInput, strawberry.argument(description="The new contact.")
        ],
    ) -> PrepaidAccountPayload | None:
        return await _write(
            info,
            ReplacePrepaidContactPayload,
            input,
            lambda prepaid, number: prepaid.edit_contact(number, input.to_model()),
        )

    @strawberry.mutation(  # type: ignore[untyped-decorator]
        description="Add credit to the pre-paid balance by charging the credit card on file "
        "(AccountEditCreditAdd). Moves money: sent at most once per idempotencyKey (per "
        "caller, when callers are authenticated), never retried; a repeat gets the first "
        "answer. Fails with OUTCOME_UNKNOWN when the answer was lost after sending and the "
        "outcome could not be proven yet: repeat with the same key to learn it (the gateway "
        "proves it by reading, it never sends again); IDEMPOTENCY_KEY_REUSED when the key "
        "came with another top-up; IDEMPOTENCY_IN_PROGRESS while its first request still "
        "runs; TOP_UP_IN_PROGRESS or TOP_UP_IN_DOUBT while another top-up of the account is "
        "in flight or has an unknown outcome (nothing was charged for this one); "
        "IDEMPOTENCY_UNAVAILABLE or IDEMPOTENCY_STORE_VOLATILE when the key could not be "
        "kept safely (nothing was sent)."
    )
    async def add_credit(
        self,
        info: Info,
        input: Annotated[AddCreditInput, strawberry.argument(description="The top-up.")],
    ) -> AddCreditPayload | None:
        problems = input.problems()
        number = input.account_number
        if problems or number is None:
            return AddCreditPayload(account=None, user_errors=problems)
        try:
            model, errors = await top_up(info.context, input.idempotency_key, number, input.amount)
        except GraphError:
            info.context.loader(prepaid_accounts).clear(number)
            raise
        account = None
        if model is not None:
            info.context.loader(prepaid_accounts).clear(number).prime(number, model)
            account = PrepaidAccount.from_model(model)
        return AddCreditPayload(account=account, user_errors=errors)

    @strawberry.mutation(  # type: ignore[untyped-decorator]
        graphql_type=SetRechargePayload | None,
        description="Modify the auto recharge parameters of a prepaid account "
        "(AccountEditRecharge).",
    )
    async def set_recharge(
        self,
        info: Info,
        input: Annotated[
            SetRechargeInput, strawberry.argument(description="The new auto recharge settings.")
        ],
    ) -> PrepaidAccountPayload | None:
        return await _write(
            info,
            SetRechargePayload,
            input,
            lambda prepaid, number: prepaid.edit_recharge(
                number, recharge=input.enabled, threshold=input.threshold, level=input.level
            ),
        )
