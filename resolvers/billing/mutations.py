"""Mutations of the billing part: notes, contacts, and ``patchAccount``'s customer.

Each checks its input first (no upstream call on a bad one), sends exactly
one write (never retried: a write whose answer never came may have
happened), and maps the upstream's refusal to ``userErrors``. Afterwards the
loaders that could now be stale are cleared, so the payload reads fresh data.

A customer patch is one ``PATCH Account/{id}`` with one account ``update``
item holding only the properties the input sets (the API validates every
item first and applies all or none); the upstream's refusal becomes user
errors under ``["input", "customer", <field>]``.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from typing import Annotated, TypeVar

import strawberry
from strawberry import relay
from strawberry.utils.str_converters import to_camel_case

from resolvers.account import PatchAccountPayload
from resolvers.billing import inputs as checks
from resolvers.billing.inputs import (
    CONTACT_FIELDS,
    NOTE_FIELDS,
    CreateContactInput,
    CreateNoteInput,
    CustomerAccountPatch,
    DeleteContactInput,
    DeleteNoteInput,
    UpdateContactInput,
    UpdateNoteInput,
    to_model,
)
from resolvers.billing.loaders import (
    billing_account_details,
    billing_accounts,
    billing_note_pages,
    billing_notes,
    prime_accounts,
)
from resolvers.billing.types import Contact, CustomerAccount, Note, child_id
from resolvers.context import GraphContext
from resolvers.errors import UserError, user_errors
from upstreams.billing.models import (
    AccountInput,
    AccountPatch,
    BillingAccount,
    ContactInput,
    DeleteRecord,
    NoteInput,
)
from upstreams.errors import InvalidInput, NotFound

T = TypeVar("T")


REFUSALS = "Why the input was refused; empty on success."


@strawberry.type(description="The outcome of createNote or updateNote.")
class NotePayload:
    note: Note | None = strawberry.field(
        description="The note as stored; null when the input was refused."
    )
    user_errors: list[UserError] = strawberry.field(description=REFUSALS)


@strawberry.type(description="The outcome of createContact or updateContact.")
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
    async def contact(self, info: strawberry.Info) -> Contact | None:
        if self.written is None:
            return None
        account_id, contact_id = self.written
        node_id = child_id(account_id, contact_id)
        [contact] = await Contact.resolve_nodes(info=info, node_ids=[node_id])
        return contact


@strawberry.type(description="The outcome of deleteNote or deleteContact.")
class DeletePayload:
    deleted_ids: list[strawberry.ID] = strawberry.field(
        description="Global ids of the notes or contacts deleted; empty when refused."
    )
    user_errors: list[UserError] = strawberry.field(description=REFUSALS)


async def _write(
    send: Callable[[], Awaitable[T]],
    fields: Mapping[str, str],
    errors: list[UserError],
    target: str = "id",
) -> T | None:
    """Send one write; a refusal or a missing ``target`` becomes user errors."""
    try:
        return await send()
    except InvalidInput as error:
        errors.extend(user_errors(error, fields))
    except NotFound as error:
        errors.append(checks.problem(target, error.message, "NOT_FOUND"))
    return None


def _deleted(record: DeleteRecord, dto_type: str, type_name: str, account_id: int) -> list[str]:
    return [
        str(relay.GlobalID(type_name, child_id(account_id, item.identity)))
        for item in record.items
        if item.dto_type_key == dto_type and item.identity is not None
    ]


@strawberry.type
class BillingMutations:
    """Note and contact writes, mixed into ``BillingMutation``."""

    @strawberry.mutation(description="Add a note to a billing account (POST Account/{id}/Note).")  # type: ignore[untyped-decorator]
    async def create_note(
        self,
        info: strawberry.Info,
        input: Annotated[
            CreateNoteInput, strawberry.argument(description="What to create and where.")
        ],
    ) -> NotePayload | None:
        errors: list[UserError] = []
        account_id = checks.account_key(input.account_id, "accountId", errors)
        checks.text_in_range(input.subject, "subject", checks.SUBJECT_MAX, errors, required=True)
        checks.text_in_range(input.text, "text", None, errors, required=True)
        checks.positive(input.note_type_id, "noteTypeId", errors)
        checks.positive(input.created_by_user_id, "createdByUserId", errors)
        if errors or account_id is None:
            return NotePayload(note=None, user_errors=errors)
        context: GraphContext = info.context
        note = to_model(NoteInput, input)
        fields = {**NOTE_FIELDS, "identity": "accountId"}
        written = await _write(
            lambda: context.upstreams.billing.create_note(account_id, note),
            fields,
            errors,
            "accountId",
        )
        if written is None:
            return NotePayload(note=None, user_errors=errors)
        context.loader(billing_note_pages).clear_all()
        context.loader(billing_notes).prime((account_id, written.record.identity), written.record)
        return NotePayload(note=Note.from_model(account_id, written.record), user_errors=[])

    @strawberry.mutation(description="Change a note (PUT Account/{id}/Note).")  # type: ignore[untyped-decorator]
    async def update_note(
        self,
        info: strawberry.Info,
        input: Annotated[
            UpdateNoteInput, strawberry.argument(description="What to change and where.")
        ],
    ) -> NotePayload | None:
        errors: list[UserError] = []
        key = checks.child_key(input.id, "Note", errors)
        checks.text_in_range(input.subject, "subject", checks.SUBJECT_MAX, errors, required=False)
        checks.text_in_range(input.text, "text", None, errors, required=False)
        checks.positive(input.note_type_id, "noteTypeId", errors)
        checks.positive(input.updated_by_user_id, "updatedByUserId", errors)
        if errors or key is None:
            return NotePayload(note=None, user_errors=errors)
        account_id, note_id = key
        context: GraphContext = info.context
        note = to_model(NoteInput, input)
        written = await _write(
            lambda: context.upstreams.billing.update_note(account_id, note_id, note),
            NOTE_FIELDS,
            errors,
        )
        if written is None:
            return NotePayload(note=None, user_errors=errors)
        context.loader(billing_note_pages).clear_all()
        context.loader(billing_notes).clear(key).prime(key, written.record)
        return NotePayload(note=Note.from_model(account_id, written.record), user_errors=[])

    @strawberry.mutation(description="Delete a note (DELETE Account/{id}/Note/{noteId}).")  # type: ignore[untyped-decorator]
    async def delete_note(
        self,
        info: strawberry.Info,
        input: Annotated[
            DeleteNoteInput, strawberry.argument(description="What to delete and where.")
        ],
    ) -> DeletePayload | None:
        errors: list[UserError] = []
        key = checks.child_key(input.id, "Note", errors)
        if errors or key is None:
            return DeletePayload(deleted_ids=[], user_errors=errors)
        context: GraphContext = info.context
        record = await _write(
            lambda: context.upstreams.billing.delete_note(*key), NOTE_FIELDS, errors
        )
        if record is None:
            return DeletePayload(deleted_ids=[], user_errors=errors)
        context.loader(billing_note_pages).clear_all()
        context.loader(billing_notes).clear(key)
        ids = _deleted(record, "note", "Note", key[0])
        return DeletePayload(deleted_ids=[strawberry.ID(i) for i in ids], user_errors=[])

    @strawberry.mutation(  # type: ignore[untyped-decorator]
        description="Add a contact to a billing account (POST Account/{id}/Contact)."
    )
    async def create_contact(
        self,
        info: strawberry.Info,
        input: Annotated[
            CreateContactInput, strawberry.argument(description="What to create and where.")
        ],
    ) -> ContactPayload | None:
        errors: list[UserError] = []
        account_id = checks.account_key(input.account_id, "accountId", errors)
        _check_contact(
            input.contact_type_id, input.title, input.first_name, input.last_name, errors
        )
        if not (input.first_name or "").strip() and not (input.last_name or "").strip():
            errors.append(
                checks.problem(
                    "firstName",
                    "At least one of 'firstName' and 'lastName' is required.",
                    "REQUIRED",
                )
            )
        if errors or account_id is None:
            return ContactPayload(user_errors=errors)
        context: GraphContext = info.context
        contact = to_model(ContactInput, input)
        fields = {**CONTACT_FIELDS, "identity": "accountId"}
        written = await _write(
            lambda: context.upstreams.billing.create_contact(account_id, contact),
            fields,
            errors,
            "accountId",
        )
        if written is None:
            return ContactPayload(user_errors=errors)
        context.loader(billing_account_details).clear(account_id)
        return ContactPayload(user_errors=[], written=(account_id, written.record.identity))

    @strawberry.mutation(description="Change a contact (PUT Account/{id}/Contact).")  # type: ignore[untyped-decorator]
    async def update_contact(
        self,
        info: strawberry.Info,
        input: Annotated[
            UpdateContactInput, strawberry.argument(description="What to change and where.")
        ],
    ) -> ContactPayload | None:
        errors: list[UserError] = []
        key = checks.child_key(input.id, "Contact", errors)
        _check_contact(
            input.contact_type_id, input.title, input.first_name, input.last_name, errors
        )
        if errors or key is None:
            return ContactPayload(user_errors=errors)
        account_id, contact_id = key
        context: GraphContext = info.context
        contact = to_model(ContactInput, input)
        written = await _write(
            lambda: context.upstreams.billing.update_contact(account_id, contact_id, contact),
            CONTACT_FIELDS,
            errors,
        )
        if written is None:
            return ContactPayload(user_errors=errors)
        context.loader(billing_account_details).clear(account_id)
        return ContactPayload(user_errors=[], written=(account_id, written.record.identity))

    @strawberry.mutation(  # type: ignore[untyped-decorator]
        description="Delete a contact with its contact points and address "
        "(DELETE Account/{id}/Contact/{contactId})."
    )
    async def delete_contact(
        self,
        info: strawberry.Info,
        input: Annotated[
            DeleteContactInput, strawberry.argument(description="What to delete and where.")
        ],
    ) -> DeletePayload | None:
        errors: list[UserError] = []
        key = checks.child_key(input.id, "Contact", errors)
        if errors or key is None:
            return DeletePayload(deleted_ids=[], user_errors=errors)
        context: GraphContext = info.context
        record = await _write(
            lambda: context.upstreams.billing.delete_contact(*key), CONTACT_FIELDS, errors
        )
        if record is None:
            return DeletePayload(deleted_ids=[], user_errors=errors)
        context.loader(billing_account_details).clear(key[0])
        ids = _deleted(record, "contact", "Contact", key[0])
        return DeletePayload(deleted_ids=[strawberry.ID(i) for i in ids], user_errors=[])


def _check_contact(
    contact_type_id: int | None,
    title: str | None,
    first_name: str | None,
    last_name: str | None,
    errors: list[UserError],
) -> None:
    """The documented contact ranges that hold for creates and updates alike."""
    checks.positive(contact_type_id, "contactTypeId", errors)
    if title is not None and len(title) > checks.TITLE_MAX:
        errors.append(
            checks.problem(
                "title", f"'title' must be at most {checks.TITLE_MAX} characters.", "TOO_LONG"
            )
        )
    checks.text_in_range(first_name, "firstName", checks.NAME_MAX, errors, required=False)
    checks.text_in_range(last_name, "lastName", checks.NAME_MAX, errors, required=False)


ROOT = "customer"


def _errors_at_root(errors: list[UserError]) -> list[UserError]:
    """``["customer", f]`` -> ``["input", "customer", f]``: the path in ``patchAccount(input:)``."""
    return [
        UserError(field=["input", *e.field] if e.field else None, message=e.message, code=e.code)
        for e in errors
    ]


def _checked(patch: CustomerAccountPatch) -> tuple[int | None, AccountInput, list[UserError]]:
    """The target and the input to send, or the problems found before any call."""
    errors: list[UserError] = []
    target = checks.account_key(patch.id, "id", errors)
    values = {name: getattr(patch, name) for name in checks.PATCHED}
    for field in checks.LINKS:
        if values[field] is not None:
            values[field] = checks.account_key(values[field], to_camel_case(field), errors)
    if patch.name is not None:
        checks.text_in_range(patch.name, "name", checks.NAME_MAX, errors, required=True)
    checks.day_of_month(patch.bill_day, "billDay", errors)
    checks.day_of_month(patch.usage_bill_day, "usageBillDay", errors)
    checks.day_of_month(patch.pending_bill_day, "pendingBillDay", errors)
    checks.day_of_month(patch.pending_usage_bill_day, "pendingUsageBillDay", errors)
    for field in checks.LOOKUP_IDS:
        checks.positive(getattr(patch, field), to_camel_case(field), errors)
    fields = AccountInput(**values)
    if not errors and fields == AccountInput():
        errors.append(
            UserError(field=None, message="Give at least one property to change.", code="REQUIRED")
        )
    # ``problem`` puts fields under "input"; here they sit under "input.customer".
    return target, fields, [_under_customer(e) for e in errors]


def _under_customer(error: UserError) -> UserError:
    if error.field and error.field[0] == "input":
        return UserError(
            field=["input", ROOT, *error.field[1:]], message=error.message, code=error.code
        )
    return error


async def patch_customer_account(
    info: strawberry.Info, patch: CustomerAccountPatch
) -> PatchAccountPayload:
    """Apply ``patch``; refused input comes back as user errors (no call on a bad one)."""
    target, fields, errors = _checked(patch)
    if errors or target is None:
        return PatchAccountPayload(account=None, user_errors=errors)
    context: GraphContext = info.context
    item = AccountPatch(patch_type="update", fields=fields)
    try:
        result = await context.upstreams.billing.patch_account(target, [item])
    except InvalidInput as error:
        refused = user_errors(error, checks.ACCOUNT_FIELDS, root=ROOT)
        return PatchAccountPayload(account=None, user_errors=_errors_at_root(refused))
    except NotFound as error:
        return PatchAccountPayload(
            account=None,
            user_errors=[
                UserError(field=["input", ROOT, "id"], message=error.message, code="NOT_FOUND")
            ],
        )
    context.loader(billing_account_details).clear(target)
    accounts = context.loader(billing_accounts)
    accounts.clear(target)
    changed = [
        o.instance
        for o in result.outcomes
        if isinstance(o.instance, BillingAccount) and o.instance.identity == target
    ]
    if changed:
        prime_accounts(context, changed)
        account = changed[0]
    else:  # the answer did not carry the record: read it as it is now
        account = await accounts.load(target)
    return PatchAccountPayload(account=CustomerAccount.from_model(account), user_errors=[])
