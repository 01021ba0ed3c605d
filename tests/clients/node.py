"""Running a committed node script (tests/clients/js) against the gateway."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tests.node_scripts import run_script

JS = Path(__file__).parent / "js"


def run_node(
    script: str, url: str, operation: str, variables: dict[str, Any], error_policy: str = "none"
) -> dict[str, Any]:
    """The script's JSON summary of what the library handed the application."""
    return run_script(JS / script, url, operation, json.dumps(variables), error_policy)
