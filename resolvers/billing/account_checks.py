"""An account input's fields into the adapter's ``AccountInput``, checked before any call.

The documented ranges (``resolvers.billing.inputs``) hold for every write;
what a field left out or ``null`` means depends on the write:

- ``PATCH``: left out is unchanged, ``null`` clears (refused where billing
  cannot clear), and at least one field must be given;
- ``CREATE``: left out is billing's default; ``name`` is required;
- ``REPLACE``: left out or ``null`` is cleared, so every field billing
  cannot clear is required.

Problems come back at ``path`` + the field's name, so each write places them
under its own input (``["input", "customer"]``, ``["input", "items", "2"]``).
"""

from __future__ import annotations

from enum import Enum
from typing import Any

from strawberry.utils.str_converters import to_camel_case

from resolvers.billing import inputs as checks
from resolvers.billing.account_inputs import FIELD_NAMES, LINKS, LOOKUP_IDS, CustomerAccountFields
from resolvers.errors import UserError
from resolvers.patch_rules import empty_patch, given, required, split
from upstreams.billing.models import AccountInput, clearable, properties

CAN_CLEAR = {f.name: clearable(f) for f in properties(AccountInput)}
DAYS = ("bill_day", "usage_bill_day", "pending_bill_day", "pending_usage_bill_day")


class Write(Enum):
    PATCH = "patch"
    CREATE = "create"
    REPLACE = "replace"


def account_input(
    fields: CustomerAccountFields, write: Write, path: list[str], errors: list[UserError]
) -> AccountInput:
    """The input to send; problems (at ``path``) are added to ``errors``."""
    given_values = {name: getattr(fields, name) for name in FIELD_NAMES}
    values, cleared = split(
        given_values, CAN_CLEAR, path, errors, absent_clears=write is Write.REPLACE
    )
    for name, value in values.items():
        values[name] = _checked(name, value, [*path, to_camel_case(name)], errors)
    if write is Write.CREATE and not given(fields.name):
        errors.append(required([*path, "name"]))
    if write is Write.PATCH and not any(given(v) for v in given_values.values()):
        errors.append(empty_patch(path))
    return AccountInput(**values, cleared=frozenset(cleared))


def _checked(name: str, value: Any, at: list[str], errors: list[UserError]) -> Any:
    """``value`` as the adapter takes it, after the range of its property."""
    field = at[-1]
    found: list[UserError] = []
    if name in LINKS:
        value = checks.account_key(value, field, found)
    elif name == "name":
        checks.text_in_range(value, field, checks.NAME_MAX, found, required=True)
    elif name in DAYS:
        checks.day_of_month(value, field, found)
    elif name in LOOKUP_IDS:
        checks.positive(value, field, found)
    errors.extend(_placed(e, at) for e in found)
    return value


def _placed(error: UserError, at: list[str]) -> UserError:
    """A range check's problem (made at ``["input", field]``) at the field's real path."""
    return UserError(field=at, message=error.message, code=error.code)
