"""Encoding answers: the negotiated media type, the status it asks for, fast JSON.

Under ``application/graphql-response+json`` the status tells the outcome (4xx
when the operation never started). Under the legacy ``application/json`` every
well-formed request is answered 200, as the specification requires for clients
that predate it; only refusals of the HTTP request itself keep their 4xx.
"""

from __future__ import annotations

from typing import Any

import orjson
from starlette.responses import Response

from gateway.protocol.execution import Outcome
from gateway.protocol.media import GRAPHQL_RESPONSE, JSON
from gateway.protocol.params import RequestError


def respond(outcome: Outcome, media_type: str) -> Response:
    """One operation's answer."""
    status = outcome.status
    if media_type == JSON and status == 400 and not outcome.malformed:
        status = 200
    return _encoded(outcome.body, status, media_type, outcome.headers)


def respond_batch(outcomes: list[Outcome], media_type: str) -> Response:
    """A batch's answers, in order; 200 as a whole, each answer saying how it went."""
    return _encoded([outcome.body for outcome in outcomes], 200, media_type, {})


def refuse(error: RequestError, media_type: str | None) -> Response:
    """A request refused before GraphQL ran (bad method, media type, or body)."""
    body = {"errors": [{"message": error.message, "extensions": {"code": error.code}}]}
    return _encoded(body, error.status, media_type or JSON, error.headers)


def _encoded(body: Any, status: int, media_type: str, headers: dict[str, str]) -> Response:
    return Response(
        orjson.dumps(body),
        status_code=status,
        media_type=f"{media_type}; charset=utf-8",
        headers=headers,
    )


__all__ = ["GRAPHQL_RESPONSE", "JSON", "refuse", "respond", "respond_batch"]
