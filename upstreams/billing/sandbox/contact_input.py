"""Contact write bodies: rules (the contract's), defaults, and applying them.

Contact points and the address are read-only here: the docs show no way to
write them through these endpoints.
"""

from __future__ import annotations

from collections.abc import Mapping

from upstreams.billing.sandbox import lookups, render
from upstreams.billing.sandbox.checks import Field, Flag, Ref, Text, read_fields
from upstreams.billing.sandbox.kinds import Checked, ChildKind
from upstreams.billing.sandbox.problems import about
from upstreams.billing.sandbox.records import Account, Contact
from upstreams.billing.sandbox.removal import contact_removals
from upstreams.billing.sandbox.store import Store
from upstreams.billing.sandbox.timestamps import after

DEFAULT_CONTACT_TYPE_ID = 1

FIELDS = (
    Field("contactTypeId", "contact_type_id", Ref(lookups.CONTACT_TYPES, nullable=False)),
    Field("title", "title", Text(max_length=20)),
    Field("firstName", "first_name", Text()),
    Field("lastName", "last_name", Text()),
    Field("isUsedForTax", "is_used_for_tax", Flag()),
)


def check_contact(body: Mapping[str, object], target: Contact | None, where: str = "") -> Checked:
    changes, problems = read_fields(FIELDS, body, where)
    unreadable = any(
        wire in body and attr not in changes
        for wire, attr in (("firstName", "first_name"), ("lastName", "last_name"))
    )
    first = changes.get("first_name", target.first_name if target else None)
    last = changes.get("last_name", target.last_name if target else None)
    if not unreadable and not any(isinstance(name, str) and name.strip() for name in (first, last)):
        problems.append(about("Required", "firstName", "or 'lastName' is required", where))
    return changes, problems


def create_contact(store: Store, changes: Mapping[str, object]) -> Contact:
    contact = Contact(
        identity=store.new_id("contact"),
        contact_type_id=DEFAULT_CONTACT_TYPE_ID,
        title=None,
        first_name=None,
        last_name=None,
        is_used_for_tax=False,
        updated=after(None),
    )
    for attr, value in changes.items():
        setattr(contact, attr, value)
    return contact


def update_contact(contact: Contact, changes: Mapping[str, object]) -> None:
    for attr, value in changes.items():
        setattr(contact, attr, value)
    contact.updated = after(contact.updated)


def _contacts(account: Account) -> dict[int, Contact]:
    return account.contacts


CONTACTS: ChildKind[Contact] = ChildKind(
    noun="contact",
    label="Contact",
    collection=_contacts,
    check=check_contact,
    create=create_contact,
    update=update_contact,
    render=render.contact,
    removals=contact_removals,
)
