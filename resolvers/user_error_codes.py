"""Why a mutation's input was refused: one code list for every payload of the graph.

The same kind of problem has the same code whatever the upstream, so a
client handles it once: the prepaid API's ``TooBig`` and billing's
``OutOfRange`` are both ``OUT_OF_RANGE``. ``UPSTREAM_CODES`` says what each
upstream's own codes mean here; a code it does not list is ``REJECTED``, so
an upstream that starts answering a new code never breaks a client's enum.
"""

from __future__ import annotations

from enum import Enum

import strawberry


@strawberry.enum(
    description="Why a mutation's input was refused; the same kind of problem has the same "
    "code whatever the upstream."
)
class UserErrorCode(Enum):
    REQUIRED = strawberry.enum_value(
        "REQUIRED", description="A field that must be given is missing or blank."
    )
    INVALID = strawberry.enum_value(
        "INVALID",
        description="A value of the wrong form or not among the allowed ones (a state code, "
        "a postal code, a global id of another type), or one the upstream refused for a rule "
        "of its own (a ledger code already used).",
    )
    OUT_OF_RANGE = strawberry.enum_value(
        "OUT_OF_RANGE",
        description="A number below or above its allowed range (an amount, a bill day, an "
        "identifier that must be positive).",
    )
    TOO_LONG = strawberry.enum_value("TOO_LONG", description="A text longer than its field allows.")
    INVALID_CHARACTER = strawberry.enum_value(
        "INVALID_CHARACTER",
        description="A text holding a character its upstream cannot store (a control "
        "character other than tab and line breaks).",
    )
    NOT_FOUND = strawberry.enum_value(
        "NOT_FOUND",
        description="The record the input names does not exist: the one to change, or one a "
        "field points at.",
    )
    CONFLICT = strawberry.enum_value(
        "CONFLICT",
        description="The record changed since the version the input names was read; read it "
        "again and apply the change to what it is now.",
    )
    INVALID_STATE = strawberry.enum_value(
        "INVALID_STATE",
        description="The record is in a state that does not allow this change.",
    )
    DECLINED = strawberry.enum_value(
        "DECLINED",
        description="The card on file is missing, expired or was declined; nothing was charged.",
    )
    EMPTY_PATCH = strawberry.enum_value(
        "EMPTY_PATCH", description="An update that gives no field to change."
    )
    NOT_CLEARABLE = strawberry.enum_value(
        "NOT_CLEARABLE",
        description="An explicit null for a field its upstream cannot clear; give a value or "
        "leave the field out.",
    )
    NOT_IN_DOUBT = strawberry.enum_value(
        "NOT_IN_DOUBT",
        description="settleTopUp: the top-up is not in doubt (never sent, or already settled).",
    )
    OUTCOME_UNKNOWN = strawberry.enum_value(
        "OUTCOME_UNKNOWN",
        description="settleTopUp: the gateway could not yet make sure the lost request cannot "
        "land; try again later.",
    )
    REJECTED = strawberry.enum_value(
        "REJECTED",
        description="The upstream refused the input for a reason the gateway does not "
        "classify; the message says why.",
    )


UPSTREAM_CODES: dict[tuple[str, str | None], UserErrorCode] = {
    # the prepaid Web API's request errors (upstreams/prepaid/__init__.py) and its refusal
    ("prepaid", "Required"): UserErrorCode.REQUIRED,
    ("prepaid", "Invalid"): UserErrorCode.INVALID,
    ("prepaid", "NotAllowed"): UserErrorCode.INVALID,
    ("prepaid", "TooSmall"): UserErrorCode.OUT_OF_RANGE,
    ("prepaid", "TooBig"): UserErrorCode.OUT_OF_RANGE,
    ("prepaid", "Declined"): UserErrorCode.DECLINED,
    # billing v8's error codes (upstreams/billing/__init__.py)
    ("billing", "Required"): UserErrorCode.REQUIRED,
    ("billing", "InvalidValue"): UserErrorCode.INVALID,
    ("billing", "InvalidPatch"): UserErrorCode.INVALID,
    ("billing", "OutOfRange"): UserErrorCode.OUT_OF_RANGE,
    ("billing", "TooLong"): UserErrorCode.TOO_LONG,
    ("billing", "InvalidReference"): UserErrorCode.NOT_FOUND,
    ("billing", "NotFound"): UserErrorCode.NOT_FOUND,
    # InvoiceXpress names no codes: its adapter calls a 422 sentence INVALID, a 406 INVALID_STATE
    ("invoicexpress", "INVALID"): UserErrorCode.INVALID,
    ("invoicexpress", "INVALID_STATE"): UserErrorCode.INVALID_STATE,
    # Saasu names no codes: a ModelState entry is a property value it refused
    ("saasu", None): UserErrorCode.INVALID,
}
"""Each upstream's own error codes (``upstreams.errors.Problem.code``) as the graph's."""


def upstream_code(upstream: str, code: str | None) -> UserErrorCode:
    """The graph's code for ``upstream``'s ``code``; ``REJECTED`` for one not listed."""
    return UPSTREAM_CODES.get((upstream, code), UserErrorCode.REJECTED)


STORED_BEFORE_1_0 = {
    "TOO_SMALL": UserErrorCode.OUT_OF_RANGE,
    "TOO_BIG": UserErrorCode.OUT_OF_RANGE,
    "NOT_ALLOWED": UserErrorCode.INVALID,
}
"""Codes a top-up's key record kept before the enum, read back for a repeat of that top-up."""


def stored_code(name: str) -> UserErrorCode:
    """The code a key record keeps under ``name``; ``REJECTED`` for a name no longer known."""
    if name in UserErrorCode.__members__:
        return UserErrorCode[name]
    return STORED_BEFORE_1_0.get(name, UserErrorCode.REJECTED)
