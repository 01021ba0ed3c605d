"""Safe defaults on real ``gateway serve`` processes: who may call is never left to a
default with real upstreams, an open door says so in the log, and only development
lets a browser page on this machine in."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import httpx

from tests.configured import OPEN_DOOR
from tests.ops.conftest import READ, Sandboxes, upstreams_toml
from tests.ops.door_tools import Served, serve

VOLATILE = "[idempotency]\nallow_volatile = true\n\n"
"""One process that moves no money it must keep."""
REQUIRED = '[auth]\nmode = "required"\napi_keys = "reader-key-0123456789:read"\n\n'
APP = "https://app.example.test"
OPEN_WARNING = "auth.mode is open with real upstreams"


def preflight(served: Served, origin: str) -> httpx.Response:
    return httpx.options(
        f"{served.url}/graphql",
        headers={
            "origin": origin,
            "access-control-request-method": "POST",
            "access-control-request-headers": "content-type",
        },
        timeout=10,
    )


def log_lines(log: str) -> list[dict[str, object]]:
    return [json.loads(line) for line in log.splitlines() if line.startswith("{")]


def test_real_upstreams_without_an_auth_mode_do_not_start(
    sandboxes: Sandboxes, tmp_path: Path
) -> None:
    config = tmp_path / "gateway.toml"
    config.write_text(VOLATILE + upstreams_toml(sandboxes))
    sandboxes.reset_calls()
    for command in (["serve", "--port", "0"], ["check-config"]):
        done = subprocess.run(
            [sys.executable, "-m", "gateway", *command, "--config", str(config)],
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert done.returncode == 2, command
        assert "auth.mode must be set with real upstreams" in done.stderr
        assert '"required"' in done.stderr and '"open"' in done.stderr
        assert "GraphQL at" not in done.stdout
    assert all(sandboxes.calls(name) == {} for name in sandboxes.servers)


def test_open_written_out_starts_and_warns_in_the_log(sandboxes: Sandboxes, tmp_path: Path) -> None:
    config = tmp_path / "gateway.toml"
    config.write_text(VOLATILE + OPEN_DOOR + upstreams_toml(sandboxes))
    served = serve(["--config", str(config), "--port", "0"])
    try:
        answer = httpx.post(
            f"{served.url}/graphql", json={"query": READ, "variables": {"id": 50702}}, timeout=30
        ).json()
        assert "errors" not in answer, answer
    finally:
        log = served.stop()
    [warning] = [line for line in log_lines(log) if OPEN_WARNING in str(line["message"])]
    assert warning["level"] == "warning"


def test_required_auth_starts_without_the_warning(sandboxes: Sandboxes, tmp_path: Path) -> None:
    config = tmp_path / "gateway.toml"
    config.write_text(VOLATILE + REQUIRED + upstreams_toml(sandboxes))
    served = serve(["--config", str(config), "--port", "0"])
    try:
        anonymous = httpx.post(f"{served.url}/graphql", json={"query": "{ __typename }"})
        assert anonymous.status_code == 401
    finally:
        log = served.stop()
    assert OPEN_WARNING not in log


def test_development_lets_a_local_page_on_any_port_in() -> None:
    served = serve(["--port", "0", "--sandbox-base-port", "0"])
    try:
        for origin in ("http://localhost:3000", "http://127.0.0.1:5173", "http://localhost"):
            allowed = preflight(served, origin)
            assert allowed.status_code == 200, origin
            assert allowed.headers["access-control-allow-origin"] == origin
            answer = httpx.post(
                f"{served.url}/graphql",
                json={"query": "{ __typename }"},
                headers={"origin": origin},
            )
            assert answer.headers["access-control-allow-origin"] == origin
        for stranger in ("http://localhost.evil.test:3000", "https://localhost:3000", APP):
            refused = preflight(served, stranger)
            assert refused.status_code == 400, stranger
            assert "access-control-allow-origin" not in refused.headers
    finally:
        served.stop()


def test_production_keeps_to_its_allow_list(sandboxes: Sandboxes, tmp_path: Path) -> None:
    config = tmp_path / "gateway.toml"
    config.write_text(
        VOLATILE + REQUIRED + f'[cors]\norigins = "{APP}"\n\n' + upstreams_toml(sandboxes)
    )
    served = serve(["--config", str(config), "--port", "0"])
    try:
        for local in ("http://localhost:3000", "http://127.0.0.1:5173"):
            refused = preflight(served, local)
            assert refused.status_code == 400, local
            assert "access-control-allow-origin" not in refused.headers
        allowed = preflight(served, APP)
        assert allowed.status_code == 200
        assert allowed.headers["access-control-allow-origin"] == APP
    finally:
        served.stop()
