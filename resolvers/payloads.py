"""Payload types named after their mutation, sharing one declared shape.

Several mutations answer the same kind of outcome (a note as stored, the ids
a delete took). Each still answers its own type, ``<Mutation>Payload``
(``docs/schema.md``), so a client's fragment names the mutation it is for and
one payload can grow a field without changing the others; the fields are
declared once, on the shape.
"""

from __future__ import annotations

from typing import TypeVar

import strawberry

T = TypeVar("T")

REFUSALS = "Why the input was refused; empty on success."
"""What a payload's ``userErrors`` holds, where the mutation has no more to say."""


def payload_of(mutation: str, shape: type[T]) -> type[T]:
    """``shape`` as the GraphQL type ``<Mutation>Payload``.

    ``payload_of("createNote", NotePayload)`` is ``CreateNotePayload``.
    """
    name = f"{mutation[0].upper()}{mutation[1:]}Payload"
    named = type(name, (shape,), {"__module__": shape.__module__, "__qualname__": name})
    return strawberry.type(named, description=f"The outcome of {mutation}.")
