"""Each kind of change between two small contracts, classified and located."""

from __future__ import annotations

import pytest
from graphql import BreakingChangeType

from gateway.contract.changes import BREAKING, Severity, changes
from gateway.contract.sdl import schema_from_sdl

BASE = """
directive @tag(name: String, scope: String) repeatable on FIELD_DEFINITION | OBJECT
interface Named { name: String }
type Customer implements Named { name: String }
type Ledger { code: String }
union Account = Customer | Ledger
enum Source { BILLING LEDGER }
input Filter { source: Source, text: String }
type Query {
  account(id: ID!, source: Source): Account
  accounts(filter: Filter): [Customer]
  sources: [Source]
}
"""

BREAKS: list[tuple[BreakingChangeType, str, str, str]] = [
    # (kind, text replaced in BASE, its replacement, the coordinate read)
    (
        BreakingChangeType.TYPE_REMOVED,
        "type Ledger { code: String }\nunion Account = Customer | Ledger",
        "union Account = Customer",
        "Ledger",
    ),
    (
        BreakingChangeType.TYPE_CHANGED_KIND,
        "enum Source { BILLING LEDGER }",
        "scalar Source",
        "Source",
    ),
    (BreakingChangeType.TYPE_REMOVED_FROM_UNION, "Customer | Ledger", "Customer", "Account"),
    (BreakingChangeType.VALUE_REMOVED_FROM_ENUM, "BILLING LEDGER", "BILLING", "Source.LEDGER"),
    (
        BreakingChangeType.REQUIRED_INPUT_FIELD_ADDED,
        "text: String }",
        "text: String, limit: Int! }",
        "Filter.limit",
    ),
    (
        BreakingChangeType.IMPLEMENTED_INTERFACE_REMOVED,
        "Customer implements Named",
        "Customer",
        "Customer",
    ),
    (BreakingChangeType.FIELD_REMOVED, "  sources: [Source]\n", "", "Query.sources"),
    (
        BreakingChangeType.FIELD_CHANGED_KIND,
        "sources: [Source]",
        "sources: Source",
        "Query.sources",
    ),
    (
        BreakingChangeType.REQUIRED_ARG_ADDED,
        "sources: [Source]",
        "sources(first: Int!): [Source]",
        "Query.sources(first:)",
    ),
    (BreakingChangeType.ARG_REMOVED, ", source: Source)", ")", "Query.account(source:)"),
    (BreakingChangeType.ARG_CHANGED_KIND, "id: ID!", "id: Int!", "Query.account(id:)"),
    (
        BreakingChangeType.DIRECTIVE_REMOVED,
        "directive @tag(name: String, scope: String) repeatable on FIELD_DEFINITION | OBJECT\n",
        "",
        "@tag",
    ),
    (BreakingChangeType.DIRECTIVE_ARG_REMOVED, ", scope: String)", ")", "@tag(scope:)"),
    (
        BreakingChangeType.REQUIRED_DIRECTIVE_ARG_ADDED,
        "scope: String)",
        "scope: String, level: Int!)",
        "@tag(level:)",
    ),
    (BreakingChangeType.DIRECTIVE_REPEATABLE_REMOVED, " repeatable", "", "@tag"),
    (BreakingChangeType.DIRECTIVE_LOCATION_REMOVED, " | OBJECT", "", "@tag"),
]


def test_every_kind_of_breaking_change_is_located_here() -> None:
    assert {kind for kind, *_ in BREAKS} == set(BreakingChangeType) == set(BREAKING)


@pytest.mark.parametrize(("kind", "old", "new", "coordinate"), BREAKS, ids=lambda v: str(v))
def test_a_breaking_change_names_its_coordinate(
    kind: BreakingChangeType, old: str, new: str, coordinate: str
) -> None:
    assert old in BASE
    found = changes(schema_from_sdl(BASE), schema_from_sdl(BASE.replace(old, new)))
    breaking = [change for change in found if change.severity is Severity.BREAKING]
    assert coordinate in [change.coordinate for change in breaking], found
    assert not any(change.deprecated_first for change in breaking)


def test_additions_are_safe_and_new_enum_values_dangerous() -> None:
    changed = (
        BASE.replace("sources: [Source]", "sources: [Source]\n  total: String")
        .replace("BILLING LEDGER", "BILLING LEDGER PREPAID")
        .replace("type Ledger", "type Prepaid { balance: String }\ntype Ledger")
    )
    found = changes(schema_from_sdl(BASE), schema_from_sdl(changed))
    assert sorted((change.severity, change.description) for change in found) == [
        (Severity.DANGEROUS, "Enum value Source.PREPAID was added."),
        (Severity.SAFE, "Field Query.total was added."),
        (Severity.SAFE, "Prepaid was added."),
    ]


@pytest.mark.parametrize(
    ("plain", "deprecated", "removed", "coordinate"),
    [
        ("  sources: [Source]\n", "  sources: [Source] @deprecated\n", "", "Query.sources"),
        ("BILLING LEDGER", "BILLING LEDGER @deprecated", "BILLING", "Source.LEDGER"),
        (", source: Source)", ", source: Source @deprecated)", ")", "Query.account(source:)"),
        (", text: String }", ", text: String @deprecated }", " }", "Filter.text"),
    ],
)
def test_removing_what_was_deprecated_is_marked_so(
    plain: str, deprecated: str, removed: str, coordinate: str
) -> None:
    released = BASE.replace(plain, deprecated)
    assert released != BASE
    without = BASE.replace(plain, removed)
    found = changes(schema_from_sdl(released), schema_from_sdl(without))
    breaking = [change for change in found if change.severity is Severity.BREAKING]
    assert [(change.coordinate, change.deprecated_first) for change in breaking] == [
        (coordinate, True)
    ]
    # The same removal without the deprecation is not marked.
    undeprecated = changes(schema_from_sdl(BASE), schema_from_sdl(without))
    assert [change.deprecated_first for change in undeprecated if change.coordinate] == [False]
