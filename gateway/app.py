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

from gateway.graphiql import graphiql_page, graphiql_routes
from resolvers.context import GraphContext, Upstreams
from resolvers.errors import format_error
from resolvers.schema import schema


class GraphQLView(GraphQL[GraphContext, None]):
    """Strawberry's ASGI view with our context and our error shape."""

    def __init__(self, upstreams: Upstreams) -> None:
        super().__init__(schema, allow_queries_via_get=True)
        self.upstreams = upstreams

    async def get_context(self, request: Request | Any, response: Response | Any) -> GraphContext:
        """A fresh context, and so fresh dataloaders, for every request."""
        return GraphContext(self.upstreams)

    async def render_graphql_ide(self, request: Request) -> Response:
        """Our offline GraphiQL instead of strawberry's, which loads from a CDN."""
        return await graphiql_page(request)

    async def process_result(
        self, request: Request | Any, result: ExecutionResult | Any
    ) -> GraphQLHTTPResponse:
        body: GraphQLHTTPResponse = {"data": result.data}
        if result.errors:
            body["errors"] = [format_error(error).formatted for error in result.errors]
        if result.extensions:
            body["extensions"] = result.extensions
        return body


def create_app(upstreams: Upstreams) -> Starlette:
    """The gateway app over adapters that its caller created and will close."""
    return Starlette(routes=[Route("/graphql", GraphQLView(upstreams)), *graphiql_routes()])
