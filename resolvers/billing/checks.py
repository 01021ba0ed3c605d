"""A billing input into the adapter's model, checked against the documented ranges first.

The ranges are the contract's (``upstreams/billing/__init__.py``): note
``subject`` at most 255 characters and not blank, ``text`` not blank;
contact ``title`` at most 20 characters; an account's ``name`` at most 255,
its bill days 1..28; ids positive. A refused input costs no upstream call.

What a field left out or ``null`` means depends on the write:

- ``PATCH``: left out is unchanged, ``null`` clears (refused where billing
  cannot clear), and at least one field must be given;
- ``CREATE``: left out is billing's default, and the fields a create needs
  are required;
- ``REPLACE``: left out or ``null`` is cleared, so every field billing
  cannot clear is required.

Problems come back at ``path`` + the field's name, so each write places them
under its own input (``["input"]``, ``["input", "customer"]``,
``["input", "items", "2"]``).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Collection, Mapping
from enum import Enum
from typing import Any, TypeVar

import strawberry
from strawberry.utils.str_converters import to_camel_case

from resolvers.billing.account_inputs import CustomerAccountFields
from resolvers.errors import UserError, input_error
from resolvers.nodes import node_id_in, number_in
from resolvers.patch_rules import empty_patch, given, required, split
from resolvers.user_error_codes import UserErrorCode
from upstreams.billing.models import (
    AccountInput,
    ContactInput,
    NoteInput,
    clearable,
    properties,
    wire_key,
)

M = TypeVar("M", AccountInput, ContactInput, NoteInput)
Rule = Callable[[Any, list[str], list[UserError]], Any]
"""A property's range check: the value as sent, its problems added at the given path."""

SUBJECT_MAX = 255
TITLE_MAX = 20
NAME_MAX = 255


class Write(Enum):
    PATCH = "patch"
    CREATE = "create"
    REPLACE = "replace"


def problem_fields(model: type) -> Mapping[str, str]:
    """Upstream property names (as the adapter's problems name them) -> our input field names.

    ``identity`` is the input's ``id``.
    """
    return {**{wire_key(f): to_camel_case(f.name) for f in properties(model)}, "identity": "id"}


def account_key(value: str, at: list[str], errors: list[UserError]) -> int | None:
    """The account identity inside a CustomerAccount global id given at ``at``."""
    identity = number_in(value, "CustomerAccount")
    if identity is None:
        message = "Not the global id of a CustomerAccount"
        errors.append(UserError(field=at, message=message, code=UserErrorCode.INVALID))
    return identity


def child_key(value: str, type_name: str, errors: list[UserError]) -> tuple[int, int] | None:
    """``(account, child)`` inside the input's ``id``, a Contact or Note global id."""
    account, sep, child = (node_id_in(value, type_name) or "").partition(":")
    if not (sep and account.isdigit() and child.isdigit()):
        message = f"Not the global id of a {type_name}"
        errors.append(input_error("id", message, UserErrorCode.INVALID))
        return None
    return int(account), int(child)


def at_most(maximum: int | None, *, blank: bool = False) -> Rule:
    """A text at most ``maximum`` long (any length when ``None``), blank only when ``blank``."""

    def check(value: str, at: list[str], errors: list[UserError]) -> str:
        field = at[-1]
        if not blank and not value.strip():
            message = f"'{field}' must not be blank."
            errors.append(UserError(field=at, message=message, code=UserErrorCode.REQUIRED))
        elif maximum is not None and len(value) > maximum:
            message = f"'{field}' must be at most {maximum} characters."
            errors.append(UserError(field=at, message=message, code=UserErrorCode.TOO_LONG))
        return value

    return check


def positive(value: int, at: list[str], errors: list[UserError]) -> int:
    if value <= 0:
        message = f"'{at[-1]}' must be a positive identifier."
        errors.append(UserError(field=at, message=message, code=UserErrorCode.OUT_OF_RANGE))
    return value


def day_of_month(value: int, at: list[str], errors: list[UserError]) -> int:
    if not 1 <= value <= 28:
        message = f"'{at[-1]}' must be between 1 and 28."
        errors.append(UserError(field=at, message=message, code=UserErrorCode.OUT_OF_RANGE))
    return value


LOOKUP_IDS = (
    "currency_id",
    "account_status_type_id",
    "bill_group_id",
    "invoice_delivery_id",
    "accounts_receivable_terms_id",
    "account_type_id",
    "account_tax_category_id",
    "tax_code_id",
    "default_payment_gateway_id",
    "created_by_user_id",
)
DAYS = ("bill_day", "usage_bill_day", "pending_bill_day", "pending_usage_bill_day")
LINKS = ("invoicer_account_id", "usage_invoicer_account_id", "tax_setting_account_id")
"""The properties the inputs take as CustomerAccount global ids."""

ACCOUNT_RULES: dict[str, Rule] = {
    "name": at_most(NAME_MAX),
    **dict.fromkeys(DAYS, day_of_month),
    **dict.fromkeys(LOOKUP_IDS, positive),
    **dict.fromkeys(LINKS, account_key),
}
NOTE_RULES: dict[str, Rule] = {
    "subject": at_most(SUBJECT_MAX),
    "text": at_most(None),
    **dict.fromkeys(("note_type_id", "created_by_user_id", "updated_by_user_id"), positive),
}
CONTACT_RULES: dict[str, Rule] = {
    "contact_type_id": positive,
    "title": at_most(TITLE_MAX, blank=True),
    "first_name": at_most(NAME_MAX),
    "last_name": at_most(NAME_MAX),
}


def checked_input(
    model: type[M],
    source: Any,
    write: Write,
    errors: list[UserError],
    rules: Mapping[str, Rule],
    *,
    path: list[str] | None = None,
    needed: Collection[str] = (),
    null_is_absent: bool = False,
) -> M:
    """The ``model`` to send, from ``source``'s fields of the same names, in ``source``'s order.

    Each given value passes its property's rule; a create must give the
    properties ``needed``. ``null_is_absent`` is for inputs whose fields
    default to ``null`` (a note's or contact's create): there ``null`` leaves a
    property out. Problems are added to ``errors``, at ``path`` (the input).
    """
    at: list[str] = path or ["input"]
    can_clear = {f.name: clearable(f) for f in properties(model)}
    values = {
        f.name: getattr(source, f.name) for f in dataclasses.fields(source) if f.name in can_clear
    }
    if null_is_absent:
        values = {name: strawberry.UNSET if v is None else v for name, v in values.items()}
    kept, cleared = split(values, can_clear, at, errors, absent_clears=write is Write.REPLACE)
    for name, value in kept.items():
        rule = rules.get(name)
        if rule is not None:
            kept[name] = rule(value, [*at, to_camel_case(name)], errors)
    if write is Write.CREATE:
        errors.extend(required([*at, to_camel_case(n)]) for n in needed if not given(values[n]))
    if write is Write.PATCH and not any(given(v) for v in values.values()):
        errors.append(empty_patch(at))
    return model(**kept, cleared=frozenset(cleared))


def account_input(
    fields: CustomerAccountFields, write: Write, path: list[str], errors: list[UserError]
) -> AccountInput:
    """An account input's fields as the adapter's ``AccountInput``; problems at ``path``."""
    return checked_input(
        AccountInput, fields, write, errors, ACCOUNT_RULES, path=path, needed=("name",)
    )
