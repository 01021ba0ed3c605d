"""What counts as recording a change in ``CHANGELOG.md``."""

from __future__ import annotations

from gateway.contract.changelog import recorded

CHANGELOG = """# Changelog

Intro naming `Query.intro` with no migration.

## [2.0.0] - unreleased

### Removed

- Removed `Query.ledgerAccount` and `LedgerAccount.code`.

  Migration: ask `Query.node(id:)` with the account's global id.
- Removed `Query.noMigration`, with no advice.
Migration: a line outside any entry does not count for `Query.outside`.

### Changed

- `AccountSource.LEDGER` is now `AccountSource.GENERAL_LEDGER`.
  migration: send GENERAL_LEDGER.

## [1.0.0] - 2026-12-01

- Removed `Query.older`.
  Migration: none needed.
"""


def test_entries_with_a_migration_record_every_coordinate_they_name() -> None:
    assert recorded(CHANGELOG, "2.0.0") == {
        "Query.ledgerAccount",
        "LedgerAccount.code",
        "Query.node(id:)",
        "AccountSource.LEDGER",
        "AccountSource.GENERAL_LEDGER",
    }


def test_a_version_reads_only_its_own_section() -> None:
    assert recorded(CHANGELOG, "1.0.0") == {"Query.older"}
    assert recorded(CHANGELOG, "3.0.0") == set()
