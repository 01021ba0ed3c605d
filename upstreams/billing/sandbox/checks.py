"""Property checks for write bodies: each kind of value, and reading a body by a field list.

A body is read in full before anything is refused, so one 400 answer lists
every problem. Numbers are accepted as JSON numbers or as strings of digits,
as the vendor's JSON reader does (the docs' samples send ``"15"``).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from upstreams.billing.sandbox.lookups import Lookup
from upstreams.billing.sandbox.problems import Problem, about
from upstreams.billing.sandbox.timestamps import parse

WHOLE = re.compile(r"^[+-]?\d{1,18}$")
DEFAULT_MAX_LENGTH = 255


class Kind(Protocol):
    def check(self, field: str, raw: object, where: str) -> tuple[object, Problem | None]:
        """The value to store, or the problem with ``raw``."""


def _required(field: str, where: str) -> tuple[object, Problem]:
    return None, about("Required", field, "is required", where)


def whole_number(raw: object) -> int | None:
    """``raw`` as a whole number, or ``None`` when it is not one."""
    if isinstance(raw, bool):
        return None
    if isinstance(raw, int):
        return raw
    if isinstance(raw, float) and raw.is_integer():
        return int(raw)
    if isinstance(raw, str) and WHOLE.match(raw.strip()):
        return int(raw.strip())
    return None


@dataclass(frozen=True, slots=True)
class Text:
    max_length: int | None = DEFAULT_MAX_LENGTH
    nullable: bool = True

    def check(self, field: str, raw: object, where: str) -> tuple[object, Problem | None]:
        if raw is None or (isinstance(raw, str) and not raw.strip() and not self.nullable):
            return (None, None) if self.nullable else _required(field, where)
        if not isinstance(raw, str):
            return None, about("InvalidValue", field, "must be a string", where)
        if self.max_length is not None and len(raw) > self.max_length:
            text = f"must be at most {self.max_length} characters"
            return None, about("TooLong", field, text, where)
        return raw, None


@dataclass(frozen=True, slots=True)
class Whole:
    low: int | None = None
    high: int | None = None
    nullable: bool = True

    def check(self, field: str, raw: object, where: str) -> tuple[object, Problem | None]:
        if raw is None:
            return (None, None) if self.nullable else _required(field, where)
        value = whole_number(raw)
        if value is None:
            return None, about("InvalidValue", field, "must be a whole number", where)
        if (self.low is not None and value < self.low) or (
            self.high is not None and value > self.high
        ):
            text = f"must be between {self.low} and {self.high}"
            return None, about("OutOfRange", field, text, where)
        return value, None


@dataclass(frozen=True, slots=True)
class Ref:
    """An id that must name a row of ``table``."""

    table: Lookup
    nullable: bool = True

    def check(self, field: str, raw: object, where: str) -> tuple[object, Problem | None]:
        if raw is None:
            return (None, None) if self.nullable else _required(field, where)
        value = whole_number(raw)
        if value is None:
            return None, about("InvalidValue", field, "must be a whole number", where)
        if value not in self.table:
            text = f"{value} names no {self.table.noun}"
            return None, about("InvalidReference", field, text, where)
        return value, None


@dataclass(frozen=True, slots=True)
class AccountRef:
    """An account id; whether it exists is the account rules' question (they know the store)."""

    def check(self, field: str, raw: object, where: str) -> tuple[object, Problem | None]:
        if raw is None:
            return None, None
        value = whole_number(raw)
        if value is None:
            return None, about("InvalidValue", field, "must be a whole number", where)
        return value, None


@dataclass(frozen=True, slots=True)
class Flag:
    nullable: bool = False

    def check(self, field: str, raw: object, where: str) -> tuple[object, Problem | None]:
        if raw is None and self.nullable:
            return None, None
        if not isinstance(raw, bool):
            return None, about("InvalidValue", field, "must be true or false", where)
        return raw, None


@dataclass(frozen=True, slots=True)
class When:
    nullable: bool = True

    def check(self, field: str, raw: object, where: str) -> tuple[object, Problem | None]:
        if raw is None:
            return (None, None) if self.nullable else _required(field, where)
        moment: datetime | None = parse(raw) if isinstance(raw, str) else None
        if moment is None:
            text = "must be an ISO 8601 date and time"
            return None, about("InvalidValue", field, text, where)
        return moment, None


@dataclass(frozen=True, slots=True)
class Field:
    """A writable property: its wire name, the record attribute it sets, its kind."""

    wire: str
    attr: str
    kind: Kind


def read_fields(
    fields: Sequence[Field], body: Mapping[str, object], where: str = ""
) -> tuple[dict[str, object], list[Problem]]:
    """Checked values by attribute for the fields ``body`` carries; other keys are ignored."""
    changes: dict[str, object] = {}
    problems: list[Problem] = []
    for spec in fields:
        if spec.wire not in body:
            continue
        value, problem = spec.kind.check(spec.wire, body[spec.wire], where)
        if problem is None:
            changes[spec.attr] = value
        else:
            problems.append(problem)
    return changes, problems


def missing_required(
    names: Sequence[str], body: Mapping[str, object], where: str = ""
) -> list[Problem]:
    """A create must carry these properties (a present but empty one is caught by its kind)."""
    return [about("Required", name, "is required", where) for name in names if name not in body]
