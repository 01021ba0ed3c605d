"""Assemble the Saasu sandbox app from its endpoints and the shared sandbox kit."""

from __future__ import annotations

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from upstreams.saasu.sandbox.accounts import AccountEndpoints
from upstreams.saasu.sandbox.answers import error_response
from upstreams.saasu.sandbox.auth import Authority
from upstreams.saasu.sandbox.chart import seed_accounts
from upstreams.saasu.sandbox.config import SandboxConfig
from upstreams.saasu.sandbox.formats import answer_format
from upstreams.saasu.sandbox.ledger import Ledger
from upstreams.saasu.sandbox.oauth import OAuthEndpoints
from upstreams.saasu.sandbox.problems import ApiError
from upstreams.sandboxing import SandboxState, VendorLimit, build_sandbox

NAME = "saasu"


def create_app(config: SandboxConfig | None = None) -> Starlette:
    """A fresh sandbox: its own seeded ledger, tokens, switches and call counts."""
    config = config or SandboxConfig()
    authority = Authority(
        username=config.username,
        password=config.password,
        ws_access_key=config.ws_access_key,
        file_id=config.file_id,
        token_lifetime_seconds=config.token_lifetime_seconds,
    )
    oauth = OAuthEndpoints(authority)
    accounts = AccountEndpoints(Ledger(seed_accounts(config.world)), authority)
    state = SandboxState(
        NAME,
        config.switches,
        VendorLimit(per_second=1, burst=2, daily_cap=config.daily_cap),
        seed=config.world.seed,
    )
    app = build_sandbox(
        state,
        [
            Route("/authorisation/token", oauth.token, methods=["POST"]),
            Route("/authorisation/refresh", oauth.refresh, methods=["POST"]),
            Route("/Account/{id}", accounts.get_account, methods=["GET"]),
            Route("/Account/{id}", accounts.put_account, methods=["PUT"]),
            Route("/Accounts", accounts.list_accounts, methods=["GET"]),
        ],
    )
    app.add_exception_handler(ApiError, _api_error)
    app.add_exception_handler(HTTPException, _http_error)
    return app


async def _api_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, ApiError)
    return error_response(answer_format(request.headers.get("accept")), exc)


async def _http_error(request: Request, exc: Exception) -> Response:
    """Routing misses in the API's words: no such resource (404), or method not allowed (405)."""
    assert isinstance(exc, HTTPException)
    if exc.status_code == 405:
        message = f"The requested resource does not support http method '{request.method}'."
    elif exc.status_code == 404:
        message = "No HTTP resource was found that matches the request."
    else:
        message = str(exc.detail)
    error = ApiError(exc.status_code, message, headers=exc.headers)
    return error_response(answer_format(request.headers.get("accept")), error)
