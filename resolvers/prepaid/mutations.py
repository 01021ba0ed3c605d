"""Mutations of the prepaid Web API: contact, credit top-up, auto recharge.

Each input is checked against the documented ranges before any call, so a
form gets every problem at once (as ``userErrors``) and a bad input costs the
API nothing; so is every string against what XML can hold
(``resolvers.xml_text``), since the API would store a NUL and then fail every
read of that account. What the API refuses (``InvalidInput``, a declined card,
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

import re
from collections.abc import Awaitable, Callable
from typing import Annotated

import strawberry

from resolvers.errors import GraphError, UserError, user_errors
from resolvers.prepaid.loaders import prepaid_accounts
from resolvers.prepaid.top_up import top_up
from resolvers.prepaid.types import Info, PrepaidAccount
from resolvers.xml_text import xml_text_errors
from upstreams.errors import (
    InvalidInput,
    NotFound,
)
from upstreams.prepaid import models

# Upstream parameter names -> our input field names, for the API's own errors.
FIELDS = {
    "AccountId": "accountId",
    "Name": "name",
    "Organization": "organization",
    "Address": "address",
    "City": "city",
    "State": "state",
    "Zipcode": "zipcode",
    "CountryId": "countryId",
    "Phone": "phone",
    "Email": "email",
    "Amount": "amount",
    "Recharge": "enabled",
    "RechargeThreshold": "threshold",
    "RechargeLevel": "level",
}

AMOUNT = (10, 10000)
THRESHOLD = (5, 5000)
LEVEL = (10, 10000)
STATE = re.compile(r"[A-Za-z]{2}")
KEY_LENGTH = 255


def _error(field: str, message: str, code: str) -> UserError:
    return UserError(field=["input", field], message=message, code=code)


def _in_range(value: int, bounds: tuple[int, int], field: str, what: str) -> list[UserError]:
    low, high = bounds
    if value < low:
        return [_error(field, f"{what} must be at least {low}.", "TOO_SMALL")]
    if value > high:
        return [_error(field, f"{what} must be at most {high}.", "TOO_BIG")]
    return []


def _account_id(value: int) -> list[UserError]:
    if value < 1:
        return [_error("accountId", "accountId must be a positive integer.", "TOO_SMALL")]
    return []


# Inputs


@strawberry.input(description="The whole new contact of a prepaid account (AccountEditContact).")
class EditContactInput:
    account_id: int = strawberry.field(
        description="A positive integer which references a unique Account."
    )
    name: str = strawberry.field(description="The contact name; required.")
    organization: str = strawberry.field(
        description="The contact company or organization name; may be empty."
    )
    address: str = strawberry.field(description="The contact address; may be empty.")
    city: str = strawberry.field(description="The contact city; required.")
    state: str = strawberry.field(
        description="The contact state: the two letter state code (stored upper case)."
    )
    zipcode: str = strawberry.field(description="The contact zipcode; required.")
    country_id: int = strawberry.field(
        description="A positive integer which references a unique Country."
    )
    phone: str = strawberry.field(description="The contact phone number; may be empty.")
    email: str = strawberry.field(description="The contact email address; required.")

    def problems(self) -> list[UserError]:
        found = _account_id(self.account_id)
        texts = {
            "name": self.name,
            "organization": self.organization,
            "address": self.address,
            "city": self.city,
            "state": self.state,
            "zipcode": self.zipcode,
            "phone": self.phone,
            "email": self.email,
        }
        found += xml_text_errors((["input", field], value) for field, value in texts.items())
        for field in ("name", "city", "zipcode", "email"):
            if not texts[field].strip():
                found.append(_error(field, f"{field} is required.", "REQUIRED"))
        if not STATE.fullmatch(self.state.strip()):
            found.append(_error("state", "state must be a two letter state code.", "INVALID"))
        if self.country_id < 1:
            found.append(_error("countryId", "countryId must be a positive integer.", "TOO_SMALL"))
        return found

    def to_model(self) -> models.ContactInput:
        return models.ContactInput(
            name=self.name.strip(),
            organization=self.organization.strip(),
            address=self.address.strip(),
            city=self.city.strip(),
            state=self.state.strip().upper(),
            zipcode=self.zipcode.strip(),
            country_id=self.country_id,
            phone=self.phone.strip(),
            email=self.email.strip(),
        )


@strawberry.input(
    description="A top-up of the pre-paid balance, charged to the credit card on file "
    "(AccountEditCreditAdd)."
)
class AddCreditInput:
    account_id: int = strawberry.field(
        description="A positive integer which references a unique Account."
    )
    amount: int = strawberry.field(
        description="Amount in dollars as an integer between 10 and 10000."
    )
    idempotency_key: str = strawberry.field(
        description="A key the client makes for this one top-up (1 to 255 characters, e.g. a "
        "UUID) and sends again with every repeat of it: the card is charged at most once per "
        "key, and a repeat gets the first answer. A new top-up needs a new key."
    )

    def problems(self) -> list[UserError]:
        found = _account_id(self.account_id) + _in_range(self.amount, AMOUNT, "amount", "amount")
        if not self.idempotency_key:
            found.append(_error("idempotencyKey", "idempotencyKey is required.", "REQUIRED"))
        elif len(self.idempotency_key) > KEY_LENGTH:
            message = f"idempotencyKey must be at most {KEY_LENGTH} characters."
            found.append(_error("idempotencyKey", message, "TOO_LONG"))
        else:
            found += xml_text_errors([(["input", "idempotencyKey"], self.idempotency_key)])
        return found


@strawberry.input(description="The auto recharge parameters of an account (AccountEditRecharge).")
class SetRechargeInput:
    account_id: int = strawberry.field(
        description="A positive integer which references a unique Account."
    )
    enabled: bool = strawberry.field(description="Enable auto recharge for this account.")
    threshold: int = strawberry.field(
        description="The dollar amount below which the pre-paid balance must fall for an "
        "auto recharge to be attempted; an integer >= 5 and <= 5000."
    )
    level: int = strawberry.field(
        description="The dollar amount to which the pre-paid balance will be increased by "
        "an auto recharge: an integer >= 10 and <= 10000."
    )

    def problems(self) -> list[UserError]:
        return (
            _account_id(self.account_id)
            + _in_range(self.threshold, THRESHOLD, "threshold", "threshold")
            + _in_range(self.level, LEVEL, "level", "level")
        )


# Payloads


@strawberry.type(description="The outcome of editContact.")
class EditContactPayload:
    account: PrepaidAccount | None = strawberry.field(
        description="The account after the change; null when the input was refused."
    )
    user_errors: list[UserError] = strawberry.field(
        description="Why the input was refused; empty on success."
    )


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


@strawberry.type(description="The outcome of setRecharge.")
class SetRechargePayload:
    account: PrepaidAccount | None = strawberry.field(
        description="The account after the change; null when the input was refused."
    )
    user_errors: list[UserError] = strawberry.field(
        description="Why the input was refused; empty on success."
    )


async def _write(
    info: Info, account_id: int, call: Callable[[], Awaitable[models.PrepaidAccount]]
) -> tuple[PrepaidAccount | None, list[UserError]]:
    """Send one write; refusals become user errors, the result primes the account loader."""
    loader = info.context.loader(prepaid_accounts)
    try:
        model = await call()
    except InvalidInput as refused:
        return None, user_errors(refused, FIELDS)
    except NotFound as missing:
        return None, [_error("accountId", missing.message, "NOT_FOUND")]
    loader.clear(account_id).prime(account_id, model)
    return PrepaidAccount.from_model(model), []


@strawberry.type
class PrepaidMutation:
    """Root mutation fields of the prepaid Web API."""

    @strawberry.mutation(  # type: ignore[untyped-decorator]
        description="Update the Contact record associated with a prepaid account "
        "(AccountEditContact); every field is replaced."
    )
    async def edit_contact(
        self,
        info: Info,
        input: Annotated[EditContactInput, strawberry.argument(description="The new contact.")],
    ) -> EditContactPayload | None:
        problems = input.problems()
        if problems:
            return EditContactPayload(account=None, user_errors=problems)
        prepaid = info.context.upstreams.prepaid
        account, errors = await _write(
            info, input.account_id, lambda: prepaid.edit_contact(input.account_id, input.to_model())
        )
        return EditContactPayload(account=account, user_errors=errors)

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
        if problems:
            return AddCreditPayload(account=None, user_errors=problems)
        try:
            model, errors = await top_up(
                info.context, input.idempotency_key, input.account_id, input.amount
            )
        except GraphError:
            info.context.loader(prepaid_accounts).clear(input.account_id)
            raise
        account = None
        if model is not None:
            info.context.loader(prepaid_accounts).clear(input.account_id).prime(
                input.account_id, model
            )
            account = PrepaidAccount.from_model(model)
        return AddCreditPayload(account=account, user_errors=errors)

    @strawberry.mutation(  # type: ignore[untyped-decorator]
        description="Modify the auto recharge parameters of a prepaid account "
        "(AccountEditRecharge)."
    )
    async def set_recharge(
        self,
        info: Info,
        input: Annotated[
            SetRechargeInput, strawberry.argument(description="The new auto recharge settings.")
        ],
    ) -> SetRechargePayload | None:
        problems = input.problems()
        if problems:
            return SetRechargePayload(account=None, user_errors=problems)
        prepaid = info.context.upstreams.prepaid
        account, errors = await _write(
            info,
            input.account_id,
            lambda: prepaid.edit_recharge(
                input.account_id,
                recharge=input.enabled,
                threshold=input.threshold,
                level=input.level,
            ),
        )
        return SetRechargePayload(account=account, user_errors=errors)
