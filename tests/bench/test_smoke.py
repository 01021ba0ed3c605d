"""``python -m bench.run --quick`` runs end to end and writes results of the documented shape.

A smoke test: few requests, so it checks shape and call counts, never timings.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from bench.scenarios import SCENARIOS

ROOT = Path(__file__).resolve().parents[2]
PHASE_KEYS = {"requests", "failures", "p50_ms", "p99_ms", "mean_ms", "rps", "cpu_ms_per_request"}


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One quick run (about a minute) shared by this module's tests."""
    target = tmp_path_factory.mktemp("bench")
    subprocess.run(
        [sys.executable, "-m", "bench.run", "--quick", "--out", str(target)],
        cwd=ROOT,
        check=True,
        timeout=600,
        capture_output=True,
    )
    return target


def test_quick_run_writes_results_with_every_figure(out: Path) -> None:
    tmp_path = out
    assert (tmp_path / "results.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert "| target | figure | holds |" in (tmp_path / "results.md").read_text()
    results = json.loads((tmp_path / "results.json").read_text())
    assert set(results["runs"]) == {"gateway@0ms", "naive@0ms", "gateway@20ms", "naive@20ms"}
    for run in results["runs"].values():
        assert run["_process"]["peak_rss_mib"] > 0
        for scenario in SCENARIOS:
            entry = run[scenario.name]
            assert set(entry["c1"]) == PHASE_KEYS
            assert set(entry["c32"]) == PHASE_KEYS
            assert entry["c1"]["failures"] == entry["c32"]["failures"] == 0
            assert entry["c1"]["requests"] > 0
    for name, path in results["critical_path"].items():
        assert path["ms"] == path["waves"] * results["latency_ms"], name
    assert [point["workers"] for point in results["workers"]] == [1, 2]
    for name in ("typename", "ten_fields", "ten_fields_cached"):
        point = results["small_queries"][name]
        assert set(point) == PHASE_KEYS and point["failures"] == 0, name
    assert set(results["read_cache"]["accounts_50"]["c1"]) == PHASE_KEYS
    assert set(results["read_cache"]["accounts_50"]["c32"]) == PHASE_KEYS
    assert set(results["read_cache"]["accounts_50"]["naive_c32"]) == PHASE_KEYS
    for name, straight in results["direct"].items():
        assert straight["failures"] == 0 and straight["requests"] > 0, name
        # The call straight to the sandbox waited out the added latency, so it did reach it.
        assert straight["p50_ms"] >= results["latency_ms"], name
    assert set(results["direct"]) == {"account_ten_fields", "mutation_set_recharge"}
    for kind in ("bare", "starlette"):
        point = results["floors"]["http"][kind]
        assert set(point) == PHASE_KEYS and point["failures"] == 0, kind
    for scenario in SCENARIOS:
        floor = results["floors"]["calls"][scenario.name]
        # The call floor replays the very calls the gateway made for the scenario.
        made = results["runs"]["gateway@0ms"][scenario.name]["calls"]["total"]
        assert floor["calls"] == made and floor["requests"] > 0, scenario.name
        for share in ("0.5", "0.8"):
            point = results["open_loop"][scenario.name][share]
            assert point["failures"] == 0 and point["requests"] > 0, (scenario.name, share)
    page = results["floors"]["calls"]["billing_page_50"]
    assert page["calls"] == 1 and page["body_bytes"] > 200_000
    # Deferring or streaming a scenario's slow part costs none of its calls.
    for name in ("accounts_50_deferred", "invoices_100_streamed"):
        point = results["incremental"][name]
        assert point["calls_equal_whole"] and point["requests"] > 0, name
        # The gateway's CPU was read: some before the first payload, more for the whole.
        first_cpu, whole_cpu = point["gateway_cpu_first_p50_ms"], point["gateway_cpu_whole_p50_ms"]
        assert 0 < first_cpu < whole_cpu, name
        assert point["gateway_cpu_alone_mean_ms"] > 0, name
    # The first part's own call (the page), timed straight against the sandbox beside the
    # gateway, waited out the added latency, so it did reach it; the target is judged on it.
    first = results["incremental"]["accounts_50_deferred"]
    assert first["first_part_calls"] == 1
    assert first["first_round_trip_p50_ms"] >= results["latency_ms"]
    # The gateway's own moments matched the client's requests: the call they split out is
    # the page's, which waited out the added latency too; the phases are reported.
    split = first["first_phases"]
    assert split["requests"] > 0
    assert split["call_ms"] >= results["incremental"]["latency_ms"]
    assert split["before_call_cpu_ms"] > 0 and split["after_answer_cpu_ms"] > 0
    assert "First payload, phase by phase" in (tmp_path / "results.md").read_text()
    assert results["incremental"]["invoices_100_streamed"]["first_phases"] is None
    assert any(
        t["target"].startswith("accounts_50_deferred: first payload") for t in results["targets"]
    )
    reference = results["machine"]["reference_ms"]
    assert reference["start"] > 0 and reference["end"] > 0
    assert f"took {reference['start']} ms of CPU" in (tmp_path / "results.md").read_text()


def test_a_warm_read_cache_answers_the_50_accounts_with_one_page_read(out: Path) -> None:
    """Only the page is not cacheable; every prepaid and invoicer read is a hit."""
    warm = json.loads((out / "results.json").read_text())["read_cache"]["accounts_50"]
    assert warm["warm_calls"] == 1


def test_quick_run_reports_minimal_calls_for_the_gateway_and_more_for_the_naive_baseline(
    out: Path,
) -> None:
    runs = json.loads((out / "results.json").read_text())["runs"]
    for scenario in SCENARIOS:
        entry = runs["gateway@0ms"][scenario.name]
        assert entry["calls"]["made"] == entry["calls"]["minimal"], scenario.name
    fast = runs["gateway@0ms"]["accounts_50"]["calls"]["total"]
    naive = runs["naive@0ms"]["accounts_50"]["calls"]["total"]
    assert naive > fast
