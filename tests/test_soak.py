"""The soak run works end to end: a 3 s run instead of its usual minute.

The minute-long run is ``./dev soak``, kept out of the default test run; this
proves the script starts the gateway, loads it, counts injected faults
against GraphQL errors, judges memory and stops it cleanly.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from bench.rss import flatness

ROOT = Path(__file__).resolve().parents[1]


def test_a_short_soak_passes_and_writes_its_figures(tmp_path: Path) -> None:
    out = tmp_path / "soak.json"
    command = [sys.executable, "-m", "bench.soak", "--seconds", "3", "--rate", "10"]
    command += ["--warmup", "1", "--out", str(out)]
    finished = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert finished.returncode == 0, finished.stdout + finished.stderr
    results = json.loads(out.read_text())
    assert results["requests"]["sent"] == 30
    assert results["requests"]["answered"] == 30
    assert results["graphql_errors_total"] <= results["injected_faults"]
    assert results["unexpected_errors"] == {}
    assert results["memory"]["samples"] >= 20
    assert results["verdict"]["passed"] is True
    assert results["gateway_exit_code"] == 0


def test_memory_that_keeps_growing_is_not_flat() -> None:
    growing = [(float(t), 100_000_000 + t * 2_000_000) for t in range(60)]
    judged = flatness(growing, warmup=10, max_growth=0.10)
    assert not judged.flat
    steady = [(float(t), 100_000_000 + (t % 3) * 1_000_000) for t in range(60)]
    assert flatness(steady, warmup=10, max_growth=0.10).flat


def test_too_few_samples_cannot_be_judged() -> None:
    with pytest.raises(ValueError):
        flatness([(0.0, 1), (5.0, 1)], warmup=1, max_growth=0.1)
