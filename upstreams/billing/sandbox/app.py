"""Assemble the billing sandbox: seeded data, tokens, routes, error answers."""

from __future__ import annotations

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response

from upstreams.billing.sandbox.config import SandboxConfig
from upstreams.billing.sandbox.problems import ApiError, Problem
from upstreams.billing.sandbox.responses import failure
from upstreams.billing.sandbox.routes import endpoint_key, keyed_routes
from upstreams.billing.sandbox.seed import seed_store
from upstreams.billing.sandbox.tokens import Tokens
from upstreams.sandboxing import SandboxState, VendorLimit, build_sandbox

VENDOR_LIMIT = VendorLimit(per_second=20, burst=40)


async def _api_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, ApiError)
    return failure(exc.status, exc.problems, exc.headers)


async def _http_error(request: Request, exc: Exception) -> Response:
    """Unknown paths and wrong methods answer in the API's own error shape."""
    assert isinstance(exc, HTTPException)
    if exc.status_code == 405:
        problem = Problem("MethodNotAllowed", f"This endpoint does not answer {request.method}.")
    elif exc.status_code == 404:
        problem = Problem("NotFound", "No endpoint answers this path.")
    else:
        problem = Problem("InvalidValue", exc.detail)
    return failure(exc.status_code, [problem], exc.headers)


def create_app(config: SandboxConfig | None = None) -> Starlette:
    config = config or SandboxConfig()
    store = seed_store(config.world)
    tokens = Tokens(config.token_lifetime_seconds)
    keyed = keyed_routes(config, store, tokens)
    state = SandboxState("billing", config.switches, VENDOR_LIMIT, seed=config.world.seed)
    app = build_sandbox(state, [route for route, _ in keyed], endpoint_key=endpoint_key(keyed))
    app.add_exception_handler(ApiError, _api_error)
    app.add_exception_handler(HTTPException, _http_error)
    return app
