"""What changed between two contracts, how much it matters to clients, and where.

graphql-core's ``find_schema_changes`` finds the changes and classifies them
(breaking, dangerous, safe). A changelog records a breaking change by the
schema coordinate it is about (``Query.ledgerAccount``,
``Query.invoices(first:)``, ``AccountSource.LEDGER``), which graphql-core
only writes inside its description: ``BREAKING`` reads it back out, one
pattern per kind of breaking change (its wording is pinned with graphql-core
in ``pyproject.toml``; ``tests/contract/test_changes.py`` makes every kind
occur and checks the coordinate read).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from graphql import (
    BreakingChangeType,
    DangerousChangeType,
    GraphQLSchema,
    ResolvedEnumValue,
    ResolvedField,
    ResolvedFieldArgument,
    ResolvedInputField,
    find_schema_changes,
    resolve_schema_coordinate,
)


class Severity(StrEnum):
    """How a change can affect an operation written against the older contract."""

    BREAKING = "breaking"
    """It can stop validating or get a value it cannot read."""
    DANGEROUS = "dangerous"
    """It still validates, but may behave differently (a new enum value, a new default)."""
    SAFE = "safe"
    """Additions and descriptions: nothing written before notices."""


COORDINATE = r"(?P<coordinate>@?\w+(?:\.\w+)?(?:\(\w+:\))?)"

BREAKING: dict[BreakingChangeType, re.Pattern[str]] = {
    kind: re.compile(pattern.replace("{c}", COORDINATE))
    for kind, pattern in {
        BreakingChangeType.TYPE_REMOVED: r"(?:Standard scalar )?{c} was removed",
        BreakingChangeType.TYPE_CHANGED_KIND: r"{c} changed from",
        BreakingChangeType.TYPE_REMOVED_FROM_UNION: r"\w+ was removed from union type {c}\.",
        BreakingChangeType.VALUE_REMOVED_FROM_ENUM: r"Enum value {c} was removed",
        BreakingChangeType.REQUIRED_INPUT_FIELD_ADDED: r"A required field {c} was added",
        BreakingChangeType.IMPLEMENTED_INTERFACE_REMOVED: r"{c} no longer implements",
        BreakingChangeType.FIELD_REMOVED: r"Field {c} was removed",
        BreakingChangeType.FIELD_CHANGED_KIND: r"Field {c} changed type",
        BreakingChangeType.REQUIRED_ARG_ADDED: r"A required argument {c} was added",
        BreakingChangeType.ARG_REMOVED: r"Argument {c} was removed",
        BreakingChangeType.ARG_CHANGED_KIND: r"Argument {c} has changed type",
        BreakingChangeType.DIRECTIVE_REMOVED: r"Directive {c} was removed",
        BreakingChangeType.DIRECTIVE_ARG_REMOVED: r"Argument {c} was removed",
        BreakingChangeType.REQUIRED_DIRECTIVE_ARG_ADDED: r"A required argument {c} was added",
        BreakingChangeType.DIRECTIVE_REPEATABLE_REMOVED: r"Repeatable flag was removed from {c}\.",
        BreakingChangeType.DIRECTIVE_LOCATION_REMOVED: r"\w+ was removed from {c}\.",
    }.items()
}
"""Where each kind of breaking change names its coordinate in graphql-core's description."""

REMOVALS = frozenset(
    {
        BreakingChangeType.FIELD_REMOVED,
        BreakingChangeType.ARG_REMOVED,
        BreakingChangeType.VALUE_REMOVED_FROM_ENUM,
    }
)
"""Removals of what ``@deprecated`` can mark: fields, input fields, arguments, enum values."""


@dataclass(frozen=True)
class Change:
    """One difference between the released contract and the code's."""

    severity: Severity
    description: str
    coordinate: str | None
    """The schema coordinate a breaking change is about; None for the others."""
    deprecated_first: bool = False
    """A removal of what the released contract already marked ``@deprecated``."""


def coordinate_of(kind: BreakingChangeType, description: str) -> str:
    found = BREAKING[kind].match(description)
    if found is None:
        raise ValueError(f"cannot read the schema coordinate of {kind.name}: {description!r}")
    return found["coordinate"]


def was_deprecated(schema: GraphQLSchema, coordinate: str) -> bool:
    element = resolve_schema_coordinate(schema, coordinate)
    if isinstance(element, ResolvedField):
        return element.field.deprecation_reason is not None
    if isinstance(element, ResolvedInputField):
        return element.input_field.deprecation_reason is not None
    if isinstance(element, ResolvedFieldArgument):
        return element.field_argument.deprecation_reason is not None
    if isinstance(element, ResolvedEnumValue):
        return element.enum_value.deprecation_reason is not None
    return False


def changes(released: GraphQLSchema, code: GraphQLSchema) -> list[Change]:
    """Every change from ``released`` to ``code``, breaking ones first."""
    found: list[Change] = []
    for change in find_schema_changes(released, code):
        if isinstance(change.type, BreakingChangeType):
            coordinate = coordinate_of(change.type, change.description)
            deprecated = change.type in REMOVALS and was_deprecated(released, coordinate)
            found.append(Change(Severity.BREAKING, change.description, coordinate, deprecated))
        elif isinstance(change.type, DangerousChangeType):
            found.append(Change(Severity.DANGEROUS, change.description, None))
        else:
            found.append(Change(Severity.SAFE, change.description, None))
    order = list(Severity)
    return sorted(found, key=lambda change: order.index(change.severity))
