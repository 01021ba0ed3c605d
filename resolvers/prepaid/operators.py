"""Operators' fields: list the top-ups in doubt and settle one after checking the card.

Both need the caller's ``admin`` role. A top-up is in doubt when the gateway
could not prove whether it charged the card (see ``settle.py``), or when the
process sending it died and its lease ran out. Until it is settled, its
account takes no other top-up.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

import strawberry

from resolvers.context import Info
from resolvers.errors import GraphError, UserError
from resolvers.idempotency import Entry, Idempotency, parse, stored, take_over
from resolvers.nodes import global_id
from resolvers.prepaid.fence import in_doubt
from resolvers.prepaid.loaders import prepaid_accounts
from resolvers.prepaid.settle import NotSettled, settle_by_operator
from resolvers.prepaid.top_up import PREFIX
from resolvers.prepaid.types import PrepaidAccount
from resolvers.user_error_codes import UserErrorCode

ADMIN = "admin"


@strawberry.type(
    description="A top-up whose outcome the gateway could not prove: the card may or may "
    "not have been charged. No other top-up of its account is sent until it is settled."
)
class TopUpInDoubt:
    reference: str = strawberry.field(
        description="The top-up's record in the gateway's key store, for settleTopUp; not a "
        "global id (a top-up in doubt is no record of an upstream)."
    )
    idempotency_key: str = strawberry.field(description="The key its caller sent it with.")
    caller: str | None = strawberry.field(
        description="The authenticated caller that sent it; null for an anonymous caller."
    )
    account_number: strawberry.Private[int]
    amount: int = strawberry.field(description="The amount in whole dollars.")
    in_doubt_since: datetime = strawberry.field(
        description="When it was sent, or last found in doubt."
    )

    @strawberry.field(description="Global id of the PrepaidAccount it was for.")  # type: ignore[untyped-decorator]
    def prepaid_account_id(self) -> strawberry.ID:
        return global_id("PrepaidAccount", self.account_number)

    @strawberry.field(  # type: ignore[untyped-decorator]
        description="The prepaid account it was for, as read now; null (with an error) when "
        "it cannot be read."
    )
    async def prepaid_account(self, info: Info) -> PrepaidAccount | None:
        model = await info.context.loader(prepaid_accounts).load(self.account_number)
        return PrepaidAccount.from_model(model)

    @classmethod
    def from_entry(cls, found: Entry) -> TopUpInDoubt:
        data = found.data
        return cls(
            reference=found.key,
            idempotency_key=str(data["key"]),
            caller=data.get("caller"),
            account_number=int(data["account_id"]),
            amount=int(data["amount"]),
            in_doubt_since=datetime.fromtimestamp(float(data["at"]), UTC),
        )


@strawberry.input(description="An operator's verdict on a top-up in doubt.")
class SettleTopUpInput:
    reference: str = strawberry.field(description="The top-up's reference, from topUpsInDoubt.")
    charged: bool = strawberry.field(
        description="True when the card's charges show this top-up, false when they do not."
    )


@strawberry.type(description="The outcome of settleTopUp.")
class SettleTopUpPayload:
    account: PrepaidAccount | None = strawberry.field(
        description="The account as read now, when settled as charged; else null."
    )
    user_errors: list[UserError] = strawberry.field(
        description="Why it could not be settled (NOT_FOUND, NOT_IN_DOUBT, OUTCOME_UNKNOWN); "
        "empty on success."
    )


def _keys(info: Info) -> Idempotency:
    """The key store, once the caller is known to be an operator."""
    if ADMIN not in info.context.roles:
        raise GraphError("FORBIDDEN", "Only a caller with the role admin may use this field.")
    if info.context.idempotency is None:
        raise GraphError("INTERNAL", "The gateway has no idempotency store.")
    return info.context.idempotency


@strawberry.type
class OperatorQuery:
    """Root query fields for operators."""

    @strawberry.field(  # type: ignore[untyped-decorator]
        description="Top-ups whose outcome is unknown, oldest first (role admin). Check each "
        "against the card's charges, then settle it with settleTopUp."
    )
    async def top_ups_in_doubt(self, info: Info) -> list[TopUpInDoubt]:
        return [TopUpInDoubt.from_entry(one) for one in await in_doubt(_keys(info))]


@strawberry.type
class OperatorMutation:
    """Root mutation fields for operators."""

    @strawberry.mutation(  # type: ignore[untyped-decorator]
        description="Settle a top-up in doubt after checking the card's charges (role admin). "
        "Charged: its key answers success from now on. Not charged: its key is freed, so a "
        "repeat sends it once; the gateway first makes sure the lost request cannot land. "
        "Either way its account takes top-ups again. Written to the log with the operator."
    )
    async def settle_top_up(
        self,
        info: Info,
        input: Annotated[SettleTopUpInput, strawberry.argument(description="The verdict.")],
    ) -> SettleTopUpPayload | None:
        keys = _keys(info)
        key = input.reference
        raw = await stored(keys.store.get(key)) if key.startswith(PREFIX) else None
        if raw is None:
            return _refused(UserErrorCode.NOT_FOUND, "No top-up has this reference.")
        found = parse(key, raw)
        if found.lapsed():
            taken = await take_over(keys, found)
            if taken is None:
                return _refused(UserErrorCode.NOT_IN_DOUBT, "This top-up was never sent.")
            found = taken
        operator = info.context.caller or "anonymous"
        try:
            account = await settle_by_operator(
                info.context.upstreams.prepaid, keys, found, input.charged, operator
            )
        except NotSettled as refused:
            return _refused(refused.code, refused.message)
        if account is None:
            return SettleTopUpPayload(account=None, user_errors=[])
        loader = info.context.loader(prepaid_accounts)
        loader.clear(account.account_id).prime(account.account_id, account)
        return SettleTopUpPayload(account=PrepaidAccount.from_model(account), user_errors=[])


def _refused(code: UserErrorCode, message: str) -> SettleTopUpPayload:
    return SettleTopUpPayload(
        account=None,
        user_errors=[UserError(field=["input", "reference"], message=message, code=code)],
    )
