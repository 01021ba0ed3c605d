"""Which breaking changes ``CHANGELOG.md`` records for a version.

The file follows Keep a Changelog: a ``## [1.0.0]`` heading per version
(anything after the bracket, a date or "unreleased", is free). Within a
version's section an entry is a ``- `` bullet with its indented continuation
lines. An entry records the schema coordinates it names in backticks when it
also tells clients what to do instead, on a line starting ``Migration:``::

    - Removed `Query.ledgerAccount`.
      Migration: ask `Query.node(id:)` with the account's global id.

Every coordinate named in such an entry counts as recorded; one entry may
cover several changes that share a migration.
"""

from __future__ import annotations

import re

HEADING = re.compile(r"^## \[?(?P<version>[^\]\s]+)\]?")
MIGRATION = re.compile(r"^\s*(?:-\s+)?Migration:", re.IGNORECASE | re.MULTILINE)
NAMED = re.compile(r"`([^`\s]+)`")


def section(text: str, version: str) -> list[str]:
    """The lines under ``version``'s heading, up to the next version's; empty if none."""
    lines: list[str] = []
    inside = False
    for line in text.splitlines():
        heading = HEADING.match(line)
        if heading is not None:
            inside = heading["version"] == version
        elif inside:
            lines.append(line)
    return lines


def entries(lines: list[str]) -> list[str]:
    """The bullets of a section, each with its continuation lines."""
    found: list[list[str]] = []
    current: list[str] | None = None
    for line in lines:
        if line.startswith("- "):
            current = [line]
            found.append(current)
        elif not line.strip():
            continue  # a blank line inside an entry keeps it open
        elif current is not None and line.startswith((" ", "\t")):
            current.append(line)
        else:
            current = None
    return ["\n".join(entry) for entry in found]


def recorded(text: str, version: str) -> set[str]:
    """The schema coordinates ``version``'s section names with a migration."""
    named: set[str] = set()
    for entry in entries(section(text, version)):
        if MIGRATION.search(entry):
            named.update(NAMED.findall(entry))
    return named
