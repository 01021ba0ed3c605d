"""Running a committed node script of the tests and reading the JSON line it ends with."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any


def run_script(script: Path, *args: str) -> dict[str, Any]:
    """The JSON summary a script prints last; fails with its stderr if it fails."""
    node = shutil.which("node")
    assert node, "node is missing: ./dev test installs it"
    project = script.parent
    assert (project / "node_modules").is_dir(), f"{project} is not installed: run ./dev test"
    done = subprocess.run(
        [node, str(script), *args], capture_output=True, text=True, timeout=60, check=False
    )
    assert done.returncode == 0, done.stderr
    summary: dict[str, Any] = json.loads(done.stdout.splitlines()[-1])
    return summary
