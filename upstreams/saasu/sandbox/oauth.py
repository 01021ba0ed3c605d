"""``POST authorisation/token`` and ``authorisation/refresh``: the OAuth2 grants, JSON in and out.

Errors follow RFC 6749 section 5.2 (``error``, ``error_description``) with
HTTP 400, which is what the contract asks for bad credentials too.
"""

from __future__ import annotations

import json
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from upstreams.saasu.sandbox.auth import Authority, Grant

SCOPE = "full"
_NO_STORE = {"Cache-Control": "no-store", "Pragma": "no-cache"}


class OAuthEndpoints:
    def __init__(self, authority: Authority) -> None:
        self.authority = authority

    async def token(self, request: Request) -> Response:
        body = await _json_body(request)
        if isinstance(body, Response):
            return body
        problem = _check(body, "password", ("username", "password"))
        if problem is not None:
            return problem
        grant = self.authority.password_grant(body["username"], body["password"])
        if grant is None:
            return _error("invalid_grant", "The user name or password is incorrect.")
        return _granted(grant)

    async def refresh(self, request: Request) -> Response:
        body = await _json_body(request)
        if isinstance(body, Response):
            return body
        problem = _check(body, "refresh_token", ("refresh_token",))
        if problem is not None:
            return problem
        grant = self.authority.refresh_grant(body["refresh_token"])
        if grant is None:
            return _error("invalid_grant", "The refresh token is invalid, expired or already used.")
        return _granted(grant)


async def _json_body(request: Request) -> dict[str, Any] | Response:
    try:
        body = json.loads(await request.body())
    except ValueError:
        return _error("invalid_request", "The request body must be a JSON object.")
    if not isinstance(body, dict):
        return _error("invalid_request", "The request body must be a JSON object.")
    return body


def _check(body: dict[str, Any], grant_type: str, required: tuple[str, ...]) -> Response | None:
    if body.get("grant_type") is None:
        return _error("invalid_request", "grant_type is required.")
    if body.get("grant_type") != grant_type:
        return _error("unsupported_grant_type", f"grant_type must be {grant_type}.")
    for name in required:
        if not isinstance(body.get(name), str) or not body[name]:
            return _error("invalid_request", f"{name} is required.")
    scope = body.get("scope")
    if scope not in (None, "", SCOPE):
        return _error("invalid_scope", f"The only scope is {SCOPE}.")
    return None


def _granted(grant: Grant) -> Response:
    return JSONResponse(
        {
            "access_token": grant.access_token,
            "refresh_token": grant.refresh_token,
            "token_type": "Bearer",
            "expires_in": grant.expires_in,
            "scope": SCOPE,
        },
        headers=_NO_STORE,
    )


def _error(code: str, description: str) -> Response:
    return JSONResponse(
        {"error": code, "error_description": description}, status_code=400, headers=_NO_STORE
    )
