"""Assemble a sandbox: the API's routes, the control routes, the fault middleware."""

from __future__ import annotations

from collections.abc import Sequence

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.routing import BaseRoute

from upstreams.sandboxing.control import control_routes
from upstreams.sandboxing.faults import (
    EndpointKey,
    FaultMiddleware,
    SchemaBreaker,
    break_schema,
    route_key,
)
from upstreams.sandboxing.state import SandboxState


def build_sandbox(
    state: SandboxState,
    routes: Sequence[BaseRoute],
    *,
    endpoint_key: EndpointKey | None = None,
    schema_breaker: SchemaBreaker = break_schema,
    extra_control_routes: Sequence[BaseRoute] = (),
) -> Starlette:
    """Return the sandbox app; ``app.state.sandbox`` is its ``SandboxState``.

    ``endpoint_key`` defaults to the matched route's ``METHOD /template``; an
    action-style API passes its own (the prepaid Web API counts by ``Action``).
    Extra control routes must live under ``/_sandbox/``.
    """
    api_routes = list(routes)
    app = Starlette(
        routes=[*control_routes(state), *extra_control_routes, *api_routes],
        middleware=[
            Middleware(
                FaultMiddleware,
                state=state,
                endpoint_key=endpoint_key or route_key(api_routes),
                schema_breaker=schema_breaker,
            )
        ],
    )
    app.state.sandbox = state
    return app
