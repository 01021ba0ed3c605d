"""Note write bodies: rules (the contract's), defaults, and applying them."""

from __future__ import annotations

from collections.abc import Mapping

from upstreams.billing.sandbox import lookups, render
from upstreams.billing.sandbox.checks import Field, Flag, Ref, Text, missing_required, read_fields
from upstreams.billing.sandbox.kinds import Checked, ChildKind
from upstreams.billing.sandbox.records import Account, Note
from upstreams.billing.sandbox.removal import note_removals
from upstreams.billing.sandbox.store import Store
from upstreams.billing.sandbox.timestamps import after

DEFAULT_NOTE_TYPE_ID = 1

FIELDS = (
    Field("subject", "subject", Text(nullable=False)),
    Field("text", "text", Text(max_length=None, nullable=False)),
    Field("noteTypeId", "note_type_id", Ref(lookups.NOTE_TYPES, nullable=False)),
    Field("createdByUserId", "created_by_user_id", Ref(lookups.USERS)),
    Field("updatedByUserId", "updated_by_user_id", Ref(lookups.USERS)),
    Field("showOnOverview", "show_on_overview", Flag()),
    Field("isImportant", "is_important", Flag()),
)


def check_note(body: Mapping[str, object], target: Note | None, where: str = "") -> Checked:
    changes, problems = read_fields(FIELDS, body, where)
    if target is None:
        problems[:0] = missing_required(("subject", "text"), body, where)
    return changes, problems


def create_note(store: Store, changes: Mapping[str, object]) -> Note:
    now = after(None)
    note = Note(
        identity=store.new_id("note"),
        subject="",
        text="",
        note_type_id=DEFAULT_NOTE_TYPE_ID,
        created=now,
        created_by_user_id=lookups.API_USER_ID,
        updated=now,
        updated_by_user_id=None,
        show_on_overview=False,
        is_important=False,
    )
    for attr, value in changes.items():
        setattr(note, attr, value)
    if "updated_by_user_id" not in changes:
        note.updated_by_user_id = note.created_by_user_id
    return note


def update_note(note: Note, changes: Mapping[str, object]) -> None:
    """The writer becomes ``updatedByUserId`` unless the body names someone."""
    for attr, value in changes.items():
        setattr(note, attr, value)
    if "updated_by_user_id" not in changes:
        note.updated_by_user_id = lookups.API_USER_ID
    note.updated = after(note.updated)


def _notes(account: Account) -> dict[int, Note]:
    return account.notes


NOTES: ChildKind[Note] = ChildKind(
    noun="note",
    label="Note",
    collection=_notes,
    check=check_note,
    create=create_note,
    update=update_note,
    render=render.note,
    removals=note_removals,
)
