"""``POST /AuthorizationServer/api/v8/Access/Login``: the password and refresh grants.

Errors follow OAuth 2.0 (RFC 6749 section 5.2) as the contract says: HTTP 400
with ``error`` and ``error_description``; no ``trackingId`` here, since this is
the authorization server, not the resource server.
"""

from __future__ import annotations

import hmac
from email.utils import formatdate
from urllib.parse import parse_qs

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from upstreams.billing.sandbox.config import SandboxConfig
from upstreams.billing.sandbox.guard import Endpoint
from upstreams.billing.sandbox.tokens import Issued, Tokens

NO_STORE = {"Cache-Control": "no-store", "Pragma": "no-cache"}


def _refuse(error: str, description: str) -> Response:
    return JSONResponse(
        {"error": error, "error_description": description}, status_code=400, headers=NO_STORE
    )


def _grant(issued: Issued) -> Response:
    body = {
        "access_token": issued.access_token,
        "token_type": "bearer",
        "expires_in": issued.lifetime,
        "refresh_token": issued.refresh_token,
        ".issued": formatdate(issued.issued, usegmt=True),
        ".expires": formatdate(issued.expires, usegmt=True),
    }
    return JSONResponse(body, headers=NO_STORE)


def _same(given: str, expected: str) -> bool:
    return hmac.compare_digest(given.encode(), expected.encode())


def login_endpoint(config: SandboxConfig, tokens: Tokens) -> Endpoint:
    async def login(request: Request) -> Response:
        media_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
        if media_type != "application/x-www-form-urlencoded":
            return _refuse("invalid_request", "Send the grant form-encoded.")
        try:
            fields = parse_qs((await request.body()).decode(), keep_blank_values=True)
        except UnicodeDecodeError:
            return _refuse("invalid_request", "The form is not valid UTF-8.")
        form = {key: values[0] for key, values in fields.items()}
        grant_type = form.get("grant_type", "")
        client_id = form.get("client_id", "")
        if grant_type not in ("password", "refresh_token"):
            return _refuse("unsupported_grant_type", "Use grant_type password or refresh_token.")
        if not _same(client_id, config.client_id):
            return _refuse("invalid_client", "The client is not known.")
        if grant_type == "password":
            username, password = form.get("username", ""), form.get("password", "")
            if not (_same(username, config.username) and _same(password, config.password)):
                return _refuse("invalid_grant", "The user name or password is incorrect.")
            return _grant(tokens.issue(username, client_id))
        grant = tokens.redeem(form.get("refresh_token", ""), client_id)
        if grant is None:
            return _refuse("invalid_grant", "The refresh token is invalid or has expired.")
        return _grant(tokens.issue(grant.username, grant.client_id))

    return login
