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


class JsonAnswer(Response):
    """A ``Response`` of JSON bytes whose header list is written out directly.

    Starlette's constructor renders content and scans the given headers for a
    length and a type; here both are known, and this is every answer's path.
    """

    def __init__(
        self, content: bytes, status: int, media_type: str, headers: dict[str, str]
    ) -> None:
        self.status_code = status
        self.background = None
        self.body = content
        self.media_type = media_type
        raw = [
            (b"content-length", str(len(content)).encode("latin-1")),
            (b"content-type", _CONTENT_TYPES.get(media_type) or _content_type(media_type)),
        ]
        for name, value in headers.items():
            raw.append((name.lower().encode("latin-1"), value.encode("latin-1")))
        self.raw_headers = raw


def _content_type(media_type: str) -> bytes:
    return f"{media_type}; charset=utf-8".encode("latin-1")


_CONTENT_TYPES = {media_type: _content_type(media_type) for media_type in (GRAPHQL_RESPONSE, JSON)}


def _encoded(body: Any, status: int, media_type: str, headers: dict[str, str]) -> Response:
    return JsonAnswer(orjson.dumps(body), status, media_type, headers)


__all__ = ["GRAPHQL_RESPONSE", "JSON", "refuse", "respond", "respond_batch"]
