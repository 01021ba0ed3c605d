"""What a patch's fields mean, the same for every update and patch mutation of the graph.

A field left out keeps its value; an explicit ``null`` clears it where the
upstream can clear it, and is refused, naming the field, where it cannot. A
patch that gives no field at all is refused before any upstream call, with
the same code and words everywhere, so a client handles it once.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import strawberry
from strawberry import UNSET
from strawberry.utils.str_converters import to_camel_case

from resolvers.errors import UserError
from resolvers.user_error_codes import UserErrorCode

EMPTY_PATCH_MESSAGE = "Give at least one field to change."


def given(value: object) -> bool:
    """Whether the client sent the field (``null`` included)."""
    return value is not UNSET


def empty_patch(path: list[str]) -> UserError:
    """The refusal of a patch at ``path`` that changes nothing."""
    return UserError(field=path, message=EMPTY_PATCH_MESSAGE, code=UserErrorCode.EMPTY_PATCH)


def not_clearable(path: list[str]) -> UserError:
    """The refusal of ``null`` for a field (the last of ``path``) its upstream cannot clear."""
    name = path[-1]
    return UserError(
        field=path,
        message=f"'{name}' cannot be cleared: give a value or leave it out.",
        code=UserErrorCode.NOT_CLEARABLE,
    )


def required(path: list[str]) -> UserError:
    """The refusal of a write that leaves out a field it needs (the last of ``path``)."""
    return UserError(field=path, message=f"'{path[-1]}' is required.", code=UserErrorCode.REQUIRED)


def split(
    values: Mapping[str, object],
    can_clear: Mapping[str, bool],
    path: list[str],
    errors: list[UserError],
    *,
    absent_clears: bool = False,
) -> tuple[dict[str, Any], set[str]]:
    """The fields ``values`` sets, and those it clears, by attribute name.

    ``null`` clears a field ``can_clear`` allows and is refused for the others;
    a field left out is skipped, or with ``absent_clears`` (a replace) cleared
    like ``null``, and then required where it cannot be. Problems are placed
    at ``path`` + the field's name in the graph.
    """
    kept: dict[str, Any] = {}
    cleared: set[str] = set()
    for name, value in values.items():
        at = [*path, to_camel_case(name)]
        if value is None or (absent_clears and not given(value)):
            if can_clear[name]:
                cleared.add(name)
            else:
                errors.append(not_clearable(at) if given(value) else required(at))
        elif given(value):
            kept[name] = value
    return kept, cleared


def null_rule(can_clear: bool, when_null: str = "clears it") -> str:
    """What a patch field's description says ``null`` does, from whether its upstream clears it."""
    return f" Null {when_null}." if can_clear else " Cannot be null."


def patch_field(description: str, can_clear: bool, when_null: str = "clears it") -> Any:
    """A patch input field: left out by default, its description ending in its ``null_rule``."""
    return strawberry.field(
        default=UNSET, description=description + null_rule(can_clear, when_null)
    )
