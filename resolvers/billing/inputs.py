"""Inputs of the billing note and contact mutations (the account inputs are in ``account_inputs``).

What each field's range is, and what leaving it out or giving ``null`` means
for each write, is checked in ``resolvers.billing.checks``.
"""

from __future__ import annotations

import functools
from typing import Any

import strawberry

from resolvers.patch_rules import patch_field
from upstreams.billing.models import ContactInput, NoteInput, clearable


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
