"""Running a committed node script (tests/clients/js) against the gateway."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

JS = Path(__file__).parent / "js"


def run_node(
    script: str, url: str, operation: str, variables: dict[str, Any], error_policy: str = "none"
) -> dict[str, Any]:
    """The script's JSON summary of what the library handed the application."""
    node = shutil.which("node")
    assert node, "node is missing: ./dev test installs it"
    assert (JS / "node_modules").is_dir(), "tests/clients/js is not installed: run ./dev test"
    done = subprocess.run(
        [node, str(JS / script), url, operation, json.dumps(variables), error_policy],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    summary: dict[str, Any] = json.loads(done.stdout.splitlines()[-1])
    return summary
