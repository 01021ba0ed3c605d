"""Running pieces for operations tests: sandboxes, Redis, gateway processes, configs.

Gateways here run as real ``gateway serve`` processes (or in a thread for
in-process checks) over sandboxes this test process serves, so sandbox call
counts are read directly.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import IO, Any

import httpx
import pytest

from gateway.config import UpstreamSettings
from gateway.sandboxes import UPSTREAMS, sandbox_settings_at
from tests.configured import OPEN_DOOR
from tests.configured import upstreams_toml as configured_toml
from tests.graph.conftest import WORLD
from upstreams.billing import sandbox as billing
from upstreams.invoicexpress import sandbox as invoicexpress
from upstreams.prepaid import sandbox as prepaid
from upstreams.prepaid.sandbox.seed_accounts import seed_accounts
from upstreams.saasu import sandbox as saasu
from upstreams.sandboxing import RunningServer, serve_in_thread

ACCOUNT_IDS = sorted(seed_accounts(WORLD))
READ = "query Balance($id: Int!) { prepaidAccount(accountNumber: $id) { name balance { amount } } }"
ADD_CREDIT = (
    "mutation TopUp($input: AddCreditInput!) { addCredit(input: $input) {"
    " account { balance { amount } } userErrors { code } } }"
)


@dataclass
class Sandboxes:
    """The four sandboxes, served in threads of the test process."""

    servers: dict[str, RunningServer]
    http: httpx.Client = field(default_factory=lambda: httpx.Client(timeout=10))

    def url(self, name: str) -> str:
        return self.servers[name].base_url

    def calls(self, name: str) -> dict[str, int]:
        return dict(self.http.get(f"{self.url(name)}/_sandbox/calls").json()["endpoints"])

    def log(self, name: str) -> list[dict[str, Any]]:
        """Each call the sandbox saw since its counts were reset: ``at``, ``endpoint``,
        ``limited`` (refused by the vendor's rate limit)."""
        calls: list[dict[str, Any]] = self.http.get(f"{self.url(name)}/_sandbox/log").json()[
            "calls"
        ]
        return calls

    def reset_calls(self) -> None:
        for name in self.servers:
            self.http.delete(f"{self.url(name)}/_sandbox/calls")

    def switch(self, name: str, **changes: Any) -> None:
        self.http.patch(f"{self.url(name)}/_sandbox/switches", json=changes).raise_for_status()

    def settings(self) -> UpstreamSettings:
        return sandbox_settings_at({name: self.url(name) for name in UPSTREAMS}, set())


def start_sandboxes() -> Sandboxes:
    apps = {
        "prepaid": prepaid.create_app(prepaid.SandboxConfig(world=WORLD)),
        "billing": billing.create_app(billing.SandboxConfig(world=WORLD)),
        "saasu": saasu.create_app(saasu.SandboxConfig(world=WORLD)),
        "invoicexpress": invoicexpress.create_app(invoicexpress.SandboxConfig(world=WORLD)),
    }
    return Sandboxes({name: serve_in_thread(apps[name]) for name in UPSTREAMS})


@pytest.fixture(scope="module")
def sandboxes() -> Iterator[Sandboxes]:
    running = start_sandboxes()
    yield running
    for server in running.servers.values():
        server.stop()


ONE_PROCESS = "[idempotency]\nallow_volatile = true\n\n" + OPEN_DOOR
"""For a test's lone gateway that moves no money it must keep: keys in memory and any
caller let in, knowingly."""


def upstreams_toml(sandboxes: Sandboxes) -> str:
    """``[upstreams.*]`` tables pointing at the sandboxes with their own credentials."""
    return configured_toml({name: sandboxes.url(name) for name in UPSTREAMS})


@dataclass
class GatewayProcess:
    """A ``gateway serve`` subprocess; ``url`` is its base URL once it announced itself."""

    process: subprocess.Popen[str]
    url: str
    log: IO[str]

    def execute(self, query: str, variables: dict[str, Any] | None = None) -> dict[str, Any]:
        response = httpx.post(
            f"{self.url}/graphql", json={"query": query, "variables": variables}, timeout=30
        )
        body: dict[str, Any] = response.json()
        return body

    def stop(self) -> str:
        """SIGTERM, wait, and return what it wrote to stderr."""
        if self.process.poll() is None:
            self.process.terminate()
        self.process.communicate(timeout=30)
        self.log.seek(0)
        return self.log.read()


def start_gateway(args: list[str], env: dict[str, str] | None = None) -> GatewayProcess:
    """Start ``gateway serve ARGS`` and wait (bounded) until it says where it listens.

    Its log goes to a file: a pipe nobody reads fills after some 220 access
    lines, and the gateway then blocks writing its log.
    """
    log = tempfile.TemporaryFile("w+")  # noqa: SIM115 (lives as long as the process)
    process = subprocess.Popen(
        [sys.executable, "-m", "gateway", "serve", *args],
        stdout=subprocess.PIPE,
        stderr=log,
        text=True,
        env=env,
    )
    assert process.stdout is not None
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        line = process.stdout.readline()
        if not line:
            break
        if line.startswith("GraphQL at "):
            url = line.split()[2].removesuffix("/graphql")
            return GatewayProcess(process, url, log)
    process.kill()
    process.communicate()
    log.seek(0)
    raise AssertionError(f"gateway did not start: {log.read()[-2000:]}")


GatewayStarter = Callable[..., GatewayProcess]


@pytest.fixture
def gateways() -> Iterator[GatewayStarter]:
    """Start gateway processes; every one is stopped after the test."""
    started: list[GatewayProcess] = []

    def start(args: list[str], env: dict[str, str] | None = None) -> GatewayProcess:
        gateway = start_gateway(args, env)
        started.append(gateway)
        return gateway

    yield start
    for gateway in started:
        if gateway.process.poll() is None:
            gateway.process.kill()
            gateway.process.communicate()
