"""A running gateway over running sandboxes, for tests that speak GraphQL over HTTP.

Module-scoped: starting five servers per test would dominate the run. Tests
that change data pick records no other test in the module touches; tests
that count upstream calls reset the counts first.
"""

from __future__ import annotations

import dataclasses
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import AbstractAsyncContextManager, asynccontextmanager, contextmanager
from dataclasses import dataclass, field
from typing import Any

import httpx
import pytest
from starlette.applications import Starlette

from gateway.adapters import close_upstreams
from gateway.app import create_app
from gateway.config import UpstreamSettings
from gateway.sandboxes import UPSTREAMS, Sandboxes, sandbox_settings
from gateway.server import build_upstreams
from resolvers.context import Upstreams
from resolvers.idempotency import Idempotency
from tests.leaks import recording
from upstreams.billing import sandbox as billing
from upstreams.invoicexpress import sandbox as invoicexpress
from upstreams.prepaid import sandbox as prepaid
from upstreams.saasu import sandbox as saasu
from upstreams.sandboxing import RunningServer, Switches, World, serve_in_thread

WORLD = World()


@dataclass
class Graph:
    """The gateway's ``/graphql`` and its sandboxes, driven over HTTP."""

    url: str
    sandboxes: dict[str, str]
    http: httpx.Client = field(default_factory=lambda: httpx.Client(timeout=30))

    def execute(
        self, query: str, variables: dict[str, Any] | None = None, *, get: bool = False
    ) -> dict[str, Any]:
        """Run an operation; return the whole response body (``data`` and ``errors``)."""
        if get:
            params: dict[str, str] = {"query": query}
            if variables:
                import json

                params["variables"] = json.dumps(variables)
            response = self.http.get(self.url, params=params)
        else:
            response = self.http.post(self.url, json={"query": query, "variables": variables})
        body: dict[str, Any] = response.json()
        return body

    def calls(self, upstream: str) -> dict[str, int]:
        """Calls each endpoint of ``upstream``'s sandbox received since the last reset."""
        answer = self.http.get(f"{self.sandboxes[upstream]}/_sandbox/calls").json()
        return dict(answer["endpoints"])

    def reset_calls(self) -> None:
        for url in self.sandboxes.values():
            self.http.delete(f"{url}/_sandbox/calls")

    def switch(self, upstream: str, **changes: Any) -> None:
        """Set switches of ``upstream``'s sandbox while it runs."""
        response = self.http.patch(f"{self.sandboxes[upstream]}/_sandbox/switches", json=changes)
        response.raise_for_status()

    def reset_switches(self) -> None:
        for name in self.sandboxes:
            self.switch(name, **Switches().to_dict())


def data(body: dict[str, Any]) -> dict[str, Any]:
    """The answer's ``data``, once it is known to carry no errors."""
    assert "errors" not in body, body["errors"]
    result: dict[str, Any] = body["data"]
    return result


def open_sessions(graph: Graph) -> None:
    """Log in to billing and open the prepaid session, then zero the counts.

    So a test that counts calls counts only its own query's.
    """
    data(
        graph.execute(
            "query Warm($prepaid: Int!) { customerAccount(identity: 1001) { name }"
            " prepaidAccount(accountNumber: $prepaid) { name } }",
            {"prepaid": WORLD.prepaid_ids()[0]},
        )
    )
    graph.reset_calls()


def with_clients(settings: UpstreamSettings, **changes: Any) -> UpstreamSettings:
    """``settings`` with the same ``ClientSettings`` changes made for all four upstreams."""
    adapters = {
        name: getattr(settings, name) for name in ("prepaid", "billing", "saasu", "invoicexpress")
    }
    return dataclasses.replace(
        settings,
        **{
            name: dataclasses.replace(
                adapter, client=dataclasses.replace(adapter.client, **changes)
            )
            for name, adapter in adapters.items()
        },
    )


def untripped(settings: UpstreamSettings) -> UpstreamSettings:
    """Circuit breakers that never open.

    Tests share a gateway per module, and one that takes an upstream down must
    not leave its circuit open for the next; ``test_degradation`` tests the
    breakers on a gateway of its own.
    """
    return with_clients(settings, breaker_failures=1_000_000)


def closing(upstreams: Upstreams) -> Callable[[Starlette], AbstractAsyncContextManager[None]]:
    """A lifespan that closes the adapters' pools in the gateway's own loop when it stops."""

    @asynccontextmanager
    async def lifespan(_: Starlette) -> AsyncIterator[None]:
        yield
        await close_upstreams(upstreams)

    return lifespan


@contextmanager
def running_graph(
    adjust: Callable[[UpstreamSettings], UpstreamSettings] = lambda settings: settings,
    idempotency: Idempotency | None = None,
    **app_options: Any,
) -> Iterator[Graph]:
    """Sandboxes and a gateway over them; ``adjust`` may change the adapters' settings.

    ``adjust`` gets settings whose breakers never open (see ``untripped``).
    ``idempotency``: the gateway's key store and its waits (default: memory);
    other ``app_options`` go to ``create_app`` (production mode, limits, auth, ...).
    """
    apps = {
        "prepaid": prepaid.create_app(prepaid.SandboxConfig(world=WORLD)),
        "billing": billing.create_app(billing.SandboxConfig(world=WORLD)),
        "saasu": saasu.create_app(saasu.SandboxConfig(world=WORLD)),
        "invoicexpress": invoicexpress.create_app(invoicexpress.SandboxConfig(world=WORLD)),
    }
    servers: dict[str, RunningServer] = {name: serve_in_thread(apps[name]) for name in UPSTREAMS}
    upstreams = build_upstreams(adjust(untripped(sandbox_settings(Sandboxes(servers), {}))))
    app = create_app(upstreams, idempotency=idempotency, lifespan=closing(upstreams), **app_options)
    gateway = serve_in_thread(recording(app), lifespan=True)
    graph = Graph(
        url=f"{gateway.base_url}/graphql",
        sandboxes={name: server.base_url for name, server in servers.items()},
    )
    try:
        yield graph
    finally:
        graph.http.close()
        gateway.stop()
        for server in servers.values():
            server.stop()


@pytest.fixture(scope="module")
def graph() -> Iterator[Graph]:
    with running_graph() as running:
        yield running
