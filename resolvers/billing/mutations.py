"""Mutations of the billing part: notes and contacts (accounts are in ``account_mutations``).

Each checks its input first (no upstream call on a bad one), sends exactly
one write (never retried: a write whose answer never came may have
happened), and maps the upstream's refusal to ``userErrors``. Afterwards the
loaders that could now be stale are cleared, so the payload reads fresh data.

An update's field left out keeps its value and an explicit ``null`` clears
it where billing can (``resolvers.patch_rules``); an update that changes
nothing is refused before any call.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from typing import Annotated, TypeVar

import strawberry

from resolvers.billing.checks import (
    CONTACT_RULES,
    NOTE_RULES,
    Write,
    account_key,
    checked_input,
    child_key,
    problem_fields,
)
from resolvers.billing.inputs import (
    CreateContactInput,
    CreateNoteInput,
    DeleteContactInput,
    DeleteNoteInput,
    UpdateContactInput,
    UpdateNoteInput,
)
from resolvers.billing.loaders import billing_account_details, billing_note_pages, billing_notes
from resolvers.billing.types import Contact, Note, child_id
from resolvers.context import GraphContext, Info
from resolvers.errors import UserError, input_error, user_errors
from resolvers.nodes import global_id
from resolvers.payloads import REFUSALS, payload_of
from resolvers.user_error_codes import UserErrorCode
from upstreams.billing.adapter import BillingAdapter
from upstreams.billing.models import ContactInput, DeleteRecord, NoteInput
from upstreams.errors import InvalidInput, NotFound

T = TypeVar("T")
K = TypeVar("K")

NOTE_FIELDS = problem_fields(NoteInput)
CONTACT_FIELDS = problem_fields(ContactInput)
OWNER = "customerAccountId"
"""A create names the account it adds to in ``customerAccountId``."""
NEW_NOTE_RULES = {name: rule for name, rule in NOTE_RULES.items() if name != "updated_by_user_id"}
"""A create leaves ``updatedByUserId`` to billing to judge."""


@strawberry.type(description="The outcome of a note write.")
class NotePayload:
    note: Note | None = strawberry.field(
        description="The note as stored; null when the input was refused."
    )
    user_errors: list[UserError] = strawberry.field(description=REFUSALS)


@strawberry.type(description="The outcome of a contact write.")
class ContactPayload:
    user_errors: list[UserError] = strawberry.field(description=REFUSALS)
    written: strawberry.Private[tuple[int, int] | None] = None
    """The account and contact identities written; ``None`` when refused."""

    @strawberry.field(  # type: ignore[untyped-decorator]
        description="The contact as stored, read back as `node` reads it (GET "
        "Account/{id}/Detail: the write's answer carries neither its name, contact points "
        "nor address); null when the input was refused, or with an error when the read "
        "back fails (the write was still made)."
    )
    async def contact(self, info: Info) -> Contact | None:
        if self.written is None:
            return None
        account_id, contact_id = self.written
        node_id = child_id(account_id, contact_id)
        [contact] = await Contact.resolve_nodes(info=info, node_ids=[node_id])
        return contact


@strawberry.type(description="The outcome of a delete.")
class DeletePayload:
    deleted_ids: list[strawberry.ID] = strawberry.field(
        description="Global ids of the records deleted (an account's with its contacts and "
        "notes); empty when refused."
    )
    user_errors: list[UserError] = strawberry.field(description=REFUSALS)


CreateNotePayload = payload_of("createNote", NotePayload)
UpdateNotePayload = payload_of("updateNote", NotePayload)
DeleteNotePayload = payload_of("deleteNote", DeletePayload)
CreateContactPayload = payload_of("createContact", ContactPayload)
UpdateContactPayload = payload_of("updateContact", ContactPayload)
DeleteContactPayload = payload_of("deleteContact", DeletePayload)


async def write_once(
    info: Info,
    about: K | None,
    send: Callable[[BillingAdapter, K], Awaitable[T]],
    errors: list[UserError],
    fields: Mapping[str, str],
    target: str = "id",
    *,
    at: list[str] | None = None,
) -> T | None:
    """Send one write ``about`` what the input names, unless the input was refused.

    ``None`` when it was: by the checks (``errors`` holds their problems, and
    ``about`` may be ``None``), or by billing, whose refusal (or a missing
    ``target``) is added to ``errors`` in the input's terms, under ``at`` (the
    input, unless the write is a part of it).
    """
    if errors or about is None:
        return None
    path = at or ["input"]
    try:
        return await send(info.context.upstreams.billing, about)
    except InvalidInput as error:
        errors.extend(user_errors(error, fields, at=path))
    except NotFound as error:
        errors.append(
            UserError(field=[*path, target], message=error.message, code=UserErrorCode.NOT_FOUND)
        )
    return None


async def _delete_child(
    info: Info,
    payload: type[DeletePayload],
    target: strawberry.ID,
    type_name: str,
    send: Callable[[BillingAdapter, tuple[int, int]], Awaitable[DeleteRecord]],
    fields: Mapping[str, str],
    forget: Callable[[GraphContext, tuple[int, int]], None],
) -> DeletePayload:
    """Delete the account's note or contact that ``target`` (its global id) names, sent once.

    ``forget`` drops what the request's loaders hold of it; the answer lists
    the records billing says it deleted.
    """
    errors: list[UserError] = []
    key = child_key(target, type_name, errors)
    record = await write_once(info, key, send, errors, fields)
    if record is None or key is None:
        return payload(deleted_ids=[], user_errors=errors)
    forget(info.context, key)
    ids = [
        global_id(type_name, child_id(key[0], item.identity))
        for item in record.items
        if item.dto_type_key == type_name.lower() and item.identity is not None
    ]
    return payload(deleted_ids=ids, user_errors=[])


@strawberry.type
class BillingMutations:
    """Note and contact writes, mixed into ``BillingMutation``."""

    @strawberry.mutation(
        graphql_type=CreateNotePayload | None,
        description="Add a note to a billing account (POST Account/{id}/Note).",
    )  # type: ignore[untyped-decorator]
    async def create_note(
        self,
        info: Info,
        input: Annotated[
            CreateNoteInput, strawberry.argument(description="What to create and where.")
        ],
    ) -> NotePayload | None:
        errors: list[UserError] = []
        account_id = account_key(input.customer_account_id, ["input", OWNER], errors)
        note = checked_input(
            NoteInput, input, Write.CREATE, errors, NEW_NOTE_RULES, null_is_absent=True
        )
        written = await write_once(
            info,
            account_id,
            lambda billing, account: billing.create_note(account, note),
            errors,
            {**NOTE_FIELDS, "identity": OWNER},
            OWNER,
        )
        if written is None or account_id is None:
            return CreateNotePayload(note=None, user_errors=errors)
        context = info.context
        context.loader(billing_note_pages).clear_all()
        context.loader(billing_notes).prime((account_id, written.record.identity), written.record)
        return CreateNotePayload(note=Note.from_model(account_id, written.record), user_errors=[])

    @strawberry.mutation(
        graphql_type=UpdateNotePayload | None, description="Change a note (PUT Account/{id}/Note)."
    )  # type: ignore[untyped-decorator]
    async def update_note(
        self,
        info: Info,
        input: Annotated[
            UpdateNoteInput, strawberry.argument(description="What to change and where.")
        ],
    ) -> NotePayload | None:
        errors: list[UserError] = []
        key = child_key(input.id, "Note", errors)
        note = checked_input(NoteInput, input, Write.PATCH, errors, NOTE_RULES)
        written = await write_once(
            info, key, lambda billing, key: billing.update_note(*key, note), errors, NOTE_FIELDS
        )
        if written is None or key is None:
            return UpdateNotePayload(note=None, user_errors=errors)
        context = info.context
        context.loader(billing_note_pages).clear_all()
        context.loader(billing_notes).clear(key).prime(key, written.record)
        return UpdateNotePayload(note=Note.from_model(key[0], written.record), user_errors=[])

    @strawberry.mutation(
        graphql_type=DeleteNotePayload | None,
        description="Delete a note (DELETE Account/{id}/Note/{noteId}).",
    )  # type: ignore[untyped-decorator]
    async def delete_note(
        self,
        info: Info,
        input: Annotated[
            DeleteNoteInput, strawberry.argument(description="What to delete and where.")
        ],
    ) -> DeletePayload | None:
        def forget(context: GraphContext, key: tuple[int, int]) -> None:
            context.loader(billing_note_pages).clear_all()
            context.loader(billing_notes).clear(key)

        return await _delete_child(
            info,
            DeleteNotePayload,
            input.id,
            "Note",
            lambda billing, key: billing.delete_note(*key),
            NOTE_FIELDS,
            forget,
        )

    @strawberry.mutation(
        graphql_type=CreateContactPayload | None,  # type: ignore[untyped-decorator]
        description="Add a contact to a billing account (POST Account/{id}/Contact).",
    )
    async def create_contact(
        self,
        info: Info,
        input: Annotated[
            CreateContactInput, strawberry.argument(description="What to create and where.")
        ],
    ) -> ContactPayload | None:
        errors: list[UserError] = []
        account_id = account_key(input.customer_account_id, ["input", OWNER], errors)
        contact = checked_input(
            ContactInput, input, Write.CREATE, errors, CONTACT_RULES, null_is_absent=True
        )
        if not (input.first_name or "").strip() and not (input.last_name or "").strip():
            message = "At least one of 'firstName' and 'lastName' is required."
            errors.append(input_error("firstName", message, UserErrorCode.REQUIRED))
        written = await write_once(
            info,
            account_id,
            lambda billing, account: billing.create_contact(account, contact),
            errors,
            {**CONTACT_FIELDS, "identity": OWNER},
            OWNER,
        )
        if written is None or account_id is None:
            return CreateContactPayload(user_errors=errors)
        context = info.context
        context.loader(billing_account_details).clear(account_id)
        return CreateContactPayload(user_errors=[], written=(account_id, written.record.identity))

    @strawberry.mutation(
        graphql_type=UpdateContactPayload | None,
        description="Change a contact (PUT Account/{id}/Contact).",
    )  # type: ignore[untyped-decorator]
    async def update_contact(
        self,
        info: Info,
        input: Annotated[
            UpdateContactInput, strawberry.argument(description="What to change and where.")
        ],
    ) -> ContactPayload | None:
        errors: list[UserError] = []
        key = child_key(input.id, "Contact", errors)
        contact = checked_input(ContactInput, input, Write.PATCH, errors, CONTACT_RULES)
        written = await write_once(
            info,
            key,
            lambda billing, key: billing.update_contact(*key, contact),
            errors,
            CONTACT_FIELDS,
        )
        if written is None or key is None:
            return UpdateContactPayload(user_errors=errors)
        info.context.loader(billing_account_details).clear(key[0])
        return UpdateContactPayload(user_errors=[], written=(key[0], written.record.identity))

    @strawberry.mutation(
        graphql_type=DeleteContactPayload | None,  # type: ignore[untyped-decorator]
        description="Delete a contact with its contact points and address "
        "(DELETE Account/{id}/Contact/{contactId}).",
    )
    async def delete_contact(
        self,
        info: Info,
        input: Annotated[
            DeleteContactInput, strawberry.argument(description="What to delete and where.")
        ],
    ) -> DeletePayload | None:
        def forget(context: GraphContext, key: tuple[int, int]) -> None:
            context.loader(billing_account_details).clear(key[0])

        return await _delete_child(
            info,
            DeleteContactPayload,
            input.id,
            "Contact",
            lambda billing, key: billing.delete_contact(*key),
            CONTACT_FIELDS,
            forget,
        )
