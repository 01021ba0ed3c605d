"""Start the four upstream sandboxes in this process, on loopback.

With no upstream configured, ``gateway serve`` runs against these, so a fresh
machine needs nothing else. Each sandbox gets the same ``World`` so their data
link up (billing ``externalAccountIdentifier`` to prepaid ``AccountId``).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from starlette.applications import Starlette

from upstreams.sandboxing import RunningServer, Switches, World, start_server

UPSTREAMS = ("prepaid", "billing", "saasu", "invoicexpress")


def _factory(name: str) -> Callable[[World, Switches], Starlette]:
    """The sandbox app factory of one upstream, imported only when started."""
    if name == "prepaid":
        from upstreams.prepaid import sandbox as prepaid

        return lambda world, switches: prepaid.create_app(
            prepaid.SandboxConfig(world=world, switches=switches)
        )
    if name == "billing":
        from upstreams.billing import sandbox as billing

        return lambda world, switches: billing.create_app(
            billing.SandboxConfig(world=world, switches=switches)
        )
    if name == "saasu":
        from upstreams.saasu import sandbox as saasu

        return lambda world, switches: saasu.create_app(
            saasu.SandboxConfig(world=world, switches=switches)
        )
    if name == "invoicexpress":
        from upstreams.invoicexpress import sandbox as invoicexpress

        return lambda world, switches: invoicexpress.create_app(
            invoicexpress.SandboxConfig(world=world, switches=switches)
        )
    raise ValueError(f"unknown upstream {name!r}; expected one of {', '.join(UPSTREAMS)}")


@dataclass
class Sandboxes:
    """The running sandboxes by upstream name."""

    servers: dict[str, RunningServer]

    def base_url(self, name: str) -> str:
        return self.servers[name].base_url

    async def aclose(self) -> None:
        for server in self.servers.values():
            await server.aclose()


async def start_sandboxes(
    *,
    host: str = "127.0.0.1",
    base_port: int = 0,
    world: World | None = None,
    switches: Mapping[str, Switches] | None = None,
) -> Sandboxes:
    """Start every sandbox on ports ``base_port + 1 ..`` in ``UPSTREAMS`` order (0: free ports)."""
    world = world or World()
    servers: dict[str, RunningServer] = {}
    try:
        for offset, name in enumerate(UPSTREAMS, start=1):
            app = _factory(name)(world, (switches or {}).get(name) or Switches())
            port = base_port + offset if base_port else 0
            servers[name] = await start_server(app, host, port)
    except BaseException:
        await Sandboxes(servers).aclose()
        raise
    return Sandboxes(servers)
