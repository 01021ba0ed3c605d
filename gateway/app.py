"""The gateway's HTTP app: routes, and the pieces ``/graphql`` is made of."""

from __future__ import annotations

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.routing import Route

from gateway.graphiql import graphiql_page, graphiql_routes
from gateway.protocol.documents import DocumentCache
from gateway.protocol.endpoint import GraphQLEndpoint
from gateway.protocol.execution import Executor
from gateway.stores.memory import MemoryStore
from resolvers.context import GraphContext, Upstreams
from resolvers.idempotency import Idempotency
from resolvers.schema import schema


def create_app(
    upstreams: Upstreams, *, production: bool = False, idempotency: Idempotency | None = None
) -> Starlette:
    """The gateway app over adapters (and a key store) that its caller created and will close.

    ``production`` hides field suggestions from error messages and GraphiQL. Without
    ``idempotency`` the keys live in this app's memory, which is right for one
    process only.
    """
    documents = DocumentCache(schema._schema, hide_suggestions=production)
    executor = Executor(schema, documents, hide_suggestions=production)
    keys = idempotency if idempotency is not None else Idempotency(MemoryStore())

    def context(request: Request) -> GraphContext:
        """A fresh context, and so fresh dataloaders, for every request."""
        return GraphContext(upstreams, keys)

    # GraphiQL is for exploring; production turns introspection off, so no page.
    page = None if production else graphiql_page
    endpoint = GraphQLEndpoint(executor, context, page=page)
    return Starlette(routes=[Route("/graphql", endpoint), *graphiql_routes()])
