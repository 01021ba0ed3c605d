"""``gateway schema check`` as a developer runs it, against the code's real schema."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from resolvers.schema import sdl
from tests.contract.checkout import checkout, recording

ROOT = Path(__file__).resolve().parents[2]


def schema_check(root: Path) -> subprocess.CompletedProcess[str]:
    # Run from this checkout so that the code checked is this checkout's.
    return subprocess.run(
        [sys.executable, "-m", "gateway", "schema", "check", "--root", str(root)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
    )


def test_a_removed_field_fails_until_a_new_major_records_it(tmp_path: Path) -> None:
    code = sdl()
    # A release that had one more root field than the code has now.
    released = code.replace("type Query {\n", "type Query {\n  retiredField: String\n", 1)
    assert released != code
    root = checkout(tmp_path, released={"0.1.0": released}, version="0.2.0", published=code)

    refused = schema_check(root)
    assert refused.returncode == 1, refused.stderr
    assert "breaking  Field Query.retiredField was removed.\n" in refused.stdout
    assert refused.stdout.endswith("  `Query.retiredField`\n")

    (root / "pyproject.toml").write_text('[project]\nname = "x"\nversion = "1.0.0"\n')
    (root / "CHANGELOG.md").write_text(recording("1.0.0", "Query.retiredField"))
    allowed = schema_check(root)
    assert allowed.returncode == 0, allowed.stdout + allowed.stderr
    assert (
        "breaking  Field Query.retiredField was removed. (recorded in CHANGELOG.md under 1.0.0)"
        in allowed.stdout
    )


def test_a_checkout_without_released_contracts_is_named(tmp_path: Path) -> None:
    done = schema_check(tmp_path)
    assert done.returncode == 2
    assert "no released contract" in done.stderr
