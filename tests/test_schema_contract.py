"""``schema.graphql`` is the contract: in sync with the code, and no release broken by accident.

The style it follows (descriptions throughout, names) is ``test_schema_style``'s.
"""

from __future__ import annotations

from pathlib import Path

from gateway.contract.check import check, report
from resolvers.schema import sdl

ROOT = Path(__file__).resolve().parent.parent


def test_schema_file_matches_the_code() -> None:
    on_disk = (ROOT / "schema.graphql").read_text()
    assert on_disk == sdl(), "schema.graphql is stale: run `gateway schema --write schema.graphql`"


def test_no_breaking_change_since_the_release_unless_deprecated_or_recorded() -> None:
    verdict = check(ROOT, sdl())
    assert verdict.refused == [], "\n".join(report(verdict))
