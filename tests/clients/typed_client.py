"""Generating the typed client from schema.graphql with ariadne-codegen.

The generated package is output, not source: it is written to a temporary
directory on every run and imported from there, so a schema.graphql that no
longer supports the committed operations fails the tests that use it.
ariadne-codegen runs from its own venv (tests/clients/codegen/.venv, made by
./dev test) because its pins clash with the project's graphql-core and ruff.
"""

from __future__ import annotations

import importlib
import json
import subprocess
import sys
from pathlib import Path
from types import ModuleType

from tests.clients.documents import OPERATIONS

ROOT = Path(__file__).parents[2]
CODEGEN = Path(__file__).parent / "codegen" / ".venv" / "bin" / "ariadne-codegen"
PACKAGE = "gateway_client"


def generate(into: Path) -> ModuleType:
    """Generate the client package into ``into`` and import it."""
    assert CODEGEN.is_file(), "ariadne-codegen is not installed: run ./dev test"
    config = into / "ariadne-codegen.toml"
    settings = {
        "schema_path": str(ROOT / "schema.graphql"),
        "queries_path": str(OPERATIONS),
        "target_package_name": PACKAGE,
        "target_package_path": str(into),
        "async_client": False,
    }
    # TOML basic strings and booleans are written the way JSON writes them.
    lines = [f"{key} = {json.dumps(value)}" for key, value in settings.items()]
    config.write_text("[tool.ariadne-codegen]\n" + "\n".join(lines) + "\n")
    done = subprocess.run(
        [str(CODEGEN), "--config", str(config), "client"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    sys.path.insert(0, str(into))
    try:
        return importlib.import_module(PACKAGE)
    finally:
        sys.path.remove(str(into))
