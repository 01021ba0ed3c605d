"""The gateway's HTTP app: ``/graphql`` (POST JSON, GET for queries) over the schema."""

from __future__ import annotations

from typing import Any

from graphql import ExecutionResult
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route
from strawberry.asgi import GraphQL
from strawberry.http import GraphQLHTTPResponse

from gateway.stores.memory import MemoryStore
from resolvers.context import GraphContext, Upstreams
from resolvers.errors import format_error
from resolvers.idempotency import Idempotency
from resolvers.schema import schema


class GraphQLView(GraphQL[GraphContext, None]):
    """Strawberry's ASGI view with our context and our error shape."""

    def __init__(self, upstreams: Upstreams, idempotency: Idempotency) -> None:
        super().__init__(schema, allow_queries_via_get=True)
        self.upstreams = upstreams
        self.idempotency = idempotency

    async def get_context(self, request: Request | Any, response: Response | Any) -> GraphContext:
        """A fresh context, and so fresh dataloaders, for every request."""
        return GraphContext(self.upstreams, self.idempotency)

    async def process_result(
        self, request: Request | Any, result: ExecutionResult | Any
    ) -> GraphQLHTTPResponse:
        body: GraphQLHTTPResponse = {"data": result.data}
        if result.errors:
            body["errors"] = [format_error(error).formatted for error in result.errors]
        if result.extensions:
            body["extensions"] = result.extensions
        return body


def create_app(upstreams: Upstreams, *, idempotency: Idempotency | None = None) -> Starlette:
    """The gateway app over adapters (and a key store) that its caller created and will close.

    Without ``idempotency`` the keys live in this app's memory, which is right
    for one process only.
    """
    keys = idempotency if idempotency is not None else Idempotency(MemoryStore())
    return Starlette(routes=[Route("/graphql", GraphQLView(upstreams, keys))])
