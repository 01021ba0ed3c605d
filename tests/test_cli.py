"""``gateway serve`` as a user runs it: a real process, real sandboxes on loopback."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from gateway.cli import main, parse_switches

UPSTREAMS = ("prepaid", "billing", "saasu", "invoicexpress")


def test_serve_starts_the_sandboxes_and_the_graph_and_stops_on_sigterm() -> None:
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gateway",
            "serve",
            "--sandbox-base-port",
            "0",
            "--switch",
            "billing.latency_ms=5",
            "--switch",
            "error_rate=0.25",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        urls: dict[str, str] = {}
        while len(urls) < len(UPSTREAMS):
            line = process.stdout.readline()
            assert line, f"gateway exited early: {process.stderr.read() if process.stderr else ''}"
            words = line.split()
            if words[:1] == ["sandbox"]:
                urls[words[1]] = words[2]
        assert sorted(urls) == sorted(UPSTREAMS)
        graph = process.stdout.readline().split()
        assert graph[:2] == ["GraphQL", "at"]
        answer = httpx.post(graph[2], json={"query": "{ __typename }"}).json()
        assert answer == {"data": {"__typename": "Query"}}
        # Reaches InvoiceXpress, whose api_key travels in the query string.
        httpx.post(graph[2], json={"query": "{ invoicingAccount { name } }"})
        for name, url in urls.items():
            switches = httpx.get(f"{url}/_sandbox/switches").json()
            assert switches["error_rate"] == 0.25
            assert switches["latency_ms"] == (5 if name == "billing" else 0)
    finally:
        process.send_signal(signal.SIGTERM)
        code = process.wait(timeout=15)
    assert code == 0
    logs = (process.stderr.read() if process.stderr else "") + (
        process.stdout.read() if process.stdout else ""
    )
    assert "sandbox-invoicexpress-key" not in logs


def test_switch_arguments_name_what_is_wrong() -> None:
    with pytest.raises(ValueError, match="unknown upstream 'ledger'"):
        parse_switches(["ledger.latency_ms=5"])
    with pytest.raises(ValueError, match="error_rate"):
        parse_switches(["error_rate=3"])
    with pytest.raises(ValueError, match="expected"):
        parse_switches(["latency_ms"])
    assert parse_switches(["saasu.rate_limit=true"])["saasu"].rate_limit is True
    assert parse_switches(["saasu.rate_limit=true"])["billing"].rate_limit is False


def test_check_config_names_the_bad_key(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    for variable in [v for v in os.environ if v.startswith("GATEWAY_")]:
        monkeypatch.delenv(variable)
    assert main(["check-config"]) == 0
    assert "the sandboxes will serve" in capsys.readouterr().out
    bad = tmp_path / "gateway.toml"
    bad.write_text("[upstreams.billing]\nread_timeout = 'soon'\n")
    assert main(["check-config", "--config", str(bad)]) == 2
    assert "upstreams.billing.read_timeout must be a number" in capsys.readouterr().err
