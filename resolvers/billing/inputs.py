"""Inputs of the billing mutations and the range checks made before any upstream call.

The ranges are the contract's (``upstreams/billing/__init__.py``): note
``subject`` required and at most 255 characters, ``text`` required; contact
``title`` at most 20 characters and at least one of ``firstName``/``lastName``;
an account's ``name`` at most 255, its bill days 1..28; ids positive. A
refused input costs no upstream call.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Collection, Mapping
from datetime import datetime
from typing import Any, TypeVar

import strawberry
from strawberry import relay
from strawberry.utils.str_converters import to_camel_case

from resolvers.billing.types import associated
from resolvers.errors import UserError
from upstreams.billing.models import AccountInput, ContactInput, NoteInput, wire_key

M = TypeVar("M")

SUBJECT_MAX = 255
TITLE_MAX = 20
NAME_MAX = 255


def problem_fields(model: type, names: Collection[str] | None = None) -> Mapping[str, str]:
    """Upstream property names (as the adapter's problems name them) -> our input field names.

    ``names`` limits it to the properties an input takes; ``identity`` is the input's ``id``.
    """
    found = {
        wire_key(f): to_camel_case(f.name)
        for f in dataclasses.fields(model)
        if names is None or f.name in names
    }
    return {**found, "identity": "id"}


NOTE_FIELDS = problem_fields(NoteInput)
CONTACT_FIELDS = problem_fields(ContactInput)


@strawberry.input(description="A new note on a billing account.")
class CreateNoteInput:
    account_id: strawberry.ID = strawberry.field(
        description="Global id of the CustomerAccount the note is kept on."
    )
    subject: str = strawberry.field(description="The note's subject: required, at most 255.")
    text: str = strawberry.field(description="The note's text: required.")
    note_type_id: int | None = strawberry.field(
        default=None, description="Unique identifier for the associated NoteType object."
    )
    created_by_user_id: int | None = strawberry.field(
        default=None, description="Unique identifier for the User object creating the note."
    )
    show_on_overview: bool | None = strawberry.field(
        default=None, description="Whether the note is shown on the account's overview."
    )
    is_important: bool | None = strawberry.field(
        default=None, description="Whether the note is important."
    )


@strawberry.input(description="Changes to a note; fields left out keep their value.")
class UpdateNoteInput:
    id: strawberry.ID = strawberry.field(description="Global id of the Note to change.")
    subject: str | None = strawberry.field(
        default=None, description="The note's subject: not blank, at most 255."
    )
    text: str | None = strawberry.field(default=None, description="The note's text: not blank.")
    note_type_id: int | None = strawberry.field(
        default=None, description="Unique identifier for the associated NoteType object."
    )
    updated_by_user_id: int | None = strawberry.field(
        default=None, description="Unique identifier for the User object changing the note."
    )
    show_on_overview: bool | None = strawberry.field(
        default=None, description="Whether the note is shown on the account's overview."
    )
    is_important: bool | None = strawberry.field(
        default=None, description="Whether the note is important."
    )


@strawberry.input(description="Which note to delete.")
class DeleteNoteInput:
    id: strawberry.ID = strawberry.field(description="Global id of the Note to delete.")


@strawberry.input(description="A new contact on a billing account.")
class CreateContactInput:
    account_id: strawberry.ID = strawberry.field(
        description="Global id of the CustomerAccount the contact belongs to."
    )
    contact_type_id: int | None = strawberry.field(
        default=None, description="Unique identifier for the associated ContactType object."
    )
    title: str | None = strawberry.field(
        default=None, description='The contact\'s title, e.g. "Mr."; at most 20 characters.'
    )
    first_name: str | None = strawberry.field(
        default=None,
        description="The contact's first name; at least one of firstName and lastName.",
    )
    last_name: str | None = strawberry.field(
        default=None,
        description="The contact's last name; at least one of firstName and lastName.",
    )
    is_used_for_tax: bool | None = strawberry.field(
        default=None, description="Whether the contact's address is used for tax calculation."
    )


@strawberry.input(description="Changes to a contact; fields left out keep their value.")
class UpdateContactInput:
    id: strawberry.ID = strawberry.field(description="Global id of the Contact to change.")
    contact_type_id: int | None = strawberry.field(
        default=None, description="Unique identifier for the associated ContactType object."
    )
    title: str | None = strawberry.field(
        default=None, description="The contact's title; at most 20 characters."
    )
    first_name: str | None = strawberry.field(default=None, description="The contact's first name.")
    last_name: str | None = strawberry.field(default=None, description="The contact's last name.")
    is_used_for_tax: bool | None = strawberry.field(
        default=None, description="Whether the contact's address is used for tax calculation."
    )


@strawberry.input(description="Which contact to delete.")
class DeleteContactInput:
    id: strawberry.ID = strawberry.field(description="Global id of the Contact to delete.")


def patched(description: str) -> Any:
    """A property a patch may change: left out, it keeps its value."""
    return strawberry.field(default=None, description=description + " Left out: unchanged.")


@strawberry.input(
    description="Changes to a billing customer account; fields left out keep their value."
)
class CustomerAccountPatch:
    id: strawberry.ID = strawberry.field(description="Global id of the CustomerAccount to change.")
    name: str | None = patched("This is the name given to the account (at most 255).")
    display_name: str | None = patched("Optional display name associated with the account.")
    bill_day: int | None = patched(
        "The day of the month that this account's subscriptions and one time charges "
        "are billed, 1..28."
    )
    usage_bill_day: int | None = patched(
        "The day of the month that this account's metered usage is billed, 1..28."
    )
    pending_bill_day: int | None = patched("An upcoming change to billDay, 1..28.")
    pending_usage_bill_day: int | None = patched("An upcoming change to usageBillDay, 1..28.")
    invoicer_account_id: strawberry.ID | None = patched(
        "Global id of the CustomerAccount that will receive the invoice for subscriptions "
        "and one-time charges."
    )
    usage_invoicer_account_id: strawberry.ID | None = patched(
        "Global id of the CustomerAccount that will receive the invoice for usage charges."
    )
    tax_setting_account_id: strawberry.ID | None = patched(
        "Global id of the CustomerAccount used for tax calculation purposes."
    )
    external_account_identifier: str | None = patched(
        "An optional account ID from an alternative external system."
    )
    vat_number: str | None = patched(
        "The Value Added Tax (VAT) number associated with the account."
    )
    lifeline: bool | None = patched("Indicates if an account is a Lifeline customer or not.")
    e_invoice_endpoint_id: str | None = patched(
        "The eInvoice Endpoint ID required if using eInvoice system."
    )
    e_invoice_scheme_id: str | None = patched(
        "The eInvoice Scheme ID required if using eInvoice system."
    )
    zero_inclusive_tax_when_exempt: bool | None = patched(
        "Flag to zeroise any included usage taxes if account is tax exempt."
    )
    effective_cancel: datetime | None = patched(
        "This is the date for when the account is to be cancelled."
    )
    currency_id: int | None = patched(associated("Currency"))
    account_status_type_id: int | None = patched(associated("AccountStatusType"))
    bill_group_id: int | None = patched(associated("BillGroup"))
    invoice_delivery_id: int | None = patched(associated("InvoiceDelivery"))
    accounts_receivable_terms_id: int | None = patched(associated("AccountsReceivableTerms"))
    account_type_id: int | None = patched(associated("AccountType"))
    account_tax_category_id: int | None = patched(associated("AccountTaxCategory"))
    tax_code_id: int | None = patched(associated("TaxCode"))
    default_payment_gateway_id: int | None = patched(associated("PaymentGateway"))


LINKS = ("invoicer_account_id", "usage_invoicer_account_id", "tax_setting_account_id")
"""The properties ``CustomerAccountPatch`` takes as CustomerAccount global ids."""

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
)

PATCHED = frozenset(f.name for f in dataclasses.fields(CustomerAccountPatch)) & frozenset(
    f.name for f in dataclasses.fields(AccountInput)
)
"""The account properties ``CustomerAccountPatch`` can change."""

ACCOUNT_FIELDS = problem_fields(AccountInput, PATCHED)


def to_model(model: type[M], given: object) -> M:
    """The adapter's input ``model`` holding each property ``given`` has under the same name."""
    names = [f.name for f in dataclasses.fields(model)]  # type: ignore[arg-type]
    values: dict[str, Any] = {name: getattr(given, name) for name in names if hasattr(given, name)}
    return model(**values)


def problem(field: str | None, message: str, code: str) -> UserError:
    return UserError(field=["input", field] if field else None, message=message, code=code)


def global_id(value: str, type_name: str, field: str, errors: list[UserError]) -> str | None:
    """The node id inside ``value`` when it is a global id of ``type_name``; else a user error."""
    try:
        parsed = relay.GlobalID.from_id(value)
    except (relay.GlobalIDValueError, ValueError):
        parsed = None
    if parsed is None or parsed.type_name != type_name:
        errors.append(problem(field, f"Not the global id of a {type_name}", "INVALID"))
        return None
    return parsed.node_id


def account_key(value: str, field: str, errors: list[UserError]) -> int | None:
    """The account identity inside a CustomerAccount global id."""
    node_id = global_id(value, "CustomerAccount", field, errors)
    if node_id is None:
        return None
    if not node_id.isdigit() or int(node_id) <= 0:
        errors.append(problem(field, "Not the global id of a CustomerAccount", "INVALID"))
        return None
    return int(node_id)


def child_key(value: str, type_name: str, errors: list[UserError]) -> tuple[int, int] | None:
    """``(account, child)`` inside a Contact or Note global id."""
    node_id = global_id(value, type_name, "id", errors)
    if node_id is None:
        return None
    account, sep, child = node_id.partition(":")
    if not (sep and account.isdigit() and child.isdigit()):
        errors.append(problem("id", f"Not the global id of a {type_name}", "INVALID"))
        return None
    return int(account), int(child)


def text_in_range(
    value: str | None, field: str, maximum: int | None, errors: list[UserError], *, required: bool
) -> None:
    """A text that, when given (or ``required``), is not blank and at most ``maximum`` long."""
    if value is None:
        if required:
            errors.append(problem(field, f"'{field}' is required.", "REQUIRED"))
        return
    if not value.strip():
        errors.append(problem(field, f"'{field}' must not be blank.", "REQUIRED"))
    elif maximum is not None and len(value) > maximum:
        errors.append(
            problem(field, f"'{field}' must be at most {maximum} characters.", "TOO_LONG")
        )


def positive(value: int | None, field: str, errors: list[UserError]) -> None:
    if value is not None and value <= 0:
        errors.append(problem(field, f"'{field}' must be a positive identifier.", "INVALID_VALUE"))


def day_of_month(value: int | None, field: str, errors: list[UserError]) -> None:
    if value is not None and not 1 <= value <= 28:
        errors.append(problem(field, f"'{field}' must be between 1 and 28.", "OUT_OF_RANGE"))
