"""Deleting records, and the record of everything a delete took with it.

A delete answers with one entry per object removed: the account, note or
contact itself, then the children that went with it (a contact's contact
points and address; an account's contacts, notes and tax addresses).
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

from upstreams.billing.sandbox import render
from upstreams.billing.sandbox.problems import Problem
from upstreams.billing.sandbox.records import Account, Contact, Note
from upstreams.billing.sandbox.store import Store


@dataclass(frozen=True, slots=True)
class Removed:
    """One deleted object; ``instance`` is how it read just before (PATCH answers show it)."""

    identity: int
    dto_type_key: str
    instance: dict[str, Any]

    def entry(self) -> dict[str, Any]:
        return {"identity": self.identity, "action": "deleted", "dtoTypeKey": self.dto_type_key}


def contact_removals(contact: Contact) -> list[Removed]:
    removed = [Removed(contact.identity, "contact", render.contact(contact))]
    removed += [
        Removed(point.identity, "contactPoint", render.contact_point(point, contact.identity))
        for point in contact.points
    ]
    if contact.address is not None:
        removed.append(
            Removed(contact.address.identity, "address", render.address(contact.address))
        )
    return removed


def note_removals(note: Note) -> list[Removed]:
    return [Removed(note.identity, "note", render.note(note))]


def account_removals(store: Store, account: Account) -> list[Removed]:
    removed = [Removed(account.identity, "account", render.account(store, account))]
    for contact in account.contacts.values():
        removed += contact_removals(contact)
    for note in account.notes.values():
        removed += note_removals(note)
    for item in account.tax_addresses.values():
        removed.append(Removed(item.identity, "taxAddress", render.tax_address(account, item)))
        removed.append(Removed(item.address.identity, "address", render.address(item.address)))
    return removed


def remove_account(store: Store, account: Account) -> list[Removed]:
    removed = account_removals(store, account)
    del store.accounts[account.identity]
    return removed


def dependents_problem(
    store: Store, account: Account, spared: Collection[int] = ()
) -> Problem | None:
    """Why ``account`` cannot be deleted (others are invoiced through it), or ``None``.

    ``spared`` are dependents that no longer point at it once a PATCH is applied.
    """
    others = sorted(
        other.identity
        for other in store.dependents(account.identity)
        if other.identity not in spared
    )
    if not others:
        return None
    shown = ", ".join(str(identity) for identity in others[:5])
    more = f" and {len(others) - 5} more" if len(others) > 5 else ""
    return Problem(
        "InvalidValue",
        f"Account {account.identity} cannot be deleted: it is the invoicer, usage invoicer or "
        f"tax setting account of account {shown}{more}.",
    )
