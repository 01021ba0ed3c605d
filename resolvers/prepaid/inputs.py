"""Inputs of the prepaid Web API's mutations, each checked against the documented ranges.

Every problem is found at once, before any call, so a form shows them all
and refused input costs the API nothing; every string is checked against
what XML can hold too (``resolvers.xml_text``), since the API would store a
NUL and then fail every read of that account.
"""

from __future__ import annotations

import re

import strawberry

from resolvers.errors import UserError, in_input_terms, input_error
from resolvers.nodes import number_in
from resolvers.user_error_codes import UserErrorCode
from resolvers.xml_text import xml_text_errors
from upstreams.errors import NotFound
from upstreams.prepaid import models

AMOUNT = (10, 10000)
THRESHOLD = (5, 5000)
LEVEL = (10, 10000)
STATE = re.compile(r"[A-Za-z]{2}")
KEY_LENGTH = 255
FIELDS = {
    "AccountId": "prepaidAccountId",
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
"""The API's parameter names -> this module's input field names, for its own errors."""


def missing_account(error: NotFound) -> UserError:
    """The API's answer that the account ``prepaidAccountId`` names does not exist."""
    message = in_input_terms(error.message, FIELDS)
    return input_error("prepaidAccountId", message, UserErrorCode.NOT_FOUND)


def _in_range(value: int, bounds: tuple[int, int], field: str, what: str) -> list[UserError]:
    low, high = bounds
    if value < low:
        return [input_error(field, f"{what} must be at least {low}.", UserErrorCode.OUT_OF_RANGE)]
    if value > high:
        return [input_error(field, f"{what} must be at most {high}.", UserErrorCode.OUT_OF_RANGE)]
    return []


class PointsAtPrepaidAccount:
    """An input whose ``prepaidAccountId`` names the account it writes."""

    prepaid_account_id: strawberry.ID

    @property
    def account_number(self) -> int | None:
        """The prepaid AccountId inside ``prepaidAccountId``; None when it holds none."""
        return number_in(self.prepaid_account_id, "PrepaidAccount")

    def account_problems(self) -> list[UserError]:
        if self.account_number is None:
            message = "prepaidAccountId must be the global id of a PrepaidAccount."
            return [input_error("prepaidAccountId", message, UserErrorCode.INVALID)]
        return []


PREPAID_ACCOUNT_ID = "Global id of the PrepaidAccount to change."
CONTACT_TEXTS = ("name", "organization", "address", "city", "state", "zipcode", "phone", "email")
"""The contact's text fields, by their names on the input and on ``models.ContactInput``."""


@strawberry.input(description="The whole new contact of a prepaid account (AccountEditContact).")
class ReplacePrepaidContactInput(PointsAtPrepaidAccount):
    prepaid_account_id: strawberry.ID = strawberry.field(description=PREPAID_ACCOUNT_ID)
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
        found = self.account_problems()
        texts = {field: getattr(self, field) for field in CONTACT_TEXTS}
        found += xml_text_errors((["input", field], value) for field, value in texts.items())
        for field in ("name", "city", "zipcode", "email"):
            if not texts[field].strip():
                found.append(input_error(field, f"{field} is required.", UserErrorCode.REQUIRED))
        if not STATE.fullmatch(self.state.strip()):
            found.append(
                input_error(
                    "state", "state must be a two letter state code.", UserErrorCode.INVALID
                )
            )
        if self.country_id < 1:
            found.append(
                input_error(
                    "countryId", "countryId must be a positive integer.", UserErrorCode.OUT_OF_RANGE
                )
            )
        return found

    def to_model(self) -> models.ContactInput:
        """The contact as sent: its texts trimmed, the state code in upper case."""
        texts = {field: getattr(self, field).strip() for field in CONTACT_TEXTS}
        texts["state"] = texts["state"].upper()
        return models.ContactInput(**texts, country_id=self.country_id)


@strawberry.input(
    description="A top-up of the pre-paid balance, charged to the credit card on file "
    "(AccountEditCreditAdd)."
)
class AddCreditInput(PointsAtPrepaidAccount):
    prepaid_account_id: strawberry.ID = strawberry.field(
        description="Global id of the PrepaidAccount whose balance is topped up."
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
        found = self.account_problems() + _in_range(self.amount, AMOUNT, "amount", "amount")
        if not self.idempotency_key:
            found.append(
                input_error("idempotencyKey", "idempotencyKey is required.", UserErrorCode.REQUIRED)
            )
        elif len(self.idempotency_key) > KEY_LENGTH:
            message = f"idempotencyKey must be at most {KEY_LENGTH} characters."
            found.append(input_error("idempotencyKey", message, UserErrorCode.TOO_LONG))
        else:
            found += xml_text_errors([(["input", "idempotencyKey"], self.idempotency_key)])
        return found


@strawberry.input(description="The auto recharge parameters of an account (AccountEditRecharge).")
class SetRechargeInput(PointsAtPrepaidAccount):
    prepaid_account_id: strawberry.ID = strawberry.field(description=PREPAID_ACCOUNT_ID)
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
            self.account_problems()
            + _in_range(self.threshold, THRESHOLD, "threshold", "threshold")
            + _in_range(self.level, LEVEL, "level", "level")
        )
