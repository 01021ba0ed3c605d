"""Write the billing API's request bodies and the ``pagination`` header.

Inputs become JSON objects holding only the properties the caller set, each
under its wire key (``models.wire_key``): the docs say a PUT, like a PATCH,
needs only "the fields that will be updated", so leaving a property out
leaves it as it is. A property named in an input's ``cleared`` goes as
``null``, which clears it.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from upstreams.billing.models import (
    AccountInput,
    AccountPatch,
    ContactInput,
    ContactPatch,
    NoteInput,
    NotePatch,
    PatchItem,
    properties,
    wire_key,
)


def wire_time(moment: datetime) -> str:
    """ISO 8601 in UTC with milliseconds and ``Z``, as the docs' samples write times."""
    if moment.tzinfo is None:
        raise ValueError("billing times must be timezone-aware")
    return moment.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def _set(written: AccountInput | ContactInput | NoteInput) -> dict[str, Any]:
    body: dict[str, Any] = {}
    for attribute in properties(written):
        value = getattr(written, attribute.name)
        if attribute.name in written.cleared:
            body[wire_key(attribute)] = None
        elif value is not None:
            body[wire_key(attribute)] = wire_time(value) if isinstance(value, datetime) else value
    return body


def account_body(account: AccountInput, identity: int | None = None) -> dict[str, Any]:
    """An account's set properties; ``identity`` names the account an update targets."""
    return _with_identity(_set(account), identity)


def contact_body(contact: ContactInput, identity: int | None = None) -> dict[str, Any]:
    return _with_identity(_set(contact), identity)


def note_body(note: NoteInput, identity: int | None = None) -> dict[str, Any]:
    return _with_identity(_set(note), identity)


def _with_identity(body: dict[str, Any], identity: int | None) -> dict[str, Any]:
    return body if identity is None else {"identity": identity, **body}


def patch_body(items: Sequence[PatchItem]) -> dict[str, Any]:
    """A PATCH body: each item in its collection, in the caller's order within it."""
    collections: dict[str, list[dict[str, Any]]] = {}
    for item in items:
        collection, fields = _patch_fields(item)
        entry: dict[str, Any] = {"patchType": item.patch_type}
        if item.patch_client_id is not None:
            entry["patchClientId"] = item.patch_client_id
        if item.identity is not None:
            entry["identity"] = item.identity
        entry.update(fields)
        collections.setdefault(collection, []).append(entry)
    return {name: {"items": entries} for name, entries in collections.items()}


def _patch_fields(item: PatchItem) -> tuple[str, dict[str, Any]]:
    if isinstance(item, AccountPatch):
        return "accounts", account_body(item.fields)
    if isinstance(item, ContactPatch):
        return "contacts", contact_body(item.fields)
    if isinstance(item, NotePatch):
        return "notes", note_body(item.fields)
    raise TypeError(f"not a billing patch item: {type(item).__name__}")


def pagination_header(page_number: int, page_size: int, exclude_total_count: bool) -> str:
    """The ``pagination`` request header of the paged endpoints (pages count from 1)."""
    return json.dumps(
        {
            "pageNumber": page_number,
            "pageSize": page_size,
            "excludeTotalCount": exclude_total_count,
        },
        separators=(",", ":"),
    )
