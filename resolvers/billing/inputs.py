"""Inputs of the billing mutations and the range checks made before any upstream call.

The ranges are the contract's (``upstreams/billing/__init__.py``): note
``subject`` required and at most 255 characters, ``text`` required; contact
``title`` at most 20 characters and at least one of ``firstName``/``lastName``;
an account's ``name`` at most 255, its bill days 1..28; ids positive. A
refused input costs no upstream call. The account inputs are in
``account_inputs``, and what their fields mean per write in ``account_checks``.
"""

from __future__ import annotations

import functools
from collections.abc import Collection, Mapping
from typing import Any, TypeVar

import strawberry
from strawberry import relay
from strawberry.utils.str_converters import to_camel_case

from resolvers.errors import UserError
from resolvers.nodes import number_in
from resolvers.patch_rules import empty_patch, given, patch_field, split
from resolvers.user_error_codes import UserErrorCode
from upstreams.billing.models import ContactInput, NoteInput, clearable, properties, wire_key

M = TypeVar("M", ContactInput, NoteInput)
UNSET: Any = strawberry.UNSET

SUBJECT_MAX = 255
TITLE_MAX = 20
NAME_MAX = 255


def problem_fields(model: type, names: Collection[str] | None = None) -> Mapping[str, str]:
    """Upstream property names (as the adapter's problems name them) -> our input field names.

    ``names`` limits it to the properties an input takes; ``identity`` is the input's ``id``.
    """
    found = {
        wire_key(f): to_camel_case(f.name)
        for f in properties(model)
        if names is None or f.name in names
    }
    return {**found, "identity": "id"}


NOTE_FIELDS = problem_fields(NoteInput)
CONTACT_FIELDS = problem_fields(ContactInput)


def model_field(model: Any, name: str, description: str, when_null: str = "clears it") -> Any:
    """A patch field for the billing input ``model``'s property ``name``, saying whether
    ``null`` clears it (the model's ``clearable``)."""
    return patch_field(description, clearable(model.__dataclass_fields__[name]), when_null)


_note = functools.partial(model_field, NoteInput)
_contact = functools.partial(model_field, ContactInput)


@strawberry.input(description="A new note on a billing account.")
class CreateNoteInput:
    customer_account_id: strawberry.ID = strawberry.field(
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
    updated_by_user_id: int | None = strawberry.field(
        default=None,
        description="Unique identifier for the User object recorded as the last to change it.",
    )
    show_on_overview: bool | None = strawberry.field(
        default=None, description="Whether the note is shown on the account's overview."
    )
    is_important: bool | None = strawberry.field(
        default=None, description="Whether the note is important."
    )


@strawberry.input(
    description="Changes to a note: a field left out keeps its value, null clears it where "
    "billing can clear it."
)
class UpdateNoteInput:
    id: strawberry.ID = strawberry.field(description="Global id of the Note to change.")
    subject: str | None = _note("subject", "The note's subject: not blank, at most 255.")
    text: str | None = _note("text", "The note's text: not blank.")
    note_type_id: int | None = _note(
        "note_type_id", "Unique identifier for the associated NoteType object."
    )
    created_by_user_id: int | None = _note(
        "created_by_user_id", "Unique identifier for the User object that created the note."
    )
    updated_by_user_id: int | None = _note(
        "updated_by_user_id", "Unique identifier for the User object changing the note."
    )
    show_on_overview: bool | None = _note(
        "show_on_overview", "Whether the note is shown on the account's overview."
    )
    is_important: bool | None = _note("is_important", "Whether the note is important.")


@strawberry.input(description="Which note to delete.")
class DeleteNoteInput:
    id: strawberry.ID = strawberry.field(description="Global id of the Note to delete.")


@strawberry.input(description="A new contact on a billing account.")
class CreateContactInput:
    customer_account_id: strawberry.ID = strawberry.field(
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


@strawberry.input(
    description="Changes to a contact: a field left out keeps its value, null clears it "
    "where billing can clear it."
)
class UpdateContactInput:
    id: strawberry.ID = strawberry.field(description="Global id of the Contact to change.")
    contact_type_id: int | None = _contact(
        "contact_type_id", "Unique identifier for the associated ContactType object."
    )
    title: str | None = _contact("title", "The contact's title; at most 20 characters.")
    first_name: str | None = _contact(
        "first_name", "The contact's first name; at least one of firstName and lastName."
    )
    last_name: str | None = _contact(
        "last_name", "The contact's last name; at least one of firstName and lastName."
    )
    is_used_for_tax: bool | None = _contact(
        "is_used_for_tax", "Whether the contact's address is used for tax calculation."
    )


@strawberry.input(description="Which contact to delete.")
class DeleteContactInput:
    id: strawberry.ID = strawberry.field(description="Global id of the Contact to delete.")


def to_model(model: type[M], source: object, errors: list[UserError], *, patch: bool) -> M:
    """The adapter's input ``model`` holding each property ``source`` has under the same name.

    A create's inputs default to ``None``, which leaves a property out; a
    patch's (``patch``) tell a field left out from an explicit ``null``, which
    clears it where billing can (``resolvers.patch_rules``), and must change one.
    """
    attributes = properties(model)
    values = {f.name: getattr(source, f.name) for f in attributes if hasattr(source, f.name)}
    if not patch:
        values = {name: value for name, value in values.items() if value is not None}
    can_clear = {f.name: clearable(f) for f in attributes}
    kept, cleared = split(values, can_clear, ["input"], errors)
    if patch and not any(given(v) for v in values.values()):
        errors.append(empty_patch(["input"]))
    return model(**kept, cleared=frozenset(cleared))


def problem(field: str | None, message: str, code: UserErrorCode) -> UserError:
    return UserError(field=["input", field] if field else None, message=message, code=code)


def global_id(value: str, type_name: str, field: str, errors: list[UserError]) -> str | None:
    """The node id inside ``value`` when it is a global id of ``type_name``; else a user error."""
    try:
        parsed = relay.GlobalID.from_id(value)
    except (relay.GlobalIDValueError, ValueError):
        parsed = None
    if parsed is None or parsed.type_name != type_name:
        errors.append(problem(field, f"Not the global id of a {type_name}", UserErrorCode.INVALID))
        return None
    return parsed.node_id


def account_key(value: str, field: str, errors: list[UserError]) -> int | None:
    """The account identity inside a CustomerAccount global id."""
    identity = number_in(value, "CustomerAccount")
    if identity is None:
        errors.append(
            problem(field, "Not the global id of a CustomerAccount", UserErrorCode.INVALID)
        )
    return identity


def child_key(value: str, type_name: str, errors: list[UserError]) -> tuple[int, int] | None:
    """``(account, child)`` inside a Contact or Note global id."""
    node_id = global_id(value, type_name, "id", errors)
    if node_id is None:
        return None
    account, sep, child = node_id.partition(":")
    if not (sep and account.isdigit() and child.isdigit()):
        errors.append(problem("id", f"Not the global id of a {type_name}", UserErrorCode.INVALID))
        return None
    return int(account), int(child)


def text_in_range(
    value: str | None, field: str, maximum: int | None, errors: list[UserError], *, required: bool
) -> None:
    """A text that, when given (or ``required``), is not blank and at most ``maximum`` long."""
    if value is None:
        if required:
            errors.append(problem(field, f"'{field}' is required.", UserErrorCode.REQUIRED))
        return
    if not value.strip():
        errors.append(problem(field, f"'{field}' must not be blank.", UserErrorCode.REQUIRED))
    elif maximum is not None and len(value) > maximum:
        errors.append(
            problem(
                field, f"'{field}' must be at most {maximum} characters.", UserErrorCode.TOO_LONG
            )
        )


def positive(value: int | None, field: str, errors: list[UserError]) -> None:
    if value is not None and value <= 0:
        errors.append(
            problem(field, f"'{field}' must be a positive identifier.", UserErrorCode.OUT_OF_RANGE)
        )


def day_of_month(value: int | None, field: str, errors: list[UserError]) -> None:
    if value is not None and not 1 <= value <= 28:
        errors.append(
            problem(field, f"'{field}' must be between 1 and 28.", UserErrorCode.OUT_OF_RANGE)
        )
