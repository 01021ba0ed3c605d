"""Every resource call needs ``Authorization: Bearer <access token>``; else HTTP 401."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from starlette.requests import Request
from starlette.responses import Response

from upstreams.billing.sandbox.problems import ApiError, Problem
from upstreams.billing.sandbox.tokens import Tokens

Endpoint = Callable[[Request], Awaitable[Response]]

DENIED = "Authorization has been denied for this request."


def _refuse(reason: str, error: str | None) -> ApiError:
    challenge = "Bearer" if error is None else f'Bearer error="{error}"'
    return ApiError(401, [Problem("Unauthorized", reason)], {"WWW-Authenticate": challenge})


def protect(tokens: Tokens, endpoint: Endpoint) -> Endpoint:
    """``endpoint``, answering 401 first when the bearer token is missing, bad or expired."""

    async def guarded(request: Request) -> Response:
        scheme, _, token = request.headers.get("authorization", "").partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            raise _refuse(DENIED, None)
        reason = tokens.check(token.strip())
        if reason is not None:
            raise _refuse(f"{DENIED} {reason}", "invalid_token")
        return await endpoint(request)

    return guarded
