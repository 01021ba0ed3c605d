"""Reading the GraphQL request parameters from an HTTP request.

GET carries them in the query string (``variables`` and ``extensions`` as JSON
text); POST carries a JSON object, or a JSON list of them for a batch. Anything
else is refused with the 4xx the GraphQL-over-HTTP specification names, before
any parsing of GraphQL: a body that is not JSON is 400, a body of another media
type is 415 (which is also what turns away cross-site "simple" form posts), a
method other than GET or POST is 405.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import orjson
from starlette.requests import ClientDisconnect, Request

MAX_BODY_BYTES = 1_000_000


@dataclass(frozen=True, slots=True)
class GraphQLParams:
    """One operation's request parameters, as the client sent them."""

    query: str | None
    variables: dict[str, Any] | None = None
    operation_name: str | None = None
    extensions: dict[str, Any] | None = None


class RequestError(Exception):
    """A request refused before GraphQL runs: an HTTP status and an error code."""

    def __init__(
        self, status: int, code: str, message: str, headers: dict[str, str] | None = None
    ) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.headers = headers or {}


async def read_params(request: Request, *, max_batch: int) -> GraphQLParams | list[GraphQLParams]:
    """The request's parameters; a list for a batch. Raises ``RequestError``."""
    if request.method == "GET":
        return _from_query_string(request)
    if request.method == "POST":
        return await _from_body(request, max_batch)
    raise RequestError(
        405,
        "METHOD_NOT_ALLOWED",
        "GraphQL requests are GET (queries only) or POST",
        {"Allow": "GET, POST"},
    )


def _from_query_string(request: Request) -> GraphQLParams:
    query = request.query_params
    for name in ("query", "variables", "operationName", "extensions"):
        if len(query.getlist(name)) > 1:
            raise RequestError(400, "BAD_REQUEST", f"The parameter {name} is given twice")
    return _params(
        {
            "query": query.get("query"),
            "variables": _json_param(query.get("variables"), "variables"),
            "operationName": query.get("operationName"),
            "extensions": _json_param(query.get("extensions"), "extensions"),
        }
    )


async def _from_body(request: Request, max_batch: int) -> GraphQLParams | list[GraphQLParams]:
    media_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if media_type != "application/json":
        raise RequestError(
            415,
            "UNSUPPORTED_MEDIA_TYPE",
            "A GraphQL POST must have Content-Type: application/json",
        )
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > MAX_BODY_BYTES:
        raise _too_large()
    body = await _body(request)
    try:
        document = orjson.loads(body)
    except orjson.JSONDecodeError:
        raise RequestError(400, "BAD_REQUEST", "The request body is not valid JSON") from None
    if isinstance(document, list):
        if not document:
            raise RequestError(400, "BAD_REQUEST", "A batch must hold at least one operation")
        if len(document) > max_batch:
            raise RequestError(
                400,
                "BATCH_LIMIT_EXCEEDED",
                f"A batch may hold at most {max_batch} operations",
            )
        return [_params(item) for item in document]
    return _params(document)


async def _body(request: Request) -> bytes:
    """The whole body, refused once it passes ``MAX_BODY_BYTES``.

    Read from ``receive`` directly: Starlette's ``stream()`` is an async
    generator around the same loop, and most bodies arrive in one message.
    """
    chunks: list[bytes] = []
    size = 0
    while True:
        message = await request.receive()
        if message["type"] == "http.disconnect":
            raise ClientDisconnect()
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > MAX_BODY_BYTES:
            raise _too_large()
        chunks.append(chunk)
        if not message.get("more_body", False):
            return chunks[0] if len(chunks) == 1 else b"".join(chunks)


def _too_large() -> RequestError:
    return RequestError(
        413, "PAYLOAD_TOO_LARGE", f"The request body is larger than {MAX_BODY_BYTES} bytes"
    )


def _json_param(text: str | None, name: str) -> Any:
    if text is None:
        return None
    try:
        return orjson.loads(text)
    except orjson.JSONDecodeError:
        raise RequestError(400, "BAD_REQUEST", f"The parameter {name} is not valid JSON") from None


def _params(document: Any) -> GraphQLParams:
    if not isinstance(document, dict):
        raise RequestError(400, "BAD_REQUEST", "The request must be a JSON object")
    query = document.get("query")
    variables = document.get("variables")
    operation_name = document.get("operationName")
    extensions = document.get("extensions")
    if query is not None and not isinstance(query, str):
        raise RequestError(400, "BAD_REQUEST", "query must be a string")
    if variables is not None and not isinstance(variables, dict):
        raise RequestError(400, "BAD_REQUEST", "variables must be an object")
    if operation_name is not None and not isinstance(operation_name, str):
        raise RequestError(400, "BAD_REQUEST", "operationName must be a string")
    if extensions is not None and not isinstance(extensions, dict):
        raise RequestError(400, "BAD_REQUEST", "extensions must be an object")
    return GraphQLParams(query, variables, operation_name, extensions)
