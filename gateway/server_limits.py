"""The HTTP door's bounds (``[server]``): what a connection may cost before it asks for anything.

Below GraphQL a caller can spend a worker's memory, descriptors and event
loop without sending one document: headers that never end, a body that never
comes, connections that say nothing, more requests than the worker can
answer. Each bound here closes one of those; ``fastpath.uvicorn_door``
enforces the per-connection ones and ``gateway.in_flight`` the last.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from gateway.descriptors import DEFAULT_CAP, connection_cap, descriptors_kept
from gateway.section_values import settings_from

if TYPE_CHECKING:  # gateway.config reads this module's defaults (gateway.config_keys)
    from gateway.config import GatewayConfig


@dataclass(frozen=True, slots=True)
class ServerLimits:
    """Safe defaults: far above what a real client needs, far below what hurts."""

    # Bytes of one request's head (request line and headers): 431 beyond, nothing buffered past.
    max_header_bytes: int = 65_536
    # Seconds from a head's first byte to its end, and from there to the body's end: 408.
    header_timeout: float = 10.0
    body_timeout: float = 20.0
    # Seconds a connection may stay open without a request: before its first, between two.
    idle_timeout: float = 5.0
    # Open client connections per worker; the oldest idle one is closed to admit another.
    max_connections: int = DEFAULT_CAP
    # Requests to /graphql in progress per worker; more are answered 503 at once.
    max_in_flight: int = 256

    @classmethod
    def from_section(cls, values: Mapping[str, Any], *, max_connections: int) -> ServerLimits:
        """From ``[server]``, with the connection cap already fitted to the file limit."""
        return settings_from(cls, values, max_connections=max_connections)


def server_limits(config: GatewayConfig, *, sandboxes_here: bool) -> ServerLimits:
    """``[server]``'s bounds, the connection cap fitted under the open-file limit.

    Raises ``ConfigError`` when the cap cannot fit; may raise the soft limit
    (``gateway.descriptors``). ``sandboxes_here``: the sandboxes serve from this process.
    """
    section = config.section("server")
    kept = descriptors_kept(config.upstreams, sandboxes_here=sandboxes_here)
    cap = connection_cap(section["max_connections"], kept)
    return ServerLimits.from_section(section, max_connections=cap)
