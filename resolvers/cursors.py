"""Opaque Relay cursors, each bound to the one sequence of records it is a position in.

A cursor is the base64 of a small JSON payload: a version, the connection
field (``Query.invoices``), the parent record it hangs off (an account's
identity, or none at the root), the arguments that order and filter the
sequence (``orderBy``, ``isActive``, ...), and the 0-based position. A cursor
is only meaningful in the sequence that made it, so one from another
connection, another parent or other such arguments is refused rather than
read as a bare offset into the wrong list. ``first``/``last`` are not part of
the sequence: a page of 10 and a page of 4 walk the same list.

Cursors are not signed: a client that edits the position gets the page at
that position of the same sequence, which it could also ask for by paging.
"""

from __future__ import annotations

import base64
import binascii
import dataclasses
import json
from dataclasses import dataclass
from enum import Enum
from typing import Any

import strawberry
from graphql import GRAPHQL_MAX_INT

from resolvers.errors import bad_input

VERSION = 1
# A cursor this graph makes is well under this; anything longer is not one.
MAX_LENGTH = 1000

Scalar = str | int | bool


@dataclass(frozen=True, slots=True)
class Listing:
    """One sequence of records: a connection field, its parent, its ordering and filters."""

    field: str
    parent: int | None = None
    arguments: dict[str, Scalar] = dataclasses.field(default_factory=dict)

    @classmethod
    def of(cls, info: strawberry.Info, parent: int | None = None, **arguments: Any) -> Listing:
        """The sequence the field being resolved pages through.

        ``arguments`` are the ordering and filter arguments under their GraphQL
        names; one not given (None) is left out, enums count by name.
        """
        named = {
            name: value.name if isinstance(value, Enum) else value
            for name, value in arguments.items()
            if value is not None
        }
        return cls(f"{info.path.typename}.{info.field_name}", parent, named)

    def cursor(self, position: int) -> str:
        """The cursor of the record at ``position`` (0-based) in this sequence."""
        payload = {
            "v": VERSION,
            "c": self.field,
            "p": self.parent,
            "a": self.arguments,
            "i": position,
        }
        text = json.dumps(payload, separators=(",", ":"), sort_keys=True)
        return base64.b64encode(text.encode()).decode("ascii")

    def position(self, cursor: str, argument: str) -> int:
        """The position ``cursor`` names; ``bad_input`` naming ``argument`` when not ours."""
        payload = _payload(cursor)
        if payload is None:
            raise bad_input(f"`{argument}` is not a cursor of this graph")
        if payload["c"] != self.field or payload["p"] != self.parent:
            raise bad_input(
                f"`{argument}` is a cursor of another connection: page {self.field} "
                "with the cursors it gives"
            )
        if payload["a"] != self.arguments:
            changed = sorted(
                name
                for name in set(payload["a"]) | set(self.arguments)
                if payload["a"].get(name) != self.arguments.get(name)
            )
            raise bad_input(
                f"`{argument}` was given under other ordering or filter arguments "
                f"({', '.join(changed)}): keep them while paging"
            )
        position: int = payload["i"]
        return position


def _payload(cursor: str) -> dict[str, Any] | None:
    """A cursor's payload when it is one this graph made (any version's shape checked)."""
    if len(cursor) > MAX_LENGTH:
        return None
    try:
        payload = json.loads(base64.b64decode(cursor.encode("ascii"), validate=True))
    except (UnicodeError, binascii.Error, ValueError):
        return None
    if not isinstance(payload, dict) or set(payload) != {"v", "c", "p", "a", "i"}:
        return None
    if payload["v"] != VERSION or not isinstance(payload["c"], str):
        return None
    if not isinstance(payload["a"], dict) or not _whole(payload["i"], 0):
        return None
    if payload["p"] is not None and not _whole(payload["p"], 1):
        return None
    return payload


def _whole(value: object, lowest: int) -> bool:
    return (
        isinstance(value, int)
        and not isinstance(value, bool)
        and lowest <= value <= GRAPHQL_MAX_INT
    )
