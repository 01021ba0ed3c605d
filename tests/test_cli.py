"""``gateway serve`` as a user runs it: a real process, real sandboxes on loopback."""

from __future__ import annotations

import json
import os
import pty
import select
import signal
import subprocess
import sys
import time
import tomllib
from collections.abc import Callable
from pathlib import Path
from typing import IO

import httpx
import pytest

from gateway.cli import main, parse_switches
from gateway.config import load_config
from gateway.server_limits import server_limits
from tests.configured import OPEN_DOOR, upstreams_toml

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


def clean_environ() -> dict[str, str]:
    """This process's environment without any ``GATEWAY_*`` setting."""
    return {name: value for name, value in os.environ.items() if not name.startswith("GATEWAY_")}


def check_config(path: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "gateway", "check-config", "--config", str(path)],
        capture_output=True,
        text=True,
        env=clean_environ(),
        timeout=60,
    )


PLACES = {name: f"https://{name}.example.test" for name in UPSTREAMS}


@pytest.mark.parametrize(
    ("base_url", "hint"),
    [
        ("prepaid.example.test", "must be a URL starting with http:// or https://"),
        ("ftp://prepaid.example.test", "must be a URL starting with http:// or https://"),
        ("https://:8101/api", "must name a host after https://"),
        ("http://prepaid.example.test:99999", "must have a port from 0 to 65535"),
        ("https://prepaid.example .test", "must be a URL (http:// or https://...) without spaces"),
        ("https://prepaid.example.test/?token=1", "must not have a query string"),
    ],
)
def test_check_config_refuses_a_malformed_base_url_naming_the_key(
    tmp_path: Path, base_url: str, hint: str
) -> None:
    config = tmp_path / "gateway.toml"
    config.write_text(OPEN_DOOR + upstreams_toml({**PLACES, "prepaid": base_url}))
    done = check_config(config)
    assert done.returncode == 2
    assert f"upstreams.prepaid.base_url {hint}" in done.stderr
    assert "prepaid.example" not in done.stderr  # the value is never repeated back


def test_check_config_refuses_what_serve_would_and_shows_the_connection_cap(
    tmp_path: Path,
) -> None:
    config = tmp_path / "gateway.toml"
    config.write_text(OPEN_DOOR + upstreams_toml(PLACES))
    volatile = check_config(config)
    assert volatile.returncode == 2
    assert "idempotency store is volatile" in volatile.stderr
    config.write_text("[idempotency]\nallow_volatile = true\n\n" + config.read_text())
    valid = check_config(config)
    assert valid.returncode == 0, valid.stderr
    assert "configuration is valid: production upstreams" in valid.stdout
    assert "auth: open" in valid.stdout
    cap = server_limits(load_config(config, {}), sandboxes_here=False).max_connections
    assert f"connections per worker: {cap} (server.max_connections" in valid.stdout


def test_version_and_plain_help() -> None:
    project = tomllib.loads((Path(__file__).parent.parent / "pyproject.toml").read_text())
    done = subprocess.run(
        [sys.executable, "-m", "gateway", "--version"], capture_output=True, text=True, timeout=60
    )
    assert done.stdout == f"gateway {project['project']['version']}\n"
    for command in ([], ["serve"], ["schema"], ["check-config"]):
        shown = subprocess.run(
            [sys.executable, "-m", "gateway", *command, "--help"],
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert shown.returncode == 0
        assert "usage: gateway" in shown.stdout
        assert "``" not in shown.stdout, command  # no reStructuredText on a terminal
        assert ":class:" not in shown.stdout and ":func:" not in shown.stdout


def first_access_line(stderr: int | IO[str], read: Callable[[], str]) -> str:
    """Start ``gateway serve`` with its stderr on ``stderr``, ask once, and return the
    line the access log wrote for it."""
    process = subprocess.Popen(
        [sys.executable, "-m", "gateway", "serve", "--port", "0", "--sandbox-base-port", "0"],
        stdout=subprocess.PIPE,
        stderr=stderr,
        text=True,
        env=clean_environ(),
    )
    try:
        assert process.stdout is not None
        line = ""
        while not line.startswith("GraphQL at "):
            line = process.stdout.readline()
            assert line, "gateway exited early"
        httpx.post(line.split()[2], json={"query": "{ __typename }"})
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            for written in read().splitlines():
                if "POST /graphql 200" in written:
                    return written
            time.sleep(0.05)
        raise AssertionError("no access line")
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=15)


def test_logs_are_text_on_a_terminal_and_json_otherwise(tmp_path: Path) -> None:
    terminal, attached = pty.openpty()
    seen: list[str] = []

    def from_terminal() -> str:
        if select.select([terminal], [], [], 0.1)[0]:
            seen.append(os.read(terminal, 65536).decode())
        return "".join(seen)

    try:
        text = first_access_line(attached, from_terminal)
    finally:
        os.close(attached)
        os.close(terminal)
    assert not text.startswith("{")
    assert " INFO gateway.access POST /graphql 200" in text

    with (tmp_path / "log").open("w+") as log:
        line = first_access_line(log, lambda: (tmp_path / "log").read_text())
    assert json.loads(line)["message"] == "POST /graphql 200"
