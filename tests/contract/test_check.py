"""When a contract may ship: each rule on a pair of small contracts."""

from __future__ import annotations

from pathlib import Path

from gateway.contract.check import check, report
from tests.contract.checkout import checkout, recording

RELEASED = "type Query {\n  name: String\n  code: String\n}\n"
CODE = "type Query {\n  name: String\n}\n"
DEPRECATED = 'type Query {\n  name: String\n  code: String @deprecated(reason: "gone")\n}\n'


def test_the_same_contract_passes(tmp_path: Path) -> None:
    root = checkout(tmp_path, released={"1.2.0": CODE}, version="1.3.0", published=CODE)
    verdict = check(root, CODE)
    assert verdict.passes and verdict.findings == []
    assert report(verdict)[-1] == "no change since the released contract"


def test_an_addition_is_safe_under_the_same_major(tmp_path: Path) -> None:
    root = checkout(tmp_path, released={"1.2.0": CODE}, version="1.2.1", published=RELEASED)
    verdict = check(root, RELEASED)
    assert verdict.passes
    assert report(verdict)[1:] == ["safe      Field Query.code was added."]


def test_a_breaking_change_under_the_same_major_is_refused_even_when_recorded(
    tmp_path: Path,
) -> None:
    root = checkout(
        tmp_path,
        released={"1.2.0": RELEASED},
        version="1.3.0",
        published=CODE,
        changelog=recording("1.3.0", "Query.code"),
    )
    verdict = check(root, CODE)
    assert not verdict.passes
    assert [finding.change.coordinate for finding in verdict.refused] == ["Query.code"]
    lines = report(verdict)
    assert lines[1] == "breaking  Field Query.code was removed."
    assert lines[-1] == "  `Query.code`"


def test_a_new_major_alone_does_not_record_a_breaking_change(tmp_path: Path) -> None:
    root = checkout(
        tmp_path,
        released={"1.2.0": RELEASED},
        version="2.0.0",
        published=CODE,
        changelog=recording("2.0.0", "Query.name"),
    )
    assert [finding.change.coordinate for finding in check(root, CODE).refused] == ["Query.code"]


def test_a_new_major_with_the_coordinate_and_a_migration_in_its_section_passes(
    tmp_path: Path,
) -> None:
    root = checkout(
        tmp_path,
        released={"1.2.0": RELEASED},
        version="2.0.0",
        published=CODE,
        changelog=recording("2.0.0", "Query.code"),
    )
    verdict = check(root, CODE)
    assert verdict.passes
    assert report(verdict)[1] == (
        "breaking  Field Query.code was removed. (recorded in CHANGELOG.md under 2.0.0)"
    )


def test_removing_a_field_deprecated_in_the_release_passes_under_the_same_major(
    tmp_path: Path,
) -> None:
    root = checkout(tmp_path, released={"1.2.0": DEPRECATED}, version="1.3.0", published=CODE)
    verdict = check(root, CODE)
    assert verdict.passes
    assert report(verdict)[1] == "breaking  Field Query.code was removed. (deprecated in 1.2.0)"


def test_the_newest_release_is_the_one_compared(tmp_path: Path) -> None:
    root = checkout(
        tmp_path,
        released={"1.9.0": CODE, "1.10.0": DEPRECATED, "1.2.0": RELEASED},
        version="1.10.1",
        published=CODE,
    )
    verdict = check(root, CODE)
    assert verdict.released.version.text == "1.10.0"
    assert verdict.passes


def test_a_stale_schema_file_fails_the_check(tmp_path: Path) -> None:
    root = checkout(tmp_path, released={"1.2.0": CODE}, version="1.2.0", published=RELEASED)
    verdict = check(root, CODE)
    assert not verdict.passes and verdict.refused == []
    assert report(verdict)[-1] == (
        "schema.graphql differs from the code: run `gateway schema --write schema.graphql`"
    )
