"""Configured, the gateway talks to the given base URLs with the given credentials.

The "real" upstreams here are sandboxes this test starts itself, on ports the
gateway learns only from the configuration file; the gateway must start no
sandbox of its own and its calls must arrive at these servers.
"""

from __future__ import annotations

import signal
import subprocess
import sys
from pathlib import Path

import httpx

from tests.configured import OPEN_DOOR, upstreams_toml
from upstreams.billing import sandbox as billing
from upstreams.invoicexpress import sandbox as invoicexpress
from upstreams.prepaid import sandbox as prepaid
from upstreams.saasu import sandbox as saasu
from upstreams.sandboxing import World, serve_in_thread

WORLD = World(billing_accounts=20)


def test_a_configured_gateway_uses_the_configured_upstreams_and_starts_no_sandbox(
    tmp_path: Path,
) -> None:
    p, b, s, i = (
        prepaid.SandboxConfig(world=WORLD),
        billing.SandboxConfig(world=WORLD),
        saasu.SandboxConfig(world=WORLD),
        invoicexpress.SandboxConfig(world=WORLD),
    )
    servers = {
        "prepaid": serve_in_thread(prepaid.create_app(p)),
        "billing": serve_in_thread(billing.create_app(b)),
        "saasu": serve_in_thread(saasu.create_app(s)),
        "invoicexpress": serve_in_thread(invoicexpress.create_app(i)),
    }
    config = tmp_path / "gateway.toml"
    config.write_text(
        "[idempotency]\nallow_volatile = true\n\n"  # one process; this test moves no money
        + OPEN_DOOR
        + upstreams_toml(
            {name: server.base_url for name, server in servers.items()},
            saasu_access_key=True,
            saasu_format="xml",
        )
    )
    process = subprocess.Popen(
        [sys.executable, "-m", "gateway", "serve", "--config", str(config), "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        first = process.stdout.readline().split()
        assert first[:2] == ["GraphQL", "at"], first  # no "sandbox ..." line before it
        body = httpx.post(
            first[2],
            json={
                "query": "{ invoicingAccount { name } customerAccount(identity: 1001) { name }"
                " ledgerAccounts(first: 2) { edges { node { name } } } }"
            },
            timeout=30,
        ).json()
        assert "errors" not in body, body
        for name in ("billing", "saasu", "invoicexpress"):
            calls = httpx.get(f"{servers[name].base_url}/_sandbox/calls").json()
            assert calls["total"] > 0, name
    finally:
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=15) == 0
        for server in servers.values():
            server.stop()
